//! Picking one of a known set (a group, an app) rather than typing its name: the choices in a
//! list, typing filters them, Enter hands the chosen one to the pane that asked, as a typed
//! answer would be (its spec's `answered`); a refusal keeps the list open and says why.

use crossterm::event::KeyEvent;

use crate::app::keymap::{Command, Cx};
use crate::app::overlays::OverlaySpec;
use crate::app::pane_id::PaneId;
use crate::app::state::{AskFor, Input, Overlay, Pick, State};
use crate::domain::notice::Notice;

pub const SPEC: OverlaySpec =
    OverlaySpec { name: "pick", title: "Picking one", keys: KEYS, other_key: |s, key, _| typed(s, key) };

const KEYS: &[Command] = &[
    Command { name: "choose", keys: &["enter"], help: "take the chosen one", hint: None, run: choose },
    Command { name: "cancel", keys: &["esc", "ctrl-c"], help: "leave it: nothing is done", hint: None, run: super::close },
    Command { name: "down", keys: &["down", "ctrl-n"], help: "next choice", hint: None, run: |s, _| step(s, 1) },
    Command { name: "up", keys: &["up", "ctrl-p"], help: "previous choice", hint: None, run: |s, _| step(s, -1) },
];

/// Offers `choices` on behalf of `pane`, which gets the one picked.
pub fn open(state: &mut State, pane: PaneId, purpose: AskFor, prompt: &str, choices: Vec<String>) {
    let pick = Pick { pane, purpose, prompt: prompt.to_owned(), choices, query: Input::default() };
    state.overlay = Some(Overlay::Pick(pick));
}

fn pick_mut(state: &mut State) -> Option<&mut Pick> {
    match state.overlay.as_mut() {
        Some(Overlay::Pick(pick)) => Some(pick),
        _ => None,
    }
}

fn step(state: &mut State, delta: isize) {
    if let Some(pick) = pick_mut(state) {
        let last = pick.shown().len().saturating_sub(1);
        pick.query.selected = pick.query.selected.saturating_add_signed(delta).min(last);
    }
}

fn typed(state: &mut State, key: &KeyEvent) {
    if let Some(pick) = pick_mut(state) {
        pick.query.key(key);
    }
}

fn choose(state: &mut State, cx: &mut Cx) {
    let Some(Overlay::Pick(pick)) = state.overlay.take() else { return };
    let Some(choice) = pick.shown().get(pick.query.selected).map(|c| (*c).to_owned()) else {
        state.notice = Some(Notice::info("nothing matches the filter: Backspace widens it"));
        state.overlay = Some(Overlay::Pick(pick));
        return;
    };
    let Some(answered) = pick.pane.spec().answered else { return };
    if let Err(reason) = answered(state, pick.purpose.clone(), choice, cx) {
        state.notice = Some(Notice::warn(reason));
        state.overlay = Some(Overlay::Pick(pick));
    }
}
