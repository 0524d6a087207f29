//! The cloud as ampdeck sees it: domain types shared by every adapter, and the port the
//! adapters implement. `sim` is the simulated cloud behind `--demo`.

pub mod aws;
pub mod console;
pub mod sim;

use crate::app::event::Event;
use crate::sanitize::sanitize;
use crate::timefmt::parse_rfc3339_ms;

/// One CloudFormation stack event, as `DescribeStackEvents` returns it. Text fields that can
/// come from outside (reasons, ids) are sanitized on the way in.
#[derive(Debug, Clone, PartialEq)]
pub struct StackEvent {
    pub stack_id: String,
    pub stack_name: String,
    pub event_id: String,
    pub logical_id: String,
    pub physical_id: String,
    pub resource_type: String,
    pub timestamp_ms: i64,
    pub status: String,
    pub reason: Option<String>,
}

impl StackEvent {
    /// The event is about the stack itself rather than one of its resources.
    pub fn is_stack_self(&self) -> bool {
        self.logical_id == self.stack_name
    }
}

/// The wire shape of a stack event (PascalCase, RFC 3339 timestamp).
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RawStackEvent {
    stack_id: String,
    stack_name: String,
    event_id: String,
    logical_resource_id: String,
    #[serde(default)]
    physical_resource_id: Option<String>,
    resource_type: String,
    timestamp: String,
    resource_status: String,
    #[serde(default)]
    resource_status_reason: Option<String>,
}

impl RawStackEvent {
    pub fn into_event(self) -> Option<StackEvent> {
        let clean = |s: String| sanitize(&s).into_owned();
        Some(StackEvent {
            timestamp_ms: parse_rfc3339_ms(&self.timestamp)?,
            stack_id: clean(self.stack_id),
            stack_name: clean(self.stack_name),
            event_id: clean(self.event_id),
            logical_id: clean(self.logical_resource_id),
            physical_id: self.physical_resource_id.map(clean).unwrap_or_default(),
            resource_type: clean(self.resource_type),
            status: clean(self.resource_status),
            reason: self.resource_status_reason.map(clean).filter(|r| !r.is_empty()),
        })
    }
}

/// How a CloudFormation status reads to a person; themes colour by this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusClass {
    Complete,
    InProgress,
    Failed,
    RollingBack,
    RolledBack,
    Deleted,
    Unknown,
}

impl StatusClass {
    pub fn of(status: &str) -> Self {
        let rollback = status.contains("ROLLBACK");
        if status.ends_with("_FAILED") {
            Self::Failed
        } else if status.starts_with("DELETE_") && !status.ends_with("_IN_PROGRESS") {
            Self::Deleted
        } else if status.ends_with("_IN_PROGRESS") {
            if rollback { Self::RollingBack } else { Self::InProgress }
        } else if status.ends_with("_COMPLETE") || status.ends_with("_SKIPPED") {
            if rollback { Self::RolledBack } else { Self::Complete }
        } else {
            Self::Unknown
        }
    }

    pub fn is_terminal(self) -> bool {
        !matches!(self, Self::InProgress | Self::RollingBack)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnvKind {
    Sandbox,
    Branch,
    Standalone,
}

/// A deployed Amplify environment found in the account.
#[derive(Debug, Clone, PartialEq)]
pub struct Environment {
    pub name: String,
    pub kind: EnvKind,
    pub stack_name: String,
    pub status: String,
    pub updated_ms: i64,
    /// The user's own sandbox for this project.
    pub mine: bool,
    /// The Amplify app of a branch environment (tag `amplify:app-id`).
    pub app_id: Option<String>,
}

#[cfg(test)]
impl Environment {
    /// An environment for tests: its stack named after it, up to date.
    pub fn sample(name: &str, kind: EnvKind, mine: bool) -> Self {
        Self {
            name: name.into(),
            kind,
            stack_name: format!("stack-{name}"),
            status: "UPDATE_COMPLETE".into(),
            updated_ms: 0,
            mine,
            app_id: None,
        }
    }
}

/// A stack output (`DescribeStacks` → `Outputs`).
#[derive(Debug, Clone, PartialEq)]
pub struct StackOutput {
    pub key: String,
    pub value: String,
    pub description: Option<String>,
}

/// The state of the connection to the cloud, for the status bar.
#[derive(Debug, Clone, PartialEq)]
pub enum CloudStatus {
    /// `None` fields keep what was known.
    Connected {
        region: Option<String>,
        account: Option<String>,
    },
    Error {
        message: String,
        hint: String,
    },
}

/// One log event of a Lambda function.
#[derive(Debug, Clone, PartialEq)]
pub struct LogEvent {
    pub function: String,
    pub timestamp_ms: i64,
    pub message: String,
    /// One of Amplify's own functions (custom-resource handlers, the table manager): listed,
    /// hidden until the user shows it.
    pub internal: bool,
}

/// What the user asked to deploy and why.
#[derive(Debug, Clone, PartialEq)]
pub struct DeployRequest {
    pub id: u64,
    pub changed: Vec<std::path::PathBuf>,
    pub action: DeployAction,
    /// Deployment waits for the type check's verdict ([`Cloud::release`]); synthesis does not.
    pub gate: bool,
}

/// What a deploy does.
#[derive(Debug, Clone, PartialEq)]
pub enum DeployAction {
    /// Deploy the user's sandbox; `recreate` deletes it first (the answer to ampx's
    /// `CFNUpdateNotSupportedError`).
    Sandbox { recreate: bool },
    /// `ampx pipeline-deploy` of a branch environment.
    Branch { stack: String, branch: String, app_id: String },
    /// `ampx sandbox delete` of a sandbox, the user's own or a teammate's.
    DeleteSandbox { stack: String, identifier: String, own: bool },
}

impl DeployAction {
    /// The stack the action changes, when it is not the user's sandbox.
    pub fn other_stack(&self) -> Option<&str> {
        match self {
            Self::Sandbox { .. } | Self::DeleteSandbox { own: true, .. } => None,
            Self::Branch { stack, .. } | Self::DeleteSandbox { stack, .. } => Some(stack),
        }
    }
}

/// The port every cloud adapter implements: it starts workers that report through `Event`s
/// and never blocks the caller. The core decides *what* to do; an adapter only does it.
pub trait Cloud: Send {
    /// Starts discovery, stack following and log tailing for the current environment.
    fn start(&mut self, tx: tokio::sync::mpsc::Sender<Event>);
    fn deploy(&mut self, request: DeployRequest);
    fn cancel_deploy(&mut self);
    /// The type check's verdict for a gated deploy: go on, or stop with `reason`.
    fn release(&mut self, _id: u64, _proceed: bool, _reason: String) {}
    /// Follows another stack from now on; the workers of the previous one stop.
    fn follow(&mut self, stack: String);
    /// Asks CloudFormation to stop an update under way and roll it back (`CancelUpdateStack`).
    fn cancel_update(&mut self);
    /// Stops every worker; called once on quit.
    fn shutdown(&mut self);
}

#[cfg(test)]
mod tests {
    use super::StatusClass::{self, *};

    #[test]
    fn statuses_read_as_people_read_them() {
        assert_eq!(StatusClass::of("CREATE_COMPLETE"), Complete);
        assert_eq!(StatusClass::of("UPDATE_IN_PROGRESS"), InProgress);
        assert_eq!(StatusClass::of("UPDATE_FAILED"), Failed);
        assert_eq!(StatusClass::of("UPDATE_ROLLBACK_IN_PROGRESS"), RollingBack);
        assert_eq!(StatusClass::of("UPDATE_ROLLBACK_COMPLETE"), RolledBack);
        assert_eq!(StatusClass::of("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"), InProgress);
        assert_eq!(StatusClass::of("DELETE_COMPLETE"), Deleted);
        assert_eq!(StatusClass::of("DELETE_FAILED"), Failed);
        assert!(!InProgress.is_terminal() && Complete.is_terminal());
    }
}
