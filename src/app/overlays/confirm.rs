//! Questions whose default answer is No: `y` says yes, every other key no. Deleting a
//! teammate's sandbox, or what others share, needs the name typed, so that a stray `y` cannot
//! do it. The question carries what each answer does ([`Question`]); this overlay only hands
//! those intents to the core, and knows nobody who asks.

use crossterm::event::KeyEvent;

use crate::app::intent::Intent;
use crate::app::keymap::{Command, Cx, Key};
use crate::app::state::{Overlay, Question, State};
use crate::domain::notice::Notice;

pub const KEYS: &[Command] = &[
    Command { name: "yes", keys: &["y", "Y"], help: "yes", hint: None, run: |s, cx| answer(s, true, cx) },
    Command {
        name: "no",
        keys: &["n", "esc"],
        help: "no (so does any other key: No is the default)",
        hint: None,
        run: |s, cx| answer(s, false, cx),
    },
];

pub const NAME_KEYS: &[Command] = &[
    Command {
        name: "submit",
        keys: &["enter"],
        help: "go ahead, once the name is typed right",
        hint: None,
        run: submit,
    },
    Command { name: "keep", keys: &["esc"], help: "keep it: nothing is deleted", hint: None, run: keep },
    Command {
        name: "erase",
        keys: &["backspace"],
        help: "delete a character",
        hint: None,
        run: |s, _| {
            if let Some(question) = question_mut(s) {
                question.input.erase();
            }
        },
    },
];

/// Opens `question` over the panes.
pub fn ask(state: &mut State, question: Question) {
    state.overlay = Some(Overlay::Confirm(question));
}

fn question_mut(state: &mut State) -> Option<&mut Question> {
    match state.overlay.as_mut() {
        Some(Overlay::Confirm(question)) => Some(question),
        _ => None,
    }
}

fn take(state: &mut State) -> Option<Question> {
    match state.overlay.take() {
        Some(Overlay::Confirm(question)) => Some(question),
        other => {
            state.overlay = other;
            None
        }
    }
}

/// Ctrl-C answers yes to a question whose yes is quitting, as it would quit without one; any
/// other unbound key is No.
pub fn other_key(state: &mut State, key: Key, cx: &mut Cx) {
    let ctrl_c = Key::parse("ctrl-c").is_ok_and(|c| c == key);
    let quits = matches!(&state.overlay, Some(Overlay::Confirm(q)) if q.yes.contains(&Intent::Quit));
    answer(state, ctrl_c && quits, cx);
}

fn answer(state: &mut State, yes: bool, cx: &mut Cx) {
    let Some(question) = take(state) else { return };
    let intents = if yes { question.yes } else { question.no };
    intents.into_iter().for_each(|i| cx.push(i));
}

/// Goes ahead once the name is typed exactly.
fn submit(state: &mut State, cx: &mut Cx) {
    let typed_right =
        matches!(&state.overlay, Some(Overlay::Confirm(q)) if q.name_to_type() == Some(q.input.value()));
    if typed_right {
        answer(state, true, cx);
    }
}

fn keep(state: &mut State, _: &mut Cx) {
    keep_it(state);
}

fn keep_it(state: &mut State) {
    if take(state).is_some() {
        state.notice = Some(Notice::info("nothing deleted"));
    }
}

/// Editing keys edit the name; any other key keeps it.
pub fn name_typed(state: &mut State, key: &KeyEvent) {
    let edited = question_mut(state).is_some_and(|q| q.input.key(key));
    if !edited {
        keep_it(state);
    }
}
