//! The History pane: every deploy kept in the history file, newest first, with its result,
//! kind, duration, trigger and where its time went by phase.

use super::{PaneSpec, rows};
use crate::app::pages::Page;

pub const SPEC: PaneSpec = PaneSpec {
    name: "history",
    title: "History",
    page: Page::Deploys,
    len: |s| s.deploy.history.len(),
    header: rows::<1>,
    footer: 1,
    keys: &[],
    room: 2,
    ..PaneSpec::PLAIN
};
