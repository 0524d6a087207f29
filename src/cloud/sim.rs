//! The simulated cloud behind `--demo` (and tests): it replays the recorded real deployment
//! streams in `assets/cdk-deploy-events/` with their real timing scaled down, produces Lambda
//! log traffic after deploys, and lists a few environments.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::mpsc::Sender;
use tokio::task::JoinHandle;
use tokio::time::{Instant, sleep_until};

use super::{Cloud, DeployRequest, EnvKind, Environment, LogEvent};
use crate::amplify::toolkit::ToolkitMessage;
use crate::app::{DeployMsg, Event, Outcome};
use crate::timefmt::now_epoch_ms;

/// The stack name the recordings were made with; replays swap in the demo's own.
const RECORDED_STACK: &str = "amplify-sampleprojectapp-user-sandbox-0e1752a889";
const RECORDED_HOTSWAP_STACK: &str = "amplify-project-user-sandbox-0e1752a889";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    NewDeployment,
    Update,
    AddFunctionStorage,
    Hotswap,
    FailedAuth,
    NoChanges,
    Destroy,
}

impl Scenario {
    fn stream(self) -> &'static str {
        match self {
            Self::NewDeployment => {
                include_str!("../../assets/cdk-deploy-events/new_deployment.jsonl")
            }
            Self::Update => {
                include_str!("../../assets/cdk-deploy-events/update_amplify_outputs.jsonl")
            }
            Self::AddFunctionStorage => {
                include_str!("../../assets/cdk-deploy-events/add_function_storage.jsonl")
            }
            Self::Hotswap => {
                include_str!("../../assets/cdk-deploy-events/hotswap_lambda_data_resources.jsonl")
            }
            Self::FailedAuth => include_str!("../../assets/cdk-deploy-events/failed_auth.jsonl"),
            Self::NoChanges => include_str!("../../assets/cdk-deploy-events/noop.jsonl"),
            Self::Destroy => include_str!("../../assets/cdk-deploy-events/destroy.jsonl"),
        }
    }

    /// How long the stack-event part of the replay takes at speed 1.
    fn event_time(self) -> Duration {
        match self {
            Self::NewDeployment => Duration::from_secs(12),
            Self::AddFunctionStorage => Duration::from_secs(9),
            _ => Duration::from_secs(6),
        }
    }

    /// What a deploy of these changed files would do, the way ampx decides it: function code
    /// alone hotswaps; resource definitions update the stacks.
    pub fn for_changes(changed: &[PathBuf], deployed: bool) -> Self {
        let is = |p: &Path, suffix: &str| p.to_string_lossy().replace('\\', "/").ends_with(suffix);
        if !deployed {
            Self::NewDeployment
        } else if changed.is_empty() {
            Self::NoChanges
        } else if changed.iter().any(|p| is(p, "auth/resource.ts")) {
            Self::FailedAuth
        } else if changed.iter().any(|p| is(p, "backend.ts") || is(p, "storage/resource.ts")) {
            Self::AddFunctionStorage
        } else if changed.iter().all(|p| p.components().any(|c| c.as_os_str() == "functions") && !is(p, "resource.ts"))
        {
            Self::Hotswap
        } else {
            Self::Update
        }
    }
}

/// A replay: each message with the time it is due after the start.
pub struct Timeline {
    pub messages: Vec<(Duration, ToolkitMessage)>,
    /// Distinct resources the stream touches.
    pub planned: usize,
    pub final_root_status: Option<String>,
}

impl Timeline {
    pub fn build(scenario: Scenario, stack_name: &str, speed: f64) -> Self {
        let text = scenario.stream().replace(RECORDED_STACK, stack_name).replace(RECORDED_HOTSWAP_STACK, stack_name);
        let parsed: Vec<ToolkitMessage> =
            text.lines().filter_map(|l| ToolkitMessage::parse(l).ok()).filter(|m| !m.is_noise()).collect();
        let times: Vec<i64> = parsed.iter().filter_map(|m| Some(m.event.as_ref()?.timestamp_ms)).collect();
        let span = times.last().zip(times.first()).map_or(0, |(l, f)| l - f).max(1);
        let scale = scenario.event_time().as_secs_f64() / span as f64;
        let speed = speed.max(0.01);
        let mut at = Duration::ZERO;
        let mut prev_event: Option<i64> = None;
        let mut planned = std::collections::HashSet::new();
        let mut final_root_status = None;
        let mut messages = Vec::with_capacity(parsed.len());
        for message in parsed {
            let gap = match (&message.event, prev_event) {
                (Some(ev), Some(prev)) => Duration::from_secs_f64((ev.timestamp_ms - prev).max(0) as f64 * scale),
                _ => gap_after(&message.code),
            };
            at += gap.div_f64(speed);
            if let Some(ev) = &message.event {
                prev_event = Some(ev.timestamp_ms);
                if ev.is_stack_self() {
                    if ev.stack_name == stack_name {
                        final_root_status = Some(ev.status.clone());
                    }
                } else {
                    planned.insert((ev.stack_id.clone(), ev.logical_id.clone()));
                }
            }
            messages.push((at, message));
        }
        Self { messages, planned: planned.len(), final_root_status }
    }

    /// `next` played after this one.
    pub fn then(mut self, next: Timeline) -> Timeline {
        let offset = self.messages.last().map(|(at, _)| *at).unwrap_or_default();
        self.messages.extend(next.messages.into_iter().map(|(at, m)| (offset + at, m)));
        Timeline {
            messages: self.messages,
            planned: self.planned + next.planned,
            final_root_status: next.final_root_status,
        }
    }

    pub fn failed(&self) -> bool {
        self.final_root_status.as_deref().is_some_and(|s| s.contains("ROLLBACK") || s.ends_with("_FAILED"))
    }
}

/// Pauses before messages without timestamps, shaped like a warm ampx run.
fn gap_after(code: &str) -> Duration {
    Duration::from_millis(match code {
        "SYNTH_FINISHED" => 1_200,
        "TS_FINISHED" => 1_500,
        "CDK_TOOLKIT_I5402" => 120,
        "CDK_TOOLKIT_I5403" => 300,
        "CDK_TOOLKIT_I5210" | "CDK_TOOLKIT_I5221" | "CDK_TOOLKIT_I5100" => 300,
        _ => 60,
    })
}

#[derive(Debug, Default)]
struct Deployed {
    status: String,
    updated_ms: i64,
}

pub struct SimCloud {
    stack_name: String,
    identifier: String,
    speed: f64,
    deployed: Arc<Mutex<Deployed>>,
    tx: Option<Sender<Event>>,
    deploy_task: Option<(u64, JoinHandle<()>)>,
    logs_task: Option<JoinHandle<()>>,
}

impl SimCloud {
    /// `speed` divides every delay: 1.0 is the demo's pace, tests go faster.
    pub fn new(stack_name: String, identifier: String, speed: f64) -> Self {
        Self { stack_name, identifier, speed, deployed: Arc::default(), tx: None, deploy_task: None, logs_task: None }
    }

    fn environments(&self) -> Vec<Environment> {
        environments(&self.identifier, &self.stack_name, &self.deployed)
    }
}

fn environments(identifier: &str, stack_name: &str, deployed: &Mutex<Deployed>) -> Vec<Environment> {
    let now = now_epoch_ms();
    let (status, updated_ms) = deployed.lock().map(|d| (d.status.clone(), d.updated_ms)).unwrap_or_default();
    let other = |name: &str, kind, stack: &str, status: &str, hours: i64| Environment {
        name: name.into(),
        kind,
        stack_name: stack.into(),
        status: status.into(),
        updated_ms: now - hours * 3_600_000,
        mine: false,
    };
    vec![
        Environment {
            name: identifier.into(),
            kind: EnvKind::Sandbox,
            stack_name: stack_name.into(),
            status,
            updated_ms,
            mine: true,
        },
        other("alice", EnvKind::Sandbox, "amplify-app-alice-sandbox-5b1e0c36d2", "UPDATE_COMPLETE", 3),
        other("bob", EnvKind::Sandbox, "amplify-app-bob-sandbox-2f4a9d0e71", "UPDATE_ROLLBACK_COMPLETE", 50),
        other("main", EnvKind::Branch, "amplify-d2x7exampleapp-main-branch-8c3f1a2b4d", "UPDATE_COMPLETE", 20),
        other(
            "feature/profile-page",
            EnvKind::Branch,
            "amplify-d2x7exampleapp-featureprofilepage-branch-1a2b3c4d5e",
            "CREATE_COMPLETE",
            5,
        ),
    ]
}

impl Cloud for SimCloud {
    fn start(&mut self, tx: Sender<Event>) {
        let _ = tx.try_send(Event::Environments(self.environments()));
        self.tx = Some(tx);
    }

    fn deploy(&mut self, request: DeployRequest) {
        let Some(tx) = self.tx.clone() else { return };
        self.cancel_task();
        let deployed = self.deployed.lock().map(|d| !d.status.is_empty()).unwrap_or(false);
        let timeline = if request.recreate {
            Timeline::build(Scenario::Destroy, &self.stack_name, self.speed).then(Timeline::build(
                Scenario::NewDeployment,
                &self.stack_name,
                self.speed,
            ))
        } else {
            Timeline::build(Scenario::for_changes(&request.changed, deployed), &self.stack_name, self.speed)
        };
        let ctx = ReplayContext {
            id: request.id,
            tx,
            deployed: self.deployed.clone(),
            identifier: self.identifier.clone(),
            stack_name: self.stack_name.clone(),
            speed: self.speed,
        };
        if let Some(logs) = self.logs_task.take() {
            logs.abort();
        }
        let task = tokio::spawn(replay(ctx, timeline));
        self.deploy_task = Some((request.id, task));
    }

    fn cancel_deploy(&mut self) {
        if let Some(id) = self.cancel_task()
            && let Some(tx) = &self.tx
        {
            let _ = tx.try_send(Event::Deploy(DeployMsg::Finished { id, outcome: Outcome::Cancelled }));
        }
    }

    fn shutdown(&mut self) {
        self.cancel_task();
        if let Some(logs) = self.logs_task.take() {
            logs.abort();
        }
    }
}

impl SimCloud {
    /// Aborts a replay still running; returns its deploy id.
    fn cancel_task(&mut self) -> Option<u64> {
        let (id, task) = self.deploy_task.take()?;
        let running = !task.is_finished();
        task.abort();
        running.then_some(id)
    }
}

struct ReplayContext {
    id: u64,
    tx: Sender<Event>,
    deployed: Arc<Mutex<Deployed>>,
    identifier: String,
    stack_name: String,
    speed: f64,
}

async fn replay(ctx: ReplayContext, timeline: Timeline) {
    let send = |event| ctx.tx.send(event);
    if send(Event::Deploy(DeployMsg::Planned { id: ctx.id, resources: timeline.planned })).await.is_err() {
        return;
    }
    let start = Instant::now();
    let failed = timeline.failed();
    let final_status = timeline.final_root_status.clone();
    for (at, mut message) in timeline.messages {
        sleep_until(start + at).await;
        // Recorded times are from 2025; a replay happens now.
        if let Some(event) = message.event.as_mut() {
            event.timestamp_ms = now_epoch_ms();
        }
        if send(Event::Deploy(DeployMsg::Toolkit { id: ctx.id, message: Box::new(message) })).await.is_err() {
            return;
        }
    }
    if let (Some(status), Ok(mut d)) = (final_status, ctx.deployed.lock()) {
        d.status = status;
        d.updated_ms = now_epoch_ms();
    } else if let Ok(mut d) = ctx.deployed.lock() {
        d.updated_ms = now_epoch_ms();
    }
    let outcome = if failed {
        let message = format!("❌  {} failed: the update rolled back", ctx.stack_name);
        let error =
            ToolkitMessage { code: "CDK_TOOLKIT_E5500".into(), message: message.clone(), event: None, progress: None };
        let _ = send(Event::Deploy(DeployMsg::Toolkit { id: ctx.id, message: Box::new(error) })).await;
        Outcome::Failed { exit_code: Some(13), message: Some(message) }
    } else {
        Outcome::Succeeded
    };
    let _ = send(Event::Environments(environments(&ctx.identifier, &ctx.stack_name, &ctx.deployed))).await;
    let _ = send(Event::Deploy(DeployMsg::Finished { id: ctx.id, outcome })).await;
    invocations(&ctx.tx, ctx.id, ctx.speed, failed).await;
}

/// A burst of function invocations after a deploy, as a developer trying the change would
/// cause; then silence, so an idle demo costs nothing.
async fn invocations(tx: &Sender<Event>, seed: u64, speed: f64, after_failure: bool) {
    let mut rng = Lcg(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    for n in 0..14u64 {
        tokio::time::sleep(Duration::from_millis(500 + rng.next() % 900).div_f64(speed.max(0.01))).await;
        let events = invocation(&mut rng, n, after_failure);
        if tx.send(Event::Logs(events)).await.is_err() {
            return;
        }
    }
}

fn invocation(rng: &mut Lcg, n: u64, after_failure: bool) -> Vec<LogEvent> {
    let t = now_epoch_ms();
    let request = format!(
        "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
        rng.next() as u32,
        rng.next() % 0xffff,
        rng.next() % 0xfff,
        rng.next() % 0xfff,
        rng.next() % 0xffff_ffff_ffff
    );
    let names = ["Ada", "Grace", "Linus", "Margaret", "Ken"];
    let name = names[(rng.next() % names.len() as u64) as usize];
    let (function, cold) = if n % 5 == 4 { ("amplify-data-table-manager", false) } else { ("say-hello", n == 0) };
    let duration = 2.0 + (rng.next() % 4000) as f64 / 100.0;
    let mut lines = Vec::new();
    if cold {
        lines.push(
            "INIT_START Runtime Version: nodejs:20.v43\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:0f4e"
                .to_owned(),
        );
    }
    lines.push(format!("START RequestId: {request} Version: $LATEST"));
    let iso = iso_time(t);
    match (function, rng.next() % 7) {
        ("amplify-data-table-manager", _) => {
            lines.push(format!("{iso}\t{request}\tINFO\tReceived event: {{\"RequestType\":\"Update\",\"ResourceType\":\"Custom::AmplifyDynamoDBTable\",\"LogicalResourceId\":\"TodoTable\"}}"));
            lines.push(format!("{iso}\t{request}\tINFO\tTable Todo-{request:.8} is ACTIVE"));
        }
        (_, 0) if after_failure || n % 3 == 2 => {
            lines.push(format!("{iso}\t{request}\tERROR\tInvoke Error \t{{\"errorType\":\"TypeError\",\"errorMessage\":\"Cannot read properties of undefined (reading 'name')\"}}\n    at Runtime.handler (file:///var/task/index.mjs:3:67)\n    at Runtime.handleOnceNonStreaming (file:///var/runtime/index.mjs:1173:29)"));
        }
        (_, 1) => {
            lines.push(format!(
                "{iso}\t{request}\tWARN\t{{\"level\":\"WARN\",\"msg\":\"slow downstream call\",\"ms\":{}}}",
                800 + rng.next() % 900
            ));
            lines.push(format!("{{\"level\":\"INFO\",\"msg\":\"greeting\",\"name\":\"{name}\"}}"));
        }
        _ => lines.push(format!("{{\"level\":\"INFO\",\"msg\":\"greeting\",\"name\":\"{name}\"}}")),
    }
    lines.push(format!("END RequestId: {request}"));
    lines.push(format!("REPORT RequestId: {request}\tDuration: {duration:.2} ms\tBilled Duration: {} ms\tMemory Size: 512 MB\tMax Memory Used: {} MB", duration.ceil() as u64, 80 + rng.next() % 20));
    lines.into_iter().map(|message| LogEvent { function: function.into(), timestamp_ms: t, message }).collect()
}

fn iso_time(epoch_ms: i64) -> String {
    format!("{}T{}.{:03}Z", "2026-01-01", crate::timefmt::clock(epoch_ms), epoch_ms.rem_euclid(1000))
}

/// A tiny deterministic generator: the demo looks the same every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> PathBuf {
        PathBuf::from(s)
    }

    #[test]
    fn edits_choose_the_scenario_ampx_would_run() {
        use Scenario::*;
        assert_eq!(Scenario::for_changes(&[], false), NewDeployment);
        assert_eq!(Scenario::for_changes(&[], true), NoChanges);
        assert_eq!(Scenario::for_changes(&[p("amplify/functions/say-hello/handler.ts")], true), Hotswap);
        assert_eq!(Scenario::for_changes(&[p("amplify/functions/say-hello/resource.ts")], true), Update);
        assert_eq!(Scenario::for_changes(&[p("amplify/data/resource.ts")], true), Update);
        assert_eq!(Scenario::for_changes(&[p("amplify/auth/resource.ts")], true), FailedAuth);
        assert_eq!(Scenario::for_changes(&[p("amplify/backend.ts")], true), AddFunctionStorage);
    }

    #[test]
    fn first_deploy_replays_in_demo_time_with_the_demo_stack_name() {
        let t = Timeline::build(Scenario::NewDeployment, "amplify-app-root-sandbox-1496b9051c", 1.0);
        let total = t.messages.last().map(|(at, _)| *at).unwrap_or_default();
        assert!((Duration::from_secs(10)..=Duration::from_secs(20)).contains(&total), "{total:?}");
        assert!(t.planned > 90);
        assert_eq!(t.final_root_status.as_deref(), Some("CREATE_COMPLETE"));
        assert!(t.messages.iter().all(|(_, m)| !m.message.contains(RECORDED_STACK)));
        assert!(!t.failed());
    }

    #[test]
    fn the_auth_scenario_fails_and_speed_scales_time() {
        let slow = Timeline::build(Scenario::FailedAuth, "s", 1.0);
        let fast = Timeline::build(Scenario::FailedAuth, "s", 10.0);
        assert!(slow.failed());
        let end = |t: &Timeline| t.messages.last().map(|(at, _)| *at).unwrap_or_default();
        assert!(end(&fast) * 9 < end(&slow));
    }

    #[test]
    fn recreating_plays_the_delete_then_a_fresh_deployment() {
        let both =
            Timeline::build(Scenario::Destroy, "s", 1.0).then(Timeline::build(Scenario::NewDeployment, "s", 1.0));
        assert_eq!(both.final_root_status.as_deref(), Some("CREATE_COMPLETE"));
        assert!(both.messages.windows(2).all(|w| w[0].0 <= w[1].0), "in time order");
    }

    #[test]
    fn invocations_look_like_lambda_logs() {
        let mut rng = Lcg(7);
        let events = invocation(&mut rng, 0, false);
        assert!(events[0].message.starts_with("INIT_START"));
        assert!(events.iter().any(|e| e.message.starts_with("REPORT RequestId")));
    }
}
