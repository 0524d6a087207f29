//! The Workspace pane: where to edit, what is watched, the live type check, recent changes
//! and the deploys they went into.

pub mod model;

use super::PaneSpec;
use crate::app::pages::Page;

pub const SPEC: PaneSpec = PaneSpec {
    name: "workspace",
    title: "Workspace",
    page: Page::Dev,
    len: |s| s.panes.workspace.changes.len(),
    header: |s| 2 + u16::from(s.panes.processes.address().is_some()),
    footer: 0,
    keys: &[],
    room: 2,
    // The type-check line, "No changes yet", and in the demo which edit does what.
    empty_rows: |s| if s.ctx.demo { 6 } else { 2 },
    ..PaneSpec::PLAIN
};
