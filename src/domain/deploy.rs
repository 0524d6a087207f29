//! Deploys: what the user asks for, what the deploy tools report while it runs, how it ends.

use crate::domain::stack::StackEvent;
use crate::util::ansi::StyledLine;

/// What the user asked to deploy and why.
#[derive(Debug, Clone, PartialEq)]
pub struct DeployRequest {
    pub id: u64,
    pub changed: Vec<std::path::PathBuf>,
    pub action: DeployAction,
    /// Deployment waits for the type check's verdict; synthesis does not.
    pub gate: bool,
    /// CloudFormation's express mode (`ampx sandbox --express`, sandbox deploys only).
    pub express: bool,
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
    /// `ampx sandbox seed`: runs `amplify/seed/seed.ts` against the user's sandbox.
    Seed,
}

impl DeployAction {
    /// What it did once it succeeded: `deployed`, `deleted`, `seeded`.
    pub fn done(&self) -> &'static str {
        match self {
            Self::Sandbox { .. } | Self::Branch { .. } => "deployed",
            Self::DeleteSandbox { .. } => "deleted",
            Self::Seed => "seeded",
        }
    }

    /// The stack the action changes, when it is not the user's sandbox.
    pub fn other_stack(&self) -> Option<&str> {
        match self {
            Self::Sandbox { .. } | Self::DeleteSandbox { own: true, .. } | Self::Seed => None,
            Self::Branch { stack, .. } | Self::DeleteSandbox { stack, .. } => Some(stack),
        }
    }
}

/// The root stack as CloudFormation has it right after deploy `deploy` said it succeeded
/// (the stack's own status as an event), or why it could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct StackCheck {
    pub deploy: u64,
    pub stack: Result<StackEvent, String>,
}

/// What a running deploy reports.
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

impl DeployMsg {
    pub fn id(&self) -> u64 {
        match self {
            Self::Planned { id, .. }
            | Self::Toolkit { id, .. }
            | Self::Output { id, .. }
            | Self::Finished { id, .. } => *id,
        }
    }
}

/// News from the warm deploy driver.
#[derive(Debug, Clone, PartialEq)]
pub enum DriverMsg {
    /// Amplify's deployer is loaded: deploys skip ampx's cold start.
    Ready { versions: String },
    /// The driver cannot load or kept crashing: deploys go to ampx from now on. `retry` is a
    /// deploy the driver took but never started.
    Unavailable { reason: String, retry: Option<u64> },
    /// It stopped unexpectedly and is being restarted.
    Crashed { reason: String },
    /// It was replaced by a fresh one while idle, its memory having grown (`reason`).
    Renewed { reason: String },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Succeeded,
    Failed { exit_code: Option<i32>, message: Option<String> },
    Cancelled,
}

/// What kind of deployment ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeployKind {
    Full,
    Hotswap,
    NoChanges,
}

impl DeployKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::Full => "full",
            Self::Hotswap => "hotswap",
            Self::NoChanges => "no changes",
        }
    }
}

/// A structured message of the CDK toolkit, as Amplify's deployer emits it (what the codes
/// mean is Amplify knowledge: `amplify::toolkit`).
#[derive(Debug, Clone, PartialEq)]
pub struct ToolkitMessage {
    pub code: String,
    pub message: String,
    pub event: Option<StackEvent>,
    pub progress: Option<(u32, u32)>,
    /// How a hotswap attempt went (`CDK_TOOLKIT_I5401` / `I5410`).
    pub hotswap: Option<HotswapAttempt>,
}

impl ToolkitMessage {
    /// A message with no payload.
    pub fn text(code: &str, message: &str) -> Self {
        Self { code: code.into(), message: message.into(), event: None, progress: None, hotswap: None }
    }
}

/// What the toolkit decided about hotswapping a deploy.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HotswapAttempt {
    pub hotswapped: bool,
    /// A full CloudFormation deployment follows.
    pub fell_back: bool,
    pub rejected: Vec<Rejection>,
}

/// A change the toolkit could not hotswap, with its own reason.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Rejection {
    pub logical_id: String,
    /// Empty for a stack output.
    #[serde(default)]
    pub resource_type: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub properties: Vec<String>,
    pub reason: String,
}

impl Rejection {
    /// One line a person reads: what could not be hotswapped and why.
    pub fn summary(&self) -> String {
        let what = match self.resource_type.as_str() {
            "" => format!("output {}", self.logical_id),
            kind => format!("{kind} {}", self.logical_id),
        };
        match self.properties.as_slice() {
            [] => format!("{what}: {}", self.reason),
            props => format!("{what} ({}): {}", props.join(", "), self.reason),
        }
    }
}

/// Where a deploy is. Ordered as they happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    Starting,
    Synthesizing,
    TypeChecking,
    PublishingAssets,
    Deploying,
    Hotswapping,
    /// The deploy said it succeeded; the stack's own status is read once more.
    Verifying,
}

impl Phase {
    pub fn label(self) -> &'static str {
        match self {
            Self::Starting => "starting",
            Self::Synthesizing => "synthesizing",
            Self::TypeChecking => "type checking",
            Self::PublishingAssets => "publishing assets",
            Self::Deploying => "deploying",
            Self::Hotswapping => "hotswapping",
            Self::Verifying => "checking the stack",
        }
    }
}
