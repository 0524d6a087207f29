//! The simulated cloud behind `--demo` (and tests): it replays the recorded real deployment
//! streams in `assets/cdk-deploy-events/` with their real timing scaled down, writes
//! `amplify_outputs.json` as ampx would, produces Lambda log traffic after deploys, and lists
//! a few environments.

mod outputs;
mod timeline;
mod traffic;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc::Sender;
use tokio::task::JoinHandle;
use tokio::time::{Instant, sleep_until};

pub use timeline::{Scenario, Timeline};

use super::{Cloud, DeployAction, DeployRequest, EnvKind, Environment};
use crate::amplify::toolkit::ToolkitMessage;
use crate::app::{DeployMsg, Event, Outcome};
use crate::timefmt::now_epoch_ms;

/// Stack events kept for showing the demo sandbox again.
const MAX_HISTORY: usize = 4_000;

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
    /// The log burst after the last deploy, stopped when another environment is followed.
    logs_task: Arc<Mutex<Option<JoinHandle<()>>>>,
    /// Where ampx would write `amplify_outputs.json` (the demo workspace).
    outputs_file: Option<PathBuf>,
    outputs: Arc<Mutex<Option<serde_json::Value>>>,
    /// Stack events the demo's own sandbox has had, to show it again after following another.
    history: Arc<Mutex<Vec<crate::cloud::StackEvent>>>,
    /// Teammates' sandboxes deleted from the demo.
    deleted: Arc<Mutex<Vec<String>>>,
}

impl SimCloud {
    /// `speed` divides every delay: 1.0 is the demo's pace, tests go faster.
    pub fn new(stack_name: String, identifier: String, speed: f64) -> Self {
        Self {
            stack_name,
            identifier,
            speed,
            deployed: Arc::default(),
            tx: None,
            deploy_task: None,
            logs_task: Arc::default(),
            outputs_file: None,
            outputs: Arc::default(),
            history: Arc::default(),
            deleted: Arc::default(),
        }
    }

    /// Write `amplify_outputs.json` into `project` after successful deploys, as ampx does.
    pub fn with_outputs_in(mut self, project: &std::path::Path) -> Self {
        self.outputs_file = Some(project.join(crate::outputs::FILE));
        self
    }

    fn environments(&self) -> Vec<Environment> {
        environments(&self.identifier, &self.stack_name, &self.deployed, &self.deleted)
    }
}

fn environments(
    identifier: &str,
    stack_name: &str,
    deployed: &Mutex<Deployed>,
    deleted: &Mutex<Vec<String>>,
) -> Vec<Environment> {
    let deleted = deleted.lock().map(|d| d.clone()).unwrap_or_default();
    let now = now_epoch_ms();
    let (status, updated_ms) = deployed.lock().map(|d| (d.status.clone(), d.updated_ms)).unwrap_or_default();
    let other = |name: &str, kind, stack: &str, status: &str, hours: i64| Environment {
        name: name.into(),
        kind,
        stack_name: stack.into(),
        status: status.into(),
        updated_ms: now - hours * 3_600_000,
        mine: false,
        app_id: (kind == EnvKind::Branch).then(|| "d2x7exampleapp".to_owned()),
    };
    vec![
        Environment {
            name: identifier.into(),
            kind: EnvKind::Sandbox,
            stack_name: stack_name.into(),
            status,
            updated_ms,
            mine: true,
            app_id: None,
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
    .into_iter()
    .filter(|e| !deleted.contains(&e.stack_name))
    .collect()
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
        let (scenario, timeline) = match &request.action {
            DeployAction::Sandbox { recreate: true } => (
                Scenario::NewDeployment,
                Timeline::build(Scenario::Destroy, &self.stack_name, self.speed).then(Timeline::build(
                    Scenario::NewDeployment,
                    &self.stack_name,
                    self.speed,
                )),
            ),
            DeployAction::Sandbox { recreate: false } => {
                let scenario = Scenario::for_changes(&request.changed, deployed);
                (scenario, Timeline::build(scenario, &self.stack_name, self.speed))
            }
            DeployAction::Branch { stack, .. } => {
                (Scenario::Update, Timeline::build(Scenario::Update, stack, self.speed))
            }
            DeployAction::DeleteSandbox { stack, .. } => {
                (Scenario::Destroy, Timeline::build(Scenario::Destroy, stack, self.speed))
            }
        };
        let ctx = ReplayContext {
            id: request.id,
            action: request.action.clone(),
            deleted: self.deleted.clone(),
            logs_slot: self.logs_task.clone(),
            history: self.history.clone(),
            scenario,
            outputs_file: self.outputs_file.clone(),
            outputs: self.outputs.clone(),
            tx,
            deployed: self.deployed.clone(),
            identifier: self.identifier.clone(),
            stack_name: self.stack_name.clone(),
            speed: self.speed,
        };
        if let Some(logs) = self.logs_task.lock().ok().and_then(|mut t| t.take()) {
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

    /// The demo's other environments look like a finished first deployment; its own sandbox
    /// shows what its deploys left.
    fn follow(&mut self, stack: String) {
        let Some(tx) = self.tx.clone() else { return };
        let events: Vec<crate::cloud::StackEvent> = if stack == self.stack_name {
            self.history.lock().map(|h| h.clone()).unwrap_or_default()
        } else {
            // Other environments' logs are not simulated: the sandbox's stop while it is away.
            if let Some(logs) = self.logs_task.lock().ok().and_then(|mut t| t.take()) {
                logs.abort();
            }
            let updated = self.environments().iter().find(|e| e.stack_name == stack).map_or(0, |e| e.updated_ms);
            let mut events: Vec<_> = Timeline::build(Scenario::NewDeployment, &stack, 1.0)
                .messages
                .into_iter()
                .filter_map(|(_, m)| m.event)
                .collect();
            // Recorded in 2025; shown as if that environment was last deployed when it says.
            let shift = events.last().map_or(0, |e| updated - e.timestamp_ms);
            events.iter_mut().for_each(|e| e.timestamp_ms += shift);
            events
        };
        if events.is_empty() {
            let _ = tx.try_send(Event::StackMissing);
        } else {
            let _ = tx.try_send(Event::StackResources(events));
            let _ = tx.try_send(Event::StackOutputs(stack_outputs(&stack)));
        }
    }

    fn cancel_update(&mut self) {
        if let Some(tx) = &self.tx {
            let _ = tx.try_send(Event::Notice(crate::app::Notice::info(
                "demo: the simulated stack has no update to roll back",
            )));
        }
    }

    fn shutdown(&mut self) {
        self.cancel_task();
        if let Some(logs) = self.logs_task.lock().ok().and_then(|mut t| t.take()) {
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
    action: DeployAction,
    deleted: Arc<Mutex<Vec<String>>>,
    logs_slot: Arc<Mutex<Option<JoinHandle<()>>>>,
    history: Arc<Mutex<Vec<crate::cloud::StackEvent>>>,
    scenario: Scenario,
    outputs_file: Option<PathBuf>,
    outputs: Arc<Mutex<Option<serde_json::Value>>>,
    tx: Sender<Event>,
    deployed: Arc<Mutex<Deployed>>,
    identifier: String,
    stack_name: String,
    speed: f64,
}

/// The root stack's outputs, shaped like the sample app's (see its root template).
fn stack_outputs(stack: &str) -> Vec<crate::cloud::StackOutput> {
    let hash = stack.rsplit('-').next().unwrap_or_default();
    [
        ("awsAppsyncApiEndpoint", format!("https://{hash}demo.appsync-api.us-east-1.amazonaws.com/graphql")),
        ("authUserPoolId", format!("us-east-1_{}", &hash[..hash.len().min(9)])),
        ("authRegion", "us-east-1".into()),
        ("definedFunctions", "[\"say-hello\"]".into()),
        ("bucketName", format!("{stack}-demofilesbucket")),
        ("deploymentType", "sandbox".into()),
    ]
    .into_iter()
    .map(|(key, value)| crate::cloud::StackOutput { key: key.into(), value, description: None })
    .collect()
}

/// Writes `amplify_outputs.json` as ampx does after a successful deploy.
fn write_outputs(ctx: &ReplayContext) {
    let (Some(file), Ok(mut current)) = (&ctx.outputs_file, ctx.outputs.lock()) else { return };
    if let Some(next) = outputs::after(current.as_ref(), ctx.scenario, &ctx.stack_name) {
        if let Ok(text) = serde_json::to_string_pretty(&next) {
            let _ = std::fs::write(file, text);
        }
        *current = Some(next);
    }
}

async fn replay(ctx: ReplayContext, timeline: Timeline) {
    let logs_slot = ctx.logs_slot.clone();
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
            if let Ok(mut history) = ctx.history.lock() {
                if history.len() >= MAX_HISTORY {
                    history.drain(..MAX_HISTORY / 2);
                }
                history.push(event.clone());
            }
        }
        if send(Event::Deploy(DeployMsg::Toolkit { id: ctx.id, message: Box::new(message) })).await.is_err() {
            return;
        }
    }
    match &ctx.action {
        DeployAction::Sandbox { .. } => {
            if let (Some(status), Ok(mut d)) = (final_status, ctx.deployed.lock()) {
                d.status = status;
                d.updated_ms = now_epoch_ms();
            } else if let Ok(mut d) = ctx.deployed.lock() {
                d.updated_ms = now_epoch_ms();
            }
            if !failed {
                write_outputs(&ctx);
                let _ = send(Event::StackOutputs(stack_outputs(&ctx.stack_name))).await;
            }
        }
        DeployAction::DeleteSandbox { own: true, .. } => {
            if let Ok(mut d) = ctx.deployed.lock() {
                *d = Deployed::default();
            }
            let _ = send(Event::StackMissing).await;
        }
        DeployAction::DeleteSandbox { stack, .. } => {
            if let Ok(mut deleted) = ctx.deleted.lock() {
                deleted.push(stack.clone());
            }
            let _ = send(Event::StackMissing).await;
        }
        DeployAction::Branch { .. } => {}
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
    let _ =
        send(Event::Environments(environments(&ctx.identifier, &ctx.stack_name, &ctx.deployed, &ctx.deleted))).await;
    let _ = send(Event::Deploy(DeployMsg::Finished { id: ctx.id, outcome })).await;
    if !matches!(ctx.action, DeployAction::Sandbox { .. }) {
        return; // only the sandbox's own functions are simulated
    }
    let traffic = tokio::spawn({
        let tx = ctx.tx.clone();
        async move { traffic::invocations(&tx, ctx.id, ctx.speed, failed).await }
    });
    if let Ok(mut slot) = logs_slot.lock()
        && let Some(old) = slot.replace(traffic)
    {
        old.abort();
    }
}
