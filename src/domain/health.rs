//! How the connections to the outside are doing. Each worker reports its own problems and
//! says when it recovered, so a problem shows exactly as long as it lasts.

/// Who met a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Source {
    /// The followed stack: its events, resources and outputs, and environment discovery.
    Stacks,
    /// The function logs.
    Logs,
    /// The workspace watcher.
    Watcher,
    /// The environment's Cognito user pool.
    Users,
    /// The environment's secrets in SSM.
    Secrets,
    /// The data models' tables.
    Data,
    /// The storage buckets.
    Storage,
    /// Invoking functions.
    Invoke,
    /// The account and region's CDK bootstrap.
    Bootstrap,
    /// Amplify Hosting: the app's branches and their builds.
    Hosting,
}

impl Source {
    pub fn label(self) -> &'static str {
        match self {
            Self::Stacks => "stacks",
            Self::Logs => "logs",
            Self::Watcher => "file watcher",
            Self::Users => "users",
            Self::Secrets => "secrets",
            Self::Data => "data",
            Self::Storage => "storage",
            Self::Invoke => "invoke",
            Self::Bootstrap => "bootstrap",
            Self::Hosting => "hosting",
        }
    }
}

/// What kind of problem, most pressing first: a user with expired credentials must learn
/// that before anything else, whichever client met it first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProblemKind {
    Credentials,
    Network,
    Throttled,
    Other,
    NotFound,
    /// Nothing was wrong with the source: ampdeck's own check, or a conflict with a newer
    /// version, refused what the user asked. Shown in the pane, never as the source's health.
    Refused,
}

/// A lasting problem and what to do about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub source: Source,
    pub kind: ProblemKind,
    /// One readable line, sanitized.
    pub message: String,
    /// What to do next.
    pub hint: String,
}

impl Problem {
    /// `logs: ExpiredTokenException: … (retrying)`: the problem as one line; only the
    /// followers (stacks, logs, the watcher) retry on their own.
    pub fn line(&self) -> String {
        let retrying = matches!(self.source, Source::Stacks | Source::Logs | Source::Watcher);
        format!("{}: {}{}", self.source.label(), self.message, if retrying { " (retrying)" } else { "" })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Health {
    Problem(Problem),
    /// The source works again: its problem is over.
    Recovered(Source),
}

/// What is known about the connection, for the status bar; `None` fields keep what an
/// earlier report knew.
#[derive(Debug, Clone, PartialEq)]
pub enum CloudStatus {
    Connected { region: Option<String>, account: Option<String> },
}
