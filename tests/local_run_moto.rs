//! Running a function on this machine with its sandbox's real settings, against moto over
//! HTTP, with the sample app's real packages (esbuild, Amplify's banner, the AWS SDK): the
//! deployed function's variables, a table it writes to and a secret Amplify's banner resolves
//! from SSM; the function's own role through STS; the timeout ending the run and what it
//! started; a thrown error's trace on the lines of `handler.ts`; a function not deployed yet
//! run with its synthesized settings, its callback kept waiting for the event loop as
//! Lambda keeps it.

mod moto;
mod sample;

use std::path::Path;
use std::time::Duration;

use ampdeck::adapters::aws::client::Connection;
use ampdeck::adapters::aws::function_settings::AwsFunctionSettings;
use ampdeck::adapters::local::LocalRunner;
use ampdeck::domain::invoke::{InvokeReply, InvokeRequest, Invoked, LocalOptions, Mode};
use ampdeck::domain::logs::LogSource;
use ampdeck::ports::{FollowMsg, Invoker, Sink};
use moto::Moto;
use serde_json::Value;
use tokio::sync::mpsc;

const STACK: &str = "amplify-app-local-sandbox-0123456789";
const SECRET_PATH: &str = "/amplify/app/local-sandbox-0123456789/API_KEY";

/// Two deployments of one function, as `defineFunction` deploys them: its variables (a plain
/// one, a table's name, Amplify's secret configuration), its role; one with a 1 s timeout.
fn template() -> String {
    let ssm = serde_json::json!({ "API_KEY": { "path": SECRET_PATH, "sharedPath": "/amplify/shared/app/API_KEY" } });
    let function = |timeout: u32| {
        serde_json::json!({"Type": "AWS::Lambda::Function", "Properties": {
        "Runtime": "nodejs20.x", "Handler": "index.handler", "Timeout": timeout, "MemorySize": 512,
        "Role": {"Fn::GetAtt": ["checkServiceRole", "Arn"]},
        "Code": {"ZipFile": "export const handler = async () => 'deployed code';"},
        "Environment": {"Variables": {
            "GREETING": "hello from the sandbox", "TODO_TABLE": "Todo-local",
            "AMPLIFY_SSM_ENV_CONFIG": ssm.to_string(), "API_KEY": "<value will be resolved during runtime>"
        }}}})
    };
    serde_json::json!({"Resources": {
        "checkServiceRole": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}},
        "localchecklambdaA1B2C3D4": function(10),
        "localcheckshortE5F6A7B8": function(1)
    }})
    .to_string()
}

const RESOURCE: &str = "import { defineFunction, secret } from '@aws-amplify/backend';\n\nexport const localCheck = defineFunction({\n  name: 'local-check',\n  environment: { API_KEY: secret('API_KEY') },\n});\n";

/// The handler: writes the event's id to the table, answers with what it was given; `throw`
/// throws at a known line; `hang` starts a child and never answers.
const HANDLER: &str = r#"import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const db = new DynamoDBClient({});

export const handler = async (event: { id: string; mode?: string; pidFile?: string }, context: any) => {
  if (event.mode === 'throw') {
    throw new TypeError('no such greeting');
  }
  if (event.mode === 'hang') {
    const child = spawn('sleep', ['60'], { stdio: 'ignore' });
    writeFileSync(event.pidFile!, String(child.pid));
    await new Promise(() => {});
  }
  await db.send(new PutItemCommand({ TableName: process.env.TODO_TABLE, Item: { id: { S: event.id } } }));
  console.log('wrote', event.id, '\nto', process.env.TODO_TABLE);
  return {
    greeting: process.env.GREETING,
    secret: process.env.API_KEY,
    key: process.env.AWS_ACCESS_KEY_ID,
    request: context.awsRequestId,
    remaining: context.getRemainingTimeInMillis(),
    region: process.env.AWS_REGION,
  };
};
"#;

/// The line of `throw` in HANDLER.
const THROW_LINE: usize = 9;

const CALLBACK_RESOURCE: &str = "import { defineFunction } from '@aws-amplify/backend';\n\nexport const callbackCheck = defineFunction({ name: 'callback-check' });\n";

/// A callback-style handler, as older code and Cognito triggers are written.
const CALLBACK_HANDLER: &str = r#"export const handler = (event: { wait: boolean }, context: any, callback: (e: unknown, v?: unknown) => void) => {
  context.callbackWaitsForEmptyEventLoop = event.wait;
  callback(null, { plain: process.env.PLAIN, table: process.env.TABLE ?? null, name: process.env.AWS_LAMBDA_FUNCTION_NAME });
};
"#;

/// What a synthesis writes for the function before it is ever deployed: a nested stack's
/// template, its table's name a reference only a deploy resolves.
fn synthesized_template() -> String {
    serde_json::json!({"Resources": {"callbackchecklambda9C1D2E3F": {"Type": "AWS::Lambda::Function", "Properties": {
        "Runtime": "nodejs20.x", "Handler": "index.handler", "Timeout": 2, "MemorySize": 256,
        "Environment": {"Variables": {"PLAIN": "from the template", "TABLE": {"Ref": "referencetoTodoTable"}}},
        "Tags": [{"Key": "amplify:friendly-name", "Value": "callback-check"}]
    }}}})
    .to_string()
}

struct Rig {
    runner: LocalRunner,
    replies: mpsc::Receiver<InvokeReply>,
    logs: mpsc::Receiver<FollowMsg>,
    next: u64,
}

impl Rig {
    async fn run(&mut self, target: &str, payload: Value, options: LocalOptions) -> Invoked {
        self.run_function("local-check", target, payload, options).await
    }

    async fn run_function(&mut self, function: &str, target: &str, payload: Value, options: LocalOptions) -> Invoked {
        self.next += 1;
        let request = InvokeRequest {
            id: self.next,
            function: function.into(),
            target: target.into(),
            event: "e".into(),
            payload: payload.to_string(),
            mode: Mode::Local(options),
        };
        self.runner.invoke(request);
        let reply =
            tokio::time::timeout(Duration::from_secs(60), self.replies.recv()).await.expect("in time").expect("open");
        match reply {
            InvokeReply::Done { invoked, .. } => invoked,
            other => panic!("not run: {other:?}"),
        }
    }

    fn lines(&mut self) -> Vec<String> {
        let mut lines = Vec::new();
        while let Ok(FollowMsg::Logs(events)) = self.logs.try_recv() {
            assert!(events.iter().all(|e| e.source == LogSource::Local && e.function == "local-check"));
            lines.extend(events.into_iter().map(|e| e.message));
        }
        lines
    }
}

fn response(invoked: &Invoked) -> Value {
    serde_json::from_str(&invoked.response).unwrap_or_else(|_| panic!("JSON: {}", invoked.response))
}

async fn setup(moto: &Moto) -> (String, String) {
    let endpoint = moto.endpoint();
    let cfn = moto.client();
    cfn.create_stack().stack_name(STACK).template_body(template()).send().await.expect("stack");
    let resources = cfn.describe_stack_resources().stack_name(STACK).send().await.expect("resources");
    let physical = |logical: &str| {
        resources
            .stack_resources()
            .iter()
            .find(|r| r.logical_resource_id() == Some(logical))
            .and_then(|r| r.physical_resource_id())
            .expect("deployed")
            .to_owned()
    };
    let db = moto::dynamodb_client(&endpoint);
    db.create_table()
        .table_name("Todo-local")
        .attribute_definitions(
            aws_sdk_dynamodb::types::AttributeDefinition::builder()
                .attribute_name("id")
                .attribute_type("S".into())
                .build()
                .expect("attr"),
        )
        .key_schema(
            aws_sdk_dynamodb::types::KeySchemaElement::builder()
                .attribute_name("id")
                .key_type("HASH".into())
                .build()
                .expect("key"),
        )
        .billing_mode("PAY_PER_REQUEST".into())
        .send()
        .await
        .expect("table");
    let ssm = moto::ssm_client(&endpoint);
    ssm.put_parameter()
        .name(SECRET_PATH)
        .value("s3cr3t-from-ssm")
        .r#type("SecureString".into())
        .send()
        .await
        .expect("secret");
    (physical("localchecklambdaA1B2C3D4"), physical("localcheckshortE5F6A7B8"))
}

fn project(root: &Path) {
    let dir = root.join("amplify/functions/local-check");
    std::fs::create_dir_all(&dir).expect("folder");
    std::fs::write(dir.join("resource.ts"), RESOURCE).expect("resource");
    std::fs::write(dir.join("handler.ts"), HANDLER).expect("handler");
    let dir = root.join("amplify/functions/callback-check");
    std::fs::create_dir_all(&dir).expect("folder");
    std::fs::write(dir.join("resource.ts"), CALLBACK_RESOURCE).expect("resource");
    std::fs::write(dir.join("handler.ts"), CALLBACK_HANDLER).expect("handler");
    let cdk_out = root.join(".amplify/artifacts/cdk.out");
    std::fs::create_dir_all(&cdk_out).expect("cdk.out");
    let nested = cdk_out.join("amplify-app-local-sandbox-0123456789function1351588B.nested.template.json");
    std::fs::write(nested, synthesized_template()).expect("template");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_local_run_has_the_sandboxs_variables_table_secret_role_and_timeout() {
    let Some(moto) = Moto::start() else { return };
    let Some((_dir, root)) = sample::app() else { return };
    moto::fake_credentials();
    project(&root);
    let (function, short) = setup(&moto).await;
    let (sink, replies) = Sink::channel(16);
    let (log_sink, logs) = Sink::channel(256);
    let connection =
        Connection { profile: None, region: Some("us-east-1".into()), endpoint_url: Some(moto.endpoint()) };
    let source = Box::new(AwsFunctionSettings::new(connection));
    let node = std::env::var("AMPDECK_NODE").unwrap_or_else(|_| "node".into());
    let runner = LocalRunner::new(root.clone(), node, source, sink, log_sink);
    let mut rig = Rig { runner, replies, logs, next: 0 };

    // The deployed variables, the secret through Amplify's banner, the table written for real.
    let invoked = rig.run(&function, serde_json::json!({"id": "from-local"}), LocalOptions::default()).await;
    assert_eq!(invoked.function_error, None, "{}\n{:?}", invoked.response, invoked.log_tail);
    let answer = response(&invoked);
    assert_eq!(answer["greeting"], "hello from the sandbox");
    assert_eq!(answer["secret"], "s3cr3t-from-ssm", "resolved by the banner from SSM");
    assert_eq!(answer["request"].as_str(), invoked.request_id.as_deref());
    assert_eq!(answer["region"], "us-east-1");
    let remaining = answer["remaining"].as_u64().expect("a number");
    assert!(remaining > 0 && remaining <= 10_000, "{remaining} of the function's 10 s");
    let item = moto::dynamodb_client(&moto.endpoint())
        .get_item()
        .table_name("Todo-local")
        .key("id", aws_sdk_dynamodb::types::AttributeValue::S("from-local".into()))
        .send()
        .await
        .expect("GetItem");
    assert!(item.item().is_some(), "the handler's PutItem reached the table");
    let facts = invoked.local.clone().expect("a local run says so");
    assert!(facts.credentials.starts_with("your credentials"), "{}", facts.credentials);
    assert!(facts.settings.contains(&function), "{}", facts.settings);
    assert!(facts.node.contains("bundled as Amplify does"), "{}", facts.node);
    assert!(facts.inputs.iter().any(|i| i == "amplify/functions/local-check/handler.ts"), "{:?}", facts.inputs);
    assert!(facts.differences.iter().any(|d| d == "not the function's role"));
    let tail = invoked.log_tail.clone().unwrap_or_default();
    assert!(tail.contains("REPORT RequestId:") && tail.contains("Max Memory Used:"), "{tail}");
    assert!(!tail.contains("NodeVersionSupportWarning"), "the SDK's warning about this Node.js is left out: {tail}");
    let lines = rig.lines();
    let wrote = lines.iter().find(|l| l.contains("\tINFO\twrote from-local")).expect("the console line, Lambda-shaped");
    assert!(wrote.contains("\nto Todo-local"), "a multi-line message stays one event: {wrote:?}");
    assert!(wrote.contains(invoked.request_id.as_deref().unwrap_or("?")));

    // Under the function's own role: STS's keys, not the developer's.
    let invoked = rig
        .run(&function, serde_json::json!({"id": "as-role"}), LocalOptions { as_role: true, ..LocalOptions::default() })
        .await;
    assert_eq!(invoked.function_error, None, "{}", invoked.response);
    let key = response(&invoked)["key"].as_str().unwrap_or_default().to_owned();
    assert!(key.starts_with("ASIA") && key != "test", "assumed-role keys: {key}");
    let whose = invoked.local.expect("facts").credentials;
    assert!(whose.starts_with("the function's role") && whose.contains("checkServiceRole"), "{whose}");

    // A thrown error: its type, message and the line of handler.ts.
    let invoked = rig.run(&function, serde_json::json!({"id": "x", "mode": "throw"}), LocalOptions::default()).await;
    assert_eq!(invoked.function_error.as_deref(), Some("Unhandled"));
    let error = response(&invoked);
    assert_eq!(
        (error["errorType"].as_str(), error["errorMessage"].as_str()),
        (Some("TypeError"), Some("no such greeting"))
    );
    let trace = error["trace"].to_string();
    let at = format!("amplify/functions/local-check/handler.ts:{THROW_LINE}:");
    assert!(trace.contains(&at), "the trace names {at}: {trace}");

    // The 1 s timeout ends the run and the child it started.
    let pid_file = root.join("hang.pid");
    let payload = serde_json::json!({"id": "x", "mode": "hang", "pidFile": pid_file});
    let invoked = rig.run(&short, payload, LocalOptions::default()).await;
    let error = response(&invoked);
    assert_eq!(error["errorType"], "Sandbox.Timedout", "{error}");
    assert!(error["errorMessage"].as_str().unwrap_or_default().contains("Task timed out after 1.00 seconds"));
    let pid: i32 = std::fs::read_to_string(&pid_file).expect("the child's pid").trim().parse().expect("a pid");
    let gone = (0..50).any(|_| {
        std::thread::sleep(Duration::from_millis(100));
        nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), None).is_err()
    });
    assert!(gone, "the handler's child {pid} was ended with the run");

    // Not deployed: the synthesized template's settings, what only a deploy resolves named.
    let invoked =
        rig.run_function("callback-check", "", serde_json::json!({"wait": false}), LocalOptions::default()).await;
    assert_eq!(invoked.function_error, None, "{}\n{:?}", invoked.response, invoked.log_tail);
    let answer = response(&invoked);
    assert_eq!((answer["plain"].as_str(), &answer["table"]), (Some("from the template"), &Value::Null));
    assert_eq!(answer["name"], "callback-check");
    let facts = invoked.local.expect("facts");
    assert!(facts.settings.contains("synthesized template (not deployed yet)"), "{}", facts.settings);
    assert_eq!(facts.unresolved, vec!["TABLE".to_owned()]);

    // Its callback waits for an empty event loop, as Lambda's does: Amplify's banner keeps an
    // interval, so it times out (amplify-backend #1021), and the result says what to set.
    let invoked =
        rig.run_function("callback-check", "", serde_json::json!({"wait": true}), LocalOptions::default()).await;
    let error = response(&invoked);
    assert_eq!(error["errorType"], "Sandbox.Timedout", "{error}");
    let message = error["errorMessage"].as_str().unwrap_or_default();
    assert!(message.contains("Task timed out after 2.00 seconds"), "{message}");
    assert!(message.contains("set context.callbackWaitsForEmptyEventLoop = false"), "{message}");
    rig.runner.shutdown();
}
