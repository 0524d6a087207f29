//! The Build log pane: a build step's log (sanitized), its failing lines marked; `/` searches
//! it, `n` jumps to the next failing line.

use super::{PaneSpec, rows};
use crate::app::keymap::Command;
use crate::app::overlays::prompt;
use crate::app::pages::Page;
use crate::app::panes::PaneId;
use crate::app::state::State;

pub const SPEC: PaneSpec = PaneSpec {
    name: "build-log",
    title: "Build log",
    page: Page::Hosting,
    len: |s| s.panes.builds.log.as_ref().map_or(0, |l| l.shown.len()),
    header: rows::<1>,
    footer: 0,
    keys: KEYS,
    filter: Some(FILTER),
    room: 3,
    detail: Some(detail),
    ..PaneSpec::PLAIN
};

const KEYS: &[Command] = &[
    Command {
        name: "filter",
        keys: &["/"],
        help: "show only the log's lines holding the text",
        hint: Some("filter"),
        run: |s, _| prompt::open(s),
    },
    Command { name: "next", keys: &["n"], help: "the next failing line", hint: Some("next failure"), run: |s, _| to_failing(s, true) },
    Command { name: "previous", keys: &["N"], help: "the previous failing line", hint: None, run: |s, _| to_failing(s, false) },
];

fn to_failing(state: &mut State, forward: bool) {
    let row = state.view(PaneId::BuildLog).selected;
    let log = state.panes.builds.log.as_ref();
    let to = log.and_then(|l| if forward { l.next_failing(row) } else { l.previous_failing(row) });
    if let Some(to) = to {
        state.view_mut(PaneId::BuildLog).selected = to;
    }
}

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
