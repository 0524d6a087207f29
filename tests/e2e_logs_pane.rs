//! The real binary's Logs pane, following a stack in moto: a log line with a carriage return
//! inside it shows the return (`␍`) instead of letting it erase what came before.

mod moto;
mod pty;

use std::time::Duration;

use aws_sdk_cloudwatchlogs::types::InputLogEvent;
use moto::Moto;
use pty::Session;

const STACK: &str = "amplify-app-root-sandbox-1496b9051c";
const TEMPLATE: &str = r#"{"Resources":{
    "Role":{"Type":"AWS::IAM::Role","Properties":{"AssumeRolePolicyDocument":{"Version":"2012-10-17",
        "Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}}},
    "sayhellolambdaEFA46D92":{"Type":"AWS::Lambda::Function","Properties":{
        "FunctionName":"amplify-app-root-sayhello-AbC","Runtime":"nodejs20.x","Handler":"index.handler",
        "Role":{"Fn::GetAtt":["Role","Arn"]},"Code":{"ZipFile":"exports.handler = async () => 1"}}}}}"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_carriage_return_in_a_log_line_is_shown_not_obeyed() {
    let Some(moto) = Moto::start() else { return };
    moto::fake_credentials();
    moto.client().create_stack().stack_name(STACK).template_body(TEMPLATE).send().await.expect("stack");
    let connection = ampdeck::adapters::aws::client::Connection {
        profile: None,
        region: Some("us-east-1".into()),
        endpoint_url: Some(moto.endpoint()),
    };
    let logs = ampdeck::adapters::aws::client::logs(&connection, Default::default()).await;
    let group = "/aws/lambda/amplify-app-root-sayhello-AbC";
    logs.create_log_group().log_group_name(group).send().await.expect("group");
    logs.create_log_stream().log_group_name(group).log_stream_name("s").send().await.expect("stream");
    let now = ampdeck::util::timefmt::now_epoch_ms();
    let event =
        InputLogEvent::builder().timestamp(now - 1_000).message("progress abc\rXYZ done").build().expect("event");
    logs.put_log_events().log_group_name(group).log_stream_name("s").log_events(event).send().await.expect("put");

    let endpoint = moto.endpoint();
    let mut s = Session::start(&["--stack", STACK, "--endpoint-url", &endpoint, "--region", "us-east-1"]);
    let screen = s.wait_for("XYZ done", Duration::from_secs(20));
    assert!(screen.contains("progress abc␍XYZ done"), "what came before the return is kept:\n{screen}");
    s.keys("q");
    assert_eq!(s.wait_exit(Duration::from_secs(10)), 0);
    s.assert_restored();
}
