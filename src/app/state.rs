//! The model: everything drawing needs, nothing it has to compute expensively.

use std::collections::{HashSet, VecDeque};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::domain::deploy::{DeployKind, Outcome, Phase};
use crate::domain::env::Environment;
use crate::domain::notice::Notice;
use crate::model::logs::LogStore;
use crate::model::stack::progress::DeployProgress;
use crate::model::stack::tree::{ResourceTree, TreeRow};
use crate::model::theme::Theme;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaneId {
    Deploy,
    Resources,
    Logs,
    Environments,
    Workspace,
}

impl PaneId {
    pub const ALL: [PaneId; 5] = [Self::Deploy, Self::Resources, Self::Logs, Self::Environments, Self::Workspace];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Deploy => "Deploy",
            Self::Resources => "Resources",
            Self::Logs => "Logs",
            Self::Environments => "Environments",
            Self::Workspace => "Workspace",
        }
    }

    /// Panes whose list sticks to the newest line; the others move a selection.
    pub fn follows(self) -> bool {
        matches!(self, Self::Deploy | Self::Logs)
    }
}

/// Where ampdeck is pointed, for the status bar and pane titles.
#[derive(Debug, Clone, PartialEq)]
pub struct Context {
    pub environment: String,
    pub stack_name: String,
    /// `DEMO`, or profile · region of the AWS connection.
    pub connection: String,
    pub workspace: PathBuf,
    pub watching: Vec<String>,
    pub demo: bool,
    pub deploy_on_start: bool,
    /// Follow the environment of the checked-out git branch when it changes.
    pub follow_branch: bool,
    /// The project's Amplify app, when configured: its branch environments are the ones listed.
    pub app_id: Option<String>,
}

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
    pub errors: Vec<DeployError>,
    /// After a cancel, the rollback offer was made (once).
    pub rollback_offered: bool,
    /// The root stack's `done/total` as the CDK counts it, when reported.
    pub cdk_progress: Option<(u32, u32)>,
    /// Whether deployment waits for ampdeck's type check (warm deploys only).
    pub gate: Gate,
    /// Synthesis finished (Amplify's `TS_STARTED`): function env types exist from here on.
    pub synthesized: bool,
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
    pub last: Option<crate::domain::check::CheckReport>,
    /// When `last` finished (epoch ms).
    pub last_at_ms: i64,
}

impl CheckState {
    pub fn on(&self) -> bool {
        self.off.is_none()
    }

    /// The last finished check found errors (and none runs that could clear them).
    pub fn blocking(&self) -> Option<&crate::domain::check::CheckReport> {
        self.last.as_ref().filter(|r| !r.clean() && self.running.is_none())
    }
}

impl DeployRun {
    pub fn new(id: u64, trigger: Trigger, started: Instant, started_ms: i64) -> Self {
        Self {
            id,
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
            errors: Vec::new(),
            rollback_offered: false,
            cdk_progress: None,
            gate: Gate::Open,
            synthesized: false,
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

    pub fn elapsed(&self, now: Instant) -> Duration {
        self.finished.unwrap_or(now).saturating_duration_since(self.started)
    }

    pub fn push_output(&mut self, text: String, kind: OutputKind) {
        self.push_styled(crate::util::ansi::StyledLine::plain(text), kind);
    }

    pub fn push_styled(&mut self, line: crate::util::ansi::StyledLine, kind: OutputKind) {
        if self.output.len() == MAX_OUTPUT_LINES {
            self.output.pop_front();
        }
        self.output.push_back(OutputLine { text: line.text, kind, styles: line.styles });
    }

    pub fn has_failure(&self) -> bool {
        self.progress.root_cause().is_some() || !self.errors.is_empty()
    }

    /// What to show as the reason of a failure: the deepest stack-event failure, else the
    /// deepest cause of the first error the deploy command printed.
    pub fn failure_reason(&self) -> Option<String> {
        if let Some(cause) = self.progress.root_cause() {
            // CloudFormation's wrapper words hide the message on a narrow pane.
            let reason = cause.reason.strip_prefix("Resource handler returned message: ").unwrap_or(&cause.reason);
            let kind = cause.resource_type.strip_prefix("AWS::").unwrap_or(&cause.resource_type);
            return Some(format!("{kind} {}: {reason}", cause.logical_id));
        }
        let error = self.errors.first()?;
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
    pub history: VecDeque<crate::model::history::Record>,
    /// A follow-up deploy is waiting for the running one (the ampx latch: exactly one).
    pub queued: bool,
    pub next_id: u64,
    pub auto: bool,
    /// Changes not yet handed to a deploy.
    pub pending: Vec<PathBuf>,
    pub driver: Driver,
}

impl DeployState {
    pub fn running(&self) -> bool {
        self.current.as_ref().is_some_and(DeployRun::running)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct FileChange {
    pub at_ms: i64,
    pub path: PathBuf,
    /// The deploy this change went into, once it went into one.
    pub deploy: Option<u64>,
}

/// Scroll and selection of one pane. For following panes `offset` is the top line while not
/// following; for the others `selected` is the cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct View {
    pub offset: usize,
    pub selected: usize,
    pub follow: bool,
}

impl Default for View {
    fn default() -> Self {
        Self { offset: 0, selected: 0, follow: true }
    }
}

/// A question whose default answer is No.
#[derive(Debug, Clone, PartialEq)]
pub enum Confirm {
    /// Quit while a deploy runs.
    Quit,
    /// Many files changed at once (a checkout, rebase or pull): deploy them?
    DeployBulk { files: usize, git: bool },
    /// ampx's `CFNUpdateNotSupportedError`: delete the sandbox and deploy it anew?
    RecreateSandbox,
    /// The deploy command was cancelled but CloudFormation is still updating: roll back?
    CancelUpdate,
    /// Deploy a branch environment, or delete a sandbox (someone else's needs its name typed).
    Action(crate::domain::deploy::DeployAction),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help,
    /// What the last deploy changed in `amplify_outputs.json`.
    Outputs,
    Confirm(Confirm),
    /// Typing a log filter.
    Filter,
    /// The functions of the Logs pane: figures, and which are shown.
    Functions,
}

pub const MAX_CHANGES: usize = 200;
pub const MAX_HISTORY: usize = crate::model::history::KEEP;

#[derive(Debug, Clone)]
pub struct State {
    pub now: Instant,
    pub now_ms: i64,
    pub size: (u16, u16),
    pub focus: PaneId,
    pub zoom: bool,
    pub overlay: Option<Overlay>,
    pub themes: Vec<Theme>,
    pub theme: usize,
    pub ctx: Context,
    pub deploy: DeployState,
    pub check: CheckState,
    pub tree: ResourceTree,
    pub rows: Vec<TreeRow>,
    pub collapsed: HashSet<String>,
    pub logs: LogStore,
    pub filter_input: String,
    /// The selected row of the functions overlay.
    pub function_cursor: usize,
    /// The Logs pane shows each line's time.
    pub log_times: bool,
    /// Long log lines wrap instead of being cut at the pane's edge.
    pub log_wrap: bool,
    pub envs: Vec<Environment>,
    pub changes: VecDeque<FileChange>,
    pub views: [View; 5],
    pub notice: Option<Notice>,
    pub outputs_diff: Option<crate::model::outputs::OutputsDiff>,
    pub stack_outputs: Vec<crate::domain::stack::StackOutput>,
    /// The followed stack does not exist.
    pub stack_missing: bool,
    pub cloud: Option<crate::domain::health::CloudStatus>,
    /// The lasting problem of each source that has one, until it recovers.
    pub problems: Vec<crate::domain::health::Problem>,
    /// The Resources pane shows the stack outputs instead of the tree.
    pub show_outputs: bool,
    /// What the user typed into a confirmation that asks for a name.
    pub confirm_input: String,
    /// Rows of the Resources pane are those whose name, type or status contain this.
    pub tree_filter: String,
    pub region: Option<String>,
    pub git: crate::domain::git::Repo,
    /// Environments beside git branches, as the Environments pane lists them.
    pub env_rows: Vec<crate::model::environments::EnvRow>,
    /// The stack of the user's own sandbox (what `d` deploys).
    pub own_stack: String,
    /// Something visible changed since the last frame.
    pub dirty: bool,
    pub quit: bool,
}

impl State {
    pub fn new(ctx: Context, themes: Vec<Theme>, auto_deploy: bool, now: Instant, now_ms: i64) -> Self {
        let themes = if themes.is_empty() { Theme::builtins() } else { themes };
        Self {
            now,
            now_ms,
            size: (80, 24),
            focus: PaneId::Deploy,
            zoom: false,
            overlay: None,
            themes,
            theme: 0,
            ctx,
            deploy: DeployState { auto: auto_deploy, next_id: 1, ..DeployState::default() },
            check: CheckState { off: Some("not set up".into()), ..CheckState::default() },
            tree: ResourceTree::default(),
            rows: Vec::new(),
            collapsed: HashSet::new(),
            logs: LogStore::default(),
            filter_input: String::new(),
            function_cursor: 0,
            log_times: true,
            log_wrap: false,
            envs: Vec::new(),
            changes: VecDeque::new(),
            views: [View::default(); 5],
            notice: None,
            outputs_diff: None,
            stack_outputs: Vec::new(),
            stack_missing: false,
            cloud: None,
            problems: Vec::new(),
            show_outputs: false,
            tree_filter: String::new(),
            confirm_input: String::new(),
            region: None,
            git: crate::domain::git::Repo::NotARepository,
            env_rows: Vec::new(),
            own_stack: String::new(),
            dirty: true,
            quit: false,
        }
    }

    /// The problem to show first: credentials before the network before throttling.
    pub fn worst_problem(&self) -> Option<&crate::domain::health::Problem> {
        self.problems.iter().min_by_key(|p| p.kind)
    }

    pub fn theme(&self) -> &Theme {
        // `new` guarantees at least one theme and `theme` only cycles within bounds.
        &self.themes[self.theme % self.themes.len()]
    }

    pub fn view(&self, pane: PaneId) -> &View {
        &self.views[pane.index()]
    }

    pub fn view_mut(&mut self, pane: PaneId) -> &mut View {
        &mut self.views[pane.index()]
    }

    /// Number of list rows a pane shows.
    pub fn list_len(&self, pane: PaneId) -> usize {
        match pane {
            PaneId::Deploy => self.deploy.current.as_ref().map_or(0, |r| r.output.len()),
            PaneId::Resources => self.rows.len(),
            PaneId::Logs => self.logs.len(),
            PaneId::Environments => self.env_rows.len(),
            PaneId::Workspace => self.changes.len(),
        }
    }

    /// How often the clock needs redrawing: every second while a deploy counts its elapsed
    /// time, otherwise only often enough to keep ages ("3m") honest.
    pub fn tick_interval(&self) -> std::time::Duration {
        if self.deploy.running() || self.check.running.is_some() {
            std::time::Duration::from_secs(1)
        } else {
            std::time::Duration::from_secs(30)
        }
    }
}
