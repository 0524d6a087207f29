//! A question with a typed answer: a new user's name, a password, a secret's name or value.
//! Masked answers are drawn as dots; whatever was typed is forgotten when the question
//! closes, answered or not. A refused answer keeps the question open with the reason.

use crate::app::Effect;
use crate::app::keymap::{Command, Key};
use crate::app::panes::{invoke, secrets, storage, users};
use crate::app::state::{Ask, AskFor, Overlay, State};

pub const KEYS: &[Command] = &[
    Command { name: "submit", keys: &["enter"], help: "answer", hint: None, run: submit },
    Command { name: "cancel", keys: &["esc", "ctrl-c"], help: "leave it: nothing is done", hint: None, run: cancel },
    Command {
        name: "erase",
        keys: &["backspace"],
        help: "delete a character",
        hint: None,
        run: |s, _| edit(s, |t| _ = t.pop()),
    },
    Command {
        name: "clear",
        keys: &["ctrl-u"],
        help: "delete the whole text",
        hint: None,
        run: |s, _| edit(s, String::clear),
    },
];

pub fn open(state: &mut State, purpose: AskFor, prompt: &str, rule: &str, masked: bool) {
    let ask =
        Ask { purpose, prompt: prompt.to_owned(), rule: rule.to_owned(), masked, text: String::new(), error: None };
    state.overlay = Some(Overlay::Ask(ask));
}

fn edit(state: &mut State, change: impl FnOnce(&mut String)) {
    if let Some(Overlay::Ask(ask)) = state.overlay.as_mut() {
        change(&mut ask.text);
        ask.error = None;
    }
}

pub fn typed(state: &mut State, key: Key) {
    if let Some(c) = key.text() {
        edit(state, |t| t.push(c));
    }
}

fn cancel(state: &mut State, _: &mut Vec<Effect>) {
    state.overlay = None;
}

/// Hands the answer to the pane that asked; that pane may ask the next question.
fn submit(state: &mut State, effects: &mut Vec<Effect>) {
    let Some(Overlay::Ask(ask)) = state.overlay.take() else { return };
    let Ask { purpose, text, .. } = ask.clone();
    let result = match purpose {
        AskFor::SecretName | AskFor::SecretValue { .. } => secrets::answered(state, purpose, text, effects),
        AskFor::UploadPath | AskFor::DownloadPath { .. } => storage::answered(state, purpose, text, effects),
        AskFor::NewPayload { .. } => invoke::answered(state, purpose, text, effects),
        AskFor::Variable { scope, name } => crate::app::panes::variables::answered(state, scope, name, text),
        _ => users::answered(state, purpose, text, effects),
    };
    if let Err(reason) = result {
        state.overlay = Some(Overlay::Ask(Ask { error: Some(reason), ..ask }));
    }
}
