//! The Workspace pane: where to edit, what is watched, the live type check, recent changes
//! and the deploys they went into.

pub mod model;

use super::{PaneSpec, rows};
use crate::app::pages::Page;

pub const SPEC: PaneSpec = PaneSpec {
    name: "workspace",
    title: "Workspace",
    page: Page::Dev,
    follows: false,
    len: |s| s.panes.workspace.changes.len(),
    header: rows::<2>,
    footer: 0,
    keys: &[],
    filter: None,
    room: 2,
    answered: None,
    on_event: None,
    refresh: None,
    detail: None,
};
