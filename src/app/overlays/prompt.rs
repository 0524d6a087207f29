//! The filter prompt: what `/` opens in a pane with a filter. Each key edits the filter and
//! the pane follows at once.

use crossterm::event::KeyEvent;

use crate::app::keymap::{Command, Cx};
use crate::app::overlays::OverlaySpec;
use crate::app::state::{Overlay, State};
use crate::app::text_input::TextInput;

/// What a pane's prompt filters.
#[derive(Debug)]
pub struct Target {
    pub current: fn(&State) -> String,
    pub apply: fn(&mut State, &str),
    /// The pane has a second mode for its text (the Logs pane: search instead of filter).
    pub toggle_mode: Option<fn(&mut State)>,
}

pub const SPEC: OverlaySpec = OverlaySpec { name: "prompt", title: "Typing a filter", keys: KEYS, other_key: |s, key, _| typed(s, key) };

pub const KEYS: &[Command] = &[
    Command { name: "accept", keys: &["enter"], help: "keep the filter", hint: None, run: |s, _| s.overlay = None },
    Command { name: "cancel", keys: &["esc", "ctrl-c"], help: "clear the filter", hint: None, run: cancel },
    Command {
        name: "erase",
        keys: &["backspace"],
        help: "delete a character",
        hint: None,
        run: |s, _| edit(s, TextInput::erase),
    },
    Command {
        name: "clear",
        keys: &["ctrl-u"],
        help: "delete the whole text",
        hint: None,
        run: |s, _| edit(s, TextInput::clear),
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
        state.overlay = Some(Overlay::Filter(TextInput::new((target.current)(state))));
    }
}

fn cancel(state: &mut State, _: &mut Cx) {
    edit(state, TextInput::clear);
    state.overlay = None;
}

fn toggle_mode(state: &mut State, _: &mut Cx) {
    if let Some(toggle) = target(state).and_then(|t| t.toggle_mode) {
        toggle(state);
    }
}

/// An editing key edits the filter; any other unbound key is ignored.
pub fn typed(state: &mut State, key: &KeyEvent) {
    edit(state, |t| _ = t.key(key));
}

/// Changes the text and, when that changes the filter, applies it.
fn edit(state: &mut State, change: impl FnOnce(&mut TextInput)) {
    let Some(Overlay::Filter(input)) = state.overlay.as_mut() else { return };
    change(input);
    let text = input.value().to_owned();
    let Some(target) = target(state) else { return };
    if (target.current)(state) != text {
        (target.apply)(state, &text);
    }
}
