//! The Build log pane: a build step's log (sanitized), its failing lines marked; `/` searches
//! it, `n` jumps to the next failing line.

use super::{PaneSpec, rows};
use crate::app::keymap::Command;
use crate::app::overlays::prompt;
use crate::app::pages::Page;
use crate::app::panes::PaneId;

pub const SPEC: PaneSpec = PaneSpec {
    name: "build-log",
    title: "Build log",
    page: Page::Hosting,
    follows: false,
    len: |s| s.panes.builds.log.as_ref().map_or(0, |l| l.shown.len()),
    header: rows::<1>,
    footer: 0,
    keys: KEYS,
    filter: Some(FILTER),
    room: 3,
    answered: None,
    on_event: None,
    refresh: None,
    detail: Some(detail),
};

const KEYS: &[Command] = &[
    Command {
        name: "filter",
        keys: &["/"],
        help: "show only the log's lines holding the text",
        hint: Some("filter"),
        run: |s, _| prompt::open(s),
    },
    Command {
    name: "next-failure",
    keys: &["n"],
    help: "the next failing line",
    hint: Some("next failure"),
    run: |s, _| {
        let row = s.view(PaneId::BuildLog).selected;
        if let Some(next) = s.panes.builds.log.as_ref().and_then(|l| l.next_failing(row)) {
            s.view_mut(PaneId::BuildLog).selected = next;
        }
    },
    },
];

pub const FILTER: &prompt::Target = &prompt::Target {
    current: |s| s.panes.builds.log.as_ref().map(|l| l.filter.clone()).unwrap_or_default(),
    apply: |s, text| {
        if let Some(log) = s.panes.builds.log.as_mut() {
            log.set_filter(text);
        }
        *s.view_mut(PaneId::BuildLog) = Default::default();
    },
    toggle_mode: None,
};

/// The selected log line whole.
fn detail(state: &crate::app::state::State) -> Option<crate::app::state::Detail> {
    let log = state.panes.builds.log.as_ref()?;
    let line = log.shown.get(state.view(PaneId::BuildLog).selected).and_then(|&i| log.lines.get(i))?;
    let title = format!("Build {} {} log line", log.job_id, log.step);
    Some(crate::app::state::Detail::new(title, vec![line.clone()]).copying(line.clone()))
}
