//! The warm deploy driver: one long-lived Node.js process (`driver.mjs`, written to the
//! project's `.amplify/`) that keeps Amplify's own deployer loaded between deploys. A task owns
//! the process; ampdeck talks to it through [`WarmDriver`]. Once ready it synthesizes once, so
//! the first deploy is warm too. A cancel or a crash ends the process group and starts a fresh
//! driver, and so does a driver whose heap grew too much (it says so while idle, then exits);
//! a driver that cannot load makes ampdeck fall back to the `npx ampx sandbox --once` runner.

mod actor;
pub mod protocol;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, AtomicU8, Ordering};
use std::time::Duration;

use tokio::sync::mpsc::{self, UnboundedSender};
use tokio::task::JoinHandle;

use self::protocol::{Backend, OutputsSpec};
use super::group;
use crate::ports::{Activity, DeployReport, Sink};

/// The driver, as shipped inside the ampdeck binary.
pub const SCRIPT: &str = include_str!("driver.mjs");
/// Where it is written, relative to the project.
pub const SCRIPT_PATH: &str = ".amplify/ampdeck-driver.mjs";

#[derive(Debug, Clone)]
pub struct DriverConfig {
    pub dir: PathBuf,
    pub node: String,
    pub env: Vec<(String, String)>,
    pub backend: Backend,
    pub outputs: OutputsSpec,
    /// Between SIGINT and SIGTERM, and between SIGTERM and SIGKILL, on cancel.
    pub grace: Duration,
}

impl DriverConfig {
    /// Why the driver cannot run in this project, before trying: it needs Amplify's deployer
    /// from the project's own `node_modules`.
    pub fn missing(dir: &Path) -> Option<String> {
        let deployer = dir.join("node_modules/@aws-amplify/backend-deployer/package.json");
        (!deployer.is_file()).then(|| "no node_modules/@aws-amplify/backend-deployer (run npm install)".to_owned())
    }
}

const STARTING: u8 = 0;
const READY: u8 = 1;
const UNAVAILABLE: u8 = 2;

pub(super) enum Order {
    Deploy { id: u64, gate: bool, express: bool },
    Release { id: u64, proceed: bool, reason: String },
    Cancel,
}

/// The handle the cloud adapter keeps.
pub struct WarmDriver {
    commands: UnboundedSender<Order>,
    status: Arc<AtomicU8>,
    pgid: Arc<AtomicI32>,
    task: JoinHandle<()>,
}

impl WarmDriver {
    /// Starts the driver now, so it is warm by the first save. `activity` is busy while one of
    /// its deploys runs.
    pub fn spawn(config: DriverConfig, sink: Sink<DeployReport>, activity: Activity) -> Self {
        let (commands, rx) = mpsc::unbounded_channel();
        let status = Arc::new(AtomicU8::new(STARTING));
        let pgid = Arc::new(AtomicI32::new(0));
        let shared = actor::Shared { status: status.clone(), pgid: pgid.clone() };
        let task = tokio::spawn(actor::run(config, rx, sink, shared, activity));
        Self { commands, status, pgid, task }
    }

    /// False once the driver said it cannot load, or kept crashing: deploys go to ampx.
    pub fn usable(&self) -> bool {
        self.status.load(Ordering::SeqCst) != UNAVAILABLE && !self.task.is_finished()
    }

    pub fn deploy(&self, id: u64, gate: bool, express: bool) {
        let _ = self.commands.send(Order::Deploy { id, gate, express });
    }

    pub fn release(&self, id: u64, proceed: bool, reason: String) {
        let _ = self.commands.send(Order::Release { id, proceed, reason });
    }

    pub fn cancel(&self) {
        let _ = self.commands.send(Order::Cancel);
    }

    /// Quit: the driver and whatever it started end now.
    pub fn shutdown(&mut self) {
        self.task.abort();
        let pgid = self.pgid.swap(0, Ordering::SeqCst);
        if pgid > 0 && group::is_registered(pgid) {
            group::end(pgid, Duration::from_secs(1));
            group::unregister(pgid);
        }
    }

    /// The driver's process group, while one runs (tests check it is gone).
    pub fn pgid(&self) -> Option<i32> {
        Some(self.pgid.load(Ordering::SeqCst)).filter(|&p| p > 0)
    }
}
