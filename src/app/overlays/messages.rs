//! The message log: every message since ampdeck started, newest first, whole; typing filters
//! it (by text, level or source), like lazygit's command log.

use crossterm::event::KeyEvent;

use crate::app::keymap::Command;
use crate::app::overlays::OverlaySpec;
use crate::app::state::{Input, LogView, Overlay, State};
use crate::model::messages::Message;

pub const SPEC: OverlaySpec =
    OverlaySpec { name: "messages", title: "In the message log", keys: KEYS, other_key: |s, key, _| typed(s, key) };

const KEYS: &[Command] = &[
    Command { name: "close", keys: &["esc", "M", "ctrl-c"], help: "close the message log", hint: None, run: super::close },
    Command { name: "down", keys: &["down"], help: "an older message", hint: None, run: |s, _| step(s, 1) },
    Command { name: "up", keys: &["up"], help: "a newer message", hint: None, run: |s, _| step(s, -1) },
    Command { name: "page_down", keys: &["pgdn"], help: "a page of older messages", hint: None, run: |s, _| step(s, 10) },
    Command { name: "page_up", keys: &["pgup"], help: "a page of newer messages", hint: None, run: |s, _| step(s, -10) },
    Command {
        name: "reveal",
        keys: &["ctrl-r"],
        help: "show the chosen message's copied secret (an ID token) / hide it",
        hint: None,
        run: |s, _| {
            if let Some(Overlay::Messages(log)) = s.overlay.as_mut() {
                log.reveal = !log.reveal;
            }
        },
    },
];

/// Opens the log at the newest message.
pub fn open(state: &mut State) {
    state.overlay = Some(Overlay::Messages(LogView::default()));
}

/// The filter and the chosen message, while the log is open.
pub fn query(state: &State) -> Option<&Input> {
    view(state).map(|v| &v.query)
}

pub fn view(state: &State) -> Option<&LogView> {
    match &state.overlay {
        Some(Overlay::Messages(v)) => Some(v),
        _ => None,
    }
}

/// The messages the filter leaves, newest first.
pub fn shown(state: &State) -> Vec<&Message> {
    let needle = query(state).map(|q| q.text.value().to_lowercase()).unwrap_or_default();
    let matches = |m: &Message| {
        needle.is_empty()
            || m.text.to_lowercase().contains(&needle)
            || format!("{:?}", m.level).to_lowercase().contains(&needle)
            || m.source.is_some_and(|s| s.label().contains(&needle))
    };
    state.messages.newest_first().filter(|m| matches(m)).collect()
}

fn step(state: &mut State, delta: isize) {
    let last = shown(state).len().saturating_sub(1);
    if let Some(Overlay::Messages(v)) = state.overlay.as_mut() {
        v.query.selected = v.query.selected.saturating_add_signed(delta).min(last);
        v.reveal = false;
    }
}

/// An editing key edits the filter, which starts the choice over.
fn typed(state: &mut State, key: &KeyEvent) {
    if let Some(Overlay::Messages(v)) = state.overlay.as_mut() {
        v.query.key(key);
    }
}
