//! The model: everything drawing needs, nothing it has to compute expensively.

mod deploy;
mod detail;
mod ids;
mod input;
mod panes;
mod purpose;
mod questions;
mod view;

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

pub use self::deploy::*;
pub use self::detail::Detail;
pub use self::ids::Ids;
pub use self::input::{Input, LogView};
pub use self::panes::Panes;
pub use self::questions::*;
pub use self::view::View;
pub use super::event::EditFor;
use super::pages::Page;
pub use super::pane_id::PaneId;
use super::text_input::TextInput;
use crate::domain::git::Repo;
use crate::domain::health::{CloudStatus, Problem};
use crate::domain::notice::Notice;
use crate::domain::stack::StackOutput;
use crate::model::messages::Messages;
use crate::model::outputs::OutputsDiff;
use crate::model::stack::tree::ResourceTree;
use crate::model::theme::Theme;

/// Where ampdeck is pointed, for the status bar and pane titles.
#[derive(Debug, Clone, PartialEq)]
pub struct Context {
    pub environment: String,
    pub stack_name: String,
    /// `DEMO`, or profile · region of the AWS connection.
    pub connection: String,
    pub workspace: PathBuf,
    /// Where downloads go by default: the user's download folder, else the project.
    pub downloads: PathBuf,
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
pub enum Overlay {
    /// Help, with its filter and the chosen entry.
    Help(Input),
    /// What the last deploy changed in `amplify_outputs.json`.
    Outputs,
    Confirm(Question),
    /// Typing a filter for the focused pane.
    Filter(TextInput),
    /// The functions of the Logs pane: figures, and which are shown.
    Functions,
    /// The `:` command palette, with what is typed and the chosen entry.
    Palette(Input),
    /// Asking for a line of text (a name, a password, a secret value).
    Ask(Ask),
    /// The message log, with its filter and the chosen message.
    Messages(LogView),
    /// The whole text of the focused pane's selected row.
    Detail(Detail),
    /// Picking one of a known set.
    Pick(Pick),
    /// The selected record of the Data pane as JSON, scrolled to this line.
    Record {
        scroll: usize,
    },
}

pub const MAX_HISTORY: usize = crate::model::history::KEEP;

/// The followed stack as the cloud reports it: shared by the Deploy, Resources, Timeline,
/// Users, Data and Storage panes.
#[derive(Debug, Clone, Default)]
pub struct Followed {
    pub tree: ResourceTree,
    /// Its functions as the user named them, with their deployed names, and the stack they
    /// were read from (a code push only ever goes to the followed stack's own).
    pub functions: Vec<crate::domain::invoke::Target>,
    pub functions_of: String,
    pub outputs: Vec<StackOutput>,
    /// The followed stack does not exist.
    pub missing: bool,
    /// What the last deploy changed in `amplify_outputs.json`.
    pub outputs_diff: Option<OutputsDiff>,
}

/// How the connection to the cloud is.
#[derive(Debug, Clone, Default)]
pub struct Health {
    pub cloud: Option<CloudStatus>,
    pub region: Option<String>,
    /// The lasting problem of each source that has one, until it recovers.
    pub problems: Vec<Problem>,
}

/// What ampdeck knows of the project on disk.
#[derive(Debug, Clone)]
pub struct Project {
    pub git: Repo,
    /// The project's `package.json` name (the raw namespace of its sandboxes' shared secrets).
    pub package_name: Option<String>,
    /// The project has `amplify/seed/seed.ts`, which `ampx sandbox seed` runs.
    pub seed_script: bool,
    /// The stack of the user's own sandbox (what `d` deploys).
    pub own_stack: String,
}

/// The themes to cycle through, and the one in use.
#[derive(Debug, Clone)]
pub struct Themes {
    pub all: Vec<Theme>,
    pub current: usize,
}

/// What is shared between panes: where ampdeck points, focus and pages, the open overlay,
/// the deploy run and the type check, the followed stack, health and the notice. Each
/// pane's own state is in [`Panes`].
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
    pub themes: Themes,
    pub ctx: Context,
    pub deploy: DeployState,
    pub check: CheckState,
    pub stack: Followed,
    pub health: Health,
    /// The message the status bar shows until it fades (see [`Messages`]).
    pub notice: Option<Notice>,
    /// Every message since start, for the message log.
    pub messages: Messages,
    pub project: Project,
    pub panes: Panes,
    /// What the palette ran, newest first: it lists them first.
    pub recent: Vec<String>,
    /// Something visible changed since the last frame.
    pub dirty: bool,
    pub quit: bool,
}

impl State {
    pub fn new(ctx: Context, themes: Vec<Theme>, auto_deploy: bool, now: Instant, now_ms: i64) -> Self {
        let all = if themes.is_empty() { Theme::builtins() } else { themes };
        Self {
            now,
            now_ms,
            size: (80, 24),
            focus: PaneId::Deploy,
            page_focus: HashMap::new(),
            zoom: false,
            overlay: None,
            themes: Themes { all, current: 0 },
            ctx,
            deploy: DeployState { auto: auto_deploy, next_id: 1, ..DeployState::default() },
            check: CheckState { off: Some("not set up".into()), ..CheckState::default() },
            stack: Followed::default(),
            health: Health::default(),
            notice: None,
            messages: Messages::default(),
            project: Project {
                git: Repo::NotARepository,
                package_name: None,
                seed_script: false,
                own_stack: String::new(),
            },
            panes: Panes::default(),
            recent: Vec::new(),
            dirty: true,
            quit: false,
        }
    }

    /// The open yes/no question, if one is open.
    pub fn question(&self) -> Option<&Question> {
        match &self.overlay {
            Some(Overlay::Confirm(question)) => Some(question),
            _ => None,
        }
    }

    /// The filter being typed into `pane`, while its prompt is open there.
    pub fn filter_typed(&self, pane: PaneId) -> Option<&TextInput> {
        match &self.overlay {
            Some(Overlay::Filter(input)) if self.focus == pane => Some(input),
            _ => None,
        }
    }

    /// The problem to show first: credentials before the network before throttling.
    pub fn worst_problem(&self) -> Option<&Problem> {
        self.health.problems.iter().min_by_key(|p| p.kind)
    }

    pub fn theme(&self) -> &Theme {
        // `new` guarantees at least one theme and `theme` only cycles within bounds.
        &self.themes.all[self.themes.current % self.themes.all.len()]
    }

    pub fn view(&self, pane: PaneId) -> &View {
        self.panes.view(pane)
    }

    pub fn view_mut(&mut self, pane: PaneId) -> &mut View {
        self.panes.view_mut(pane)
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
        let build_shown = self.page() == Page::Hosting && self.panes.builds.following();
        // A notice shown is taken down when it fades.
        let fading = self.notice.is_some();
        let counting = self.deploy.running() || self.check.running.is_some();
        if counting || self.panes.data.ticking(self.now_ms) || build_shown || fading {
            std::time::Duration::from_secs(1)
        } else {
            std::time::Duration::from_secs(30)
        }
    }
}
