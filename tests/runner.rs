//! The deploy runner with real child processes: output and phases reach the core, errors
//! keep their cause chain, cancel escalates to the whole process group, nothing survives.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ampdeck::adapters::process::runner::{ProcessRunner, RunnerConfig};
use ampdeck::app::state::{Context, OutputKind};
use ampdeck::app::testkit::update;
use ampdeck::app::testkit::{TestState, ch};
use ampdeck::app::{Event, State};
use ampdeck::domain::deploy::{DeployMsg, Outcome, Phase};
use ampdeck::ports::{Activity, Sink};
use tokio::sync::mpsc;

fn script(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fake-deploy").join(name).display().to_string()
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ampx").join(name).display().to_string()
}

fn config(command: String, dir: &Path, grace_ms: u64) -> RunnerConfig {
    RunnerConfig {
        command,
        dir: dir.to_owned(),
        env: vec![("AMPDECK_TEST".into(), "1".into())],
        grace: Duration::from_millis(grace_ms),
        delete_command: "echo deleting".into(),
        branch_command: "echo pipeline-deploy {branch} {app_id}".into(),
        delete_other_command: "echo delete {identifier}".into(),
        seed_command: "echo seeding".into(),
    }
}

fn runner(command: String, grace_ms: u64) -> ProcessRunner {
    ProcessRunner::new(config(command, &std::env::temp_dir(), grace_ms), Activity::default())
}

fn state() -> State {
    let ctx = Context {
        environment: "sandbox test".into(),
        stack_name: "s".into(),
        connection: "test".into(),
        workspace: PathBuf::from("/tmp"),
        demo: false,
        ..TestState::default().ctx
    };
    let mut s = TestState { ctx, now_ms: 0, ..TestState::default() }.build();
    update(&mut s, ch('d'));
    s
}

/// Feeds every event of deploy #1 into a state until it finishes; returns the outcome.
async fn run_to_end(rx: &mut mpsc::Receiver<Event>, s: &mut State, timeout: Duration) -> Outcome {
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        let event =
            tokio::time::timeout_at(deadline, rx.recv()).await.expect("deploy finished in time").expect("channel open");
        let done = match &event {
            Event::Deploy(DeployMsg::Finished { outcome, .. }) => Some(outcome.clone()),
            _ => None,
        };
        update(s, event);
        if let Some(outcome) = done {
            return outcome;
        }
    }
}

fn pid_alive(pid: i32) -> bool {
    // A zombie is dead for our purpose; /proc shows its state.
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| !s.contains(") Z "))
}

fn pids(file: &Path) -> Vec<i32> {
    std::fs::read_to_string(file).unwrap_or_default().lines().filter_map(|l| l.trim().parse().ok()).collect()
}

async fn wait_for_pids(file: &Path, n: usize) -> Vec<i32> {
    let start = Instant::now();
    loop {
        let found = pids(file);
        if found.len() >= n {
            return found;
        }
        assert!(start.elapsed() < Duration::from_secs(5), "grandchildren did not start");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_failing_ampx_run_shows_phases_error_chain_and_exit_code() {
    let (tx, mut rx) = mpsc::channel(1024);
    let mut r =
        runner(format!("{} {} 13 0.005", script("replay.sh"), fixture("sandbox-once-asset-publish-failed.txt")), 500);
    let mut s = state();
    r.start(1, &ampdeck::domain::deploy::DeployAction::Sandbox { recreate: false }, false, Sink::new(tx));
    let outcome = run_to_end(&mut rx, &mut s, Duration::from_secs(20)).await;
    assert_eq!(outcome, Outcome::Failed { exit_code: Some(13), message: None });
    let run = s.deploy.current.as_ref().expect("run");
    assert_eq!(run.phase, Phase::PublishingAssets);
    let error = &run.errors[0];
    assert_eq!((error.name.as_str(), error.causes.len()), ("CDKAssetPublishError", 2));
    assert!(run.failure_reason().is_some_and(|r| r.contains("Failed to publish asset")), "{:?}", run.failure_reason());
    assert!(run.output.iter().any(|l| l.kind == OutputKind::Success && l.text.contains("Type checks completed")));
    assert!(!s.deploy.running());
}

#[tokio::test]
async fn a_successful_run_succeeds_and_keeps_every_line() {
    let (tx, mut rx) = mpsc::channel(1024);
    let mut r = runner(format!("{} {} 0 0.001", script("replay.sh"), fixture("sandbox-once-deploy-failed.txt")), 500);
    let mut s = state();
    r.start(1, &ampdeck::domain::deploy::DeployAction::Sandbox { recreate: false }, false, Sink::new(tx));
    assert_eq!(run_to_end(&mut rx, &mut s, Duration::from_secs(20)).await, Outcome::Succeeded);
    let expected = std::fs::read_to_string(fixture("sandbox-once-deploy-failed.txt")).expect("fixture");
    let non_blank = expected.lines().filter(|l| !l.trim().is_empty()).count();
    // Every line the command printed, then ampdeck's own: the stack is read once more.
    assert_eq!(s.deploy.current.as_ref().map(|r| r.output.len()), Some(non_blank + 1));
}

#[tokio::test]
async fn colours_become_styles_and_hostile_escapes_vanish() {
    let (tx, mut rx) = mpsc::channel(1024);
    let mut r = runner(script("colours.sh"), 500);
    let mut s = state();
    r.start(1, &ampdeck::domain::deploy::DeployAction::Sandbox { recreate: false }, false, Sink::new(tx));
    run_to_end(&mut rx, &mut s, Duration::from_secs(10)).await;
    let run = s.deploy.current.as_ref().expect("run");
    let texts: Vec<&str> = run.output.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts[1], "Publishing 100%");
    assert_eq!(texts[2], "title attempt");
    assert!(!run.output[0].styles.is_empty(), "the green tick keeps its colour");
    assert!(texts.iter().all(|t| !t.contains('\u{1b}') && !t.contains('\u{7}')));
    assert_eq!(run.errors[0].causes, vec!["[Inner] the real reason".to_owned()]);
}

#[tokio::test]
async fn cancel_escalates_to_sigterm_for_a_child_that_ignores_sigint() {
    let (tx, mut rx) = mpsc::channel(1024);
    let mut r = runner(script("stubborn.sh"), 300);
    let mut s = state();
    r.start(1, &ampdeck::domain::deploy::DeployAction::Sandbox { recreate: false }, false, Sink::new(tx));
    tokio::time::sleep(Duration::from_millis(200)).await;
    let asked = Instant::now();
    r.cancel();
    assert_eq!(run_to_end(&mut rx, &mut s, Duration::from_secs(10)).await, Outcome::Cancelled);
    let took = asked.elapsed();
    assert!(took >= Duration::from_millis(250) && took < Duration::from_secs(3), "{took:?}");
}

#[tokio::test]
async fn cancel_kills_grandchildren_even_those_ignoring_sigterm() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("pids");
    let (tx, mut rx) = mpsc::channel(1024);
    let mut r = runner(format!("{} {}", script("grandchildren.sh"), file.display()), 200);
    let mut s = state();
    r.start(1, &ampdeck::domain::deploy::DeployAction::Sandbox { recreate: false }, false, Sink::new(tx));
    let grandchildren = wait_for_pids(&file, 2).await;
    assert!(grandchildren.iter().all(|&p| pid_alive(p)));
    r.cancel();
    assert_eq!(run_to_end(&mut rx, &mut s, Duration::from_secs(10)).await, Outcome::Cancelled);
    tokio::time::sleep(Duration::from_millis(100)).await;
    for pid in grandchildren {
        assert!(!pid_alive(pid), "grandchild {pid} survived the cancel");
    }
}

#[tokio::test]
async fn shutdown_ends_the_whole_group_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("pids");
    let (tx, _rx) = mpsc::channel::<Event>(1024);
    let mut r = runner(format!("{} {}", script("grandchildren.sh"), file.display()), 5_000);
    r.start(1, &ampdeck::domain::deploy::DeployAction::Sandbox { recreate: false }, false, Sink::new(tx));
    let grandchildren = wait_for_pids(&file, 2).await;
    let started = Instant::now();
    r.shutdown();
    assert!(started.elapsed() < Duration::from_secs(2));
    tokio::time::sleep(Duration::from_millis(100)).await;
    for pid in grandchildren {
        assert!(!pid_alive(pid), "grandchild {pid} survived shutdown");
    }
}

#[tokio::test]
async fn a_missing_command_fails_with_a_reason() {
    let (tx, mut rx) = mpsc::channel(1024);
    let mut r = runner("definitely-not-a-command-xyz".into(), 100);
    let mut s = state();
    r.start(1, &ampdeck::domain::deploy::DeployAction::Sandbox { recreate: false }, false, Sink::new(tx));
    let outcome = run_to_end(&mut rx, &mut s, Duration::from_secs(10)).await;
    assert_eq!(outcome, Outcome::Failed { exit_code: Some(127), message: None });
    assert!(s.deploy.current.as_ref().is_some_and(|r| r.output.iter().any(|l| l.text.contains("not found"))));
}

#[tokio::test]
async fn recreate_runs_the_delete_command_first() {
    let (tx, mut rx) = mpsc::channel(1024);
    let mut r = runner("echo deploying".into(), 100);
    let mut s = state();
    r.start(1, &ampdeck::domain::deploy::DeployAction::Sandbox { recreate: true }, false, Sink::new(tx));
    assert_eq!(run_to_end(&mut rx, &mut s, Duration::from_secs(10)).await, Outcome::Succeeded);
    let texts: Vec<String> =
        s.deploy.current.as_ref().map(|r| r.output.iter().map(|l| l.text.clone()).collect()).unwrap_or_default();
    assert_eq!(texts[..2], ["deleting".to_owned(), "deploying".to_owned()]);
    assert!(texts[2].contains("reading the stack's status"), "{texts:?}");
}

#[test]
fn actions_render_their_commands_with_quoting() {
    use ampdeck::domain::deploy::DeployAction;
    let config = RunnerConfig {
        command: "npx ampx sandbox --once".into(),
        dir: std::env::temp_dir(),
        env: vec![],
        grace: Duration::from_secs(1),
        delete_command: "npx ampx sandbox delete --yes".into(),
        branch_command: "npx ampx pipeline-deploy --branch {branch} --app-id {app_id}".into(),
        delete_other_command: "npx ampx sandbox delete --yes --identifier {identifier}".into(),
        seed_command: "npx ampx sandbox seed".into(),
    };
    assert_eq!(config.script(&DeployAction::Seed, false), "npx ampx sandbox seed");
    let branch = DeployAction::Branch { stack: "s".into(), branch: "feature/it's".into(), app_id: "d1app".into() };
    assert_eq!(config.script(&branch, false), "npx ampx pipeline-deploy --branch 'feature/it'\\''s' --app-id d1app");
    let other = DeployAction::DeleteSandbox { stack: "s".into(), identifier: "alice".into(), own: false };
    assert_eq!(config.script(&other, false), "npx ampx sandbox delete --yes --identifier alice");
    assert_eq!(
        config.script(&DeployAction::Sandbox { recreate: true }, false),
        "npx ampx sandbox delete --yes && npx ampx sandbox --once"
    );
    // Express mode is for deploying a sandbox: ampx's delete and seed have no such flag.
    assert_eq!(
        config.script(&DeployAction::Sandbox { recreate: true }, true),
        "npx ampx sandbox delete --yes && npx ampx sandbox --once --express"
    );
    assert_eq!(config.script(&DeployAction::Seed, true), "npx ampx sandbox seed");
    assert_eq!(config.script(&branch, true), "npx ampx pipeline-deploy --branch 'feature/it'\\''s' --app-id d1app");
}

fn ampx_runner(dir: &Path) -> ProcessRunner {
    ProcessRunner::new(config("npx ampx sandbox --once".into(), dir, 500), Activity::default())
}

#[tokio::test]
async fn without_the_projects_ampx_nothing_is_fetched_and_the_pane_says_to_run_npm_install() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (tx, mut rx) = mpsc::channel(1024);
    let mut s = state();
    ampx_runner(dir.path()).start(
        1,
        &ampdeck::domain::deploy::DeployAction::Sandbox { recreate: false },
        false,
        Sink::new(tx),
    );
    let outcome = run_to_end(&mut rx, &mut s, Duration::from_secs(5)).await;
    assert!(matches!(outcome, Outcome::Failed { exit_code: None, .. }), "{outcome:?}");
    let run = s.deploy.current.as_ref().expect("run");
    let reason = run.failure_reason().unwrap_or_default();
    assert!(reason.contains("ampx is not installed in") && reason.contains("node_modules/.bin/ampx"), "{reason}");
    assert!(run.output.iter().any(|l| l.text.contains("Run `npm install` there")), "{:?}", run.output);
}

#[tokio::test]
async fn an_ampx_installed_above_the_app_folder_is_the_one_npx_runs() {
    // A monorepo: the workspace root holds node_modules, the app is a folder below it.
    let root = tempfile::tempdir().expect("tempdir");
    let bin = root.path().join("node_modules/.bin");
    std::fs::create_dir_all(&bin).expect("bin");
    std::fs::write(bin.join("ampx"), "#!/bin/sh\necho \"workspace ampx $*\"\n").expect("ampx");
    std::fs::set_permissions(bin.join("ampx"), std::os::unix::fs::PermissionsExt::from_mode(0o755)).expect("chmod");
    std::fs::write(root.path().join("package.json"), r#"{"name":"mono","workspaces":["apps/*"]}"#)
        .expect("package.json");
    let app = root.path().join("apps/web");
    std::fs::create_dir_all(&app).expect("app");
    std::fs::write(app.join("package.json"), r#"{"name":"web"}"#).expect("package.json");
    let (tx, mut rx) = mpsc::channel(1024);
    let mut s = state();
    ampx_runner(&app).start(
        1,
        &ampdeck::domain::deploy::DeployAction::Sandbox { recreate: false },
        false,
        Sink::new(tx),
    );
    let outcome = run_to_end(&mut rx, &mut s, Duration::from_secs(60)).await;
    let run = s.deploy.current.as_ref().expect("run");
    let texts: Vec<&str> = run.output.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(outcome, Outcome::Succeeded, "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("workspace ampx sandbox --once")), "{texts:?}");
}
