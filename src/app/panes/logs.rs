//! The Logs pane: the followed environment's function logs, merged, filtered or searched,
//! with figures per function and markers at every deploy.

pub mod model;

use super::PaneSpec;
use crate::app::Effect;
use crate::app::keymap::{Command, Cx};
use crate::app::layout;
use crate::app::navigation::toggle_follow;
use crate::app::overlays::prompt;
use crate::app::pages::Page;
use crate::app::panes::PaneId;
use crate::app::state::{Overlay, State};
use crate::domain::notice::Notice;

pub const SPEC: PaneSpec = PaneSpec {
    name: "logs",
    title: "Logs",
    page: Page::Dev,
    follows: true,
    len: |s| s.panes.logs.store.len(),
    header: |s| u16::from(filter_shown(s)) + u16::from(stats_shown(s)),
    footer: 0,
    keys: KEYS,
    filter: Some(FILTER),
    room: 2,
    ..PaneSpec::PLAIN
};

const KEYS: &[Command] = &[
    Command {
        name: "filter",
        keys: &["/"],
        help: "filter by text or regex (Tab in the prompt: search instead)",
        hint: Some("filter"),
        run: |s, _| prompt::open(s),
    },
    Command { name: "follow", keys: &["f"], help: "follow new lines on/off", hint: None, run: |s, _| toggle_follow(s, PaneId::Logs) },
    Command { name: "errors_only", keys: &["E"], help: "errors only on/off", hint: Some("errors"), run: errors_only },
    Command {
        name: "functions",
        keys: &["F"],
        help: "the functions, their figures; show or hide each",
        hint: Some("functions"),
        run: |s, _| {
            s.panes.logs.function_cursor = 0;
            s.overlay = Some(Overlay::Functions);
        },
    },
    Command { name: "next", keys: &["n"], help: "next match of the search", hint: None, run: |s, _| jump(s, true) },
    Command {
        name: "previous",
        keys: &["N"],
        help: "previous match of the search",
        hint: None,
        run: |s, _| jump(s, false),
    },
    Command { name: "json", keys: &["J"], help: "JSON pretty/compact", hint: Some("JSON"), run: json },
    Command { name: "timestamps", keys: &["@"], help: "timestamps on/off", hint: None, run: |s, _| s.panes.logs.times = !s.panes.logs.times },
    Command { name: "group", keys: &["R"], help: "group by invocation (request id)", hint: Some("group"), run: group },
    Command { name: "wrap", keys: &["W"], help: "wrap long lines on/off", hint: None, run: |s, _| s.panes.logs.wrap = !s.panes.logs.wrap },
    Command { name: "mark", keys: &["m"], help: "a marker line, to tell versions apart", hint: None, run: mark },
    Command { name: "export", keys: &["w"], help: "write the shown lines to a file", hint: None, run: save },
    Command { name: "clear", keys: &["C"], help: "clear (the figures per function stay)", hint: None, run: clear },
];

pub const FILTER: &prompt::Target = &prompt::Target {
    current: |s| s.panes.logs.store.filter().to_owned(),
    apply: |s, text| {
        s.panes.logs.store.set_filter(text);
        *s.view_mut(PaneId::Logs) = Default::default();
    },
    toggle_mode: Some(|s| s.panes.logs.store.toggle_search()),
};

/// The filter line shows while there is a filter, and while one is typed.
pub fn filter_shown(state: &State) -> bool {
    !state.panes.logs.store.filter().is_empty() || state.filter_typed(PaneId::Logs).is_some()
}

/// The strip of figures per function, once a REPORT line gave some.
pub fn stats_shown(state: &State) -> bool {
    state.panes.logs.store.functions().values().any(|f| f.invocations > 0)
}

fn errors_only(state: &mut State, _: &mut Cx) {
    state.panes.logs.store.toggle_errors_only();
    let word = if state.panes.logs.store.view().errors_only { "errors only" } else { "every level" };
    state.notice = Some(Notice::info(format!("logs: {word}")));
}

fn json(state: &mut State, _: &mut Cx) {
    state.panes.logs.store.toggle_pretty_json();
    let word = if state.panes.logs.store.pretty_json() { "pretty" } else { "compact" };
    state.notice = Some(Notice::info(format!("logs: JSON {word}")));
}

fn group(state: &mut State, _: &mut Cx) {
    state.panes.logs.store.toggle_grouped();
    let word = if state.panes.logs.store.grouped() { "grouped by invocation" } else { "as they came" };
    state.notice = Some(Notice::info(format!("logs: {word}")));
}

fn mark(state: &mut State, _: &mut Cx) {
    let text = format!("── mark · {} ──", crate::util::timefmt::clock(state.now_ms));
    state.panes.logs.store.push_marker(state.now_ms, &text);
}

fn clear(state: &mut State, _: &mut Cx) {
    state.panes.logs.store.clear();
    state.notice = Some(Notice::info("logs cleared (the figures per function stay)"));
}

/// `n`/`N`: the next or previous line the search (or filter) text matches, at the top of the
/// pane; following pauses.
fn jump(state: &mut State, forward: bool) {
    let height = layout::list_height(state, PaneId::Logs).max(1);
    let len = state.panes.logs.store.len();
    let view = *state.view(PaneId::Logs);
    let top = if view.follow { len.saturating_sub(height) } else { view.offset };
    // From the line the last jump landed on; the first jump looks at the whole screen.
    let from = if forward && view.follow { top.saturating_sub(1) } else { top };
    match state.panes.logs.store.next_match(from, forward) {
        Some(i) => {
            let view = state.view_mut(PaneId::Logs);
            view.offset = i;
            view.follow = false;
        }
        None if state.panes.logs.store.filter().is_empty() => {
            state.notice = Some(Notice::info("type / and a text to search first"))
        }
        None => state.notice = Some(Notice::info(if forward { "no later match" } else { "no earlier match" })),
    }
}

fn save(state: &mut State, cx: &mut Cx) {
    if state.panes.logs.store.is_empty() {
        state.notice = Some(Notice::info("no log lines shown: nothing to save"));
        return;
    }
    let name = format!("logs-{}.txt", crate::util::timefmt::clock(state.now_ms).replace(':', ""));
    let path = state.ctx.workspace.join(".amplify/ampdeck").join(name);
    let text = state.panes.logs.store.shown_text();
    cx.push(Effect::Save { path, count: text.lines().count(), text, what: "lines" });
}
