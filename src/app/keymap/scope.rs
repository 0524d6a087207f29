//! Where a binding acts: a section of the keymap, and the sections that act together.

use crate::app::overlays::kind::OverlayKind;
use crate::app::pane_id::PaneId;

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
    /// Every section in the order help and docs/keys.md list them.
    pub fn all() -> Vec<Scope> {
        let panes = PaneId::ALL.iter().map(|&p| Scope::Pane(p));
        let overlays = OverlayKind::ALL.iter().map(|&o| Scope::Overlay(o));
        [Scope::Global, Scope::List].into_iter().chain(panes).chain(overlays).collect()
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
pub fn id(scope: Scope, name: &str) -> String {
    match scope.prefix() {
        Some(prefix) => format!("{prefix}.{name}"),
        None => name.to_owned(),
    }
}
