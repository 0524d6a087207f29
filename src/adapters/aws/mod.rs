//! The real cloud through the official SDK: the followed stack polled (events, resources,
//! outputs), the account's environments discovered by their Amplify tags, and the logs of
//! the environment's functions tailed from CloudWatch Logs.

mod attribute;
pub mod bootstrap;
pub mod client;
pub mod code_push;
pub mod data;
pub mod function_settings;
mod functions;
pub mod hosting;
pub mod invoke;
pub mod live_tail;
pub mod log_cursor;
pub mod logs;
mod on_demand;
pub mod poller;
pub mod secrets;
pub mod srp;
pub mod stacks;
pub mod storage;
mod streams;
pub mod users;

use std::time::Duration;

use tokio::task::JoinHandle;

use self::client::{CallCounter, Connection};
use self::poller::{Poller, Timing};
use crate::domain::logs::Function;
use crate::domain::notice::Notice;
use crate::ports::{Activity, FollowMsg, Follower, Sink};

/// Whose logs are read.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum FunctionChoice {
    /// Every function (Amplify's own are hidden by the Logs pane until shown).
    #[default]
    All,
    /// The functions the user defined.
    Users,
    /// These, by the name the Logs pane shows.
    Named(Vec<String>),
}

impl FunctionChoice {
    pub fn picks(&self, function: &Function) -> bool {
        match self {
            Self::All => true,
            Self::Users => !function.internal,
            Self::Named(names) => names.contains(&function.name),
        }
    }
}

/// What to follow and how.
#[derive(Debug, Clone)]
pub struct FollowConfig {
    pub connection: Connection,
    pub stack: String,
    pub timing: Timing,
    pub functions: FunctionChoice,
    /// How far back the first read of a log group goes.
    pub first_look: Duration,
}

impl FollowConfig {
    pub fn new(connection: Connection, stack: String, timing: Timing) -> Self {
        Self { connection, stack, timing, functions: FunctionChoice::All, first_look: Duration::from_secs(5 * 60) }
    }
}

/// How the log tail paces itself for `config`.
fn pace(config: &FollowConfig) -> logs::Pace {
    logs::Pace {
        budget: config.timing.log_budget,
        first_look: config.first_look,
        // Live Tail's streaming host exists only on AWS itself: with an emulator (or any
        // custom endpoint) it would only cost a failing DNS lookup on every start.
        live: config.connection.endpoint_url.is_none(),
        ..logs::Pace::new(config.timing.logs)
    }
}

pub struct AwsFollower {
    config: FollowConfig,
    pub calls: CallCounter,
    activity: Activity,
    sink: Sink<FollowMsg>,
    poller: Option<JoinHandle<()>>,
    /// Aborted pollers of stacks followed before, kept only to prove they ended.
    retired: Vec<JoinHandle<()>>,
    functions: tokio::sync::watch::Sender<Vec<Function>>,
    log_tail: Option<JoinHandle<()>>,
}

impl AwsFollower {
    /// Starts following `config.stack` at once. Must be called inside a tokio runtime.
    pub fn spawn(config: FollowConfig, activity: Activity, sink: Sink<FollowMsg>) -> Self {
        let calls = CallCounter::default();
        let functions = tokio::sync::watch::channel(Vec::new()).0;
        let pace = pace(&config);
        let tail =
            logs::LogTail { connection: config.connection.clone(), calls: calls.clone(), pace, sink: sink.clone() };
        let log_tail = Some(tokio::spawn(tail.run(functions.subscribe())));
        let mut follower =
            Self { config, calls, activity, sink, poller: None, retired: Vec::new(), functions, log_tail };
        follower.spawn_poller();
        follower
    }

    fn spawn_poller(&mut self) {
        let poller = Poller {
            connection: self.config.connection.clone(),
            stack: self.config.stack.clone(),
            timing: self.config.timing,
            calls: self.calls.clone(),
            activity: self.activity.clone(),
            sink: self.sink.clone(),
            functions: Some((self.functions.clone(), self.config.functions.clone())),
        };
        self.poller = Some(tokio::spawn(poller.run()));
    }

    /// Workers still running: one poller (whatever was followed before) and the log tail.
    pub fn live_workers(&self) -> usize {
        [&self.poller, &self.log_tail].into_iter().flatten().filter(|p| !p.is_finished()).count()
            + self.retired.iter().filter(|p| !p.is_finished()).count()
    }
}

impl Follower for AwsFollower {
    fn follow(&mut self, stack: String) {
        if let Some(old) = self.poller.take() {
            old.abort();
            self.retired.retain(|p| !p.is_finished());
            self.retired.push(old);
        }
        self.config.stack = stack;
        // The new environment's poller names its functions; until then, tail none.
        self.functions.send_replace(Vec::new());
        self.spawn_poller();
    }

    fn cancel_update(&mut self) {
        let (connection, stack, calls) =
            (self.config.connection.clone(), self.config.stack.clone(), self.calls.clone());
        let sink = self.sink.clone();
        tokio::spawn(async move {
            let (client, _) = client::connect(&connection, calls).await;
            let notice = match client.cancel_update_stack().stack_name(&stack).send().await {
                Ok(_) => Notice::warn(format!("CancelUpdateStack sent: {stack} rolls back")),
                Err(e) => {
                    let e = client::describe(&e);
                    Notice::error(format!("CancelUpdateStack failed: {} ({})", e.message, e.hint))
                }
            };
            sink.send(FollowMsg::Notice(notice)).await;
        });
        self.activity.poke();
    }

    fn verify(&mut self, deploy: u64, stack: String) {
        let (connection, calls, sink) = (self.config.connection.clone(), self.calls.clone(), self.sink.clone());
        tokio::spawn(async move {
            let (client, _) = client::connect(&connection, calls).await;
            let stack = match client.describe_stacks().stack_name(&stack).send().await {
                Ok(out) => out.stacks().first().map(stacks::stack_status).ok_or_else(|| "no such stack".to_owned()),
                Err(e) => Err(client::describe(&e).message),
            };
            sink.send(FollowMsg::Verified(crate::domain::deploy::StackCheck { deploy, stack })).await;
        });
    }

    fn shutdown(&mut self) {
        for task in [self.poller.take(), self.log_tail.take()].into_iter().flatten() {
            task.abort();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_tail_is_tried_on_aws_only() {
        let aws = FollowConfig::new(Connection::default(), "s".into(), Timing::default());
        assert!(pace(&aws).live);
        let emulator = Connection { endpoint_url: Some("http://127.0.0.1:5000".into()), ..Connection::default() };
        assert!(!pace(&FollowConfig::new(emulator, "s".into(), Timing::default())).live);
    }

    #[test]
    fn after_an_outage_the_next_poll_comes_within_half_a_minute() {
        let timing = Timing::default();
        // The longest wait between tries, jitter included, plus a fast poll.
        assert!(timing.max_backoff.mul_f64(1.25) + timing.fast < Duration::from_secs(30), "{timing:?}");
    }
}
