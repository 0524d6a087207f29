//! Commands run beside the backend — the frontend's dev server, a watcher, a worker: what
//! each one is, what is asked of it and what it reports.

use std::path::PathBuf;

use crate::util::ansi::StyledLine;

/// One command ampdeck can run, from `[[processes]]` or the project's `package.json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessSpec {
    pub name: String,
    /// Run by `sh -c`, as a terminal would run it.
    pub command: String,
    /// Where it runs (absolute).
    pub dir: PathBuf,
    /// Added to the environment of the shell ampdeck was started from.
    pub env: Vec<(String, String)>,
    /// Started with ampdeck (only an entry of `[[processes]]` can be).
    pub autostart: bool,
    /// Restarted when a deploy changes `amplify_outputs.json` (a server that reads it once).
    pub restart_on_outputs: bool,
    /// Its output is also appended to this file (absolute), for another terminal or an agent.
    pub log_file: Option<PathBuf>,
    pub origin: Origin,
}

/// Where an entry comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// `[[processes]]` in the config.
    Config,
    /// A script of the project's `package.json`, offered, never started unasked.
    Script,
}

/// What is asked of the processes' worker.
#[derive(Debug, Clone, PartialEq)]
pub enum ProcessRequest {
    Start(ProcessSpec),
    /// SIGINT to its group, then SIGTERM and SIGKILL a grace period apart.
    Stop {
        name: String,
    },
    /// A stop, then a start once the old group is gone (its port free again).
    Restart(ProcessSpec),
}

/// How a process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    Code(i32),
    Signal(i32),
}

/// What the processes' worker reports.
#[derive(Debug, Clone, PartialEq)]
pub enum ProcessMsg {
    Started {
        name: String,
        pid: u32,
    },
    /// New lines of its output (stdout and stderr as they came), colours kept as styles.
    Output {
        name: String,
        lines: Vec<StyledLine>,
    },
    /// Its group is gone; `asked` when a stop or restart ended it.
    Exited {
        name: String,
        ended: Ended,
        asked: bool,
    },
    /// It could not be started at all.
    Failed {
        name: String,
        error: String,
    },
    /// It could not listen on `port`: who holds it, when that can be found.
    PortTaken {
        name: String,
        port: u16,
        holder: Option<String>,
    },
}

impl ProcessMsg {
    pub fn name(&self) -> &str {
        match self {
            Self::Started { name, .. }
            | Self::Output { name, .. }
            | Self::Exited { name, .. }
            | Self::Failed { name, .. }
            | Self::PortTaken { name, .. } => name,
        }
    }
}
