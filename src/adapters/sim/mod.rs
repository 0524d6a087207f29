//! The simulated cloud behind `--demo` (and tests): it replays the recorded real deployment
//! streams in `assets/cdk-deploy-events/` with their real timing scaled down, writes
//! `amplify_outputs.json` as ampx would, produces Lambda log traffic after deploys, and lists
//! a few environments. One world, seen through two ports: [`SimDeployer`] and [`SimFollower`].

pub mod bootstrap;
pub mod data;
pub mod hosting;
pub mod invoke;
mod later;
mod outputs;
mod replay;
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

use later::answer_later;
use replay::{Replay, root_event};
pub use timeline::{Scenario, Timeline};

use crate::domain::deploy::{DeployAction, DeployMsg, DeployRequest, Outcome};
use crate::domain::env::{EnvKind, Environment};
use crate::domain::notice::Notice;
use crate::domain::stack::StackEvent;
use crate::ports::{DeployReport, Deployer, FollowMsg, Follower, Sink};
use crate::util::timefmt::now_epoch_ms;

/// How much faster an express deploy replays.
const EXPRESS_SPEEDUP: f64 = 1.7;

/// Stack events kept for showing the demo sandbox again.
const MAX_HISTORY: usize = 4_000;

#[derive(Debug, Default)]
struct Deployed {
    status: String,
    updated_ms: i64,
    reason: Option<String>,
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
        // Express mode skips CloudFormation's waits for stabilization: the replay runs faster.
        let express = if request.express { EXPRESS_SPEEDUP } else { 1.0 };
        let (stack, speed) = (&world.stack_name, world.speed * express);
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

    fn verify(&mut self, deploy: u64, stack: String) {
        let world = &self.world;
        let (status, updated_ms, reason) =
            world.deployed.lock().map(|d| (d.status.clone(), d.updated_ms, d.reason.clone())).unwrap_or_default();
        let check = if stack != world.stack_name || status.is_empty() {
            // The demo's other environments keep the status they are listed with.
            let env = world.environments().into_iter().find(|e| e.stack_name == stack);
            env.map(|e| root_event(&stack, e.status, e.updated_ms, None)).ok_or_else(|| "no such stack".to_owned())
        } else {
            Ok(root_event(&stack, status, updated_ms, reason))
        };
        self.sink.try_send(FollowMsg::Verified(crate::domain::deploy::StackCheck { deploy, stack: check }));
    }

    fn shutdown(&mut self) {
        self.world.stop_logs();
    }
}
