//! The real cloud: deploys run as child processes (`deploy::runner`), the followed stack is
//! polled through the official SDK, environments are discovered by their Amplify tags.

pub mod client;
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
use super::{Cloud, DeployRequest};
use crate::app::{Event, Notice};
use crate::deploy::runner::{ProcessRunner, RunnerConfig};

pub struct AwsCloud {
    runner: ProcessRunner,
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
            every: self.timing.logs,
            tx: tx.clone(),
        };
        self.log_tail = Some(tokio::spawn(tail.run(self.functions.subscribe())));
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
            self.runner.start(request.id, &request.action, tx.clone());
            // Poll at once and fast while the deploy runs.
            self.deploying.store(true, Ordering::SeqCst);
            self.wake.notify_one();
        }
    }

    fn cancel_deploy(&mut self) {
        self.runner.cancel();
        self.wake.notify_one();
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
        if let Some(poller) = self.poller.take() {
            poller.abort();
        }
        if let Some(tail) = self.log_tail.take() {
            tail.abort();
        }
    }
}
