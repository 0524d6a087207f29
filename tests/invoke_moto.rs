//! The Invoker port's AWS adapter over real HTTP against moto (its Lambda without Docker:
//! `Invoke` echoes the event or answers a queued result), driven through the core: a saved
//! event file read from the project, invoked synchronously and queued, a function error read
//! into its parts, a function that is not there, and an event that is not JSON refused before
//! any call reaches AWS.

mod faults;
mod moto;

use std::time::Duration;

use ampdeck::adapters::aws::client::Connection;
use ampdeck::adapters::aws::invoke::AwsInvoker;
use ampdeck::adapters::payload_files;
use ampdeck::app::testkit::update;
use ampdeck::app::testkit::{ch, key};
use ampdeck::app::{Effect, Event, State};
use ampdeck::domain::invoke::{InvokeReply, InvokeRequest, Mode, Target};
use ampdeck::domain::stack::StackEvent;
use ampdeck::model::invocations::Outcome;
use ampdeck::ports::{Invoker, Sink};
use crossterm::event::KeyCode;
use moto::Moto;
use tokio::sync::mpsc;

const STACK: &str = "amplify-app-root-sandbox-1496b9051c";

/// A function as `defineFunction` deploys it (moto's CloudFormation makes it, with its role).
const TEMPLATE: &str = r#"{"Resources":{
  "sayhellolambdaServiceRole": {"Type":"AWS::IAM::Role","Properties":{"AssumeRolePolicyDocument":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}}},
  "sayhellolambda5A2B3C4D": {"Type":"AWS::Lambda::Function","Properties":{"Runtime":"nodejs20.x","Handler":"index.handler","Role":{"Fn::GetAtt":["sayhellolambdaServiceRole","Arn"]},"Code":{"ZipFile":"export const handler = async (e) => e;"}}}
}}"#;

fn connection(endpoint: String) -> Connection {
    Connection { profile: None, region: Some("us-east-1".into()), endpoint_url: Some(endpoint) }
}

/// The deployed function's name, as the stack's resources give it.
async fn deploy(moto: &Moto) -> (String, Vec<StackEvent>) {
    let cfn = moto.client();
    cfn.create_stack().stack_name(STACK).template_body(TEMPLATE).send().await.expect("stack");
    let resources = cfn.describe_stack_resources().stack_name(STACK).send().await.expect("resources");
    let events: Vec<StackEvent> = resources
        .stack_resources()
        .iter()
        .map(|r| StackEvent {
            stack_id: r.stack_id().unwrap_or_default().into(),
            stack_name: STACK.into(),
            event_id: r.logical_resource_id().unwrap_or_default().into(),
            logical_id: r.logical_resource_id().unwrap_or_default().into(),
            physical_id: r.physical_resource_id().unwrap_or_default().into(),
            resource_type: r.resource_type().unwrap_or_default().into(),
            timestamp_ms: 1,
            status: "CREATE_COMPLETE".into(),
            reason: None,
        })
        .collect();
    let target = events.iter().find(|e| e.resource_type == "AWS::Lambda::Function").map(|e| e.physical_id.clone());
    (target.expect("a function"), events)
}

struct Rig {
    state: State,
    port: AwsInvoker,
    rx: mpsc::Receiver<InvokeReply>,
    project: tempfile::TempDir,
}

impl Rig {
    /// Feeds the core an event and carries out its effects the way the shell does.
    async fn run(&mut self, event: Event) -> Vec<Effect> {
        let mut effects = update(&mut self.state, event);
        let mut seen = Vec::new();
        while let Some(effect) = effects.pop() {
            match &effect {
                Effect::Invoke(request) => self.port.invoke(request.clone()),
                Effect::ListPayloads { function } => {
                    let payloads = payload_files::list(self.project.path(), function);
                    effects.extend(update(&mut self.state, Event::Payloads { function: function.clone(), payloads }));
                }
                _ => {}
            }
            seen.push(effect);
        }
        seen
    }

    async fn answer(&mut self) -> InvokeReply {
        let reply =
            tokio::time::timeout(Duration::from_secs(20), self.rx.recv()).await.expect("in time").expect("open");
        update(&mut self.state, Event::Invoked(reply.clone()));
        reply
    }
}

fn save(project: &std::path::Path, name: &str, text: &str) {
    let dir = payload_files::folder(project, "say-hello");
    std::fs::create_dir_all(&dir).expect("folder");
    std::fs::write(dir.join(format!("{name}.json")), text).expect("event");
}

#[tokio::test]
async fn a_saved_event_invokes_the_deployed_function_and_what_is_not_json_never_leaves() {
    let Some(moto) = Moto::start() else { return };
    moto::fake_credentials();
    moto.lambda_without_docker();
    let (function, _) = deploy(&moto).await;
    let (endpoint, faults) = faults::proxy(moto.port).await;
    let (sink, rx) = Sink::channel(16);
    let project = tempfile::tempdir().expect("project");
    save(project.path(), "a-hello", r#"{"arguments": {"name": "Ann"}}"#);
    save(project.path(), "b-broken", "{\n  \"name\": \"Ann\",\n}\n");
    let mut rig =
        Rig { state: ampdeck::app::testkit::state(), port: AwsInvoker::new(connection(endpoint), sink), rx, project };
    let target = Target { name: "say-hello".into(), function_name: function };
    rig.run(Event::Functions(vec![target])).await;
    ampdeck::app::focus::show_page(&mut rig.state, ampdeck::app::pages::Page::Functions);
    rig.run(key(KeyCode::Enter)).await;
    assert_eq!(rig.state.panes.invoke.payloads.len(), 2, "the two files");

    let effects = rig.run(key(KeyCode::Enter)).await;
    assert!(effects.iter().any(|e| matches!(e, Effect::Invoke(InvokeRequest { mode: Mode::Wait, .. }))));
    let InvokeReply::Done { invoked, .. } = rig.answer().await else { panic!("answered") };
    assert_eq!((invoked.status, invoked.function_error.as_deref()), (200, None));
    let echoed: serde_json::Value = serde_json::from_str(&invoked.response).expect("JSON");
    assert_eq!(echoed["arguments"]["name"], "Ann", "the file's event is what Lambda got");
    assert!(invoked.request_id.is_some(), "its request id");

    rig.run(ch('Q')).await;
    let InvokeReply::Done { invoked, .. } = rig.answer().await else { panic!() };
    assert_eq!(invoked.status, 202, "queued as an event");

    // A function error, as Lambda marks it (moto without Docker never does: the proxy adds it).
    moto.queue_lambda_result(r#"{"errorType":"TypeError","errorMessage":"boom","trace":["TypeError: boom","    at handler (index.mjs:1:1)"]}"#);
    faults.add(
        "Invoke",
        None,
        faults::Fault::Header { name: "X-Amz-Function-Error".into(), value: "Unhandled".into() },
        Some(1),
    );
    rig.run(key(KeyCode::Enter)).await;
    rig.answer().await;
    let Outcome::Answered(answer) = &rig.state.panes.invoke.history[0].outcome else { panic!() };
    let error = answer.error.as_ref().expect("the error read");
    assert_eq!((error.kind.as_str(), error.message.as_str(), error.trace.len()), ("TypeError", "boom", 2));

    let before = faults.actions().iter().filter(|a| *a == "Invoke").count();
    rig.run(ch('j')).await;
    rig.run(key(KeyCode::Enter)).await;
    let notice = rig.state.notice.as_ref().map(|n| n.text.clone()).unwrap_or_default();
    assert!(notice.contains("not JSON at line 3"), "{notice}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(faults.actions().iter().filter(|a| *a == "Invoke").count(), before, "no call reached AWS");
}

#[tokio::test]
async fn a_throttled_call_is_a_line_with_what_to_do() {
    let Some(moto) = Moto::start() else { return };
    moto::fake_credentials();
    moto.lambda_without_docker();
    let (function, _) = deploy(&moto).await;
    let (endpoint, faults) = faults::proxy(moto.port).await;
    // Past the SDK's own retries.
    faults.add("Invoke", None, faults::Fault::Throttle, None);
    let (sink, mut rx) = Sink::channel(4);
    let mut port = AwsInvoker::new(connection(endpoint), sink);
    let request = InvokeRequest {
        id: 1,
        function: "say-hello".into(),
        target: function,
        event: "e".into(),
        payload: "{}".into(),
        mode: Mode::Wait,
    };
    port.invoke(request);
    let reply = tokio::time::timeout(Duration::from_secs(30), rx.recv()).await.expect("in time").expect("open");
    let InvokeReply::Failed { problem, .. } = reply else { panic!("{reply:?}") };
    assert!(problem.hint.contains("throttling") || problem.hint.contains("concurrency"), "{problem:?}");
}
