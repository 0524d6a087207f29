//! The simulated cloud behind `--demo` (and tests): it replays the recorded real deployment
//! streams in `assets/cdk-deploy-events/` with their real timing scaled down, writes
//! `amplify_outputs.json` as ampx would, produces Lambda log traffic after deploys, and lists
//! a few environments. One world, seen through two ports: [`SimDeployer`] and [`SimFollower`].

pub mod account;
pub mod bootstrap;
pub mod data;
pub mod function_settings;
pub mod hosting;
pub mod invoke;
mod later;
mod outputs;
mod replay;
mod seconds;
pub mod secrets;
mod seed;
pub mod storage;
mod timeline;
mod traffic;
pub mod users;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use tokio::task::JoinHandle;

use later::answer_later;
use replay::{Replay, root_event};
pub use timeline::{Scenario, Timeline};

use crate::domain::deploy::{DeployAction, DeployMsg, DeployRequest, Outcome};
use crate::domain::env::{EnvKind, Environment};
use crate::domain::health::CloudStatus;
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
    /// When the demo began: the other environments' ages count back from it, as the demo's
    /// builds do (`hosting`), so both agree however long the demo runs.
    epoch_ms: i64,
    deployed: Mutex<Deployed>,
    /// Branch environments the demo deployed: their status and when.
    branches_deployed: Mutex<HashMap<String, (String, i64)>>,
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
        let (status, updated_ms) = self.deployed.lock().map(|d| (d.status.clone(), d.updated_ms)).unwrap_or_default();
        let mine = Environment {
            name: self.identifier.clone(),
            kind: EnvKind::Sandbox,
            stack_name: self.stack_name.clone(),
            status,
            updated_ms,
            mine: true,
            app_id: None,
        };
        let mut envs = vec![mine];
        envs.extend(self.others());
        envs.retain(|e| !deleted.contains(&e.stack_name));
        envs
    }

    /// Teammates' sandboxes of the demo app, and the branches the demo hosts: each last
    /// deployed by its last build (or by a deploy in the demo).
    fn others(&self) -> Vec<Environment> {
        let sandbox = |name: &str, status: &str, hours: i64| Environment {
            name: name.into(),
            kind: EnvKind::Sandbox,
            stack_name: account::sandbox_stack(name),
            status: status.into(),
            updated_ms: self.epoch_ms - hours * 3_600_000,
            mine: false,
            app_id: None,
        };
        let deployed = self.branches_deployed.lock().map(|d| d.clone()).unwrap_or_default();
        let branch = |name: &str| {
            let stack_name = account::branch_stack(name);
            let built = hosting::backend_deployed_ms(name, self.epoch_ms).map(|at| ("UPDATE_COMPLETE".to_owned(), at));
            let (status, updated_ms) = deployed.get(&stack_name).cloned().or(built)?;
            let app_id = Some(account::APP_ID.to_owned());
            Some(Environment {
                name: name.into(),
                kind: EnvKind::Branch,
                stack_name,
                status,
                updated_ms,
                mine: false,
                app_id,
            })
        };
        let mut envs = vec![sandbox("alice", "UPDATE_COMPLETE", 3), sandbox("bob", "UPDATE_ROLLBACK_COMPLETE", 50)];
        envs.extend(["main", "feature/profile-page"].into_iter().filter_map(branch));
        envs
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
                epoch_ms: now_epoch_ms(),
                deployed: Mutex::default(),
                branches_deployed: Mutex::default(),
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

    /// The deployer and the follower of one simulated account; the follower says where the
    /// account is (the status bar, console URLs and the bootstrap check read it) and lists its
    /// environments at once.
    pub fn split(self, deploys: Sink<DeployReport>, follows: Sink<FollowMsg>) -> (SimDeployer, SimFollower) {
        let world = Arc::new(self.world);
        let (region, account) = (Some(account::REGION.to_owned()), Some(account::ACCOUNT_ID.to_owned()));
        follows.try_send(FollowMsg::Cloud(CloudStatus::Connected { region, account }));
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
        if let DeployAction::CodePush { functions } = &request.action {
            let (sink, speed) = (self.sink.clone(), self.world.speed);
            self.task = Some((request.id, tokio::spawn(code_push(request.id, functions.clone(), sink, speed))));
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
            DeployAction::Seed | DeployAction::CodePush { .. } => return,
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

/// A code push in the simulated account: bundled, uploaded, live, in about the time the
/// real one takes.
async fn code_push(id: u64, functions: Vec<crate::domain::deploy::PushTarget>, sink: Sink<DeployReport>, speed: f64) {
    let say =
        |text: String| DeployReport::Deploy(DeployMsg::Output { id, line: crate::util::ansi::StyledLine::plain(text) });
    let pause = |ms: f64| tokio::time::sleep(std::time::Duration::from_secs_f64(ms / 1000.0 / speed.max(0.01)));
    for f in &functions {
        pause(40.0).await;
        sink.send(say(format!("Bundled {} in 14 ms: bundled as Amplify does (simulated)", f.name))).await;
        pause(200.0).await;
        sink.send(say(format!("{} updated: CodeSha256 (simulated)", f.name))).await;
    }
    let names: Vec<&str> = functions.iter().map(|f| f.name.as_str()).collect();
    sink.send(say(format!("✔ {} live in 0.25 s, without synthesis", names.join(", ")))).await;
    sink.send(DeployReport::Deploy(DeployMsg::Finished { id, outcome: Outcome::Succeeded })).await;
}

/// Another environment's resources: the recorded first deployment, as if it ended when the
/// environment was last deployed, with the status the environment is listed with.
fn other_resources(env: &Environment) -> Vec<StackEvent> {
    let messages = Timeline::build(Scenario::NewDeployment, &env.stack_name, 1.0).messages;
    let mut events: Vec<StackEvent> = messages.into_iter().filter_map(|(_, m)| m.event).collect();
    let shift = events.last().map_or(0, |e| env.updated_ms - e.timestamp_ms);
    events.iter_mut().for_each(|e| e.timestamp_ms += shift);
    let root = events.iter_mut().rev().find(|e| e.is_stack_self() && e.stack_name == env.stack_name);
    if let Some(root) = root {
        root.status.clone_from(&env.status);
    }
    events
}

pub struct SimFollower {
    world: Arc<World>,
    sink: Sink<FollowMsg>,
}

impl Follower for SimFollower {
    /// The demo's other environments look like a finished first deployment; its own sandbox
    /// shows what its deploys left; a deleted one is missing.
    fn follow(&mut self, stack: String) {
        let world = &self.world;
        let events = if stack == world.stack_name {
            world.history.lock().map(|h| h.clone()).unwrap_or_default()
        } else {
            // Other environments' logs are not simulated: the sandbox's stop while it is away.
            world.stop_logs();
            world.environments().iter().find(|e| e.stack_name == stack).map(other_resources).unwrap_or_default()
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

#[cfg(test)]
mod tests {
    use tokio::sync::mpsc::Receiver;

    use super::*;
    use crate::domain::deploy::DeployRequest;

    const STACK: &str = "amplify-app-root-sandbox-1496b9051c";

    fn cloud(speed: f64) -> (SimDeployer, SimFollower, Receiver<DeployReport>, Receiver<FollowMsg>) {
        let (deploys, deploy_rx) = Sink::channel(10_000);
        let (follows, follow_rx) = Sink::channel(1_000);
        let (deployer, follower) = SimCloud::new(STACK.into(), "root".into(), speed).split(deploys, follows);
        (deployer, follower, deploy_rx, follow_rx)
    }

    async fn run(deployer: &mut SimDeployer, reports: &mut Receiver<DeployReport>, id: u64, action: DeployAction) {
        deployer.deploy(DeployRequest { id, changed: Vec::new(), action, gate: false, express: false });
        while let Some(report) = reports.recv().await {
            if matches!(report, DeployReport::Deploy(DeployMsg::Finished { id: done, .. }) if done == id) {
                return;
            }
        }
    }

    async fn resources(follows: &mut Receiver<FollowMsg>) -> Option<Vec<StackEvent>> {
        loop {
            match follows.recv().await? {
                FollowMsg::StackResources(events) => return Some(events),
                FollowMsg::StackMissing => return None,
                _ => {}
            }
        }
    }

    #[tokio::test]
    async fn deleting_a_teammates_sandbox_leaves_the_own_sandboxs_tree_alone() {
        let (mut deployer, mut follower, mut deploys, mut follows) = cloud(1_000.0);
        run(&mut deployer, &mut deploys, 1, DeployAction::Sandbox { recreate: false }).await;
        let bob = account::sandbox_stack("bob");
        let delete = DeployAction::DeleteSandbox { stack: bob.clone(), identifier: "bob".into(), own: false };
        run(&mut deployer, &mut deploys, 2, delete).await;
        while follows.try_recv().is_ok() {}
        follower.follow(STACK.into());
        let own = resources(&mut follows).await.expect("the sandbox's resources");
        let strays: Vec<&str> = own.iter().map(|e| e.stack_name.as_str()).filter(|s| !s.starts_with(STACK)).collect();
        assert!(!own.is_empty() && strays.is_empty(), "{strays:?}");
        follower.follow(bob);
        assert!(resources(&mut follows).await.is_none(), "bob's sandbox is gone");
        deployer.shutdown();
        follower.shutdown();
    }

    #[tokio::test]
    async fn a_branch_deployed_from_the_demo_is_listed_as_just_deployed() {
        let (mut deployer, _follower, mut deploys, _follows) = cloud(1_000.0);
        let before = now_epoch_ms();
        let stack = account::branch_stack("main");
        let action =
            DeployAction::Branch { stack: stack.clone(), branch: "main".into(), app_id: account::APP_ID.into() };
        run(&mut deployer, &mut deploys, 1, action).await;
        let envs = deployer.world.environments();
        let main = envs.iter().find(|e| e.stack_name == stack).expect("main");
        assert!(main.updated_ms >= before && main.status == "UPDATE_COMPLETE", "{main:?}");
        deployer.shutdown();
    }

    #[test]
    fn the_account_says_where_it_is_and_its_environments_agree_with_their_builds_and_trees() {
        let (_deployer, mut follower, _deploys, mut follows) = cloud(1.0);
        let region = Some(account::REGION.to_owned());
        let account_id = Some(account::ACCOUNT_ID.to_owned());
        let first = follows.try_recv().ok();
        assert!(
            matches!(first, Some(FollowMsg::Cloud(CloudStatus::Connected { region: r, account: a })) if r == region && a == account_id)
        );
        let Ok(FollowMsg::Environments(envs)) = follows.try_recv() else { panic!("the environments") };
        let epoch = now_epoch_ms();
        for env in envs.iter().filter(|e| !e.mine) {
            let (stack, app) = match env.kind {
                EnvKind::Branch => (account::branch_stack(&env.name), Some(account::APP_ID.to_owned())),
                _ => (account::sandbox_stack(&env.name), None),
            };
            assert_eq!((&env.stack_name, &env.app_id), (&stack, &app));
        }
        let alice = envs.iter().find(|e| e.name == "alice").expect("alice");
        follower.follow(alice.stack_name.clone());
        let Ok(FollowMsg::StackResources(events)) = follows.try_recv() else { panic!("alice's resources") };
        let root = events.iter().rev().find(|e| e.is_stack_self() && e.stack_name == alice.stack_name);
        assert_eq!(root.map(|e| (e.status.as_str(), e.timestamp_ms)), Some((alice.status.as_str(), alice.updated_ms)));
        let main = envs.iter().find(|e| e.name == "main").expect("main");
        // Its last build (38 minutes before the demo began, 212 s long) deployed it.
        let built = (epoch - 38 * 60_000 - 1_000)..=(epoch - 38 * 60_000 + 212_000);
        assert!(built.contains(&main.updated_ms), "{} not in {built:?}", main.updated_ms);
    }
}
