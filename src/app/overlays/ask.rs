//! A question with a typed answer: a new user's name, a password, a secret's name or value.
//! Masked answers are drawn as dots; whatever was typed is forgotten when the question
//! closes, answered or not. A refused answer keeps the question open with the reason.

use crossterm::event::KeyEvent;

use crate::app::keymap::{Command, Cx};
use crate::app::overlays::OverlaySpec;
use crate::app::pane_id::PaneId;
use crate::app::state::{Ask, AskFor, Overlay, State};
use crate::app::text_input::{Keyed, TextInput};

pub const SPEC: OverlaySpec = OverlaySpec { name: "ask", title: "Typing an answer", keys: KEYS, other_key: |s, key, _| typed(s, key) };

pub const KEYS: &[Command] = &[
    Command { name: "submit", keys: &["enter"], help: "answer", hint: None, run: submit },
    Command { name: "cancel", keys: &["esc", "ctrl-c"], help: "leave it: nothing is done", hint: None, run: cancel },
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
];

/// Asks for a line of text on behalf of `pane`, which gets the answer (its spec's `answered`).
pub fn open(state: &mut State, pane: PaneId, purpose: AskFor, prompt: &str, rule: &str, masked: bool) {
    let (prompt, rule) = (prompt.to_owned(), rule.to_owned());
    let ask = Ask { pane, purpose, prompt, rule, masked, text: TextInput::default(), error: None };
    state.overlay = Some(Overlay::Ask(ask));
}

fn edit(state: &mut State, change: impl FnOnce(&mut TextInput)) {
    if let Some(Overlay::Ask(ask)) = state.overlay.as_mut() {
        change(&mut ask.text);
        ask.error = None;
    }
}

/// An editing key edits the answer; a refusal is forgotten once the answer changes.
pub fn typed(state: &mut State, key: &KeyEvent) {
    if let Some(Overlay::Ask(ask)) = state.overlay.as_mut()
        && ask.text.key(key) == Keyed::Edited
    {
        ask.error = None;
    }
}

fn cancel(state: &mut State, _: &mut Cx) {
    state.overlay = None;
}

/// Hands the answer to the pane that asked; that pane may ask the next question, or refuse
/// the answer, which keeps the question open with the reason.
fn submit(state: &mut State, cx: &mut Cx) {
    let Some(Overlay::Ask(ask)) = state.overlay.take() else { return };
    let Some(answered) = ask.pane.spec().answered else { return };
    if let Err(reason) = answered(state, ask.purpose.clone(), ask.text.value().to_owned(), cx) {
        state.overlay = Some(Overlay::Ask(Ask { error: Some(reason), ..ask }));
    }
}
