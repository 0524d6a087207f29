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
