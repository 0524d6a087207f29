//! The warm deploy driver as shipped (`src/adapters/process/warm/driver.mjs`, run by the machine's
//! Node.js) with a stub in place of Amplify's deployer: the protocol, the type-check gate,
//! failures read like ampx, cancel and crash restart it, it warms up once ready and is replaced
//! while idle when its heap grew, quit leaves nothing behind, and a
//! driver that cannot load says why so the core can fall back to ampx.

use std::path::{Path, PathBuf};
use std::time::Duration;

use ampdeck::adapters::process::group;
use ampdeck::adapters::process::warm::protocol::{Backend, OutputsSpec};
use ampdeck::adapters::process::warm::{DriverConfig, SCRIPT_PATH, WarmDriver};
use ampdeck::app::Event;
use ampdeck::domain::deploy::{DeployMsg, DriverMsg, Outcome};
use ampdeck::ports::{Activity, Sink};
use tokio::sync::mpsc::{self, Receiver};

struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    fn new(mode: &str) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("package.json"), "{\"name\":\"app\"}").expect("package.json");
        let project = Self { dir };
        project.mode(mode);
        project
    }

    fn mode(&self, mode: &str) {
        std::fs::write(self.dir.path().join("stub-mode"), mode).expect("mode");
    }

    fn path(&self) -> PathBuf {
        self.dir.path().to_owned()
    }

    fn driver(&self) -> (WarmDriver, Receiver<Event>) {
        self.driver_with(&[])
    }

    fn driver_with(&self, env: &[(&str, &str)]) -> (WarmDriver, Receiver<Event>) {
        let stub = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/warm/stub-deployer.mjs");
        let mut env: Vec<_> = env.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        env.push(("AMPDECK_DRIVER_STUB".into(), stub.display().to_string()));
        let config = DriverConfig {
            dir: self.path(),
            node: "node".into(),
            env,
            backend: Backend::sandbox("app", "root"),
            outputs: OutputsSpec { dir: ".".into(), version: None },
            grace: Duration::from_millis(300),
        };
        let (tx, rx) = mpsc::channel(1024);
        (WarmDriver::spawn(config, Sink::new(tx), Activity::default()), rx)
    }
}

async fn next(rx: &mut Receiver<Event>) -> Event {
    tokio::time::timeout(Duration::from_secs(20), rx.recv()).await.expect("an event in time").expect("channel open")
}

/// Events until one matches; returns them all, the match last.
async fn until(rx: &mut Receiver<Event>, what: impl Fn(&Event) -> bool) -> Vec<Event> {
    let mut seen = Vec::new();
    loop {
        let event = next(rx).await;
        let done = what(&event);
        seen.push(event);
        if done {
            return seen;
        }
    }
}

fn codes(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Deploy(DeployMsg::Toolkit { message, .. }) => Some(message.code.clone()),
            _ => None,
        })
        .collect()
}

fn finished(id: u64) -> impl Fn(&Event) -> bool {
    move |e| matches!(e, Event::Deploy(DeployMsg::Finished { id: i, .. }) if *i == id)
}

fn outcome(events: &[Event]) -> Outcome {
    match events.last() {
        Some(Event::Deploy(DeployMsg::Finished { outcome, .. })) => outcome.clone(),
        other => panic!("not finished: {other:?}"),
    }
}

async fn ready(rx: &mut Receiver<Event>) -> String {
    match until(rx, |e| matches!(e, Event::Driver(_))).await.pop() {
        Some(Event::Driver(DriverMsg::Ready { versions })) => versions,
        other => panic!("not ready: {other:?}"),
    }
}

#[tokio::test]
async fn deployment_waits_for_the_type_check_then_reports_stack_events() {
    let project = Project::new("ok");
    let (mut driver, mut rx) = project.driver();
    assert!(ready(&mut rx).await.contains("backend-deployer stub-1.0.0"));
    assert!(project.path().join(SCRIPT_PATH).is_file(), "the driver is written to the project's .amplify/");

    driver.deploy(1, true, false);
    let before = until(&mut rx, |e| codes(std::slice::from_ref(e)) == ["TS_STARTED"]).await;
    assert_eq!(codes(&before), ["SYNTH_STARTED", "SYNTH_FINISHED", "TS_STARTED"]);
    // Held at the gate: nothing is deployed while the check runs.
    let held = tokio::time::timeout(Duration::from_millis(500), rx.recv()).await;
    assert!(held.is_err(), "nothing may happen before the verdict: {held:?}");

    driver.release(1, true, String::new());
    let after = until(&mut rx, finished(1)).await;
    assert_eq!(outcome(&after), Outcome::Succeeded);
    assert_eq!(codes(&after), ["CDK_TOOLKIT_I5100", "CDK_TOOLKIT_I5502", "CDK_TOOLKIT_I5502", "CDK_TOOLKIT_I5900"]);
    let progress: Vec<_> = after
        .iter()
        .filter_map(|e| match e {
            Event::Deploy(DeployMsg::Toolkit { message, .. }) => {
                message.event.as_ref().map(|ev| (ev.status.clone(), message.progress))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        progress,
        [("UPDATE_IN_PROGRESS".into(), Some((1, 2))), ("UPDATE_COMPLETE".into(), Some((2, 2)))],
        "stack events arrive parsed, as from the recorded streams"
    );

    // A second deploy on the same, still warm, process; no gate this time.
    driver.deploy(2, false, false);
    assert_eq!(outcome(&until(&mut rx, finished(2)).await), Outcome::Succeeded);
    driver.shutdown();
}

#[tokio::test]
async fn a_hotswap_that_falls_back_says_why_and_express_reaches_the_deployer() {
    let project = Project::new("fallback");
    let (mut driver, mut rx) = project.driver();
    ready(&mut rx).await;
    driver.deploy(1, false, true);
    let events = until(&mut rx, finished(1)).await;
    assert_eq!(outcome(&events), Outcome::Succeeded);
    let messages: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            Event::Deploy(DeployMsg::Toolkit { message, .. }) => Some(message.as_ref().clone()),
            _ => None,
        })
        .collect();
    let asked = || std::fs::read_to_string(project.path().join("stub-express")).expect("the stub was asked");
    assert_eq!(asked(), "true", "the deployer was asked for express");
    let result = messages.iter().find(|m| m.code == "CDK_TOOLKIT_I5410").expect("the hotswap result");
    let attempt = result.hotswap.as_ref().expect("its reasons are forwarded");
    assert!(attempt.fell_back && !attempt.hotswapped);
    assert_eq!(attempt.rejected.len(), 1);
    let rejection = &attempt.rejected[0];
    assert_eq!(
        (rejection.logical_id.as_str(), rejection.resource_type.as_str(), rejection.properties.as_slice()),
        ("sayhelloLambda5A2A8F6A", "AWS::Lambda::Function", ["Timeout".to_owned()].as_slice())
    );
    assert_eq!(rejection.reason, "resource properties 'Timeout' are not hotswappable on this resource type");
    assert!(messages.iter().any(|m| m.message == "Falling back to doing a full deployment"));
    driver.deploy(2, false, false);
    until(&mut rx, finished(2)).await;
    assert_eq!(asked(), "false", "express is per deploy");
    driver.shutdown();
}

#[tokio::test]
async fn type_errors_stop_the_deploy_before_cloudformation() {
    let project = Project::new("ok");
    let (mut driver, mut rx) = project.driver();
    ready(&mut rx).await;
    driver.release(3, false, "TypeScript validation check failed: 2 error(s)".into());
    driver.deploy(3, true, false);
    let events = until(&mut rx, finished(3)).await;
    assert!(!codes(&events).contains(&"CDK_TOOLKIT_I5100".to_owned()), "nothing was deployed: {:?}", codes(&events));
    assert!(
        matches!(outcome(&events), Outcome::Failed { message: Some(m), .. } if m.contains("[SyntaxError] TypeScript validation check failed"))
    );
    // Stopped before the deployment, the assembly's read lock would block every later deploy
    // of this driver (MultipleSandboxInstancesError, seen against the real deployer).
    let locks: Vec<_> = std::fs::read_dir(project.path().join(".amplify/artifacts/cdk.out"))
        .expect("cdk.out")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".lock"))
        .collect();
    assert!(locks.is_empty(), "read locks left behind: {locks:?}");
    driver.deploy(4, false, false);
    assert_eq!(outcome(&until(&mut rx, finished(4)).await), Outcome::Succeeded, "the next deploy goes through");
    driver.shutdown();
}

#[tokio::test]
async fn a_failed_deploy_reads_like_ampx() {
    let project = Project::new("fail");
    let (mut driver, mut rx) = project.driver();
    ready(&mut rx).await;
    driver.deploy(4, false, false);
    let events = until(&mut rx, finished(4)).await;
    let lines: Vec<String> = events
        .iter()
        .filter_map(|e| match e {
            Event::Deploy(DeployMsg::Output { line, .. }) => Some(line.text.clone()),
            _ => None,
        })
        .collect();
    assert!(lines.iter().any(|l| l.starts_with("[ERROR] [UnknownFault] DeployStackFailed")), "{lines:?}");
    assert!(lines.iter().any(|l| l.contains("∟ Caused by: [DeployStackFailed] NoSuchBucket")), "{lines:?}");
    assert!(matches!(outcome(&events), Outcome::Failed { .. }));
    driver.shutdown();
}

#[tokio::test]
async fn cancel_ends_the_driver_and_a_fresh_one_starts() {
    let project = Project::new("hang");
    let (mut driver, mut rx) = project.driver();
    ready(&mut rx).await;
    let first = driver.pgid().expect("running");
    driver.deploy(5, false, false);
    until(&mut rx, |e| matches!(e, Event::Deploy(DeployMsg::Output { line, .. }) if line.text.contains("hanging")))
        .await;
    driver.cancel();
    assert_eq!(outcome(&until(&mut rx, finished(5)).await), Outcome::Cancelled);
    ready(&mut rx).await;
    assert!(!group::alive(first), "the cancelled driver's process group is gone");
    assert_ne!(driver.pgid(), Some(first));

    project.mode("ok");
    driver.deploy(6, false, false);
    assert_eq!(outcome(&until(&mut rx, finished(6)).await), Outcome::Succeeded, "the fresh driver deploys");
    driver.shutdown();
}

#[tokio::test]
async fn once_ready_it_synthesizes_once_and_says_nothing_of_it() {
    let project = Project::new("ok");
    let (mut driver, mut rx) = project.driver();
    ready(&mut rx).await;
    let synths = || std::fs::read_to_string(project.path().join("stub-synths")).unwrap_or_default();
    for _ in 0..100 {
        if !synths().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(synths(), "app-root\n", "the warm-up synthesis, for the backend deployed");
    let quiet = tokio::time::timeout(Duration::from_millis(300), rx.recv()).await;
    assert!(quiet.is_err(), "the warm-up is not a deploy: {quiet:?}");
    driver.deploy(1, false, false);
    assert_eq!(outcome(&until(&mut rx, finished(1)).await), Outcome::Succeeded);
    driver.deploy(2, false, false);
    assert_eq!(outcome(&until(&mut rx, finished(2)).await), Outcome::Succeeded);
    assert_eq!(synths(), "app-root\n", "deploys synthesize themselves: no second warm-up");
    driver.shutdown();
}

#[tokio::test]
async fn a_driver_whose_heap_grew_is_replaced_while_idle_and_the_next_deploy_runs_on_the_new_one() {
    let project = Project::new("ok");
    // Any heap at all counts as grown: replaced after every deploy.
    let (mut driver, mut rx) = project.driver_with(&[("AMPDECK_DRIVER_RECYCLE_MB", "-1000")]);
    ready(&mut rx).await;
    let first = driver.pgid().expect("running");
    driver.deploy(1, true, false);
    driver.release(1, true, String::new());
    assert_eq!(outcome(&until(&mut rx, finished(1)).await), Outcome::Succeeded);
    match next(&mut rx).await {
        Event::Driver(DriverMsg::Renewed { reason }) => assert!(reason.contains("over 1 deploys"), "{reason}"),
        other => panic!("expected the renewal, got {other:?}"),
    }
    ready(&mut rx).await;
    assert!(!group::alive(first), "the old driver is gone");
    assert!(driver.usable(), "a renewal is not a crash");
    driver.deploy(2, false, false);
    assert_eq!(outcome(&until(&mut rx, finished(2)).await), Outcome::Succeeded, "the new driver deploys");
    driver.shutdown();
}

#[tokio::test]
async fn a_driver_killed_mid_deploy_fails_it_naming_the_signal_and_what_to_do() {
    let project = Project::new("hang");
    let (mut driver, mut rx) = project.driver();
    ready(&mut rx).await;
    driver.deploy(3, false, false);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let pgid = driver.pgid().expect("running");
    nix::sys::signal::kill(nix::unistd::Pid::from_raw(pgid), nix::sys::signal::Signal::SIGKILL).expect("kill");
    let events = until(&mut rx, finished(3)).await;
    let Outcome::Failed { message: Some(message), .. } = outcome(&events) else { panic!("{:?}", outcome(&events)) };
    assert!(message.contains("killed by SIGKILL") && message.contains("press d to deploy again"), "{message}");
    // Its last stderr line was about something else: a killed process said nothing of why.
    assert!(!message.contains("hanging"), "{message}");
    match next(&mut rx).await {
        Event::Driver(DriverMsg::Crashed { reason }) => assert_eq!(reason, "killed by SIGKILL"),
        other => panic!("expected the crash notice, got {other:?}"),
    }
    ready(&mut rx).await;
    driver.shutdown();
}

#[tokio::test]
async fn a_crash_fails_the_deploy_shows_why_and_restarts() {
    let project = Project::new("crash");
    let (mut driver, mut rx) = project.driver();
    ready(&mut rx).await;
    driver.deploy(7, false, false);
    let events = until(&mut rx, finished(7)).await;
    assert!(
        matches!(outcome(&events), Outcome::Failed { message: Some(m), .. } if m.contains("exit code 9") && m.contains("about to crash")),
        "{:?}",
        outcome(&events)
    );
    match next(&mut rx).await {
        Event::Driver(DriverMsg::Crashed { reason }) => assert!(reason.contains("exit code 9"), "{reason}"),
        other => panic!("expected the crash notice, got {other:?}"),
    }
    ready(&mut rx).await;
    assert!(driver.usable());
    driver.shutdown();
}

#[tokio::test]
async fn a_driver_that_cannot_load_hands_its_deploy_back() {
    let project = Project::new("refuse");
    let (mut driver, mut rx) = project.driver();
    driver.deploy(8, false, false);
    match until(&mut rx, |e| matches!(e, Event::Driver(_))).await.pop() {
        Some(Event::Driver(DriverMsg::Unavailable { reason, retry })) => {
            assert!(reason.contains("Cannot find package @aws-amplify/backend-deployer"), "{reason}");
            assert_eq!(retry, Some(8), "the deploy it took goes to ampx instead");
        }
        other => panic!("expected unavailable, got {other:?}"),
    }
    assert!(!driver.usable());
    driver.shutdown();
}

#[tokio::test]
async fn quit_leaves_no_process_behind() {
    let project = Project::new("hang");
    let (mut driver, mut rx) = project.driver();
    ready(&mut rx).await;
    driver.deploy(9, false, false);
    until(&mut rx, |e| matches!(e, Event::Deploy(DeployMsg::Output { line, .. }) if line.text.contains("hanging")))
        .await;
    let pgid = driver.pgid().expect("running");
    driver.shutdown();
    // Killed at once; the runtime reaps the zombie soon after.
    let deadline = std::time::Instant::now() + Duration::from_secs(3);
    while group::alive(pgid) && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(!group::alive(pgid), "quit ends the driver mid-deploy");
}
