//! Questions whose default answer is No: `y` says yes, every other key no. Deleting a
//! teammate's sandbox, or what others share, needs the name typed, so that a stray `y` cannot
//! do it. The question carries what each answer does ([`Question`]); this overlay only hands
//! those intents to the core, and knows nobody who asks.


use crate::app::intent::Intent;
use crate::app::keymap::{Command, Cx, Key};
use crate::app::overlays::OverlaySpec;
use crate::app::state::{Overlay, Question, State};

pub const SPEC: OverlaySpec = OverlaySpec { name: "confirm", title: "Answering a question", keys: KEYS, other_key: |s, key, cx| other_key(s, Key::of(key), cx) };

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

/// Opens `question` over the panes.
pub fn open(state: &mut State, question: Question) {
    state.overlay = Some(Overlay::Confirm(question));
}

pub(super) fn question_mut(state: &mut State) -> Option<&mut Question> {
    match state.overlay.as_mut() {
        Some(Overlay::Confirm(question)) => Some(question),
        _ => None,
    }
}

pub(super) fn take(state: &mut State) -> Option<Question> {
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

pub(super) fn answer(state: &mut State, yes: bool, cx: &mut Cx) {
    let Some(question) = take(state) else { return };
    let intents = if yes { question.yes } else { question.no };
    intents.into_iter().for_each(|i| cx.push(i));
}
