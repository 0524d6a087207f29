//! The filter prompt: what `/` opens in a pane with a filter. Each key edits the filter and
//! the pane follows at once.

use crate::app::Effect;
use crate::app::keymap::{Command, Key};
use crate::app::state::{Overlay, State};

/// What a pane's prompt filters.
#[derive(Debug)]
pub struct Target {
    pub current: fn(&State) -> String,
    pub apply: fn(&mut State, &str),
    /// The pane has a second mode for its text (the Logs pane: search instead of filter).
    pub toggle_mode: Option<fn(&mut State)>,
}

pub const KEYS: &[Command] = &[
    Command { name: "accept", keys: &["enter"], help: "keep the filter", hint: None, run: |s, _| s.overlay = None },
    Command { name: "cancel", keys: &["esc", "ctrl-c"], help: "clear the filter", hint: None, run: cancel },
    Command {
        name: "erase",
        keys: &["backspace"],
        help: "delete a character",
        hint: None,
        run: |s, _| {
            edit(s, |t| {
                t.pop();
            })
        },
    },
    Command {
        name: "clear",
        keys: &["ctrl-u"],
        help: "delete the whole text",
        hint: None,
        run: |s, _| edit(s, String::clear),
    },
    Command {
        name: "mode", keys: &["tab"], help: "in Logs: filter ↔ search (n/N jump)", hint: None, run: toggle_mode
    },
];

fn target(state: &State) -> Option<&'static Target> {
    state.focus.spec().filter
}

/// Opens the prompt on the focused pane's filter.
pub fn open(state: &mut State) {
    if let Some(target) = target(state) {
        state.filter_input = (target.current)(state);
        state.overlay = Some(Overlay::Filter);
    }
}

fn cancel(state: &mut State, _: &mut Vec<Effect>) {
    state.overlay = None;
    edit(state, String::clear);
}

fn toggle_mode(state: &mut State, _: &mut Vec<Effect>) {
    if let Some(toggle) = target(state).and_then(|t| t.toggle_mode) {
        toggle(state);
    }
}

pub fn typed(state: &mut State, key: Key) {
    if let Some(c) = key.text() {
        edit(state, |t| t.push(c));
    }
}

/// Changes the text and, when that changes the filter, applies it.
fn edit(state: &mut State, change: impl FnOnce(&mut String)) {
    change(&mut state.filter_input);
    let Some(target) = target(state) else { return };
    if (target.current)(state) != state.filter_input {
        let text = state.filter_input.clone();
        (target.apply)(state, &text);
    }
}
