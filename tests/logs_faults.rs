//! The log tail on a bad day, over real HTTP against moto behind a misbehaving proxy: late
//! events in another stream, a malformed event, throttling that ends, expired credentials.
//! Nothing is lost, nothing shows twice, problems say what to do and go away.

mod faults;
mod moto;

use std::time::Duration;

use ampdeck::adapters::aws::client::{self, CallCounter, Connection};
use ampdeck::adapters::aws::logs::{LogTail, Pace};
use ampdeck::app::Event;
use ampdeck::app::testkit::update;
use ampdeck::domain::health::{Health, ProblemKind, Source};
use ampdeck::domain::logs::{Function, LogEvent};
use ampdeck::ports::Sink;
use aws_sdk_cloudwatchlogs::types::InputLogEvent;
use faults::{Fault, Faults};
use moto::Moto;
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
    faults: Faults,
    logs: aws_sdk_cloudwatchlogs::Client,
    rx: mpsc::Receiver<Event>,
    task: tokio::task::JoinHandle<()>,
    _functions: watch::Sender<Vec<Function>>,
}

impl Drop for Setup {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// moto, the proxy in front of it, a log group, and the tail reading it through the proxy.
async fn setup() -> Option<Setup> {
    let moto = Moto::start()?;
    moto::fake_credentials();
    let (endpoint, faults) = faults::proxy(moto.port).await;
    let direct = Connection { profile: None, region: Some("us-east-1".into()), endpoint_url: Some(moto.endpoint()) };
    let logs = client::logs(&direct, CallCounter::default()).await;
    logs.create_log_group().log_group_name(GROUP).send().await.expect("group");
    let through = Connection { endpoint_url: Some(endpoint), ..direct };
    let (set, functions) = watch::channel(vec![function()]);
    let (tx, rx) = mpsc::channel(1024);
    let pace = Pace { budget: 50.0, live: false, ..Pace::new(Duration::from_millis(100)) };
    let tail = LogTail { connection: through, calls: CallCounter::default(), pace, sink: Sink::new(tx) };
    let task = tokio::spawn(tail.run(functions));
    Some(Setup { _moto: moto, faults, logs, rx, task, _functions: set })
}

async fn put(logs: &aws_sdk_cloudwatchlogs::Client, stream: &str, events: &[(i64, &str)]) {
    let _ = logs.create_log_stream().log_group_name(GROUP).log_stream_name(stream).send().await;
    let mut req = logs.put_log_events().log_group_name(GROUP).log_stream_name(stream);
    for (ts, m) in events {
        req = req.log_events(InputLogEvent::builder().timestamp(*ts).message(*m).build().expect("event"));
    }
    req.send().await.expect("put_log_events");
}

/// Every event until `within` has passed; the problems and notices seen on the way too.
async fn collect(rx: &mut mpsc::Receiver<Event>, within: Duration) -> (Vec<LogEvent>, Vec<Event>) {
    let (mut logs, mut other) = (Vec::new(), Vec::new());
    let deadline = tokio::time::Instant::now() + within;
    while let Ok(Some(event)) = tokio::time::timeout_at(deadline, rx.recv()).await {
        match event {
            Event::Logs(batch) => logs.extend(batch),
            event => other.push(event),
        }
    }
    (logs, other)
}

fn texts(events: &[LogEvent]) -> Vec<&str> {
    events.iter().map(|e| e.message.as_str()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_late_event_in_another_stream_appears_once_in_time_order() {
    let Some(mut s) = setup().await else { return };
    let t = now() - 2_000;
    put(&s.logs, "2026/12/01/[$LATEST]aaaa", &[(t, "A at T")]).await;
    let (first, _) = collect(&mut s.rx, Duration::from_secs(2)).await;
    assert_eq!(texts(&first), ["A at T"]);
    // A second instance's stream, ingested seconds later, stamped before what was shown.
    put(&s.logs, "2026/12/01/[$LATEST]bbbb", &[(t - 1_500, "B at T-1.5s")]).await;
    let (late, _) = collect(&mut s.rx, Duration::from_secs(3)).await;
    assert_eq!(texts(&late), ["B at T-1.5s"], "delivered, once");
    // The pane shows it where it belongs.
    let mut state = ampdeck::app::testkit::state();
    update(&mut state, Event::Logs(first));
    update(&mut state, Event::Logs(late));
    let shown: Vec<String> = (0..state.panes.logs.store.len())
        .filter_map(|i| state.panes.logs.store.get(i))
        .map(|l| l.text.clone())
        .collect();
    assert_eq!(shown, ["B at T-1.5s", "A at T"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_page_grouped_by_stream_loses_nothing() {
    let Some(mut s) = setup().await else { return };
    let t = now() - 10_000;
    // The emulator answers one page stream by stream: A's then B's, not by time.
    put(&s.logs, "stream-a", &[(t, "a1"), (t + 20, "a2"), (t + 40, "a3")]).await;
    put(&s.logs, "stream-b", &[(t + 10, "b1"), (t + 30, "b2")]).await;
    let (got, _) = collect(&mut s.rx, Duration::from_secs(3)).await;
    let mut once = texts(&got);
    once.sort_unstable();
    assert_eq!(once, ["a1", "a2", "a3", "b1", "b2"], "all of them, once");
    // A poll may fall between the two writes (a loaded machine): then B's come in a later
    // batch. Either way the pane shows them in time order.
    let mut state = ampdeck::app::testkit::state();
    update(&mut state, Event::Logs(got));
    let shown: Vec<String> = (0..state.panes.logs.store.len())
        .filter_map(|i| state.panes.logs.store.get(i))
        .map(|l| l.text.clone())
        .collect();
    assert_eq!(shown, ["a1", "b1", "a2", "b2", "a3"], "in time order");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_event_is_skipped_and_the_rest_keeps_coming() {
    let Some(mut s) = setup().await else { return };
    // A lone UTF-16 surrogate in a message: the SDK cannot decode the page. In place before
    // the event exists, so that no poll can read it first.
    let poison = Fault::Rewrite { from: "POISON".into(), to: "\\ud800".into() };
    s.faults.add("FilterLogEvents", None, poison, None);
    let t = now() - 5_000;
    put(&s.logs, "s", &[(t, "one"), (t + 300, "POISON"), (t + 600, "three")]).await;
    let (got, other) = collect(&mut s.rx, Duration::from_secs(6)).await;
    assert_eq!(texts(&got), ["one", "three"], "everything but the unreadable event");
    let said: Vec<String> =
        other.iter().filter_map(|e| if let Event::Notice(n) = e { Some(n.text.clone()) } else { None }).collect();
    assert!(said.iter().any(|t| t.contains("1 ms of say-hello's log could not be read")), "{said:?}");
    put(&s.logs, "s", &[(now(), "four")]).await;
    let (later, _) = collect(&mut s.rx, Duration::from_secs(3)).await;
    assert_eq!(texts(&later), ["four"], "the group keeps being tailed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttling_is_a_problem_until_it_ends_and_nothing_is_lost() {
    let Some(mut s) = setup().await else { return };
    s.faults.add("FilterLogEvents", None, Fault::Throttle, Some(4));
    put(&s.logs, "s", &[(now() - 1_000, "while throttled")]).await;
    let (got, other) = collect(&mut s.rx, Duration::from_secs(12)).await;
    let problem = other.iter().find_map(|e| match e {
        Event::Health(Health::Problem(p)) => Some(p.clone()),
        _ => None,
    });
    let problem = problem.expect("throttling is reported");
    assert_eq!((problem.source, problem.kind), (Source::Logs, ProblemKind::Throttled));
    let recovered = other.iter().any(|e| matches!(e, Event::Health(Health::Recovered(Source::Logs))));
    assert!(recovered, "and it goes away once reads work again: {other:?}");
    assert_eq!(texts(&got), ["while throttled"], "nothing lost");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_credentials_on_the_logs_client_carry_their_hint() {
    let Some(mut s) = setup().await else { return };
    s.faults.add("FilterLogEvents", None, Fault::ExpireToken, None);
    let (_, other) = collect(&mut s.rx, Duration::from_secs(3)).await;
    let problem = other
        .iter()
        .find_map(|e| match e {
            Event::Health(Health::Problem(p)) => Some(p.clone()),
            _ => None,
        })
        .expect("reported");
    assert_eq!(problem.kind, ProblemKind::Credentials);
    assert!(
        problem.hint.contains("refresh AWS credentials") && problem.message.contains("ExpiredToken"),
        "{problem:?}"
    );
}
