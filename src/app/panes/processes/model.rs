//! What the Processes page keeps: each command it offers, whether it runs, what it printed,
//! the address it serves, and why it could not listen.

use crate::domain::processes::{Ended, ProcessSpec};
use crate::model::process_output::ProcessOutput;

#[derive(Debug, Clone, Default)]
pub struct ProcessesPane {
    pub entries: Vec<Entry>,
    /// Entries of `[[processes]]` with `autostart` start with ampdeck (`start_processes =
    /// false`, `--no-processes`: none does).
    pub autostart: bool,
    /// The page was on screen after the last event (opening it reads the commands again).
    pub shown: bool,
    /// The first listing came: autostart has happened.
    pub listed: bool,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub spec: ProcessSpec,
    pub state: RunState,
    pub output: ProcessOutput,
    /// The local address its start banner printed (`http://localhost:5173/`).
    pub address: Option<String>,
    /// Runs started after the first (by a key, or after a deploy changed the outputs).
    pub restarts: u32,
    /// Runs started so far.
    pub runs: u32,
    /// Why it could not listen: the port and who holds it.
    pub port_taken: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunState {
    /// Never started.
    Idle,
    Starting,
    Running { pid: u32 },
    /// Stop asked: SIGINT sent, SIGTERM and SIGKILL follow while it stays.
    Stopping,
    /// Stopping, to start again once its group is gone.
    Restarting,
    Exited { ended: Ended, asked: bool },
    /// It could not be started.
    Failed(String),
}

impl RunState {
    /// Its group may still be alive.
    pub fn live(&self) -> bool {
        matches!(self, Self::Starting | Self::Running { .. } | Self::Stopping | Self::Restarting)
    }

    pub fn label(&self) -> String {
        match self {
            Self::Idle => "not started".into(),
            Self::Starting => "starting".into(),
            Self::Running { .. } => "running".into(),
            Self::Stopping => "stopping".into(),
            Self::Restarting => "restarting".into(),
            Self::Exited { asked: true, .. } => "stopped".into(),
            Self::Exited { ended: Ended::Code(0), .. } => "exited 0".into(),
            Self::Exited { ended: Ended::Code(code), .. } => format!("exited {code}"),
            Self::Exited { ended: Ended::Signal(signal), .. } => format!("killed by {}", signal_name(*signal)),
            Self::Failed(_) => "could not start".into(),
        }
    }
}

fn signal_name(signal: i32) -> String {
    let name = match signal {
        1 => "SIGHUP",
        2 => "SIGINT",
        6 => "SIGABRT",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        13 => "SIGPIPE",
        15 => "SIGTERM",
        _ => return format!("signal {signal}"),
    };
    name.to_owned()
}

impl Entry {
    pub fn new(spec: ProcessSpec) -> Self {
        Self {
            spec,
            state: RunState::Idle,
            output: ProcessOutput::default(),
            address: None,
            restarts: 0,
            runs: 0,
            port_taken: None,
        }
    }
}

impl ProcessesPane {
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Entry> {
        self.entries.iter_mut().find(|e| e.spec.name == name)
    }

    /// A new listing: entries still listed keep their state and output; those gone from the
    /// list stay while they run (stopping one is the user's choice).
    pub fn relist(&mut self, specs: Vec<ProcessSpec>) {
        let mut old = std::mem::take(&mut self.entries);
        for spec in specs {
            match old.iter().position(|e| e.spec.name == spec.name) {
                Some(i) => {
                    let mut entry = old.remove(i);
                    entry.spec = spec;
                    self.entries.push(entry);
                }
                None => self.entries.push(Entry::new(spec)),
            }
        }
        self.entries.extend(old.into_iter().filter(|e| e.state.live()));
    }

    /// The first running entry's address: the status bar's.
    pub fn address(&self) -> Option<(&str, &str)> {
        self.entries
            .iter()
            .filter(|e| matches!(e.state, RunState::Running { .. }))
            .find_map(|e| Some((e.spec.name.as_str(), e.address.as_deref()?)))
    }

    /// The names of the running entries, as shown.
    pub fn running(&self) -> Vec<String> {
        let running = self.entries.iter().filter(|e| matches!(e.state, RunState::Running { .. }));
        running.map(|e| crate::util::sanitize::owned(&e.spec.name)).collect()
    }
}
