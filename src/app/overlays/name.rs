//! A question that needs a name typed before its yes (deleting a teammate's sandbox, or what
//! others share): editing keys edit the name, Enter goes ahead once it is typed exactly, any
//! other key keeps things as they are.

use crossterm::event::KeyEvent;

use super::confirm::{answer, question_mut, take};
use crate::app::keymap::{Command, Cx};
use crate::app::overlays::OverlaySpec;
use crate::app::state::{Overlay, State};
use crate::app::text_input::Keyed;
use crate::domain::notice::Notice;

pub const SPEC: OverlaySpec =
    OverlaySpec { name: "name", title: "Typing a name to confirm", keys: KEYS, other_key: name_typed };

const KEYS: &[Command] = &[
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

/// Goes ahead once the name is typed exactly.
fn submit(state: &mut State, cx: &mut Cx) {
    let typed_right =
        matches!(&state.overlay, Some(Overlay::Confirm(q)) if q.name_to_type() == Some(q.input.value()));
    if typed_right {
        return answer(state, true, cx);
    }
    if let Some(name) = question_mut(state).and_then(|q| q.typed.clone()) {
        let name = crate::util::sanitize::owned(&name);
        state.notice = Some(Notice::warn(format!("not the name: type {name} exactly, then Enter (Esc keeps it)")));
    }
}

fn keep(state: &mut State, cx: &mut Cx) {
    keep_it(state, cx);
}

/// No: what the question's no does, and nothing is deleted.
fn keep_it(state: &mut State, cx: &mut Cx) {
    let Some(question) = take(state) else { return };
    state.notice = Some(Notice::info("nothing deleted"));
    question.no.into_iter().for_each(|i| cx.push(i));
}

/// Editing keys edit the name; any other key keeps it.
pub fn name_typed(state: &mut State, key: &KeyEvent, cx: &mut Cx) {
    let edited = question_mut(state).is_some_and(|q| q.input.key(key) != Keyed::Ignored);
    if !edited {
        keep_it(state, cx);
    }
}
