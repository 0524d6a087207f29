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
    /// The sandbox functions' new code, bundled and uploaded without synthesis
    /// (`UpdateFunctionCode`): a save that touched only their own code.
    CodePush { functions: Vec<PushTarget> },
}

/// A function whose code a push updates: its name as the user gave it, and as deployed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushTarget {
    pub name: String,
    pub function_name: String,
}

/// Which project files each function's bundle is built from, and which the backend
/// definition (`amplify/backend.ts` and what it imports) reads: from esbuild's metafiles.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CodeMap {
    pub functions: Vec<(String, Vec<String>)>,
    pub backend: Vec<String>,
    /// Which reading this is: maps are read concurrently, the newest wins.
    pub generation: u64,
}

impl CodeMap {
    /// The functions whose code includes one of `changed`.
    pub fn owners(&self, changed: &[std::path::PathBuf]) -> Vec<String> {
        let named = |list: &[String], p: &std::path::PathBuf| list.iter().any(|i| std::path::Path::new(i) == p);
        self.functions
            .iter()
            .filter(|(_, inputs)| changed.iter().any(|p| named(inputs, p)))
            .map(|(f, _)| f.clone())
            .collect()
    }

    /// The functions a save of `changed` touches, when it touches nothing else: every file is
    /// some function's own code and none is read by the backend definition. None: a deploy.
    pub fn push_only(&self, changed: &[std::path::PathBuf]) -> Option<Vec<String>> {
        let named = |list: &[String], p: &std::path::PathBuf| list.iter().any(|i| std::path::Path::new(i) == p);
        if changed.is_empty() || changed.iter().any(|p| named(&self.backend, p)) {
            return None;
        }
        let mut touched = Vec::new();
        for path in changed {
            let owners: Vec<&String> =
                self.functions.iter().filter(|(_, inputs)| named(inputs, path)).map(|(f, _)| f).collect();
            if owners.is_empty() {
                return None;
            }
            touched.extend(owners.into_iter().cloned());
        }
        touched.sort();
        touched.dedup();
        Some(touched)
    }
}

impl DeployAction {
    /// What it did once it succeeded: `deployed`, `deleted`, `seeded`.
    pub fn done(&self) -> &'static str {
        match self {
            Self::Sandbox { .. } | Self::Branch { .. } => "deployed",
            Self::DeleteSandbox { .. } => "deleted",
            Self::Seed => "seeded",
            Self::CodePush { .. } => "pushed",
        }
    }

    /// The stack the action changes, when it is not the user's sandbox.
    pub fn other_stack(&self) -> Option<&str> {
        match self {
            Self::Sandbox { .. } | Self::DeleteSandbox { own: true, .. } | Self::Seed | Self::CodePush { .. } => None,
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
    /// A function's code uploaded without synthesis.
    CodePush,
}

impl DeployKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::Full => "full",
            Self::Hotswap => "hotswap",
            Self::NoChanges => "no changes",
            Self::CodePush => "code push",
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_save_pushes_only_when_every_file_is_a_functions_own_code() {
        let map = CodeMap {
            functions: vec![
                (
                    "say-hello".into(),
                    vec![
                        "amplify/functions/say-hello/handler.ts".into(),
                        "amplify/shared/greet.ts".into(),
                        "amplify/shared/both.ts".into(),
                    ],
                ),
                ("report".into(), vec!["amplify/functions/report/handler.ts".into(), "amplify/shared/greet.ts".into()]),
            ],
            backend: vec![
                "amplify/backend.ts".into(),
                "amplify/functions/say-hello/resource.ts".into(),
                "amplify/shared/both.ts".into(),
            ],
            generation: 1,
        };
        let push = |paths: &[&str]| map.push_only(&paths.iter().map(std::path::PathBuf::from).collect::<Vec<_>>());
        assert_eq!(push(&["amplify/functions/say-hello/handler.ts"]), Some(vec!["say-hello".into()]));
        // A file two functions import: both.
        assert_eq!(push(&["amplify/shared/greet.ts"]), Some(vec!["report".into(), "say-hello".into()]));
        // The backend definition reads it: a deploy.
        assert_eq!(push(&["amplify/functions/say-hello/resource.ts"]), None);
        assert_eq!(push(&["amplify/shared/both.ts"]), None, "imported by a handler and by the backend");
        // A file no bundle is built from (new, or not code): a deploy.
        assert_eq!(push(&["amplify/functions/say-hello/handler.ts", "amplify/new.ts"]), None);
        assert_eq!(push(&[]), None);
    }
}
