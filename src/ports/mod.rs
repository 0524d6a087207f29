//! The ports: one small trait per capability the shell drives, each with an adapter for AWS
//! (or local processes) and a simulated one for `--demo`, and the message type its workers
//! report with. Adding a capability adds a trait here; the existing ones stay as they are.

pub mod sink;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::Notify;

pub use self::sink::Sink;
use crate::domain::changes::ChangeSet;
use crate::domain::deploy::{DeployMsg, DeployRequest, DriverMsg};
use crate::domain::env::Environment;
use crate::domain::health::{CloudStatus, Health};
use crate::domain::logs::LogEvent;
use crate::domain::notice::Notice;
use crate::domain::stack::{StackEvent, StackOutput};

/// What following an environment reports.
#[derive(Debug, Clone, PartialEq)]
pub enum FollowMsg {
    /// New stack events (oldest first) of the followed stack and its nested stacks.
    StackEvents(Vec<StackEvent>),
    /// Every resource with its current status, as events (a `ListStackResources` snapshot).
    StackResources(Vec<StackEvent>),
    StackOutputs(Vec<StackOutput>),
    /// The followed stack does not exist (not deployed yet, or deleted).
    StackMissing,
    Cloud(CloudStatus),
    /// The Amplify environments of the account.
    Environments(Vec<Environment>),
    Logs(Vec<LogEvent>),
    /// The functions the user defined, as deployed in the followed stack.
    Functions(Vec<crate::domain::invoke::Target>),
    Health(Health),
    Notice(Notice),
    /// The answer to [`Follower::verify`].
    Verified(crate::domain::deploy::StackCheck),
}

/// What deploying reports.
#[derive(Debug, Clone, PartialEq)]
pub enum DeployReport {
    Deploy(DeployMsg),
    Driver(DriverMsg),
    Follow(FollowMsg),
}

/// What the workspace watcher reports.
#[derive(Debug, Clone, PartialEq)]
pub enum WatchReport {
    Changes(ChangeSet),
    Notice(Notice),
    /// The secret names the backend's sources read: once at the start, again after a
    /// TypeScript file changed.
    SecretRefs(Vec<String>),
}

/// Follows one environment at a time: its stack, the account's environments, the logs of
/// its functions. Workers start when the adapter is made.
pub trait Follower: Send {
    /// Follows another stack from now on; the workers of the previous one stop.
    fn follow(&mut self, stack: String);
    /// Asks CloudFormation to stop an update under way and roll it back (`CancelUpdateStack`).
    fn cancel_update(&mut self);
    /// Reads `stack`'s own status once (`DescribeStacks`) after deploy `deploy` said it
    /// succeeded; answers with exactly one [`FollowMsg::Verified`].
    fn verify(&mut self, deploy: u64, stack: String);
    /// Stops every worker; called once on quit.
    fn shutdown(&mut self);
}

/// Runs deploys (and the other actions on environments: branch deploys, deletes).
pub trait Deployer: Send {
    fn deploy(&mut self, request: DeployRequest);
    fn cancel(&mut self);
    /// The type check's verdict for a gated deploy: go on, or stop with `reason`.
    fn release(&mut self, id: u64, proceed: bool, reason: String);
    fn shutdown(&mut self);
}

/// Whether a deploy runs, shared by the deployer (which sets it) and the follower (which
/// polls faster meanwhile, and at once when it changes).
#[derive(Debug, Clone, Default)]
pub struct Activity {
    busy: Arc<AtomicBool>,
    wake: Arc<Notify>,
}

impl Activity {
    pub fn set(&self, busy: bool) {
        self.busy.store(busy, Ordering::SeqCst);
        self.wake.notify_one();
    }

    /// Something happened that is worth a poll now (a deploy started, was cancelled).
    pub fn poke(&self) {
        self.wake.notify_one();
    }

    pub fn busy(&self) -> bool {
        self.busy.load(Ordering::SeqCst)
    }

    pub async fn changed(&self) {
        self.wake.notified().await;
    }
}

/// The followed environment's Cognito user pool: its users, groups, and actions on them.
/// Each request is answered by one [`crate::domain::users::UsersReply`] (a listing, a
/// change, or a failure saying what to do).
pub trait Users: Send {
    fn request(&mut self, request: crate::domain::users::UsersRequest);
    fn shutdown(&mut self);
}

/// The followed environment's data: its model schema, its tables' records and changes.
pub trait Data: Send {
    fn request(&mut self, request: crate::domain::data::DataRequest);
    /// Streams the changes of these tables from now on (none: stop reading streams).
    fn watch(&mut self, tables: Vec<String>);
    fn shutdown(&mut self);
}

/// Invoking the followed environment's functions; each request is answered once.
pub trait Invoker: Send {
    fn invoke(&mut self, request: crate::domain::invoke::InvokeRequest);
    /// Ends the invocations still running, unanswered (a cloud invocation cannot be recalled:
    /// nothing happens).
    fn stop(&mut self) {}
    fn shutdown(&mut self);
}

/// Whether the account and region are bootstrapped for CDK, reported as the health of
/// `Source::Bootstrap`.
pub trait Bootstrap: Send {
    fn check(&mut self, account: Option<String>, region: Option<String>);
    fn shutdown(&mut self);
}

/// The followed environment's storage buckets.
pub trait Storage: Send {
    fn request(&mut self, request: crate::domain::storage::StorageRequest);
    fn shutdown(&mut self);
}

/// Amplify Hosting: the app, its branches' builds and their variables.
pub trait Hosting: Send {
    fn request(&mut self, request: crate::domain::hosting::HostingRequest);
    fn shutdown(&mut self);
}

/// The followed environment's secrets in SSM Parameter Store.
pub trait Secrets: Send {
    fn request(&mut self, request: crate::domain::secrets::SecretsRequest);
    fn shutdown(&mut self);
}

/// Commands run beside the backend (the frontend's dev server): each in a process group of
/// its own, reported by `ProcessMsg`.
pub trait Processes: Send {
    fn request(&mut self, request: crate::domain::processes::ProcessRequest);
    /// Ends every group (SIGINT, then SIGTERM, then SIGKILL), waiting until they are gone.
    fn shutdown(&mut self);
}
