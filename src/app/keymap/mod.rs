//! Keys → commands, as data, in layers like yazi's keymap: a global section, one for list
//! navigation, one per pane (active only while it has focus) and one per overlay (active
//! alone while it is open). Help, the status-bar hints, the palette and the README key table
//! all come from the same [`Keymap`], so they cannot drift from what the keys do; `[keys]` in
//! the config rebinds commands by id.

pub mod key;
mod map;
pub mod markdown;

pub use self::key::Key;
pub use self::map::{Binding, KeyError, Keymap};
use super::Effect;
use super::overlays::OverlayKind;
use super::panes::PaneId;
use super::state::State;

/// What a command does to the workbench.
pub type Run = fn(&mut State, &mut Vec<Effect>);

/// One thing a key can do.
#[derive(Debug, Clone, Copy)]
pub struct Command {
    /// Its name within its section; the id is `name` for global and list commands and
    /// `section.name` for the others (`logs.errors_only`).
    pub name: &'static str,
    /// The keys bound by default.
    pub keys: &'static [&'static str],
    /// What it does, in full, for help and the palette.
    pub help: &'static str,
    /// A word or two for the status bar, for the commands worth a hint.
    pub hint: Option<&'static str>,
    pub run: Run,
}

/// Where a binding acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    Global,
    /// Moving in whichever list has focus.
    List,
    Pane(PaneId),
    Overlay(OverlayKind),
}

impl Scope {
    /// Every section in the order help and the README list them.
    pub fn all() -> Vec<Scope> {
        let panes = PaneId::ALL.iter().map(|&p| Scope::Pane(p));
        let overlays = OverlayKind::ALL.iter().map(|&o| Scope::Overlay(o));
        [Scope::Global, Scope::List].into_iter().chain(panes).chain(overlays).collect()
    }

    pub fn commands(self) -> &'static [Command] {
        match self {
            Self::Global => super::commands::GLOBAL,
            Self::List => super::navigation::LIST,
            Self::Pane(pane) => pane.spec().keys,
            Self::Overlay(overlay) => overlay.keys(),
        }
    }

    /// The prefix of its commands' ids in `[keys]`, if it has one.
    pub fn prefix(self) -> Option<&'static str> {
        match self {
            Self::Global | Self::List => None,
            Self::Pane(pane) => Some(pane.spec().name),
            Self::Overlay(overlay) => Some(overlay.name()),
        }
    }

    /// A section heading: "Logs pane", "Confirmations".
    pub fn title(self) -> String {
        match self {
            Self::Global => "Everywhere".into(),
            Self::List => "In any list".into(),
            Self::Pane(pane) => format!("{} pane", pane.spec().title),
            Self::Overlay(overlay) => overlay.title().into(),
        }
    }

    /// The sections whose keys act together, and so must not share a key.
    pub fn together() -> Vec<Vec<Scope>> {
        let panes = PaneId::ALL.iter().map(|&p| vec![Scope::Global, Scope::List, Scope::Pane(p)]);
        panes.chain(OverlayKind::ALL.iter().map(|&o| vec![Scope::Overlay(o)])).collect()
    }
}

/// `errors_only` in the logs section is `logs.errors_only`.
pub fn id(scope: Scope, command: &Command) -> String {
    match scope.prefix() {
        Some(prefix) => format!("{prefix}.{}", command.name),
        None => command.name.to_owned(),
    }
}
