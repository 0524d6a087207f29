//! Which adapter stands behind each port, decided once: the simulated cloud for `--demo`,
//! otherwise the AWS follower and the local deployer. The TUI and `ampdeck logs` follow an
//! environment through the same [`follower_config`] and [`AwsFollower`].

use tokio::sync::mpsc::Sender;

use super::config::Settings;
use crate::adapters::aws::bootstrap::AwsBootstrap;
use crate::adapters::aws::client::Connection;
use crate::adapters::aws::code_push::AwsUploader;
use crate::adapters::aws::data::AwsData;
use crate::adapters::aws::function_settings::AwsFunctionSettings;
use crate::adapters::aws::invoke::AwsInvoker;
use crate::adapters::aws::poller::Timing;
use crate::adapters::aws::secrets::AwsSecrets;
use crate::adapters::aws::storage::AwsStorage;
use crate::adapters::aws::users::AwsUsers;
use crate::adapters::aws::{AwsFollower, FollowConfig};
use crate::adapters::local::{FunctionSource, LocalRunner};
use crate::adapters::process::deployer::{LocalDeployer, Pusher};
use crate::adapters::process::runner::RunnerConfig;
use crate::adapters::process::warm::DriverConfig;
use crate::adapters::sim::SimCloud;
use crate::adapters::sim::bootstrap::SimBootstrap;
use crate::adapters::sim::data::SimData;
use crate::adapters::sim::function_settings::SimFunctionSettings;
use crate::adapters::sim::invoke::SimInvoker;
use crate::adapters::sim::secrets::SimSecrets;
use crate::adapters::sim::storage::SimStorage;
use crate::adapters::sim::users::SimUsers;
use crate::app::Event;
use crate::ports::{Activity, Bootstrap, Data, Deployer, Follower, Hosting, Invoker, Secrets, Sink, Storage, Users};

/// The cloud side of the workbench.
pub struct Cloud {
    pub deployer: Box<dyn Deployer>,
    pub follower: Box<dyn Follower>,
    pub users: Box<dyn Users>,
    pub secrets: Box<dyn Secrets>,
    pub data: Box<dyn Data>,
    pub storage: Box<dyn Storage>,
    pub invoker: Box<dyn Invoker>,
    /// Runs functions on this machine, with the cloud's settings.
    pub local: Box<dyn Invoker>,
    pub bootstrap: Box<dyn Bootstrap>,
    pub hosting: Box<dyn Hosting>,
}

/// Where the cloud is, from the settings.
pub fn connection(settings: &Settings) -> Connection {
    Connection {
        profile: settings.profile.clone(),
        region: settings.region.clone(),
        endpoint_url: settings.endpoint_url.clone(),
    }
}

/// How `stack` is followed: its events, resources, outputs and its functions' logs.
pub fn follower_config(settings: &Settings, stack: String) -> FollowConfig {
    let timing = Timing { log_budget: settings.log_calls_per_second, ..Timing::default() };
    FollowConfig::new(connection(settings), stack, timing)
}

/// The local runner of the project's functions, with settings from `source`, on the
/// project's Node.js (`AMPDECK_NODE` names another).
fn local(settings: &Settings, source: Box<dyn FunctionSource>, tx: &Sender<Event>) -> Box<dyn Invoker> {
    let node = std::env::var("AMPDECK_NODE").unwrap_or_else(|_| "node".into());
    Box::new(LocalRunner::new(settings.dir.clone(), node, source, Sink::new(tx.clone()), Sink::new(tx.clone())))
}

/// The demo's simulated cloud, or the real one. Must be called inside a tokio runtime: the
/// workers start here.
pub fn cloud(
    settings: &Settings,
    stack: &str,
    runner: RunnerConfig,
    warm: Option<DriverConfig>,
    tx: &Sender<Event>,
) -> Cloud {
    if settings.demo {
        let speed = std::env::var("AMPDECK_DEMO_SPEED").ok().and_then(|s| s.parse().ok()).unwrap_or(1.0);
        let identifier = settings.identifier.clone().unwrap_or_default();
        let sim = SimCloud::new(stack.to_owned(), identifier, speed).with_outputs_in(&settings.outputs_dir());
        let seeded = sim.seeded();
        let (deployer, follower) = sim.split(Sink::new(tx.clone()), Sink::new(tx.clone()));
        return Cloud {
            deployer: Box::new(deployer),
            follower: Box::new(follower),
            users: Box::new(SimUsers::new(Sink::new(tx.clone()), speed, seeded)),
            secrets: Box::new(SimSecrets::new(Sink::new(tx.clone()), speed)),
            data: Box::new(SimData::new(Sink::new(tx.clone()), speed)),
            storage: Box::new(SimStorage::new(Sink::new(tx.clone()), speed)),
            invoker: Box::new(SimInvoker::new(Sink::new(tx.clone()), Sink::new(tx.clone()), speed)),
            local: local(settings, Box::new(SimFunctionSettings), tx),
            bootstrap: Box::new(SimBootstrap::new(Sink::new(tx.clone()), speed)),
            hosting: Box::new(crate::adapters::sim::hosting::SimHosting::new(Sink::new(tx.clone()), speed)),
        };
    }
    let activity = Activity::default();
    let follower =
        AwsFollower::spawn(follower_config(settings, stack.to_owned()), activity.clone(), Sink::new(tx.clone()));
    let uploader = std::sync::Arc::new(AwsUploader::new(connection(settings)));
    let pusher = Pusher::new(settings.dir.clone(), uploader);
    let deployer = LocalDeployer::spawn(runner, warm, Some(pusher), activity, Sink::new(tx.clone()));
    Cloud {
        deployer: Box::new(deployer),
        follower: Box::new(follower),
        users: Box::new(AwsUsers::new(connection(settings), Sink::new(tx.clone()))),
        secrets: Box::new(AwsSecrets::new(connection(settings), Sink::new(tx.clone()))),
        data: Box::new(AwsData::new(connection(settings), Sink::new(tx.clone()))),
        storage: Box::new(AwsStorage::new(connection(settings), Sink::new(tx.clone()))),
        invoker: Box::new(AwsInvoker::new(connection(settings), Sink::new(tx.clone()))),
        local: local(settings, Box::new(AwsFunctionSettings::new(connection(settings))), tx),
        bootstrap: Box::new(AwsBootstrap::new(connection(settings), Sink::new(tx.clone()))),
        hosting: Box::new(crate::adapters::aws::hosting::AwsHosting::new(connection(settings), Sink::new(tx.clone()))),
    }
}
