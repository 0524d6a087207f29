//! Popups over the panes and the keys they take while open: help, the command palette, the
//! filter prompt, yes/no questions, typed-name confirmations, the functions list, the outputs
//! diff. An open overlay takes every key; what its section does not bind, it handles itself
//! (typing into its text, or closing).

pub mod ask;
pub mod confirm;
pub mod functions;
pub mod help;
pub mod kind;
pub mod palette;
pub mod prompt;
pub mod record;

use crossterm::event::KeyEvent;

use super::keymap::{Command, Cx, Key, Scope};
pub use self::kind::OverlayKind;
use super::state::{Overlay, State};

impl OverlayKind {
    pub fn of(overlay: &Overlay) -> Self {
        match overlay {
            Overlay::Help(_) => Self::Help,
            Overlay::Palette(_) => Self::Palette,
            Overlay::Filter(_) => Self::Prompt,
            Overlay::Confirm(question) if question.name_to_type().is_some() => Self::Name,
            Overlay::Confirm(_) => Self::Confirm,
            Overlay::Ask(_) => Self::Ask,
            Overlay::Functions => Self::Functions,
            Overlay::Outputs => Self::Outputs,
            Overlay::Record { .. } => Self::Record,
        }
    }

    pub fn keys(self) -> &'static [Command] {
        match self {
            Self::Prompt => prompt::KEYS,
            Self::Confirm => confirm::KEYS,
            Self::Name => confirm::NAME_KEYS,
            Self::Functions => functions::KEYS,
            Self::Outputs => OUTPUTS_KEYS,
            Self::Help => help::KEYS,
            Self::Palette => palette::KEYS,
            Self::Ask => ask::KEYS,
            Self::Record => record::KEYS,
        }
    }
}

const OUTPUTS_KEYS: &[Command] =
    &[Command { name: "close", keys: &["esc"], help: "close (so does any other key)", hint: None, run: close }];

pub fn close(state: &mut State, _: &mut Cx) {
    state.overlay = None;
}

/// A key while an overlay is open.
pub fn on_key(state: &mut State, event: &KeyEvent, cx: &mut Cx) {
    let Some(kind) = state.overlay.as_ref().map(OverlayKind::of) else { return };
    if let Some(run) = cx.keys.find(Scope::Overlay(kind), event).map(|b| b.command.run) {
        return run(state, cx);
    }
    match kind {
        OverlayKind::Help => help::typed(state, event),
        OverlayKind::Palette => palette::typed(state, event),
        OverlayKind::Prompt => prompt::typed(state, event),
        OverlayKind::Confirm => confirm::other_key(state, Key::of(event), cx),
        OverlayKind::Name => confirm::name_typed(state, event),
        OverlayKind::Ask => ask::typed(state, event),
        OverlayKind::Functions | OverlayKind::Outputs | OverlayKind::Record => state.overlay = None,
    }
}
