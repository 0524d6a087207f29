//! The stack poller on a bad day, over real HTTP against moto behind a misbehaving proxy: a
//! nested stack that can no longer be read is shown and skipped while everything else keeps
//! being followed; a root deleted and created again outside ampdeck is followed afresh;
//! throttling and expired credentials are problems until they end, and what was known (the
//! account) comes back with the connection.

mod faults;
mod moto;

use std::time::Duration;

use ampdeck::adapters::aws::client::{CallCounter, Connection};
use ampdeck::adapters::aws::poller::{Poller, Timing};
use ampdeck::app::Event;
use ampdeck::app::testkit::update;
use ampdeck::domain::health::{CloudStatus, Health, ProblemKind, Source};
use ampdeck::domain::stack::StackEvent;
use ampdeck::ports::{Activity, Sink};
use aws_sdk_cloudformation::types::{Capability, Tag};
use faults::Fault;
use moto::Moto;
use tokio::sync::mpsc;

const ROOT: &str = "amplify-app-root-sandbox-1496b9051c";

fn timing() -> Timing {
    Timing {
        fast: Duration::from_millis(200),
        slow: Duration::from_millis(500),
        max_backoff: Duration::from_millis(800),
        logs: Duration::from_millis(200),
        log_budget: 20.0,
    }
}

fn poller(endpoint: String, tx: mpsc::Sender<Event>) -> Poller {
    moto::fake_credentials();
    Poller {
        connection: Connection { profile: None, region: Some("us-east-1".into()), endpoint_url: Some(endpoint) },
        stack: ROOT.into(),
        timing: timing(),
        calls: CallCounter::default(),
        activity: Activity::default(),
        sink: Sink::new(tx),
        functions: None,
    }
}

/// The nested stack's template, in moto's S3.
fn templates(moto: &Moto) {
    moto.put_object(
        "templates",
        "nested.json",
        r#"{"Resources":{"Topic":{"Type":"AWS::SNS::Topic","Properties":{}}}}"#,
    );
}

/// A root with a queue and a nested `auth` stack holding a topic.
async fn create_root(moto: &Moto) {
    let root = r#"{"Resources":{
        "auth179371D7":{"Type":"AWS::CloudFormation::Stack","Properties":{"TemplateURL":"https://s3.amazonaws.com/templates/nested.json"}},
        "Queue":{"Type":"AWS::SQS::Queue","Properties":{}}}}"#;
    let tags = [("created-by", "amplify"), ("amplify:deployment-type", "sandbox")];
    let mut req =
        moto.client().create_stack().stack_name(ROOT).template_body(root).capabilities(Capability::CapabilityIam);
    for (k, v) in tags {
        req = req.tags(Tag::builder().key(k).value(v).build());
    }
    req.send().await.expect("create_stack");
}

/// Events until `within` passed.
async fn events(rx: &mut mpsc::Receiver<Event>, within: Duration) -> Vec<Event> {
    let mut out = Vec::new();
    let deadline = tokio::time::Instant::now() + within;
    while let Ok(Some(event)) = tokio::time::timeout_at(deadline, rx.recv()).await {
        out.push(event);
    }
    out
}

fn snapshots(events: &[Event]) -> Vec<&Vec<StackEvent>> {
    events.iter().filter_map(|e| if let Event::StackResources(r) = e { Some(r) } else { None }).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_nested_stack_that_cannot_be_read_is_shown_and_skipped() {
    let Some(moto) = Moto::start() else { return };
    templates(&moto);
    create_root(&moto).await;
    let (endpoint, faults) = faults::proxy(moto.port).await;
    // The nested stack is gone (deleted outside ampdeck): every read of it fails.
    faults.add("DescribeStackEvents", Some("auth179371D7"), Fault::NoSuchStack, None);
    faults.add("ListStackResources", Some("auth179371D7"), Fault::NoSuchStack, None);
    let (tx, mut rx) = mpsc::channel(1024);
    let task = tokio::spawn(poller(endpoint, tx).run());
    let seen = events(&mut rx, Duration::from_secs(4)).await;
    task.abort();
    let snapshots = snapshots(&seen);
    assert!(snapshots.len() >= 3, "snapshots keep coming ({}):\n{seen:?}", snapshots.len());
    let last = snapshots.last().expect("a snapshot");
    assert!(last.iter().any(|r| r.resource_type == "AWS::SQS::Queue"), "the readable stack is followed");
    let nested = last.iter().find(|r| r.stack_name.contains("auth179371D7") && r.is_stack_self()).expect("nested row");
    assert!(nested.reason.as_deref().is_some_and(|r| r.contains("cannot be read")), "{nested:?}");
    let told = seen.iter().filter(|e| matches!(e, Event::Notice(n) if n.text.contains("cannot be read"))).count();
    assert_eq!(told, 1, "said once");
    assert!(!seen.iter().any(|e| matches!(e, Event::Health(Health::Problem(_)))), "not a problem of the connection");
    let mut state = ampdeck::app::testkit::state();
    state.ctx.stack_name = ROOT.into();
    update(&mut state, Event::StackResources((*last).clone()));
    let row = state.panes.resources.rows.iter().find(|r| r.label == "auth").expect("the nested stack's row");
    assert!(row.reason.as_deref().is_some_and(|r| r.contains("skipped")), "the pane says why it is empty: {row:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_root_created_again_outside_ampdeck_is_followed_afresh() {
    let Some(moto) = Moto::start() else { return };
    templates(&moto);
    create_root(&moto).await;
    let (tx, mut rx) = mpsc::channel(1024);
    let task = tokio::spawn(poller(moto.endpoint(), tx).run());
    let first = events(&mut rx, Duration::from_secs(2)).await;
    let old_root = snapshots(&first).last().and_then(|s| s.first()).map(|r| r.stack_id.clone()).expect("root");
    // `ampx sandbox delete`, then a deploy, in another terminal.
    moto.client().delete_stack().stack_name(ROOT).send().await.expect("delete");
    create_root(&moto).await;
    let after = events(&mut rx, Duration::from_secs(4)).await;
    task.abort();
    let last = snapshots(&after).last().cloned().cloned().expect("snapshots after the new root");
    let new_root = last.first().map(|r| r.stack_id.clone()).expect("root");
    assert_ne!(new_root, old_root, "the new stack is the one followed");
    assert!(last.iter().all(|r| r.stack_id != old_root), "nothing of the old root is left");
    assert!(last.iter().any(|r| r.resource_type == "AWS::SNS::Topic"), "its nested stack is found again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttling_ends_and_the_account_is_back_within_seconds() {
    let Some(moto) = Moto::start() else { return };
    templates(&moto);
    create_root(&moto).await;
    let (endpoint, faults) = faults::proxy(moto.port).await;
    let (tx, mut rx) = mpsc::channel(1024);
    let task = tokio::spawn(poller(endpoint, tx).run());
    let mut state = ampdeck::app::testkit::state();
    for e in events(&mut rx, Duration::from_secs(2)).await {
        update(&mut state, e);
    }
    let account = |s: &ampdeck::app::State| match &s.health.cloud {
        Some(CloudStatus::Connected { account, .. }) => account.clone(),
        None => None,
    };
    assert_eq!(account(&state).as_deref(), Some("123456789012"));
    faults.add("DescribeStacks", None, Fault::Throttle, Some(3));
    faults.add("DescribeStacks", None, Fault::ExpireToken, Some(1));
    let mut kinds = Vec::new();
    for e in events(&mut rx, Duration::from_secs(8)).await {
        if let Event::Health(Health::Problem(p)) = &e {
            kinds.push(p.kind);
            assert_eq!(p.source, Source::Stacks);
        }
        update(&mut state, e);
    }
    task.abort();
    assert!(kinds.contains(&ProblemKind::Throttled) && kinds.contains(&ProblemKind::Credentials), "{kinds:?}");
    assert!(state.health.problems.is_empty(), "recovered: {:?}", state.health.problems);
    assert_eq!(account(&state).as_deref(), Some("123456789012"), "what was known is still known");
}
