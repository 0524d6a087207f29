//! Amplify Hosting as the Builds pane shows it: the project's app, its hosted branches, their
//! build jobs and each job's steps, and what the core asks of the Hosting port.

use crate::domain::health::Problem;
use crate::domain::secret::SecretText;

/// A job's status as the Amplify API names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobStatus {
    Pending,
    Provisioning,
    Running,
    Succeed,
    Failed,
    Cancelling,
    Cancelled,
    Other(String),
}

impl JobStatus {
    pub fn parse(text: &str) -> Self {
        match text {
            "PENDING" => Self::Pending,
            "PROVISIONING" => Self::Provisioning,
            "RUNNING" => Self::Running,
            "SUCCEED" => Self::Succeed,
            "FAILED" => Self::Failed,
            "CANCELLING" => Self::Cancelling,
            "CANCELLED" => Self::Cancelled,
            other => Self::Other(other.to_owned()),
        }
    }

    /// Still going: followed on the fast cadence, can be stopped.
    pub fn active(&self) -> bool {
        matches!(self, Self::Pending | Self::Provisioning | Self::Running | Self::Cancelling)
    }

    pub fn label(&self) -> &str {
        match self {
            Self::Pending => "pending",
            Self::Provisioning => "provisioning",
            Self::Running => "running",
            Self::Succeed => "succeeded",
            Self::Failed => "failed",
            Self::Cancelling => "cancelling",
            Self::Cancelled => "cancelled",
            Self::Other(text) => text,
        }
    }

    pub fn icon(&self) -> &'static str {
        match self {
            Self::Succeed => "✔",
            Self::Failed => "✖",
            Self::Cancelled | Self::Cancelling => "⊘",
            Self::Pending | Self::Provisioning | Self::Running => "⟳",
            Self::Other(_) => "?",
        }
    }
}

/// How a job was started (`jobType`).
pub fn trigger_label(job_type: &str) -> &str {
    match job_type {
        "RELEASE" => "release (started here or in the console)",
        "RETRY" => "retry",
        "MANUAL" => "manual deploy",
        "WEB_HOOK" => "git push",
        other => other,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: String,
    pub status: JobStatus,
    pub job_type: String,
    pub commit_id: String,
    pub commit_message: String,
    pub start_ms: i64,
    pub end_ms: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub name: String,
    pub status: JobStatus,
    pub start_ms: i64,
    pub end_ms: Option<i64>,
    pub reason: Option<String>,
    /// Presigned: a credential while it lasts, never logged.
    pub log_url: Option<SecretText>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Variables(pub Vec<(String, String)>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Branch {
    pub name: String,
    pub display_name: String,
    /// PRODUCTION, BETA, DEVELOPMENT, EXPERIMENTAL or PULL_REQUEST.
    pub stage: String,
    /// For a pull-request preview: the branch it merges into.
    pub source_branch: Option<String>,
    pub active_job_id: Option<String>,
    pub total_jobs: u64,
    pub variables: Variables,
    /// Its backend's CloudFormation stack (Gen 2 `backend.stackArn`).
    pub stack_arn: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct App {
    pub id: String,
    pub name: String,
    /// `d1a2b3c4.amplifyapp.com`: each branch is served at `<branch>.<default_domain>`.
    pub default_domain: String,
    pub repository: String,
    pub variables: Variables,
    /// Its custom domains' branch addresses (`ListDomainAssociations`), verified ones only.
    pub domains: Vec<Subdomain>,
}

/// A branch served under a custom domain: `https://<host>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subdomain {
    pub branch: String,
    pub host: String,
}

/// Where a variable is set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    App,
    Branch(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum HostingRequest {
    /// The app by id, with its custom domains.
    App {
        app_id: String,
    },
    /// A page of the account's apps, to pick from when the project names none.
    Apps {
        token: Option<String>,
    },
    Branches {
        app_id: String,
        token: Option<String>,
        generation: u64,
    },
    Jobs {
        app_id: String,
        branch: String,
        token: Option<String>,
        generation: u64,
    },
    /// One job and its steps (its log URLs fresh).
    Job {
        app_id: String,
        branch: String,
        job_id: String,
    },
    /// A step's log: the job is read again first, so the presigned URL has not expired.
    Log {
        app_id: String,
        branch: String,
        job_id: String,
        step: String,
    },
    Start {
        app_id: String,
        branch: String,
    },
    Retry {
        app_id: String,
        branch: String,
        job_id: String,
    },
    Stop {
        app_id: String,
        branch: String,
        job_id: String,
    },
    /// Sets `name` in `scope`; `all` is the scope's whole map as it was read, which the API
    /// replaces at once.
    SetVariable {
        app_id: String,
        scope: Scope,
        all: Variables,
        name: String,
        /// `None` removes it.
        value: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum HostingReply {
    Apps {
        apps: Vec<App>,
        next: Option<String>,
    },
    App(App),
    Branches {
        generation: u64,
        branches: Vec<Branch>,
        next: Option<String>,
    },
    /// `first`: the list from its start (else the page after one read before).
    Jobs {
        branch: String,
        generation: u64,
        first: bool,
        jobs: Vec<Job>,
        next: Option<String>,
    },
    Job {
        branch: String,
        job: Job,
        steps: Vec<Step>,
    },
    Log {
        job_id: String,
        step: String,
        text: String,
        truncated: bool,
    },
    Started {
        branch: String,
        job: Job,
    },
    Stopped {
        branch: String,
        job: Job,
    },
    VariableSet {
        scope: Scope,
        variables: Variables,
    },
    Failed {
        what: String,
        problem: Problem,
    },
}
