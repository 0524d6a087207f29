//! Everything that can happen to ampdeck, and everything it can ask the outside world to do.

use crossterm::event::{KeyEvent, MouseEvent};

use crate::amplify::toolkit::ToolkitMessage;
use crate::ansi::StyledLine;
use crate::cloud::{CloudStatus, DeployRequest, Environment, LogEvent, StackEvent, StackOutput};
use crate::watch::ChangeSet;

#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// Once a second, and only while something on screen counts time.
    Tick,
    Deploy(DeployMsg),
    /// New stack events (oldest first) of the followed stack and its nested stacks.
    StackEvents(Vec<StackEvent>),
    /// Every resource with its current status, as events (a `ListStackResources` snapshot).
    StackResources(Vec<StackEvent>),
    StackOutputs(Vec<StackOutput>),
    /// The followed stack does not exist (not deployed yet, or deleted).
    StackMissing,
    Cloud(CloudStatus),
    /// The project's git repository changed (checkout, commit, fetch).
    Git(crate::git::Repo),
    Logs(Vec<LogEvent>),
    Environments(Vec<Environment>),
    /// Debounced, already filtered by the ignore rules; paths relative to the project root.
    FilesChanged(ChangeSet),
    Notice(Notice),
    /// What the last deploy changed in `amplify_outputs.json`.
    OutputsChanged(crate::outputs::OutputsDiff),
    /// A type check of the project finished.
    Checked(crate::typecheck::CheckReport),
    /// News from the warm deploy driver.
    Driver(DriverMsg),
    /// SIGTERM or SIGHUP: leave now, cleaning up.
    Terminate,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DriverMsg {
    /// Amplify's deployer is loaded: deploys skip ampx's cold start.
    Ready { versions: String },
    /// The driver cannot load or kept crashing: deploys go to ampx from now on. `retry` is a
    /// deploy the driver took but never started.
    Unavailable { reason: String, retry: Option<u64> },
    /// It stopped unexpectedly and is being restarted.
    Crashed { reason: String },
}

#[derive(Debug, Clone, PartialEq)]
pub enum DeployMsg {
    /// How many resources the deploy is expected to touch, when known.
    Planned {
        id: u64,
        resources: usize,
    },
    /// A structured message of the CDK toolkit / Amplify deployer.
    Toolkit {
        id: u64,
        message: Box<ToolkitMessage>,
    },
    /// A line of the deploy command's own output (sanitized, colours kept as styles).
    Output {
        id: u64,
        line: StyledLine,
    },
    Finished {
        id: u64,
        outcome: Outcome,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Succeeded,
    Failed { exit_code: Option<i32>, message: Option<String> },
    Cancelled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeLevel {
    Info,
    Warn,
    Error,
}

/// A message for the status line: worker errors with what to do next, confirmations.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub level: NoticeLevel,
    pub text: String,
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Self {
        Self { level: NoticeLevel::Info, text: text.into() }
    }

    pub fn warn(text: impl Into<String>) -> Self {
        Self { level: NoticeLevel::Warn, text: text.into() }
    }

    pub fn error(text: impl Into<String>) -> Self {
        Self { level: NoticeLevel::Error, text: text.into() }
    }
}

/// What the core asks the runtime to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Deploy(DeployRequest),
    CancelDeploy,
    /// Run type check `generation` on the project (ending one still running).
    TypeCheck {
        generation: u64,
    },
    /// The type check's verdict for a deploy waiting between synthesis and deployment.
    ReleaseDeploy {
        id: u64,
        proceed: bool,
        reason: String,
    },
    /// Follow another stack: its events, resources and outputs.
    Follow(String),
    /// `CancelUpdateStack` on the followed stack.
    CancelUpdateStack,
    /// Append a finished deploy to the history file.
    RecordHistory(crate::history::Record),
    /// Compare `amplify_outputs.json` with its state before the deploy.
    DiffOutputs,
    /// Tell the user a deploy finished (bell or desktop notification).
    Announce {
        title: String,
        body: String,
    },
    /// Put text on the clipboard (OSC 52, which terminals pass to the system clipboard).
    Copy(String),
    /// Write the shown log lines to a file.
    SaveLogs {
        path: std::path::PathBuf,
        text: String,
    },
    Quit,
}
