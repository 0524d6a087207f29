//! The real binary's Logs pane, following a stack in moto: a log line with a carriage return
//! inside it shows the return (`␍`) instead of letting it erase what came before.

mod moto;
mod pty;

use std::time::Duration;

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
    moto.put_logs("/aws/lambda/amplify-app-root-sayhello-AbC", &["progress abc\rXYZ done"]).await;

    let endpoint = moto.endpoint();
    let mut s = Session::start(&["--stack", STACK, "--endpoint-url", &endpoint, "--region", "us-east-1"]);
    let screen = s.wait_for("XYZ done", Duration::from_secs(20));
    assert!(screen.contains("progress abc␍XYZ done"), "what came before the return is kept:\n{screen}");
    s.keys("q");
    assert_eq!(s.wait_exit(Duration::from_secs(10)), 0);
    s.assert_restored();
}
