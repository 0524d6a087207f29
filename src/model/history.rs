//! Deploy history: a record per finished deploy (kept in a file by
//! `adapters::history_file`), and what past deploys say about the next one.

use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::domain::deploy::{DeployKind, Rejection};

pub const FILE: &str = ".amplify/ampdeck/history.jsonl";
/// Records kept in memory and read back at start.
pub const KEEP: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Result {
    Succeeded,
    Failed,
    Cancelled,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhaseTime {
    pub phase: String,
    /// Since the deploy started.
    pub at_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub id: u64,
    pub started_ms: i64,
    pub duration_ms: u64,
    pub result: Result,
    #[serde(default)]
    pub exit_code: Option<i32>,
    #[serde(default)]
    pub kind: Option<DeployKind>,
    /// What a run that was not a deploy did: `deleted` (a sandbox), `seeded`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done: Option<String>,
    pub trigger: String,
    #[serde(default)]
    pub changed: Vec<PathBuf>,
    #[serde(default)]
    pub phases: Vec<PhaseTime>,
    /// A hotswap was tried and fell back to a full deployment: the toolkit's reasons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback: Option<Vec<Rejection>>,
    /// CloudFormation's express mode (`ampx sandbox --express`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub express: bool,
    /// Where its time went, when stack events came.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline: Option<crate::model::timeline::Summary>,
}

impl Record {
    pub fn duration(&self) -> Duration {
        Duration::from_millis(self.duration_ms)
    }
}

/// What a deploy of `kind` usually takes: the median of the last five successful ones.
pub fn typical(
    records: impl IntoIterator<Item = impl std::borrow::Borrow<Record>>,
    kind: DeployKind,
) -> Option<Duration> {
    let mut last: Vec<u64> = records
        .into_iter()
        .filter(|r| r.borrow().result == Result::Succeeded && r.borrow().kind == Some(kind))
        .take(5)
        .map(|r| r.borrow().duration_ms)
        .collect();
    last.sort_unstable();
    last.get(last.len() / 2).map(|&ms| Duration::from_millis(ms)).filter(|_| !last.is_empty())
}

/// A record of deploy `id` for tests: its kind, result and duration, the rest empty.
#[cfg(test)]
pub fn record(id: u64, kind: DeployKind, result: Result, ms: u64) -> Record {
    Record {
        id,
        started_ms: 0,
        duration_ms: ms,
        result,
        exit_code: None,
        kind: Some(kind),
        done: None,
        trigger: "t".into(),
        changed: vec![],
        phases: vec![],
        fallback: None,
        express: false,
        timeline: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typical_duration_is_the_median_of_recent_successes_of_the_kind() {
        let records = vec![
            record(5, DeployKind::Hotswap, Result::Succeeded, 5_000),
            record(4, DeployKind::Hotswap, Result::Failed, 90_000),
            record(3, DeployKind::Full, Result::Succeeded, 40_000),
            record(2, DeployKind::Hotswap, Result::Succeeded, 3_000),
            record(1, DeployKind::Hotswap, Result::Succeeded, 4_000),
        ];
        assert_eq!(typical(&records, DeployKind::Hotswap), Some(Duration::from_secs(4)));
        assert_eq!(typical(&records, DeployKind::Full), Some(Duration::from_secs(40)));
        assert_eq!(typical(&records, DeployKind::NoChanges), None);
    }
}
