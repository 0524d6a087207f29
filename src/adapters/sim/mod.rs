//! The simulated cloud behind `--demo` (and tests): it replays the recorded real deployment
//! streams in `assets/cdk-deploy-events/` with their real timing scaled down, writes
//! `amplify_outputs.json` as ampx would, produces Lambda log traffic after deploys, and lists
//! a few environments. One world, seen through two ports: [`SimDeployer`] and [`SimFollower`].

pub mod bootstrap;
pub mod data;
pub mod invoke;
mod later;
mod outputs;
pub mod secrets;
mod seed;
pub mod storage;
mod timeline;
mod traffic;
pub mod users;

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use tokio::task::JoinHandle;
use tokio::time::{Instant, sleep_until};

use later::answer_later;
pub use timeline::{Scenario, Timeline};

use crate::domain::deploy::{DeployAction, DeployMsg, DeployRequest, Outcome, ToolkitMessage};
use crate::domain::env::{EnvKind, Environment};
use crate::domain::notice::Notice;
use crate::domain::stack::StackEvent;
use crate::ports::{DeployReport, Deployer, FollowMsg, Follower, Sink};
use crate::util::timefmt::now_epoch_ms;

/// Stack events kept for showing the demo sandbox again.
const MAX_HISTORY: usize = 4_000;

#[derive(Debug, Default)]
struct Deployed {
    status: String,
    updated_ms: i64,
}

/// What the simulated account holds, shared by its deployer and its follower.
struct World {
    stack_name: String,
    identifier: String,
    speed: f64,
    deployed: Mutex<Deployed>,
    /// Where ampx would write `amplify_outputs.json` (the demo workspace).
    outputs_file: Option<PathBuf>,
    outputs: Mutex<Option<serde_json::Value>>,
    /// Stack events the demo's own sandbox has had, to show it again after following another.
    history: Mutex<Vec<StackEvent>>,
    /// Teammates' sandboxes deleted from the demo.
    deleted: Mutex<Vec<String>>,
    /// The log burst after the last deploy, stopped when another environment is followed.
    logs_task: Mutex<Option<JoinHandle<()>>>,
    /// The seed script ran: its user is in the pools.
    seeded: Arc<AtomicBool>,
}

impl World {
    fn environments(&self) -> Vec<Environment> {
        let deleted = self.deleted.lock().map(|d| d.clone()).unwrap_or_default();
        let now = now_epoch_ms();
        let (status, updated_ms) = self.deployed.lock().map(|d| (d.status.clone(), d.updated_ms)).unwrap_or_default();
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
                name: self.identifier.clone(),
                kind: EnvKind::Sandbox,
                stack_name: self.stack_name.clone(),
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

    fn stop_logs(&self) {
        if let Some(logs) = self.logs_task.lock().ok().and_then(|mut t| t.take()) {
            logs.abort();
        }
    }
}

/// Builds the simulated cloud's two ports.
pub struct SimCloud {
    world: World,
}

impl SimCloud {
    /// `speed` divides every delay: 1.0 is the demo's pace, tests go faster.
    pub fn new(stack_name: String, identifier: String, speed: f64) -> Self {
        Self {
            world: World {
                stack_name,
                identifier,
                speed,
                deployed: Mutex::default(),
                outputs_file: None,
                outputs: Mutex::default(),
                history: Mutex::default(),
                deleted: Mutex::default(),
                logs_task: Mutex::default(),
                seeded: Arc::default(),
            },
        }
    }

    /// Write `amplify_outputs.json` into `project` after successful deploys, as ampx does.
    pub fn with_outputs_in(mut self, project: &std::path::Path) -> Self {
        self.world.outputs_file = Some(project.join(crate::model::outputs::FILE));
        self
    }

    /// Set once the demo's seed script ran, for the demo's user pools.
    pub fn seeded(&self) -> Arc<AtomicBool> {
        self.world.seeded.clone()
    }

    /// The deployer and the follower of one simulated account; the follower lists its
    /// environments at once.
    pub fn split(self, deploys: Sink<DeployReport>, follows: Sink<FollowMsg>) -> (SimDeployer, SimFollower) {
        let world = Arc::new(self.world);
        follows.try_send(FollowMsg::Environments(world.environments()));
        (SimDeployer { world: world.clone(), sink: deploys, task: None }, SimFollower { world, sink: follows })
    }
}

pub struct SimDeployer {
    world: Arc<World>,
    sink: Sink<DeployReport>,
    task: Option<(u64, JoinHandle<()>)>,
}

impl SimDeployer {
    /// Aborts a replay still running; returns its deploy id.
    fn cancel_task(&mut self) -> Option<u64> {
        let (id, task) = self.task.take()?;
        let running = !task.is_finished();
        task.abort();
        running.then_some(id)
    }
}

impl Deployer for SimDeployer {
    fn deploy(&mut self, request: DeployRequest) {
        self.cancel_task();
        if request.action == DeployAction::Seed {
            let (sink, speed, seeded) = (self.sink.clone(), self.world.speed, self.world.seeded.clone());
            self.task = Some((request.id, tokio::spawn(seed::run(request.id, sink, speed, seeded))));
            return;
        }
        let world = &self.world;
        let deployed = world.deployed.lock().map(|d| !d.status.is_empty()).unwrap_or(false);
        let (stack, speed) = (&world.stack_name, world.speed);
        let (scenario, timeline) = match &request.action {
            DeployAction::Sandbox { recreate: true } => (
                Scenario::NewDeployment,
                Timeline::build(Scenario::Destroy, stack, speed).then(Timeline::build(
                    Scenario::NewDeployment,
                    stack,
                    speed,
                )),
            ),
            DeployAction::Sandbox { recreate: false } => {
                let scenario = Scenario::for_changes(&request.changed, deployed);
                (scenario, Timeline::build(scenario, stack, speed))
            }
            DeployAction::Branch { stack, .. } => (Scenario::Update, Timeline::build(Scenario::Update, stack, speed)),
            DeployAction::DeleteSandbox { stack, .. } => {
                (Scenario::Destroy, Timeline::build(Scenario::Destroy, stack, speed))
            }
            DeployAction::Seed => return,
        };
        world.stop_logs();
        let replay =
            Replay { id: request.id, action: request.action, scenario, world: world.clone(), sink: self.sink.clone() };
        self.task = Some((request.id, tokio::spawn(replay.run(timeline))));
    }

    fn cancel(&mut self) {
        if let Some(id) = self.cancel_task() {
            self.sink.try_send(DeployReport::Deploy(DeployMsg::Finished { id, outcome: Outcome::Cancelled }));
        }
    }

    fn release(&mut self, _id: u64, _proceed: bool, _reason: String) {}

    fn shutdown(&mut self) {
        self.cancel_task();
        self.world.stop_logs();
    }
}

pub struct SimFollower {
    world: Arc<World>,
    sink: Sink<FollowMsg>,
}

impl Follower for SimFollower {
    /// The demo's other environments look like a finished first deployment; its own sandbox
    /// shows what its deploys left.
    fn follow(&mut self, stack: String) {
        let world = &self.world;
        let events: Vec<StackEvent> = if stack == world.stack_name {
            world.history.lock().map(|h| h.clone()).unwrap_or_default()
        } else {
            // Other environments' logs are not simulated: the sandbox's stop while it is away.
            world.stop_logs();
            let updated = world.environments().iter().find(|e| e.stack_name == stack).map_or(0, |e| e.updated_ms);
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
            self.sink.try_send(FollowMsg::StackMissing);
        } else {
            self.sink.try_send(FollowMsg::StackResources(events));
            outputs::messages(&stack).into_iter().for_each(|m| _ = self.sink.try_send(m));
        }
    }

    fn cancel_update(&mut self) {
        self.sink.try_send(FollowMsg::Notice(Notice::info("demo: the simulated stack has no update to roll back")));
    }

    fn shutdown(&mut self) {
        self.world.stop_logs();
    }
}

/// One deploy played back.
struct Replay {
    id: u64,
    action: DeployAction,
    scenario: Scenario,
    world: Arc<World>,
    sink: Sink<DeployReport>,
}

impl Replay {
    async fn deploy(&self, msg: DeployMsg) -> bool {
        self.sink.send(DeployReport::Deploy(msg)).await
    }

    async fn follow(&self, msg: FollowMsg) -> bool {
        self.sink.send(DeployReport::Follow(msg)).await
    }

    async fn run(self, timeline: Timeline) {
        if !self.deploy(DeployMsg::Planned { id: self.id, resources: timeline.planned }).await {
            return;
        }
        let failed = timeline.failed();
        let final_status = timeline.final_root_status.clone();
        if !self.play(timeline.messages).await {
            return;
        }
        self.settle(final_status, failed).await;
        let outcome = if failed {
            let message = format!("❌  {} failed: the update rolled back", self.world.stack_name);
            let error = ToolkitMessage {
                code: "CDK_TOOLKIT_E5500".into(),
                message: message.clone(),
                event: None,
                progress: None,
            };
            self.deploy(DeployMsg::Toolkit { id: self.id, message: Box::new(error) }).await;
            Outcome::Failed { exit_code: Some(13), message: Some(message) }
        } else {
            Outcome::Succeeded
        };
        self.follow(FollowMsg::Environments(self.world.environments())).await;
        self.deploy(DeployMsg::Finished { id: self.id, outcome }).await;
        if matches!(self.action, DeployAction::Sandbox { .. }) {
            self.traffic(failed);
        }
    }

    /// The recorded messages at their (scaled) times; false once nobody listens.
    async fn play(&self, messages: Vec<(std::time::Duration, ToolkitMessage)>) -> bool {
        let start = Instant::now();
        for (at, mut message) in messages {
            sleep_until(start + at).await;
            // Recorded times are from 2025; a replay happens now.
            if let Some(event) = message.event.as_mut() {
                event.timestamp_ms = now_epoch_ms();
                if let Ok(mut history) = self.world.history.lock() {
                    if history.len() >= MAX_HISTORY {
                        history.drain(..MAX_HISTORY / 2);
                    }
                    history.push(event.clone());
                }
            }
            if !self.deploy(DeployMsg::Toolkit { id: self.id, message: Box::new(message) }).await {
                return false;
            }
        }
        true
    }

    /// What the deploy leaves behind in the simulated account.
    async fn settle(&self, final_status: Option<String>, failed: bool) {
        let world = &self.world;
        match &self.action {
            DeployAction::Sandbox { .. } => {
                if let Ok(mut d) = world.deployed.lock() {
                    if let Some(status) = final_status {
                        d.status = status;
                    }
                    d.updated_ms = now_epoch_ms();
                }
                if !failed {
                    self.write_outputs();
                    for m in outputs::messages(&world.stack_name) {
                        self.follow(m).await;
                    }
                }
            }
            DeployAction::DeleteSandbox { own: true, .. } => {
                if let Ok(mut d) = world.deployed.lock() {
                    *d = Deployed::default();
                }
                self.follow(FollowMsg::StackMissing).await;
            }
            DeployAction::DeleteSandbox { stack, .. } => {
                if let Ok(mut deleted) = world.deleted.lock() {
                    deleted.push(stack.clone());
                }
                self.follow(FollowMsg::StackMissing).await;
            }
            DeployAction::Branch { .. } | DeployAction::Seed => {}
        }
    }

    /// Writes `amplify_outputs.json` as ampx does after a successful deploy.
    fn write_outputs(&self) {
        let world = &self.world;
        let (Some(file), Ok(mut current)) = (&world.outputs_file, world.outputs.lock()) else { return };
        if let Some(next) = outputs::after(current.as_ref(), self.scenario, &world.stack_name) {
            if let Ok(text) = serde_json::to_string_pretty(&next) {
                let _ = std::fs::write(file, text);
            }
            *current = Some(next);
        }
    }

    /// Only the sandbox's own functions are simulated: a burst of invocations after its deploys.
    fn traffic(&self, failed: bool) {
        let (sink, id, speed) = (self.sink.clone(), self.id, self.world.speed);
        let traffic = tokio::spawn(async move { traffic::invocations(&sink, id, speed, failed).await });
        if let Ok(mut slot) = self.world.logs_task.lock()
            && let Some(old) = slot.replace(traffic)
        {
            old.abort();
        }
    }
}
