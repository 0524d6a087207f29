//! Outside `--demo`: deploys run as real child processes. The AWS side (stack events,
//! resources, logs, environments) is a STUB until the AWS adapter lands; it says so in the
//! status bar instead of pretending.

use tokio::sync::mpsc::Sender;

use super::{Cloud, DeployRequest};
use crate::app::{Event, Notice};
use crate::deploy::runner::{ProcessRunner, RunnerConfig};

pub struct LocalCloud {
    runner: ProcessRunner,
    tx: Option<Sender<Event>>,
}

impl LocalCloud {
    pub fn new(config: RunnerConfig) -> Self {
        Self { runner: ProcessRunner::new(config), tx: None }
    }
}

impl Cloud for LocalCloud {
    fn start(&mut self, tx: Sender<Event>) {
        let why = "no AWS connection in this version: deploys run, but stack events, resources, logs and environments need the AWS adapter";
        let _ = tx.try_send(Event::Notice(Notice::warn(why)));
        self.tx = Some(tx);
    }

    fn deploy(&mut self, request: DeployRequest) {
        if let Some(tx) = &self.tx {
            self.runner.start(request.id, request.recreate, tx.clone());
        }
    }

    fn cancel_deploy(&mut self) {
        self.runner.cancel();
    }

    fn shutdown(&mut self) {
        self.runner.shutdown();
    }
}
