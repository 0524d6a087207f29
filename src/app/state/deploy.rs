//! A deploy as the core follows it: its phases, progress, output and errors, the gate of the
//! type check, how deploys run, and the deploys before it.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::domain::check::CheckReport;
use crate::domain::deploy::{CodeMap, DeployKind, Outcome, Phase, Rejection};
use crate::domain::stack::StackEvent;
use crate::model::history::Record;
use crate::model::stack::progress::DeployProgress;
use crate::model::timeline::Timeline;
use crate::util::ansi::StyledLine;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputKind {
    Plain,
    Phase,
    Success,
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OutputLine {
    pub text: String,
    pub kind: OutputKind,
    /// Colours the deploy command printed, as byte ranges of `text`.
    pub styles: Vec<(usize, usize, ratatui::style::Style)>,
}

/// An error ampx printed: `[ERROR] [Name] message` and its `∟ Caused by:` chain.
#[derive(Debug, Clone, PartialEq)]
pub struct DeployError {
    pub name: String,
    pub message: String,
    pub causes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Trigger {
    Startup,
    Key,
    Files(Vec<PathBuf>),
    /// An action on an environment (branch deploy, sandbox delete).
    Action(String),
}

impl Trigger {
    pub fn label(&self) -> String {
        match self {
            Self::Startup => "first deploy".into(),
            Self::Key => "deploy key".into(),
            Self::Files(f) if f.len() == 1 => format!("{} changed", f[0].display()),
            Self::Files(f) => format!("{} files changed", f.len()),
            Self::Action(what) => what.clone(),
        }
    }
}

pub const MAX_OUTPUT_LINES: usize = 5_000;

#[derive(Debug, Clone)]
pub struct DeployRun {
    pub id: u64,
    /// What it did once it succeeded: `deployed`, `deleted` (a sandbox), `seeded`.
    pub done: &'static str,
    pub trigger: Trigger,
    /// The stack the deploy changes.
    pub target: String,
    pub started: Instant,
    pub started_ms: i64,
    /// When each phase began, since the start.
    pub phases: Vec<(Phase, Duration)>,
    pub finished: Option<Instant>,
    pub phase: Phase,
    pub kind: Option<DeployKind>,
    pub outcome: Option<Outcome>,
    pub cancelling: bool,
    pub progress: DeployProgress,
    pub output: VecDeque<OutputLine>,
    pub hotswapped: usize,
    /// The functions a code push updates (none: not a push).
    pub pushed: Vec<String>,
    pub errors: Vec<DeployError>,
    /// After a cancel, the rollback offer was made (once).
    pub rollback_offered: bool,
    /// The root stack's `done/total` as the CDK counts it, when reported.
    pub cdk_progress: Option<(u32, u32)>,
    /// Whether deployment waits for ampdeck's type check (warm deploys only).
    pub gate: Gate,
    /// Synthesis finished (Amplify's `TS_STARTED`): function env types exist from here on.
    pub synthesized: bool,
    /// It runs the seed script instead of deploying.
    pub seed: bool,
    /// The changes the toolkit could not hotswap, in its words.
    pub rejected: Vec<Rejection>,
    /// A hotswap was tried and a full deployment ran instead.
    pub fell_back: bool,
    /// It deploys in CloudFormation's express mode.
    pub express: bool,
    /// It updates a stack (not a delete or the seed script): a success is checked against the
    /// stack's own status.
    pub checks_stack: bool,
    /// The deploy command said it succeeded; the stack's status is being read.
    pub verifying: bool,
    pub timeline: Timeline,
}

/// A warm deploy synthesizes while the type check runs; deployment waits for the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Gate {
    /// Nothing to wait for.
    #[default]
    Open,
    /// The check runs; the driver holds the deploy after synthesis.
    Waiting,
    /// The check only missed `$amplify/env` types: check again once synthesis wrote them.
    Recheck,
    /// The verdict was sent.
    Released,
}

/// How deploys run.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Driver {
    /// The deploy command (the demo, a custom command, or `driver = "ampx"`).
    #[default]
    Command,
    /// The warm driver is loading Amplify's deployer.
    Starting,
    Warm {
        versions: String,
    },
    /// The warm driver cannot be used: why, and deploys run the deploy command.
    Fallback {
        reason: String,
    },
}

impl Driver {
    /// Deploys of the sandbox go to the warm driver (it may still be loading).
    pub fn warm(&self) -> bool {
        matches!(self, Self::Starting | Self::Warm { .. })
    }
}

/// Live type checks of `amplify/`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CheckState {
    /// Why they are off; `None` when the project's compiler runs them.
    pub off: Option<String>,
    pub generation: u64,
    /// The generation running and when it started.
    pub running: Option<(u64, Instant)>,
    pub last: Option<CheckReport>,
    /// When `last` finished (epoch ms).
    pub last_at_ms: i64,
    /// The checker the next check runs on, once the checker said (`CheckerChanged`).
    pub checker: Option<String>,
}

impl CheckState {
    pub fn on(&self) -> bool {
        self.off.is_none()
    }

    /// The last finished check found errors (and none runs that could clear them).
    pub fn blocking(&self) -> Option<&CheckReport> {
        self.last.as_ref().filter(|r| !r.clean() && self.running.is_none())
    }
}

impl DeployRun {
    pub fn new(id: u64, trigger: Trigger, started: Instant, started_ms: i64) -> Self {
        Self {
            id,
            done: "deployed",
            trigger,
            target: String::new(),
            started,
            started_ms,
            phases: Vec::new(),
            finished: None,
            phase: Phase::Starting,
            kind: None,
            outcome: None,
            cancelling: false,
            progress: DeployProgress::default(),
            output: VecDeque::new(),
            hotswapped: 0,
            pushed: Vec::new(),
            errors: Vec::new(),
            rollback_offered: false,
            cdk_progress: None,
            gate: Gate::Open,
            synthesized: false,
            seed: false,
            rejected: Vec::new(),
            fell_back: false,
            express: false,
            checks_stack: false,
            verifying: false,
            timeline: Timeline::default(),
        }
    }

    pub fn running(&self) -> bool {
        self.outcome.is_none()
    }

    /// Phases only move forward; each first arrival is timed.
    pub fn enter_phase(&mut self, phase: Phase, now: Instant) {
        if phase > self.phase {
            self.phase = phase;
            self.phases.push((phase, now.saturating_duration_since(self.started)));
        }
    }

    /// The kind this deploy is, or will most likely be: function code alone hotswaps.
    pub fn expected_kind(&self) -> Option<DeployKind> {
        self.kind.or(match &self.trigger {
            Trigger::Files(files) if crate::amplify::changes::hotswappable(files) => Some(DeployKind::Hotswap),
            Trigger::Files(_) => Some(DeployKind::Full),
            _ => None,
        })
    }

    /// The toolkit gave up on hotswapping: what really runs is a full deployment, a phase
    /// after the hotswap attempt although phases otherwise only move forward.
    pub fn fall_back(&mut self, rejected: impl IntoIterator<Item = Rejection>, now: Instant) {
        if !self.fell_back && self.phase == Phase::Hotswapping {
            self.phase = Phase::Deploying;
            self.phases.push((Phase::Deploying, now.saturating_duration_since(self.started)));
        }
        self.fell_back = true;
        self.kind = Some(DeployKind::Full);
        self.reject(rejected);
    }

    /// Reasons arrive twice (the toolkit's details, then its result): each counts once.
    pub fn reject(&mut self, rejected: impl IntoIterator<Item = Rejection>) {
        for r in rejected {
            if !self.rejected.contains(&r) {
                self.rejected.push(r);
            }
        }
    }

    /// A stack event of this deploy: its progress and its timeline.
    pub fn apply_event(&mut self, event: &StackEvent, now: Instant) {
        self.progress.apply(event);
        let elapsed = u64::try_from(self.elapsed(now).as_millis()).unwrap_or(u64::MAX);
        self.timeline.apply(event, self.started_ms, elapsed);
    }

    pub fn elapsed(&self, now: Instant) -> Duration {
        self.finished.unwrap_or(now).saturating_duration_since(self.started)
    }

    pub fn push_output(&mut self, text: String, kind: OutputKind) {
        self.push_styled(StyledLine::plain(text), kind);
    }

    pub fn push_styled(&mut self, line: StyledLine, kind: OutputKind) {
        if self.output.len() == MAX_OUTPUT_LINES {
            self.output.pop_front();
        }
        self.output.push_back(OutputLine { text: line.text, kind, styles: line.styles });
    }

    /// What to show as the reason of a failure: the deepest stack-event failure, else the
    /// deepest cause of the first error the deploy command printed.
    /// Whether `failure_reason` has something to say, without building it (the layout asks
    /// on every frame).
    pub fn has_failure_reason(&self) -> bool {
        self.progress.root_cause().is_some()
            || !self.errors.is_empty()
            || matches!(self.outcome, Some(Outcome::Failed { message: Some(_), .. }))
    }

    pub fn failure_reason(&self) -> Option<String> {
        if let Some(cause) = self.progress.root_cause() {
            // CloudFormation's wrapper words hide the message on a narrow pane.
            let reason = cause.reason.strip_prefix("Resource handler returned message: ").unwrap_or(&cause.reason);
            let kind = cause.resource_type.strip_prefix("AWS::").unwrap_or(&cause.resource_type);
            return Some(format!("{kind} {}: {reason}", cause.logical_id));
        }
        let Some(error) = self.errors.first() else {
            // What the runner or the driver said of a deploy that ended before ampx could say
            // anything (the driver crashed, the command could not start).
            return match &self.outcome {
                Some(Outcome::Failed { message: Some(message), .. }) => Some(message.clone()),
                _ => None,
            };
        };
        // The last cause that says something is the deepest one.
        let text_of =
            |c: &str| c.split_once(']').filter(|_| c.starts_with('[')).map_or(c, |(_, t)| t).trim().to_owned();
        let deepest =
            error.causes.iter().map(|c| text_of(c)).rfind(|t| !t.is_empty() && !error.message.contains(t.as_str()));
        Some(match deepest {
            Some(cause) => format!("[{}] {} ∟ {cause}", error.name, error.message),
            None => format!("[{}] {}", error.name, error.message),
        })
    }
}

#[derive(Debug, Clone, Default)]
pub struct DeployState {
    pub current: Option<DeployRun>,
    /// Finished deploys, newest first (read back from the history file at start).
    pub history: VecDeque<Record>,
    /// A follow-up deploy is waiting for the running one (the ampx latch: exactly one).
    pub queued: bool,
    pub next_id: u64,
    pub auto: bool,
    /// Changes not yet handed to a deploy.
    pub pending: Vec<PathBuf>,
    pub driver: Driver,
    /// The followed environment changed in a way only a deploy applies (a secret set or
    /// removed: functions read secrets at deploy time): what changed.
    pub redeploy: Option<String>,
    /// Sandbox deploys use CloudFormation's express mode.
    pub express: bool,
    /// The account and region whose CDK bootstrap was last checked.
    pub bootstrap_checked: Option<(Option<String>, Option<String>)>,
    /// Code pushes are on (`code_push`, sandboxes only).
    pub code_push: bool,
    /// What each function's code and the backend definition are built from.
    pub code_map: Option<CodeMap>,
    /// The last reading of the code map asked for.
    pub map_generation: u64,
    /// Functions pushed since the last synthesis: the next one's assets are compared with them.
    pub pushed: Vec<String>,
    /// A push differed from what a deploy makes: deploys go the normal way until one ran.
    pub push_off: Option<String>,
}

impl DeployState {
    pub fn running(&self) -> bool {
        self.current.as_ref().is_some_and(DeployRun::running)
    }
}
