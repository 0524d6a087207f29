//! The Output pane: what the selected process printed, colours kept, followed as it comes;
//! `/` filters or searches it as the Logs pane does, `w` writes what is shown to a file.

use super::PaneSpec;
use crate::app::Effect;
use crate::app::keymap::{Command, Cx};
use crate::app::navigation::toggle_follow;
use crate::app::overlays::prompt;
use crate::app::pages::Page;
use crate::app::panes::PaneId;
use crate::app::state::State;
use crate::domain::notice::Notice;
use crate::model::process_output::ProcessOutput;

pub const SPEC: PaneSpec = PaneSpec {
    name: "output",
    title: "Output",
    page: Page::Processes,
    follows: true,
    len: |s| shown(s).map_or(0, ProcessOutput::len),
    header: |s| u16::from(filter_shown(s)),
    keys: KEYS,
    filter: Some(FILTER),
    room: 5,
    ..PaneSpec::PLAIN
};

const KEYS: &[Command] = &[
    Command { name: "filter", keys: &["/"], help: "filter the output (Tab: search instead)", hint: Some("filter"), run: |s, _| prompt::open(s) },
    Command { name: "follow", keys: &["f"], help: "follow new lines on/off", hint: None, run: |s, _| toggle_follow(s, PaneId::Output) },
    Command { name: "next", keys: &["n"], help: "next match of the search", hint: None, run: |s, _| jump(s, true) },
    Command { name: "previous", keys: &["N"], help: "previous match of the search", hint: None, run: |s, _| jump(s, false) },
    Command { name: "export", keys: &["w"], help: "write the shown lines to a file", hint: None, run: save },
    Command { name: "clear", keys: &["C"], help: "clear the process's output", hint: None, run: clear },
];

/// The filter's line shows: one is applied, or being typed.
pub fn filter_shown(state: &State) -> bool {
    shown(state).is_some_and(|o| !o.filter().is_empty()) || state.filter_typed(PaneId::Output).is_some()
}

/// The output of the process selected in the Processes pane.
pub fn shown(state: &State) -> Option<&ProcessOutput> {
    crate::app::panes::processes::selected(state).map(|e| &e.output)
}

fn shown_mut(state: &mut State) -> Option<&mut ProcessOutput> {
    let at = state.view(PaneId::Processes).selected;
    state.panes.processes.entries.get_mut(at).map(|e| &mut e.output)
}

pub const FILTER: &prompt::Target = &prompt::Target {
    current: |s| shown(s).map(|o| o.filter().to_owned()).unwrap_or_default(),
    apply: |s, text| {
        if let Some(output) = shown_mut(s) {
            output.set_filter(text);
        }
        *s.view_mut(PaneId::Output) = Default::default();
    },
    toggle_mode: Some(|s| {
        if let Some(output) = shown_mut(s) {
            output.search = !output.search;
        }
    }),
};

fn jump(state: &mut State, forward: bool) {
    let height = crate::app::layout::list_height(state, PaneId::Output).max(1);
    let len = shown(state).map_or(0, ProcessOutput::len);
    let view = *state.view(PaneId::Output);
    let top = if view.follow { len.saturating_sub(height) } else { view.offset };
    let from = if forward && view.follow { top.saturating_sub(1) } else { top };
    match shown(state).and_then(|o| o.next_match(from, forward)) {
        Some(to) => {
            let view = state.view_mut(PaneId::Output);
            view.offset = to;
            view.follow = false;
        }
        None if shown(state).is_none_or(|o| o.filter().is_empty() || !o.search) => {
            state.notice = Some(Notice::info("type / and a text, then Tab to search"))
        }
        None => state.notice = Some(Notice::info("no line holds the search's text")),
    }
}

fn clear(state: &mut State, _: &mut Cx) {
    if let Some(output) = shown_mut(state) {
        output.clear();
        state.notice = Some(Notice::info("output cleared (new lines keep coming)"));
    }
    *state.view_mut(PaneId::Output) = Default::default();
}

fn save(state: &mut State, cx: &mut Cx) {
    let Some(entry) = crate::app::panes::processes::selected(state).filter(|e| !e.output.is_empty()) else {
        state.notice = Some(Notice::info("no output shown: nothing to save"));
        return;
    };
    let name = crate::util::sanitize::owned(&entry.spec.name).replace(|c: char| !c.is_alphanumeric() && c != '-', "-");
    let (text, count) = (entry.output.shown_text(), entry.output.len());
    let file = format!("{name}-{}.txt", crate::util::timefmt::clock(state.now_ms).replace(':', ""));
    let path = state.ctx.workspace.join(".amplify/ampdeck").join(file);
    cx.push(Effect::Save { path, text, count, what: "lines" });
}
