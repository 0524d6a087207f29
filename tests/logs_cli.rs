//! `ampdeck logs` against moto: the real binary finds the stack's function, prints its log
//! lines plainly on stdout (escape sequences removed, controls shown as marks, everything as it
//! came with `--raw`), honours `--filter`, and says on stderr what is wrong when the stack does
//! not exist.

mod moto;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use moto::Moto;

const STACK: &str = "amplify-app-root-sandbox-1496b9051c";
const TEMPLATE: &str = r#"{"Resources":{
    "Role":{"Type":"AWS::IAM::Role","Properties":{"AssumeRolePolicyDocument":{"Version":"2012-10-17",
        "Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}}},
    "sayhellolambdaEFA46D92":{"Type":"AWS::Lambda::Function","Properties":{
        "FunctionName":"amplify-app-root-sayhello-AbC","Runtime":"nodejs20.x","Handler":"index.handler",
        "Role":{"Fn::GetAtt":["Role","Arn"]},"Code":{"ZipFile":"exports.handler = async () => 1"}}}}}"#;

fn ampdeck(moto: &Moto, args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_ampdeck"))
        .args(["--endpoint-url", &moto.endpoint(), "--region", "us-east-1", "--stack", STACK])
        .args(args)
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("AWS_PROFILE")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ampdeck runs")
}

/// Lines of `read` as they come, through a channel.
fn lines(read: impl std::io::Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(read).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    rx
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logs_print_plain_lines_of_the_stacks_functions() {
    let Some(moto) = Moto::start() else { return };
    moto::fake_credentials();
    let cfn = moto.client();
    cfn.create_stack().stack_name(STACK).template_body(TEMPLATE).send().await.expect("stack");
    let messages = ["START RequestId: r1 Version: $LATEST", "\x1b]0;pwned\x07hello \x1b[31mworld", "END RequestId: r1"];
    moto.put_logs("/aws/lambda/amplify-app-root-sayhello-AbC", &messages).await;

    let mut child = ampdeck(&moto, &["logs", "--since", "10m", "--filter", "world|END RequestId"]);
    let out = lines(child.stdout.take().expect("stdout"));
    let mut got = Vec::new();
    while got.len() < 2 {
        match out.recv_timeout(Duration::from_secs(20)) {
            Ok(line) => got.push(line),
            Err(_) => break,
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got[0].ends_with(" sayhello hello world"), "{got:?}");
    assert!(got[1].ends_with(" sayhello END RequestId: r1"), "{got:?}");
    assert!(got.iter().all(|l| !l.contains('\x1b') && !l.contains("pwned")));
}

/// The first `n` lines of stdout (fewer if they do not come within 20 s), the child ended.
fn first_lines(mut child: std::process::Child, n: usize) -> Vec<String> {
    let out = lines(child.stdout.take().expect("stdout"));
    let mut got = Vec::new();
    while got.len() < n {
        match out.recv_timeout(Duration::from_secs(20)) {
            Ok(line) => got.push(line),
            Err(_) => break,
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    got
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_lines_show_marks_and_raw_passes_them_through() {
    let Some(moto) = Moto::start() else { return };
    moto::fake_credentials();
    let cfn = moto.client();
    cfn.create_stack().stack_name(STACK).template_body(TEMPLATE).send().await.expect("stack");
    let hostile = "user \u{202e}nimda\rroot \x1b[6nd@example.com \x1b]0;pwned\x07ok";
    moto.put_logs("/aws/lambda/amplify-app-root-sayhello-AbC", &[hostile]).await;

    let plain = first_lines(ampdeck(&moto, &["logs", "--since", "10m"]), 1);
    assert_eq!(plain.len(), 1, "{plain:?}");
    assert!(plain[0].ends_with(" sayhello user ⇆nimda␍root d@example.com ok"), "{plain:?}");
    assert!(!plain[0].contains(['\u{202e}', '\r', '\x1b']), "{plain:?}");

    let raw = first_lines(ampdeck(&moto, &["logs", "--since", "10m", "--raw"]), 1);
    assert_eq!(raw.len(), 1, "{raw:?}");
    assert!(raw[0].ends_with(&format!(" sayhello {hostile}")), "{raw:?}");
}

#[test]
fn a_stack_that_does_not_exist_is_said_on_stderr() {
    let Some(moto) = Moto::start() else { return };
    let mut child = ampdeck(&moto, &["logs"]);
    let err = lines(child.stderr.take().expect("stderr"));
    let line = err.recv_timeout(Duration::from_secs(20)).expect("a message");
    let _ = child.kill();
    let _ = child.wait();
    assert!(line.contains("does not exist"), "{line}");
}
