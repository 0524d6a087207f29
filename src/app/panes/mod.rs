//! The panes, each a unit: its id, title, page, keys, and what paging and mouse hit-tests
//! need (its list length and header rows) live in its own module, as its [`PaneSpec`]. The
//! list below is the one registry: `ui::panes` expands the same list for drawing, so a pane
//! is its file here, its file in `ui/panes/`, and one line in [`crate::panes!`].

use super::event::Event;
use super::keymap::{Command, Cx};
use super::pages::Page;
pub use super::pane_id::PaneId;
use super::state::{AskFor, Detail, State};
use crate::domain::env::EnvKind;
use crate::domain::health::{Problem, Source};

/// Every pane as `Variant => module`, in the order of their pages and numbers, with the type
/// of the state it owns when it owns some (`state.panes.<module>`). Expands `$with` with the
/// list, for the leaf id (`pane_id.rs`), the core (here), its state (`state/panes.rs`) and
/// drawing (`ui::panes`).
#[macro_export]
macro_rules! panes {
    ($with:ident) => {
        $with! {
            Deploy => deploy,
            Resources => resources: $crate::app::panes::resources::model::ResourcesPane,
            Logs => logs: $crate::app::panes::logs::model::LogsPane,
            Environments => environments: $crate::app::panes::environments::model::EnvironmentsPane,
            Workspace => workspace: $crate::app::panes::workspace::model::WorkspacePane,
            History => history,
            Timeline => timeline,
            Users => users: $crate::model::users::UsersModel,
            Secrets => secrets: $crate::model::secrets::SecretsModel,
            Data => data: $crate::model::data::DataModel,
            Storage => storage: $crate::model::storage::StorageModel,
            Invoke => invoke: $crate::model::invocations::InvokeModel,
            Result => result,
            // The Hosting page's panes share the app's builds, jobs and variables.
            Builds => builds: $crate::model::builds::Builds,
            Jobs => jobs,
            BuildLog => build_log,
            Variables => variables,
            Processes => processes: $crate::app::panes::processes::model::ProcessesPane,
            Output => output,
        }
    };
}

/// What the rest of the workbench knows of a pane.
#[derive(Debug)]
pub struct PaneSpec {
    /// Its palette name and its `[keys]` section: `logs`.
    pub name: &'static str,
    pub title: &'static str,
    pub page: Page,
    /// Its list sticks to the newest line (a log); otherwise a selection moves in it.
    pub follows: bool,
    /// Rows in its list.
    pub len: fn(&State) -> usize,
    /// Rows above the list inside its border.
    pub header: fn(&State) -> u16,
    /// Rows below the list inside its border.
    pub footer: u16,
    /// Rows its empty state draws (the line saying why, and any hints below it).
    pub empty_rows: fn(&State) -> u16,
    /// Its own keys; they act only while it has focus.
    pub keys: &'static [Command],
    /// What `/` filters in it, when it has a filter.
    pub filter: Option<&'static crate::app::overlays::prompt::Target>,
    /// Its share of its page's room, against the other panes' (pages other than Dev).
    pub room: u16,
    /// Where the answers to its questions go: a typed line, or a confirmed purpose (an
    /// [`crate::app::intent::Intent::Answer`]). An `Err` is the reason the answer is refused.
    pub answered: Option<Answered>,
    /// The events it hears (its workers' replies): every event the core does not handle
    /// itself is shown to each pane that has this, in registry order; it acts on those it
    /// wants and ignores the rest, so two panes can hear the same reply.
    pub on_event: Option<OnEvent>,
    /// What it asks for after every event: lazy reads while shown, following the environment.
    /// `true` when news of the followed stack (outputs, resources, events) came in.
    pub refresh: Option<Refresh>,
    /// The whole text of its selected row, for the detail view (`v`).
    pub detail: Option<fn(&State) -> Option<Detail>>,
    /// A list read lazily, page by page: `G` (`true`) reads it to the end, Esc (`false`)
    /// stops that.
    pub read_to_end: Option<fn(&mut State, bool)>,
    /// The failure its source has now, if any: the core shows it in the status bar and the
    /// message log while it stands, and withdraws it (and a notice of it) when it is gone.
    pub problem: Option<(Source, StandingProblem)>,
}

impl PaneSpec {
    /// What a pane without a filter, questions, workers or a detail view leaves out; its spec
    /// names the rest and ends `..PaneSpec::PLAIN`.
    pub const PLAIN: PaneSpec = PaneSpec {
        name: "",
        title: "",
        page: Page::Dev,
        follows: false,
        len: |_| 0,
        header: |_| 0,
        footer: 0,
        empty_rows: |_| 1,
        keys: &[],
        filter: None,
        room: 1,
        answered: None,
        on_event: None,
        refresh: None,
        detail: None,
        read_to_end: None,
        problem: None,
    };
}

pub type OnEvent = fn(&mut State, &Event, &mut Cx);
/// The failure a pane's source has now.
pub type StandingProblem = fn(&State) -> Option<&Problem>;
pub type Refresh = fn(&mut State, bool, &mut Cx);

/// A pane's handler of answers to its own questions.
pub type Answered = fn(&mut State, AskFor, String, &mut Cx) -> Result<(), String>;

macro_rules! declare {
    ($($id:ident => $module:ident $(: $model:ty)?),* $(,)?) => {
        $(pub mod $module;)*

        impl PaneId {
            pub fn spec(self) -> &'static PaneSpec {
                match self {
                    $(PaneId::$id => &$module::SPEC),*
                }
            }
        }
    };
}

crate::panes!(declare);

impl PaneId {
    pub fn title(self) -> &'static str {
        self.spec().title
    }

    pub fn follows(self) -> bool {
        self.spec().follows
    }

    pub fn page(self) -> Page {
        self.spec().page
    }

    /// Its number on its page, from 1 (what the number keys press).
    pub fn number(self) -> usize {
        self.page().panes().iter().position(|&p| p == self).map_or(0, |i| i + 1)
    }

    pub fn by_name(name: &str) -> Option<PaneId> {
        Self::ALL.iter().copied().find(|p| p.spec().name == name)
    }
}

/// A fixed header height, for panes whose header never changes.
pub const fn rows<const N: u16>(_: &State) -> u16 {
    N
}

/// The kind of the followed environment, from its stack name.
pub fn followed_kind(state: &State) -> Option<EnvKind> {
    crate::amplify::stack_name::parse_stack_name(&state.ctx.stack_name).map(|p| p.kind)
}

/// `page` is on screen, not hidden behind the palette: what a pane reads lazily is read now.
pub fn page_shown(state: &State, page: Page) -> bool {
    state.page() == page && !matches!(state.overlay, Some(super::state::Overlay::Palette(_)))
}

impl Page {
    /// Its panes, in registry order.
    pub fn panes(self) -> Vec<PaneId> {
        PaneId::ALL.iter().copied().filter(|p| p.page() == self).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pane_names_itself_past_the_plain_defaults() {
        let mut names = std::collections::HashSet::new();
        for pane in PaneId::ALL {
            let spec = pane.spec();
            assert!(!spec.name.is_empty() && !spec.title.is_empty(), "{pane:?} has no name or title");
            assert!(names.insert(spec.name), "two panes are named {}", spec.name);
        }
    }

    #[test]
    fn every_list_with_a_selection_reads_its_row_whole_with_v() {
        // The Timeline is a chart and the Workspace's rows are short paths: nothing is cut.
        let charts = [PaneId::Timeline, PaneId::Workspace];
        for pane in PaneId::ALL.iter().filter(|p| !p.spec().follows && !charts.contains(p)) {
            assert!(pane.spec().detail.is_some(), "{pane:?} has rows but no detail view");
        }
    }
}
