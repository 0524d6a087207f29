//! One-line messages for the status bar.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeLevel {
    Info,
    Warn,
    Error,
}

/// A message for the status line: confirmations, results of actions, one-off warnings.
/// Problems that last (an unreachable endpoint) are [`crate::domain::health::Problem`]s.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub level: NoticeLevel,
    pub text: String,
    /// The source whose failure it tells of: it goes when that source recovers.
    pub source: Option<super::health::Source>,
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Self {
        Self { level: NoticeLevel::Info, text: text.into(), source: None }
    }

    pub fn warn(text: impl Into<String>) -> Self {
        Self { level: NoticeLevel::Warn, text: text.into(), source: None }
    }

    pub fn error(text: impl Into<String>) -> Self {
        Self { level: NoticeLevel::Error, text: text.into(), source: None }
    }

    /// `list secrets failed: ThrottlingException — wait a little; ampdeck retries`.
    pub fn failed(what: &str, problem: &super::health::Problem) -> Self {
        let text = format!("{what} failed: {} — {}", problem.message, problem.hint);
        Self { source: Some(problem.source), ..Self::error(text) }
    }
}
