//! Live Tail as ampdeck runs it on AWS, through the real SDK client: the log tail's sessions
//! go to a stand-in that answers `StartLiveTail` over HTTP/2 with CloudWatch Logs' event
//! stream (tests/live_tail/), while the listing of log groups and `FilterLogEvents` polling go
//! to moto, which holds the same events. Events reach the Logs pane once each whichever source
//! shows them first, polling fills what Live Tail sampled away, a session that times out (or
//! fails on the service's side) is followed by a new one, and a refused start leaves polling
//! alone.

mod moto;
// The stand-in lives in tests/live_tail/, beside this file: a path, for `mod live_tail`
// would name this file itself.
#[path = "live_tail/mod.rs"]
mod stand_in;

use std::time::Duration;

use ampdeck::adapters::aws::client::{self, CallCounter, Connection};
use ampdeck::adapters::aws::logs::{LogTail, Pace};
use ampdeck::app::Event;
use ampdeck::app::testkit::update;
use ampdeck::domain::logs::{Function, LogEvent};
use ampdeck::ports::Sink;
use aws_sdk_cloudwatchlogs::types::InputLogEvent;
use moto::Moto;
use serde_json::Value;
use stand_in::{Session, StandIn};
use tokio::sync::{mpsc, watch};

const GROUP: &str = "/aws/lambda/fn-say-hello";

fn function() -> Function {
    Function { name: "say-hello".into(), log_group: GROUP.into(), internal: false, source: Default::default() }
}

fn now() -> i64 {
    ampdeck::util::timefmt::now_epoch_ms()
}

struct Setup {
    _moto: Moto,
    stand_in: StandIn,
    /// moto's CloudWatch Logs, to put events where polling reads them.
    logs: aws_sdk_cloudwatchlogs::Client,
    /// The group's ARN, as Live Tail names it.
    arn: String,
    rx: mpsc::Receiver<Event>,
    task: tokio::task::JoinHandle<()>,
    _functions: watch::Sender<Vec<Function>>,
}

impl Drop for Setup {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// moto with the function's log group, the stand-in (`prepare`d), and the tail with Live Tail
/// on, read every 100 ms while polling alone and every 800 ms behind Live Tail.
async fn setup(prepare: impl FnOnce(&StandIn)) -> Option<Setup> {
    let moto = Moto::start()?;
    moto::fake_credentials();
    let connection =
        Connection { profile: None, region: Some("us-east-1".into()), endpoint_url: Some(moto.endpoint()) };
    let logs = client::logs(&connection, CallCounter::default()).await;
    logs.create_log_group().log_group_name(GROUP).send().await.expect("group");
    logs.create_log_stream().log_group_name(GROUP).log_stream_name(stand_in::STREAM).send().await.expect("stream");
    let groups = logs.describe_log_groups().log_group_name_prefix(GROUP).send().await.expect("groups");
    let arn = groups.log_groups()[0].log_group_arn().expect("an ARN").to_owned();
    let stand_in = StandIn::start().await;
    prepare(&stand_in);
    let (set, functions) = watch::channel(vec![function()]);
    let (tx, rx) = mpsc::channel(1024);
    let pace = Pace { budget: 20.0, ..Pace::new(Duration::from_millis(100)) };
    let tail = LogTail { connection, calls: CallCounter::default(), pace, sink: Sink::new(tx) };
    let task = tokio::spawn(tail.run_with_live_tail(functions, stand_in.endpoint()));
    Some(Setup { _moto: moto, stand_in, logs, arn, rx, task, _functions: set })
}

impl Setup {
    /// Events moto holds, for polling to read.
    async fn put(&self, events: &[(i64, String)]) {
        let mut req = self.logs.put_log_events().log_group_name(GROUP).log_stream_name(stand_in::STREAM);
        for (ts, m) in events {
            req = req.log_events(InputLogEvent::builder().timestamp(*ts).message(m).build().expect("event"));
        }
        req.send().await.expect("put_log_events");
    }

    /// The same events as Live Tail sends them.
    fn live(&self, events: &[(i64, String)]) -> Vec<Value> {
        events.iter().map(|(ts, m)| stand_in::event(&self.arn, *ts, m)).collect()
    }

    /// The first session, checked to be what AWS would get.
    async fn session(&self) -> Session {
        let session = self.stand_in.session(Duration::from_secs(15)).await;
        let request = &session.request;
        assert_eq!(request.version, http::Version::HTTP_2);
        assert_eq!(request.target, "Logs_20140328.StartLiveTail");
        assert_eq!(request.content_type, "application/x-amz-json-1.1");
        assert!(request.signed, "signed like any call to AWS");
        assert!(request.authority.starts_with("stream-"), "the SDK's host prefix: {}", request.authority);
        assert_eq!(request.log_group_identifiers(), [self.arn.as_str()], "by ARN, without `:*`");
        session
    }

    /// Events until `n` arrived; fails at once on a problem or a notice.
    async fn until(&mut self, n: usize, within: Duration) -> Vec<LogEvent> {
        moto::log_events_until(&mut self.rx, n, within).await
    }

    /// Every event for `within`.
    async fn quiet(&mut self, within: Duration) -> Vec<LogEvent> {
        self.until(usize::MAX, within).await
    }
}

/// `n` events a millisecond apart from `t`, named `what i`.
fn events(what: &str, t: i64, n: usize) -> Vec<(i64, String)> {
    (0..n).map(|i| (t + i as i64, format!("{what} {i}"))).collect()
}

fn texts(events: &[LogEvent]) -> Vec<&str> {
    let mut texts: Vec<&str> = events.iter().map(|e| e.message.as_str()).collect();
    texts.sort_unstable();
    texts
}

fn messages(events: &[(i64, String)]) -> Vec<&str> {
    events.iter().map(|(_, m)| m.as_str()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_from_live_tail_reach_the_logs_pane_once_each() {
    let Some(mut s) = setup(|_| {}).await else { return };
    let session = s.session().await;
    // Live Tail first: a poll reads the same events from moto a moment later.
    let first = events("live first", now() - 3_000, 3);
    session.update(&s.live(&first));
    let mut shown = s.until(3, Duration::from_secs(5)).await;
    assert_eq!(texts(&shown), messages(&first), "from Live Tail, before any poll could read them");
    s.put(&first).await;
    // Polling first: a poll falls in the second before Live Tail sends what it read.
    let second = events("polled first", now() - 2_000, 3);
    s.put(&second).await;
    let polled = s.until(3, Duration::from_secs(5)).await;
    assert_eq!(texts(&polled), messages(&second), "read by polling");
    session.update(&s.live(&second));
    shown.extend(polled);
    let again = s.quiet(Duration::from_secs(3)).await;
    assert!(again.is_empty(), "nothing shown twice, whichever came first: {:?}", texts(&again));
    let mut state = ampdeck::app::testkit::state();
    update(&mut state, Event::Logs(shown));
    let store = &state.panes.logs.store;
    let pane: Vec<&str> = (0..store.len()).filter_map(|i| store.get(i)).map(|l| l.text.as_str()).collect();
    let expected: Vec<&str> = messages(&first).into_iter().chain(messages(&second)).collect();
    assert_eq!(pane, expected, "the Logs pane shows each once, in time order");
    assert_eq!(s.stand_in.starts(), 1, "one session all along");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn polling_fills_what_live_tail_sampled_away() {
    let Some(mut s) = setup(|_| {}).await else { return };
    let session = s.session().await;
    let all = events("burst", now() - 2_000, 6);
    // Above 500 events a second Live Tail sends a sample: here every other one.
    let sample: Vec<(i64, String)> = all.iter().step_by(2).cloned().collect();
    session.sampled_update(&s.live(&sample));
    let live = s.until(3, Duration::from_secs(5)).await;
    assert_eq!(texts(&live), messages(&sample));
    s.put(&all).await;
    let filled = s.until(3, Duration::from_secs(5)).await;
    let left_out: Vec<(i64, String)> = all.iter().skip(1).step_by(2).cloned().collect();
    assert_eq!(texts(&filled), messages(&left_out), "the gap, from polling, and only the gap");
    assert!(s.quiet(Duration::from_secs(2)).await.is_empty(), "nothing twice");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_timeout_starts_a_new_session() {
    let Some(mut s) = setup(|_| {}).await else { return };
    let first = s.session().await;
    let before = events("before the timeout", now() - 1_000, 1);
    first.update(&s.live(&before));
    assert_eq!(texts(&s.until(1, Duration::from_secs(5)).await), messages(&before));
    first.timeout();
    let second = s.session().await;
    assert_eq!(s.stand_in.starts(), 2, "a new StartLiveTail after the timeout");
    let after = events("after the timeout", now() - 500, 1);
    second.update(&s.live(&after));
    assert_eq!(texts(&s.until(1, Duration::from_secs(5)).await), messages(&after), "the new session delivers");
    assert!(s.quiet(Duration::from_secs(2)).await.is_empty());
    assert_eq!(s.stand_in.starts(), 2, "and only one: the running session is left alone");
    assert!(first.ended(), "the timed-out stream is closed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_streaming_exception_starts_a_new_session_too() {
    let Some(mut s) = setup(|_| {}).await else { return };
    s.session().await.streaming_exception();
    let second = s.session().await;
    let after = events("after the exception", now() - 500, 2);
    // The model lets results name a group by name or ARN: `account:name` is found too.
    let named = format!("123456789012:{GROUP}");
    second.update(&after.iter().map(|(ts, m)| stand_in::event(&named, *ts, m)).collect::<Vec<_>>());
    assert_eq!(texts(&s.until(2, Duration::from_secs(5)).await), messages(&after));
    assert_eq!(s.stand_in.starts(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_start_leaves_polling_alone() {
    let denied = "User is not authorized to perform: logs:StartLiveTail";
    let Some(mut s) = setup(|stand_in| stand_in.refuse("AccessDeniedException", denied)).await else { return };
    let polled = events("polled", now() - 1_000, 2);
    s.put(&polled).await;
    assert_eq!(texts(&s.until(2, Duration::from_secs(5)).await), messages(&polled), "polling goes on");
    assert!(s.quiet(Duration::from_secs(3)).await.is_empty());
    assert_eq!(s.stand_in.starts(), 1, "not tried again");
}
