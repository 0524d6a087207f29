//! Function logs over real HTTP against moto's CloudWatch Logs: nothing lost (10 000 events
//! over three functions, a burst of 1 000 into one), nothing twice, in order, a group that
//! appears later is picked up, calls stay under the budget, and escape sequences never reach
//! the screen.

mod common;
mod moto;

use std::collections::HashSet;
use std::time::Duration;

use ampdeck::adapters::aws::client::{self, CallCounter, Connection};
use ampdeck::adapters::aws::logs::{LogTail, Pace};
use ampdeck::app::Event;
use ampdeck::app::testkit::update;
use ampdeck::domain::health::Health;
use ampdeck::domain::logs::{Function, LogEvent};
use ampdeck::ports::Sink;
use aws_sdk_cloudwatchlogs::types::InputLogEvent;
use moto::Moto;
use tokio::sync::{mpsc, watch};

const STREAM: &str = "2026/11/29/[$LATEST]0123456789abcdef";

fn connection(moto: &Moto) -> Connection {
    moto::fake_credentials();
    Connection { profile: None, region: Some("us-east-1".into()), endpoint_url: Some(moto.endpoint()) }
}

fn function(name: &str) -> Function {
    Function {
        name: name.into(),
        log_group: format!("/aws/lambda/fn-{name}"),
        internal: false,
        source: Default::default(),
    }
}

async fn logs_client(moto: &Moto) -> aws_sdk_cloudwatchlogs::Client {
    client::logs(&connection(moto), CallCounter::default()).await
}

/// `messages` with their timestamps, in PutLogEvents batches.
async fn put(client: &aws_sdk_cloudwatchlogs::Client, group: &str, events: &[(i64, String)]) {
    let _ = client.create_log_group().log_group_name(group).send().await;
    let _ = client.create_log_stream().log_group_name(group).log_stream_name(STREAM).send().await;
    for chunk in events.chunks(1000) {
        let mut req = client.put_log_events().log_group_name(group).log_stream_name(STREAM);
        for (ts, m) in chunk {
            req = req.log_events(InputLogEvent::builder().timestamp(*ts).message(m).build().expect("event"));
        }
        req.send().await.expect("put_log_events");
    }
}

struct Tail {
    rx: mpsc::Receiver<Event>,
    functions: watch::Sender<Vec<Function>>,
    calls: CallCounter,
    task: tokio::task::JoinHandle<()>,
}

impl Tail {
    /// With Live Tail tried first, as ampdeck runs (the emulator refuses it: polling alone).
    fn start(moto: &Moto, functions: Vec<Function>, budget: f64) -> Tail {
        Self::with(moto, functions, Pace { budget, ..Pace::new(Duration::from_millis(100)) })
    }

    /// Polling alone, to count its calls.
    fn start_polling(moto: &Moto, functions: Vec<Function>, budget: f64) -> Tail {
        Self::with(moto, functions, Pace { budget, live: false, ..Pace::new(Duration::from_millis(100)) })
    }

    fn with(moto: &Moto, functions: Vec<Function>, pace: Pace) -> Tail {
        let (set, watch) = watch::channel(functions);
        let (tx, rx) = mpsc::channel(1024);
        let calls = CallCounter::default();
        let tail = LogTail { connection: connection(moto), calls: calls.clone(), pace, sink: Sink::new(tx) };
        Tail { rx, functions: set, calls, task: tokio::spawn(tail.run(watch)) }
    }

    /// Every log event until `n` arrived (or the time is up).
    async fn collect(&mut self, n: usize, within: Duration) -> Vec<LogEvent> {
        moto::log_events_until(&mut self.rx, n, within).await
    }
}

impl Drop for Tail {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn now() -> i64 {
    ampdeck::util::timefmt::now_epoch_ms()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_events_over_three_functions_arrive_once_and_in_order() {
    let Some(moto) = Moto::start() else { return };
    let client = logs_client(&moto).await;
    let names = ["say-hello", "orders", "payments"];
    let base = now() - 60_000;
    for (f, name) in names.iter().enumerate() {
        let events: Vec<(i64, String)> =
            (0..10_000).filter(|i| i % 3 == f).map(|i| (base + i as i64, format!("event {i}"))).collect();
        put(&client, &function(name).log_group, &events).await;
    }
    let mut tail = Tail::start(&moto, names.iter().map(|n| function(n)).collect(), 20.0);
    let got = tail.collect(10_000, Duration::from_secs(60)).await;
    assert_eq!(got.len(), 10_000, "every event arrives");
    let distinct: HashSet<&str> = got.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(distinct.len(), 10_000, "none twice");
    assert!(got.windows(2).all(|w| w[0].timestamp_ms <= w[1].timestamp_ms), "merged in time order");
    assert!(got.iter().all(|e| e.message == format!("event {}", e.timestamp_ms - base)));
    let more = tail.collect(1, Duration::from_secs(2)).await;
    assert!(more.is_empty(), "nothing read twice later: {more:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_a_thousand_events_is_shown_whole() {
    let Some(moto) = Moto::start() else { return };
    let client = logs_client(&moto).await;
    let f = function("say-hello");
    put(&client, &f.log_group, &[(now(), "warm-up".into())]).await;
    let mut tail = Tail::start(&moto, vec![f.clone()], 20.0);
    assert_eq!(tail.collect(1, Duration::from_secs(10)).await.len(), 1);
    let t = now();
    let burst: Vec<(i64, String)> = (0..1000).map(|i| (t + i / 10, format!("burst {i}"))).collect();
    let started = std::time::Instant::now();
    put(&client, &f.log_group, &burst).await;
    assert!(started.elapsed() < Duration::from_secs(1), "the burst went in within a second");
    let got = tail.collect(1000, Duration::from_secs(20)).await;
    let distinct: HashSet<&str> = got.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(distinct.len(), 1000, "all 1 000 shown (ampx's limit: 100 would show 100)");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_group_created_after_start_is_picked_up() {
    let Some(moto) = Moto::start() else { return };
    let client = logs_client(&moto).await;
    let mut tail = Tail::start(&moto, vec![function("never-invoked-yet")], 20.0);
    assert!(tail.collect(1, Duration::from_millis(800)).await.is_empty(), "a missing group is quiet");
    put(&client, &function("never-invoked-yet").log_group, &[(now(), "first invocation".into())]).await;
    let got = tail.collect(1, Duration::from_secs(15)).await;
    assert_eq!(got.first().map(|e| e.message.as_str()), Some("first invocation"));

    // A function the environment gains later (a new deploy) is tailed too.
    put(&client, &function("added").log_group, &[(now(), "from the new function".into())]).await;
    tail.functions.send_replace(vec![function("never-invoked-yet"), function("added")]);
    let got = tail.collect(1, Duration::from_secs(15)).await;
    assert_eq!(
        got.first().map(|e| (e.function.as_str(), e.message.as_str())),
        Some(("added", "from the new function"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_stay_under_the_budget() {
    let Some(moto) = Moto::start() else { return };
    let tail = Tail::start_polling(&moto, ["a", "b", "c", "d", "e"].iter().map(|n| function(n)).collect(), 2.0);
    tokio::time::sleep(Duration::from_secs(3)).await;
    let calls = tail.calls.get();
    // 2 calls/s over 3 s, plus the one a window may start with.
    assert!((1..=7).contains(&calls), "{calls} FilterLogEvents calls in 3 s");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn escape_sequences_never_reach_the_screen() {
    let Some(moto) = Moto::start() else { return };
    let client = logs_client(&moto).await;
    let f = function("say-hello");
    let hostile = "\x1b]0;pwned title\x07boom\x1b[2J\x1b[10;5H after \x1b[31mred\x1b[0m \x1bPdcs\x1b\\end";
    put(&client, &f.log_group, &[(now(), hostile.into())]).await;
    let mut tail = Tail::start(&moto, vec![f], 20.0);
    let got = tail.collect(1, Duration::from_secs(10)).await;
    let mut state = common::blank(120, 40);
    update(&mut state, Event::Logs(got));
    let screen = common::render(&state);
    let text: String = screen.backend().buffer().content.iter().map(|c| c.symbol()).collect();
    assert!(text.contains("boom after red end"), "the text is kept");
    assert!(!text.contains('\x1b') && !text.contains('\x07') && !text.contains("pwned"), "no escape survives");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn more_than_a_page_of_events_is_read_to_the_last_page() {
    let Some(moto) = Moto::start() else { return };
    let client = logs_client(&moto).await;
    let f = function("say-hello");
    let base = now() - 60_000;
    // FilterLogEvents returns at most 10 000 events a page: the rest is behind nextToken.
    let events: Vec<(i64, String)> = (0..12_500).map(|i| (base + i / 4, format!("event {i}"))).collect();
    put(&client, &f.log_group, &events).await;
    let mut tail = Tail::start(&moto, vec![f], 20.0);
    // One read follows nextToken to the end: the first batch holds every event.
    let got = tail.collect(1, Duration::from_secs(60)).await;
    let distinct: HashSet<&str> = got.iter().map(|e| e.message.as_str()).collect();
    assert_eq!((got.len(), distinct.len()), (12_500, 12_500));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quiet_group_is_read_less_and_less_often() {
    let Some(moto) = Moto::start() else { return };
    // Read every 100 ms while active; quiet, the wait doubles up to 800 ms.
    let tail = Tail::start_polling(&moto, vec![function("quiet")], 100.0);
    tokio::time::sleep(Duration::from_secs(4)).await;
    let calls = tail.calls.get();
    // Without backing off: 40 reads. Backing off: 100, 200, 400, 800, 800… ms, about 7.
    assert!((3..=10).contains(&calls), "{calls} reads of a quiet group in 4 s");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_endpoint_is_reported_and_retried_not_fatal() {
    moto::fake_credentials();
    let closed = format!("http://127.0.0.1:{}", moto::free_port());
    let connection = Connection { profile: None, region: Some("us-east-1".into()), endpoint_url: Some(closed) };
    let (set, watch) = watch::channel(vec![function("say-hello")]);
    let (tx, mut rx) = mpsc::channel(64);
    let pace = Pace { budget: 50.0, live: false, ..Pace::new(Duration::from_millis(100)) };
    let task =
        tokio::spawn(LogTail { connection, calls: CallCounter::default(), pace, sink: Sink::new(tx) }.run(watch));
    let notice = tokio::time::timeout(Duration::from_secs(20), async {
        loop {
            if let Some(Event::Health(Health::Problem(p))) = rx.recv().await {
                return p.line();
            }
        }
    })
    .await
    .expect("a notice");
    assert!(notice.starts_with("logs: ") && notice.ends_with("(retrying)"), "{notice}");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(!task.is_finished(), "the tail keeps going");
    drop(set);
    task.abort();
}
