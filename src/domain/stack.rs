//! CloudFormation as ampdeck sees it: stack events (resources are events carrying their
//! current status), how a status reads, stack outputs.

use crate::util::sanitize::sanitize;
use crate::util::timefmt::parse_rfc3339_ms;

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
    /// A stack's own status as an event, as `DescribeStacks` reads it.
    pub fn of_stack(stack_id: String, name: &str, status: &str, timestamp_ms: i64, reason: Option<String>) -> Self {
        Self {
            stack_id,
            stack_name: name.to_owned(),
            event_id: String::new(),
            logical_id: name.to_owned(),
            physical_id: String::new(),
            resource_type: "AWS::CloudFormation::Stack".into(),
            timestamp_ms,
            status: status.to_owned(),
            reason,
        }
    }

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

/// A stack output (`DescribeStacks` → `Outputs`).
#[derive(Debug, Clone, PartialEq)]
pub struct StackOutput {
    pub key: String,
    pub value: String,
    pub description: Option<String>,
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
