//! The real cloud: sandbox deploys go to the warm driver (`deploy::warm`) when the project
//! has Amplify's deployer, everything else runs as a child process (`deploy::runner`); the
//! followed stack is polled through the official SDK, environments are discovered by their
//! Amplify tags.

pub mod client;
pub mod declared;
pub mod live_tail;
pub mod logs;
pub mod poller;
pub mod stacks;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::Notify;
use tokio::sync::mpsc::Sender;
use tokio::task::JoinHandle;

use self::client::{CallCounter, Connection};
use self::poller::{Poller, Timing};
use super::{Cloud, DeployAction, DeployRequest};
use crate::app::{Event, Notice};
use crate::deploy::runner::{ProcessRunner, RunnerConfig};
use crate::deploy::warm::{DriverConfig, WarmDriver};

pub struct AwsCloud {
    runner: ProcessRunner,
    /// Set up to start with the workers; `None` when deploys always run the command.
    warm_config: Option<DriverConfig>,
    warm: Option<WarmDriver>,
    /// The deploy the warm driver has (cancel and verdicts go there).
    warm_deploy: Option<u64>,
    connection: Connection,
    stack: String,
    timing: Timing,
    pub calls: CallCounter,
    deploying: Arc<AtomicBool>,
    wake: Arc<Notify>,
    tx: Option<Sender<Event>>,
    poller: Option<JoinHandle<()>>,
    /// Aborted pollers of stacks followed before, kept only to prove they ended.
    retired: Vec<JoinHandle<()>>,
    functions: tokio::sync::watch::Sender<Vec<logs::Function>>,
    log_tail: Option<JoinHandle<()>>,
}

impl AwsCloud {
    pub fn new(runner: RunnerConfig, connection: Connection, stack: String, timing: Timing) -> Self {
        let runner = ProcessRunner::new(runner);
        let deploying = runner.activity();
        Self {
            runner,
            warm_config: None,
            warm: None,
            warm_deploy: None,
            connection,
            stack,
            timing,
            calls: CallCounter::default(),
            deploying,
            wake: Arc::new(Notify::new()),
            tx: None,
            poller: None,
            retired: Vec::new(),
            functions: tokio::sync::watch::channel(Vec::new()).0,
            log_tail: None,
        }
    }
}

impl AwsCloud {
    /// Sandbox deploys go to a warm driver started with the workers.
    pub fn with_warm_driver(mut self, config: DriverConfig) -> Self {
        self.warm_config = Some(config);
        self
    }

    /// The warm driver's process group, while one runs.
    pub fn driver_pgid(&self) -> Option<i32> {
        self.warm.as_ref().and_then(WarmDriver::pgid)
    }

    fn spawn_poller(&mut self) {
        let Some(tx) = self.tx.clone() else { return };
        let poller = Poller {
            connection: self.connection.clone(),
            stack: self.stack.clone(),
            timing: self.timing,
            calls: self.calls.clone(),
            deploying: self.deploying.clone(),
            wake: self.wake.clone(),
            tx,
            functions: Some(self.functions.clone()),
        };
        self.poller = Some(tokio::spawn(poller.run()));
    }

    /// Workers still running: one poller (whatever was followed before) and the log tail.
    pub fn live_workers(&self) -> usize {
        [&self.poller, &self.log_tail].into_iter().flatten().filter(|p| !p.is_finished()).count()
            + self.retired.iter().filter(|p| !p.is_finished()).count()
    }
}

impl Cloud for AwsCloud {
    fn start(&mut self, tx: Sender<Event>) {
        let tail = logs::LogTail {
            connection: self.connection.clone(),
            calls: self.calls.clone(),
            pace: logs::Pace { budget: self.timing.log_budget, ..logs::Pace::new(self.timing.logs) },
            tx: tx.clone(),
        };
        self.log_tail = Some(tokio::spawn(tail.run(self.functions.subscribe())));
        if let Some(config) = self.warm_config.take() {
            self.warm = Some(WarmDriver::spawn(config, tx.clone(), self.deploying.clone()));
        }
        self.tx = Some(tx);
        self.spawn_poller();
    }

    fn follow(&mut self, stack: String) {
        if let Some(old) = self.poller.take() {
            old.abort();
            self.retired.retain(|p| !p.is_finished());
            self.retired.push(old);
        }
        self.stack = stack;
        // The new environment's poller names its functions; until then, tail none.
        self.functions.send_replace(Vec::new());
        self.spawn_poller();
    }

    fn deploy(&mut self, request: DeployRequest) {
        if let Some(tx) = &self.tx {
            let warm = self.warm.as_ref().filter(|w| w.usable());
            match warm {
                Some(driver) if request.action == (DeployAction::Sandbox { recreate: false }) => {
                    driver.deploy(request.id, request.gate);
                    self.warm_deploy = Some(request.id);
                }
                _ => {
                    self.warm_deploy = None;
                    self.runner.start(request.id, &request.action, tx.clone());
                }
            }
            // Poll at once and fast while the deploy runs.
            self.deploying.store(true, Ordering::SeqCst);
            self.wake.notify_one();
        }
    }

    fn cancel_deploy(&mut self) {
        match (&self.warm, self.warm_deploy.take()) {
            (Some(driver), Some(_)) => driver.cancel(),
            _ => self.runner.cancel(),
        }
        self.wake.notify_one();
    }

    fn release(&mut self, id: u64, proceed: bool, reason: String) {
        if let Some(driver) = &self.warm {
            driver.release(id, proceed, reason);
        }
    }

    fn cancel_update(&mut self) {
        let Some(tx) = self.tx.clone() else { return };
        let (connection, stack, calls) = (self.connection.clone(), self.stack.clone(), self.calls.clone());
        tokio::spawn(async move {
            let (client, _) = client::connect(&connection, calls).await;
            let notice = match client.cancel_update_stack().stack_name(&stack).send().await {
                Ok(_) => Notice::warn(format!("CancelUpdateStack sent: {stack} rolls back")),
                Err(e) => {
                    let e = client::describe(&e);
                    Notice::error(format!("CancelUpdateStack failed: {} ({})", e.message, e.hint))
                }
            };
            let _ = tx.send(Event::Notice(notice)).await;
        });
        self.wake.notify_one();
    }

    fn shutdown(&mut self) {
        self.runner.shutdown();
        if let Some(driver) = &mut self.warm {
            driver.shutdown();
        }
        if let Some(poller) = self.poller.take() {
            poller.abort();
        }
        if let Some(tail) = self.log_tail.take() {
            tail.abort();
        }
    }
}
