//! The panes, each a unit: its id, title, page, keys, and what paging and mouse hit-tests
//! need (its list length and header rows) live in its own module, as its [`PaneSpec`]. The
//! list below is the one registry: `ui::panes` expands the same list for drawing, so a pane
//! is its file here, its file in `ui/panes/`, and one line in [`crate::panes!`].

use super::keymap::Command;
use super::pages::Page;
use super::state::State;

/// Every pane as `Variant => module`, in the order of their pages and numbers. Expands `$with`
/// with the list, for the core (here) and for drawing (`ui::panes`).
#[macro_export]
macro_rules! panes {
    ($with:ident) => {
        $with! {
            Deploy => deploy,
            Resources => resources,
            Logs => logs,
            Environments => environments,
            Workspace => workspace,
            History => history,
            Timeline => timeline,
            Users => users,
            Secrets => secrets,
            Data => data,
            Storage => storage,
            Invoke => invoke,
            Result => result,
            Builds => builds,
            Jobs => jobs,
            BuildLog => build_log,
            Variables => variables,
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
    /// Its own keys; they act only while it has focus.
    pub keys: &'static [Command],
    /// What `/` filters in it, when it has a filter.
    pub filter: Option<&'static crate::app::overlays::prompt::Target>,
    /// Its share of its page's room, against the other panes' (pages other than Dev).
    pub room: u16,
}

macro_rules! declare {
    ($($id:ident => $module:ident),* $(,)?) => {
        $(pub mod $module;)*

        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum PaneId {
            $($id),*
        }

        impl PaneId {
            pub const ALL: &'static [PaneId] = &[$(PaneId::$id),*];

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
    /// Its place in [`PaneId::ALL`], for per-pane tables.
    pub fn index(self) -> usize {
        self as usize
    }

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
