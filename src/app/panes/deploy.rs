//! The Deploy pane: the running (or last) deploy's phase, progress, root cause and output.

use super::PaneSpec;
use crate::app::keymap::Command;
use crate::app::navigation::toggle_follow;
use crate::app::pages::Page;
use crate::app::panes::PaneId;
use crate::app::state::State;

pub const SPEC: PaneSpec = PaneSpec {
    name: "deploy",
    title: "Deploy",
    page: Page::Dev,
    follows: true,
    len: |s| s.deploy.current.as_ref().map_or(0, |r| r.output.len()),
    header: |s| 3 + 2 * u16::from(failure_shown(s)),
    footer: 0,
    keys: KEYS,
    filter: None,
};

const KEYS: &[Command] = &[Command {
    name: "follow",
    keys: &["f"],
    help: "follow new output lines on/off",
    hint: Some("follow"),
    run: |s, _| toggle_follow(s, PaneId::Deploy),
}];

/// The root cause of a failure has two banner lines under the gauge.
pub fn failure_shown(state: &State) -> bool {
    state.deploy.current.as_ref().is_some_and(|r| r.progress.root_cause().is_some())
}
