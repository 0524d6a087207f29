//! The model: everything drawing needs, nothing it has to compute expensively.

mod deploy;
mod questions;

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::PathBuf;
use std::time::Instant;

pub use self::deploy::*;
pub use self::questions::*;
use super::keymap::Keymap;
use super::pages::Page;
pub use super::panes::PaneId;
use crate::domain::env::Environment;
use crate::domain::git::Repo;
use crate::domain::health::{CloudStatus, Problem};
use crate::domain::notice::Notice;
use crate::domain::stack::StackOutput;
use crate::model::data::DataModel;
use crate::model::environments::EnvRow;
use crate::model::logs::LogStore;
use crate::model::outputs::OutputsDiff;
use crate::model::secrets::SecretsModel;
use crate::model::stack::tree::{ResourceTree, TreeRow};
use crate::model::storage::StorageModel;
use crate::model::theme::Theme;
use crate::model::users::UsersModel;

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
    /// Why the folder is not an Amplify project, when it is not (and no stack was given).
    pub project_problem: Option<String>,
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

/// What a file opened in the user's editor is for.
#[derive(Debug, Clone, PartialEq)]
pub enum EditFor {
    /// A record of `table`: a new one (no original; `handed` is the text it started from) or
    /// the one read.
    Record { table: String, original: Option<crate::domain::data::Record>, handed: Option<String> },
    /// A saved event of a function, edited in place in the project.
    Payload { function: String, name: String },
}

/// Fresh record ids: random-seeded by the shell, counted here, so the core stays pure.
#[derive(Debug, Clone, Default)]
pub struct Ids {
    pub seed: u64,
    count: u64,
}

impl Ids {
    /// A UUID (version 4 layout) from the seed and a counter.
    pub fn fresh(&mut self) -> String {
        use sha2::Digest;
        self.count += 1;
        let digest = sha2::Sha256::digest([self.seed.to_le_bytes(), self.count.to_le_bytes()].concat());
        let mut b: [u8; 16] = [0; 16];
        b.copy_from_slice(&digest[..16]);
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
        format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help,
    /// What the last deploy changed in `amplify_outputs.json`.
    Outputs,
    Confirm(Confirm),
    /// Typing a filter for the focused pane.
    Filter,
    /// The functions of the Logs pane: figures, and which are shown.
    Functions,
    /// The `:` command palette.
    Palette,
    /// Asking for a line of text (a name, a password, a secret value).
    Ask(Ask),
    /// The selected record of the Data pane as JSON, scrolled to this line.
    Record {
        scroll: usize,
    },
}

/// A line of text being typed (help's filter, the palette), and the chosen row below it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Input {
    pub text: String,
    pub selected: usize,
}

pub const MAX_CHANGES: usize = 200;
pub const MAX_HISTORY: usize = crate::model::history::KEEP;

#[derive(Debug, Clone)]
pub struct State {
    pub now: Instant,
    pub now_ms: i64,
    pub size: (u16, u16),
    pub focus: PaneId,
    /// The pane each page had focused last, so coming back to a page restores it.
    pub page_focus: HashMap<Page, PaneId>,
    pub zoom: bool,
    pub overlay: Option<Overlay>,
    pub keymap: Keymap,
    /// Help's filter and its scroll position.
    pub help: Input,
    pub palette: Input,
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
    views: Vec<View>,
    pub notice: Option<Notice>,
    pub outputs_diff: Option<OutputsDiff>,
    pub stack_outputs: Vec<StackOutput>,
    /// The followed stack does not exist.
    pub stack_missing: bool,
    pub cloud: Option<CloudStatus>,
    /// The lasting problem of each source that has one, until it recovers.
    pub problems: Vec<Problem>,
    /// The Resources pane shows the stack outputs instead of the tree.
    pub show_outputs: bool,
    /// What the user typed into a confirmation that asks for a name.
    pub confirm_input: String,
    /// Rows of the Resources pane are those whose name, type or status contain this.
    pub tree_filter: String,
    pub region: Option<String>,
    pub git: Repo,
    /// Environments beside git branches, as the Environments pane lists them.
    pub env_rows: Vec<EnvRow>,
    /// The followed environment's user pool.
    pub users: UsersModel,
    /// The followed environment's secrets.
    pub secrets: SecretsModel,
    pub data: DataModel,
    pub invoke: crate::model::invocations::InvokeModel,
    pub storage: StorageModel,
    pub builds: crate::model::builds::Builds,
    pub ids: Ids,
    /// An edit that was refused, kept so that editing again starts from it: what it was
    /// for, the record's key, and the text.
    pub draft: Option<(EditFor, String, String)>,
    /// The project's `package.json` name (the raw namespace of its sandboxes' shared secrets).
    pub package_name: Option<String>,
    /// The project has `amplify/seed/seed.ts`, which `ampx sandbox seed` runs.
    pub seed_script: bool,
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
            page_focus: HashMap::new(),
            zoom: false,
            overlay: None,
            keymap: Keymap::default(),
            help: Input::default(),
            palette: Input::default(),
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
            views: vec![View::default(); PaneId::ALL.len()],
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
            git: Repo::NotARepository,
            env_rows: Vec::new(),
            users: UsersModel::default(),
            secrets: SecretsModel::default(),
            data: DataModel::default(),
            invoke: Default::default(),
            storage: StorageModel::default(),
            builds: crate::model::builds::Builds::default(),
            ids: Ids::default(),
            draft: None,
            package_name: None,
            seed_script: false,
            own_stack: String::new(),
            dirty: true,
            quit: false,
        }
    }

    /// The problem to show first: credentials before the network before throttling.
    pub fn worst_problem(&self) -> Option<&Problem> {
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

    /// The page of the focused pane.
    pub fn page(&self) -> Page {
        self.focus.page()
    }

    /// Number of list rows a pane shows.
    pub fn list_len(&self, pane: PaneId) -> usize {
        (pane.spec().len)(self)
    }

    /// How often the clock needs redrawing: every second while a deploy counts its elapsed
    /// time, otherwise only often enough to keep ages ("3m") honest.
    pub fn tick_interval(&self) -> std::time::Duration {
        // A Hosting build shown while it runs is read on the model's own 5 s cadence.
        let build_shown = self.page() == Page::Hosting && self.builds.following();
        if self.deploy.running() || self.check.running.is_some() || self.data.ticking(self.now_ms) || build_shown {
            std::time::Duration::from_secs(1)
        } else {
            std::time::Duration::from_secs(30)
        }
    }
}
