//! Carrying out what panes, overlays and keys ask for: the one place where an [`Intent`]
//! becomes a change of the core's state and effects, in the order they were asked.

use super::deploys::{cancel, request_deploy, start_deploy};
use super::environments::follow;
use crate::app::event::Effect;
use crate::app::intent::Intent;
use crate::app::keymap::{Cx, Keymap};
use crate::app::state::State;
use crate::domain::notice::Notice;
use crate::domain::secret::SecretText;

/// Runs `handle` (a reply handed to a pane's own code) with a [`Cx`], then carries out what it
/// asked for.
pub(super) fn with_cx(
    state: &mut State,
    keys: &Keymap,
    effects: &mut Vec<Effect>,
    handle: impl FnOnce(&mut State, &mut Cx),
) {
    let mut cx = Cx::new(keys);
    handle(state, &mut cx);
    carry_out(state, keys, cx.into_intents(), effects);
}

pub(super) fn carry_out(state: &mut State, keys: &Keymap, intents: Vec<Intent>, effects: &mut Vec<Effect>) {
    for intent in intents {
        match intent {
            Intent::Effect(effect) => effects.push(effect),
            Intent::Deploy(trigger) => request_deploy(state, trigger, effects),
            Intent::Start { trigger, action } => {
                if state.deploy.running() {
                    state.notice = Some(Notice::warn("a deploy is running: wait for it (or x) first"));
                } else {
                    start_deploy(state, trigger, action, effects);
                }
            }
            Intent::Cancel => cancel(state, effects),
            Intent::Quit => quit(state, effects),
            Intent::Follow(row) => follow(state, &row, effects),
            Intent::Notice(notice) => state.notice = Some(notice),
            Intent::Copy { what, text, secret } => copy(state, what, text, secret, effects),
            Intent::Answer { pane, purpose, text } => {
                let Some(answered) = pane.spec().answered else { continue };
                let mut cx = Cx::new(keys);
                if let Err(reason) = answered(state, purpose, text, &mut cx) {
                    state.notice = Some(Notice::warn(reason));
                }
                carry_out(state, keys, cx.into_intents(), effects);
            }
        }
    }
}

/// To the clipboard, and to the message log: in a terminal that does not pass the clipboard
/// on (tmux without `set-clipboard on`) the log is where it can still be read.
fn copy(state: &mut State, what: String, text: SecretText, secret: bool, effects: &mut Vec<Effect>) {
    effects.push(Effect::Copy(text.clone()));
    let shown = if secret { "•".repeat(8) } else { crate::util::sanitize::owned(text.expose()) };
    let line = format!("{what}: {shown}");
    state.messages.copied(&line, secret.then_some(text), state.now_ms);
    state.notice = Some(Notice::info(line));
}

/// Leaves ampdeck, cancelling a running deploy first.
pub(super) fn quit(state: &mut State, effects: &mut Vec<Effect>) {
    if state.deploy.running() {
        effects.push(Effect::CancelDeploy);
    }
    state.quit = true;
    effects.push(Effect::Quit);
}
