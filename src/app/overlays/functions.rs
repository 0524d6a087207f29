//! The functions of the Logs pane, with their figures: move, show or hide one, close.

use crate::app::keymap::Command;
use crate::app::overlays::OverlaySpec;
use crate::app::state::State;

pub const SPEC: OverlaySpec = OverlaySpec { name: "functions", title: "In the functions list", keys: KEYS, other_key: super::close_on_other_key };

pub const KEYS: &[Command] = &[
    Command { name: "down", keys: &["j", "down"], help: "next function", hint: None, run: |s, _| step(s, 1) },
    Command { name: "up", keys: &["k", "up"], help: "previous function", hint: None, run: |s, _| step(s, -1) },
    Command {
        name: "toggle",
        keys: &["space", "enter"],
        help: "show or hide the selected function's lines",
        hint: None,
        run: |s, _| toggle(s),
    },
    Command { name: "close", keys: &["esc"], help: "close (so does any other key)", hint: None, run: super::close },
];

fn step(state: &mut State, delta: isize) {
    let last = state.panes.logs.store.functions().len().saturating_sub(1);
    state.panes.logs.function_cursor = state.panes.logs.function_cursor.saturating_add_signed(delta).min(last);
}

fn toggle(state: &mut State) {
    if let Some(name) = state.panes.logs.store.functions().keys().nth(state.panes.logs.function_cursor).cloned() {
        state.panes.logs.store.toggle_function(&name);
    }
}
