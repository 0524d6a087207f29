//! Deploy insight over real HTTP against moto: the data API's resolver logs reach the Logs
//! pane parsed (and a data API without logging is quiet), and a stack's own status is read
//! once after a deploy says it succeeded.

mod common;
mod moto;

use std::time::Duration;

use ampdeck::adapters::aws::client::{self, CallCounter, Connection};
use ampdeck::adapters::aws::{AwsFollower, FollowConfig};
use ampdeck::app::Event;
use ampdeck::app::testkit::update;
use ampdeck::domain::health::Health;
use ampdeck::domain::logs::{LogEvent, LogSource};
use ampdeck::ports::{Activity, Follower, Sink};
use aws_sdk_cloudformation::types::Tag;
use aws_sdk_cloudwatchlogs::types::InputLogEvent;
use moto::Moto;
use tokio::sync::mpsc;

const STACK: &str = "amplify-app-root-sandbox-1496b9051c";
const REQUEST: &str = "dbe87af3-c114-4b32-ae79-8af11f3f96f1";

fn connection(moto: &Moto) -> Connection {
    moto::fake_credentials();
    Connection { profile: None, region: Some("us-east-1".into()), endpoint_url: Some(moto.endpoint()) }
}

/// A sandbox root stack whose outputs name the data API, as Amplify's do.
async fn sandbox_with_api(moto: &Moto, api_id: &str) {
    let template = format!(
        r#"{{"Resources":{{"Queue":{{"Type":"AWS::SQS::Queue","Properties":{{}}}}}},
            "Outputs":{{"awsAppsyncApiId":{{"Value":"{api_id}"}},"definedFunctions":{{"Value":"[]"}}}}}}"#
    );
    let tags = [("created-by", "amplify"), ("amplify:deployment-type", "sandbox")];
    let mut req = moto.client().create_stack().stack_name(STACK).template_body(template);
    for (k, v) in tags {
        req = req.tags(Tag::builder().key(k).value(v).build());
    }
    req.send().await.expect("create_stack");
}

async fn put(moto: &Moto, group: &str, messages: &[String]) {
    let logs = client::logs(&connection(moto), CallCounter::default()).await;
    logs.create_log_group().log_group_name(group).send().await.expect("group");
    logs.create_log_stream().log_group_name(group).log_stream_name("s").send().await.expect("stream");
    let now = ampdeck::util::timefmt::now_epoch_ms() - 10_000;
    let mut req = logs.put_log_events().log_group_name(group).log_stream_name("s");
    for (i, m) in messages.iter().enumerate() {
        req = req.log_events(InputLogEvent::builder().timestamp(now + i as i64).message(m).build().expect("event"));
    }
    req.send().await.expect("put_log_events");
}

fn follower(moto: &Moto, tx: mpsc::Sender<Event>) -> AwsFollower {
    AwsFollower::spawn(
        FollowConfig::new(connection(moto), STACK.into(), moto::fast_timing()),
        Activity::default(),
        Sink::new(tx),
    )
}

/// Log events until `n` came, failing on any problem report.
async fn logs(rx: &mut mpsc::Receiver<Event>, n: usize, within: Duration) -> Vec<LogEvent> {
    let mut got = Vec::new();
    let deadline = tokio::time::Instant::now() + within;
    while got.len() < n {
        match tokio::time::timeout_at(deadline, rx.recv()).await {
            Ok(Some(Event::Logs(events))) => got.extend(events),
            Ok(Some(Event::Health(Health::Problem(p)))) => panic!("unexpected problem: {}", p.line()),
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => break,
        }
    }
    got
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resolver_log_lines_reach_the_logs_pane_parsed() {
    let Some(moto) = Moto::start() else { return };
    sandbox_with_api(&moto, "demoapi1234567890").await;
    let lines = vec![
        format!(
            "{REQUEST} GraphQL Query: query ListTodos {{ listTodos {{ items {{ id }} }} }}, Operation: ListTodos, Variables: {{}}"
        ),
        format!(
            r#"{{"logType":"ResponseMapping","fieldName":"listTodos","parentType":"Query","requestId":"{REQUEST}","fieldInError":true,"errors":[{{"message":"Not Authorized to access listTodos on type Query"}}]}}"#
        ),
        format!(r#"{{"logType":"RequestSummary","requestId":"{REQUEST}","statusCode":401,"latency":12500000}}"#),
    ];
    put(&moto, "/aws/appsync/apis/demoapi1234567890", &lines).await;
    let (tx, mut rx) = mpsc::channel(1024);
    let mut f = follower(&moto, tx);
    let got = logs(&mut rx, 3, Duration::from_secs(30)).await;
    f.shutdown();
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(got.iter().all(|e| e.function == "data API" && e.source == LogSource::AppSync), "{got:?}");

    let mut s = common::settled(200, 60);
    update(&mut s, Event::Logs(got));
    let screen = format!("{}", common::render(&s).backend());
    assert!(screen.contains("data API operation ListTodos: query ListTodos"), "{screen}");
    assert!(screen.contains("Query.listTodos · response mapping ✗ Not Authorized"), "{screen}");
    assert!(screen.contains("request 401 · 12.50 ms"), "{screen}");
    let stats = s.panes.logs.store.functions().get("data API").expect("the data API among the sources");
    assert_eq!((stats.invocations, stats.errors), (1, 1), "one failed request is one error, however many lines say so");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_data_api_without_logging_is_quiet() {
    let Some(moto) = Moto::start() else { return };
    sandbox_with_api(&moto, "nologsapi").await;
    let (tx, mut rx) = mpsc::channel(1024);
    let mut f = follower(&moto, tx);
    // No group: no lines, and no problem or notice either, however long it is tailed.
    let got = logs(&mut rx, 1, Duration::from_secs(4)).await;
    f.shutdown();
    assert!(got.is_empty(), "{got:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_stack_is_read_once_more_after_a_deploy_said_it_succeeded() {
    let Some(moto) = Moto::start() else { return };
    sandbox_with_api(&moto, "x").await;
    let (tx, mut rx) = mpsc::channel(1024);
    let mut f = follower(&moto, tx);
    f.verify(7, STACK.into());
    f.verify(8, "amplify-app-nobody-sandbox-0000000000".into());
    let mut answers = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    while answers.len() < 2 {
        let event = tokio::time::timeout_at(deadline, rx.recv()).await.expect("answers in time").expect("open");
        if let Event::Verified(check) = event {
            answers.push(*check);
        }
    }
    f.shutdown();
    answers.sort_by_key(|c| c.deploy);
    let stack = answers[0].stack.as_ref().expect("the stack is read");
    assert_eq!((answers[0].deploy, stack.status.as_str()), (7, "CREATE_COMPLETE"));
    assert!(stack.timestamp_ms > 0);
    assert!(answers[1].stack.as_ref().is_err_and(|e| e.contains("does not exist")), "{:?}", answers[1]);
}
