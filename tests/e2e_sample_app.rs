//! The sample Amplify app with its real npm dependencies, against the emulator: ampdeck's warm
//! driver runs Amplify's own deployer up to the CloudFormation call and shows the emulator's
//! real failure; the project's own TypeScript compiler finds a type error written into
//! handler.ts, the Workspace pane shows it and the deploy stops before CloudFormation.
//!
//! Behind a flag, since it needs `npm install` of the app (about a minute):
//! `AMPDECK_SAMPLE_APP=$(scripts/sample-app) scripts/test` or, with moto set up as
//! scripts/test does, `cargo nextest run --test e2e_sample_app`.

mod moto;
mod pty;
mod sample;

use std::time::Duration;

use pty::Session;

#[test]
fn the_real_deployer_reaches_cloudformation_and_a_type_error_blocks_the_next_deploy() {
    let Some((_keep, root)) = sample::app() else { return };
    let Some(moto) = moto::Moto::start() else { return };
    moto.bootstrap_cdk();
    let endpoint = moto.endpoint();
    let dir = root.to_string_lossy().into_owned();
    let mut s = Session::start_env(
        &["--dir", &dir, "--identifier", "root", "--no-deploy-on-start"],
        &[("AWS_ENDPOINT_URL", &endpoint)],
    );
    s.wait_for(" warm ", Duration::from_secs(60));
    s.wait_for("types: ✓ no errors", Duration::from_secs(60));

    s.keys("d");
    let screen = s.wait_for("[ERROR] [", Duration::from_secs(180));
    // The deployer's last words before its CreateStack call.
    assert!(screen.contains("creating stack..."), "the deploy reached CloudFormation:\n{screen}");
    assert!(screen.contains("NoSuchBucket") || screen.contains("failed"), "the emulator's failure shows:\n{screen}");
    same_bytes_as_the_synthesis(&root);

    let handler = root.join("amplify/functions/say-hello/handler.ts");
    let original = std::fs::read_to_string(&handler).expect("handler");
    std::fs::write(&handler, original.replace("return `Hello", "const n: number = 'nope';\n  return `Hello"))
        .expect("write");
    let screen = s.wait_for("handler.ts:5:9", Duration::from_secs(30));
    assert!(screen.contains("TS2322"), "{screen}");
    let screen = s.wait_for("TypeScript validation check failed", Duration::from_secs(120));
    assert!(!screen.contains("creating stack..."), "the blocked deploy never reached CloudFormation:\n{screen}");
    // The warm checker answers before the deployer reaches its check: the deploy ends there.
    let screen = s.wait_for("#2 ✖ failed", Duration::from_secs(60));
    assert!(screen.contains("(warm)"), "the warm checker answered:\n{screen}");

    s.keys("q");
    s.wait_exit(Duration::from_secs(15));
    s.assert_restored();
    // Quitting ends the warm checker and the compiler it runs.
    let script = root.join(".amplify/ampdeck-checker.mjs").display().to_string();
    let left = std::process::Command::new("pgrep").args(["-f", &script]).output().expect("pgrep");
    assert!(left.stdout.is_empty(), "left running: {}", String::from_utf8_lossy(&left.stdout));
}

/// A code push bundles the function as the synthesis just did: the same bytes as its asset.
fn same_bytes_as_the_synthesis(root: &std::path::Path) {
    use ampdeck::adapters::local::{bundle, push};
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let defs = bundle::definitions(root);
    let def = defs.iter().find(|d| d.name == "say-hello").expect("say-hello is defined");
    let out = push::pushed_dir(&def.name);
    runtime.block_on(bundle::bundle_into(root, def, 22, &out)).expect("bundled");
    assert_eq!(
        push::compare_with_synthesis(root, "say-hello"),
        push::Comparison::Same,
        "the pushed bundle is the asset, byte for byte"
    );
    assert!(root.join(&out).join("index.mjs").is_file());
}

/// The sample app's `say-hello` as deployed: tagged as Amplify tags it, its secret configured.
const DEPLOYED: &str = r#"{"Resources":{
  "sayhellolambdaServiceRole":{"Type":"AWS::IAM::Role","Properties":{"AssumeRolePolicyDocument":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}}},
  "sayhellolambdaEFA46D92":{"Type":"AWS::Lambda::Function","Properties":{"Runtime":"nodejs22.x","Handler":"index.handler","Timeout":3,"MemorySize":512,
    "Role":{"Fn::GetAtt":["sayhellolambdaServiceRole","Arn"]},"Code":{"ZipFile":"export const handler = async () => 'the deployed code';"},
    "Tags":[{"Key":"amplify:friendly-name","Value":"say-hello"}],
    "Environment":{"Variables":{"WEATHER_API_KEY":"<value will be resolved during runtime>",
      "AMPLIFY_SSM_ENV_CONFIG":"{\"WEATHER_API_KEY\":{\"path\":\"/amplify/app/root-sandbox/WEATHER_API_KEY\",\"sharedPath\":\"/amplify/shared/app/WEATHER_API_KEY\"}}"}}}}
}}"#;

/// `say-hello` deployed as `stack` in the emulator, its secret set.
fn deploy_say_hello(runtime: &tokio::runtime::Runtime, moto: &moto::Moto, stack: &str) {
    runtime.block_on(async {
        moto::fake_credentials();
        moto.client().create_stack().stack_name(stack).template_body(DEPLOYED).send().await.expect("stack");
        let ssm = moto::ssm_client(&moto.endpoint());
        let secret = ssm.put_parameter().name("/amplify/app/root-sandbox/WEATHER_API_KEY").value("k");
        secret.r#type("SecureString".into()).send().await.expect("secret");
    });
}

#[test]
fn a_handler_runs_here_from_the_invoke_pane_and_again_on_each_save_without_a_deploy() {
    let Some((_keep, root)) = sample::app() else { return };
    let Some(moto) = moto::Moto::start() else { return };
    let endpoint = moto.endpoint();
    let stack = "amplify-app-root-sandbox-1496b9051c";
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    deploy_say_hello(&runtime, &moto, stack);
    let dir = root.to_string_lossy().into_owned();
    let mut s = Session::start_env(
        &["--dir", &dir, "--stack", stack, "--no-deploy-on-start", "--no-auto-deploy"],
        &[("AWS_ENDPOINT_URL", &endpoint)],
    );
    s.wait_for("types: ✓", Duration::from_secs(60));
    s.keys(":");
    s.wait_for("Go to", Duration::from_secs(5));
    s.keys("invoke\r");
    s.wait_for("say-hello", Duration::from_secs(30));
    s.keys("\r");
    s.wait_for("hello.json", Duration::from_secs(10));
    s.keys("h");
    let screen = s.wait_for("\"Hello, Amplify!\"", Duration::from_secs(60));
    assert!(screen.contains("hello (local)") && screen.contains("ran here"), "{screen}");
    assert!(screen.contains("the deployed function's settings"), "{screen}");

    // Again on each save: the handler's new answer, with no deploy.
    s.keys("f");
    s.wait_for("runs hello here again", Duration::from_secs(5));
    let handler = root.join("amplify/functions/say-hello/handler.ts");
    let original = std::fs::read_to_string(&handler).expect("handler");
    std::fs::write(&handler, original.replace("`Hello, ", "`Howdy, ")).expect("write");
    let screen = s.wait_for("\"Howdy, Amplify!\"", Duration::from_secs(30));
    assert!(screen.contains("no deploy yet"), "nothing was deployed:\n{screen}");

    s.keys("q");
    s.wait_exit(Duration::from_secs(15));
    s.assert_restored();
}

/// A handler save in your own sandbox goes live as a code push through the real binary: the
/// Deploy pane says so and Lambda has new code; a `resource.ts` save deploys the normal way.
#[test]
fn a_handler_save_is_pushed_live_and_a_resource_save_deploys() {
    let Some((_keep, root)) = sample::app() else { return };
    let Some(moto) = moto::Moto::start() else { return };
    let endpoint = moto.endpoint();
    let stack = "amplify-app-root-sandbox-1496b9051c";
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let lambda = moto::lambda_client(&endpoint);
    let sha = |lambda: &aws_sdk_lambda::Client| {
        runtime.block_on(async {
            let functions = lambda.list_functions().send().await.expect("functions");
            functions.functions().iter().find_map(|f| f.code_sha256().map(str::to_owned)).unwrap_or_default()
        })
    };
    deploy_say_hello(&runtime, &moto, stack);
    let before = sha(&lambda);
    let dir = root.to_string_lossy().into_owned();
    let mut s = Session::start_env(
        &["--dir", &dir, "--identifier", "root", "--no-deploy-on-start"],
        &[("AWS_ENDPOINT_URL", &endpoint)],
    );
    s.wait_for("types: ✓", Duration::from_secs(60));
    s.wait_for("sayhellolambda", Duration::from_secs(30));
    let handler = root.join("amplify/functions/say-hello/handler.ts");
    let original = std::fs::read_to_string(&handler).expect("handler");
    std::fs::write(&handler, original.replace("`Hello, ", "`Howdy, ")).expect("write");
    let screen = s.wait_for("✔ pushed (code push)", Duration::from_secs(30));
    assert!(screen.contains("no synthesis"), "{screen}");
    assert_ne!(sha(&lambda), before, "Lambda has the pushed code");

    let resource = root.join("amplify/functions/say-hello/resource.ts");
    let text = std::fs::read_to_string(&resource).expect("resource");
    std::fs::write(&resource, format!("{text}// a comment\n")).expect("write");
    s.wait_for("#2", Duration::from_secs(30));
    let screen = s.wait_gone("● ", Duration::from_secs(180));
    assert!(!screen.contains("#2 ✔ pushed"), "a resource.ts save is a deploy:\n{screen}");
    s.keys("q");
    s.wait_exit(Duration::from_secs(15));
    s.assert_restored();
}
