//! A handler's code pushed live without synthesis, with the sample app's real packages,
//! against moto over HTTP: which saves qualify (esbuild's metafiles of the functions and of
//! the backend definition), the push's `UpdateFunctionCode` carrying the new bundle, and a
//! push to a function that is gone failing with the reason (the core then deploys).

mod moto;
mod sample;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use ampdeck::adapters::aws::client::Connection;
use ampdeck::adapters::aws::code_push::AwsUploader;
use ampdeck::adapters::local::{code_map, push};
use ampdeck::domain::deploy::{DeployMsg, Outcome, PushTarget};
use ampdeck::ports::{DeployReport, Sink};
use sha2::Digest as _;

const STACK: &str = "amplify-app-push-sandbox-0123456789";

const TEMPLATE: &str = r#"{"Resources":{
  "role":{"Type":"AWS::IAM::Role","Properties":{"AssumeRolePolicyDocument":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}}},
  "sayhellolambdaEFA46D92":{"Type":"AWS::Lambda::Function","Properties":{"Runtime":"nodejs22.x","Handler":"index.handler",
    "Role":{"Fn::GetAtt":["role","Arn"]},"Code":{"ZipFile":"export const handler = async () => 'the deployed code';"},
    "Tags":[{"Key":"amplify:friendly-name","Value":"say-hello"}]}}
}}"#;

fn paths(list: &[&str]) -> Vec<PathBuf> {
    list.iter().map(PathBuf::from).collect()
}

/// A file the handler and the backend definition both import, and one only the handler does.
fn share_code(root: &Path) {
    std::fs::create_dir_all(root.join("amplify/shared")).expect("dir");
    std::fs::write(root.join("amplify/shared/greeting.ts"), "export const greeting = 'Hello';\n").expect("own");
    std::fs::write(root.join("amplify/shared/names.ts"), "export const appName = 'app';\n").expect("both");
    let handler = root.join("amplify/functions/say-hello/handler.ts");
    let text = std::fs::read_to_string(&handler).expect("handler");
    let text = format!(
        "import {{ greeting }} from '../../shared/greeting';\nimport {{ appName }} from '../../shared/names';\n{}",
        text.replace("`Hello, ", "`${greeting} from ${appName}, ")
    );
    std::fs::write(&handler, text).expect("handler");
    let backend = root.join("amplify/backend.ts");
    let text = std::fs::read_to_string(&backend).expect("backend");
    std::fs::write(&backend, format!("import {{ appName }} from './shared/names';\nvoid appName;\n{text}"))
        .expect("backend");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_a_functions_own_code_is_pushed_and_the_push_is_what_lambda_runs() {
    let Some((_dir, root)) = sample::app() else { return };
    let Some(moto) = moto::Moto::start() else { return };
    moto::fake_credentials();
    share_code(&root);

    // Which saves qualify: read from the real bundler's metafiles.
    let map = code_map::map(&root, 1).await;
    assert_eq!(map.push_only(&paths(&["amplify/functions/say-hello/handler.ts"])), Some(vec!["say-hello".to_owned()]));
    assert_eq!(
        map.push_only(&paths(&["amplify/shared/greeting.ts"])),
        Some(vec!["say-hello".to_owned()]),
        "imported by the handler only"
    );
    assert_eq!(map.push_only(&paths(&["amplify/functions/say-hello/resource.ts"])), None, "resource.ts: a deploy");
    assert_eq!(
        map.push_only(&paths(&["amplify/shared/names.ts"])),
        None,
        "imported by the handler and backend.ts: a deploy"
    );
    assert_eq!(map.push_only(&paths(&["amplify/data/resource.ts"])), None, "the data schema: a deploy");

    // The push: the new bundle is the function's code.
    moto.client().create_stack().stack_name(STACK).template_body(TEMPLATE).send().await.expect("stack");
    let lambda = moto::lambda_client(&moto.endpoint());
    let listed = lambda.list_functions().send().await.expect("functions");
    let function_name = listed.functions()[0].function_name().expect("a name").to_owned();
    let before = lambda.get_function().function_name(&function_name).send().await.expect("before");
    let before_sha = before.configuration().and_then(|c| c.code_sha256()).unwrap_or_default().to_owned();
    let connection =
        Connection { profile: None, region: Some("us-east-1".into()), endpoint_url: Some(moto.endpoint()) };
    let uploader = AwsUploader::new(connection);
    let target = PushTarget { name: "say-hello".into(), function_name: function_name.clone() };
    let (outcome, lines) = run_push(&root, &uploader, vec![target]).await;
    assert_eq!(outcome, Outcome::Succeeded, "{lines:#?}");
    assert!(lines.iter().any(|l| l.contains("live in")), "{lines:#?}");
    let after = lambda.get_function_configuration().function_name(&function_name).send().await.expect("after");
    let sha = after.code_sha256().unwrap_or_default();
    assert_ne!(sha, before_sha, "the code changed");
    let zip = push::zip_dir(&root.join(push::pushed_dir("say-hello"))).expect("the pushed bundle zips again");
    assert_eq!(sha, ampdeck::util::base64::encode(&sha2::Sha256::digest(&zip)), "Lambda has exactly that zip");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("a zip");
    let mut code = String::new();
    archive.by_name("index.mjs").expect("index.mjs").read_to_string(&mut code).expect("text");
    assert!(
        code.contains(" from ") && code.contains("internalAmplifyFunctionResolveSsmParams"),
        "the new code, with Amplify's banner"
    );

    // A function that is gone: the push fails and says why.
    let gone = PushTarget { name: "say-hello".into(), function_name: "amplify-app-push-gone".into() };
    let (outcome, lines) = run_push(&root, &uploader, vec![gone]).await;
    let Outcome::Failed { message: Some(why), .. } = outcome else { panic!("{outcome:?}") };
    assert!(why.contains("say-hello") && (why.contains("not found") || why.contains("NotFound")), "{why}\n{lines:#?}");
}

async fn run_push(root: &Path, uploader: &AwsUploader, functions: Vec<PushTarget>) -> (Outcome, Vec<String>) {
    let (sink, mut rx) = Sink::channel(64);
    let task = push::push(root.to_path_buf(), uploader, 1, functions, None, sink);
    tokio::time::timeout(Duration::from_secs(60), task).await.expect("in time");
    let mut lines = Vec::new();
    while let Ok(DeployReport::Deploy(msg)) = rx.try_recv() {
        match msg {
            DeployMsg::Output { line, .. } => lines.push(line.text),
            DeployMsg::Finished { outcome, .. } => return (outcome, lines),
            _ => {}
        }
    }
    panic!("no outcome: {lines:#?}")
}
