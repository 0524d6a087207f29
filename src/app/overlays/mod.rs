//! Popups over the panes and the keys they take while open: help, the command palette, the
//! filter prompt, yes/no questions, typed-name confirmations, the functions list, the outputs
//! diff. An open overlay takes every key; what its section does not bind, it handles itself
//! (typing into its text, or closing).

pub mod ask;
pub mod confirm;
pub mod functions;
pub mod help;
pub mod palette;
pub mod prompt;
pub mod record;

use crossterm::event::KeyEvent;

use super::Effect;
use super::keymap::{Command, Key, Scope};
use super::state::{Overlay, State};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OverlayKind {
    Prompt,
    Confirm,
    Name,
    Functions,
    Outputs,
    Help,
    Palette,
    Ask,
    Record,
}

impl OverlayKind {
    pub const ALL: &'static [OverlayKind] = &[
        Self::Prompt,
        Self::Confirm,
        Self::Name,
        Self::Ask,
        Self::Functions,
        Self::Outputs,
        Self::Help,
        Self::Palette,
        Self::Record,
    ];

    pub fn of(overlay: &Overlay) -> Self {
        match overlay {
            Overlay::Help => Self::Help,
            Overlay::Palette => Self::Palette,
            Overlay::Filter => Self::Prompt,
            Overlay::Confirm(question) if question.name_to_type().is_some() => Self::Name,
            Overlay::Confirm(_) => Self::Confirm,
            Overlay::Ask(_) => Self::Ask,
            Overlay::Functions => Self::Functions,
            Overlay::Outputs => Self::Outputs,
            Overlay::Record { .. } => Self::Record,
        }
    }

    /// Its `[keys]` section.
    pub fn name(self) -> &'static str {
        match self {
            Self::Prompt => "prompt",
            Self::Confirm => "confirm",
            Self::Name => "name",
            Self::Functions => "functions",
            Self::Outputs => "outputs",
            Self::Help => "help",
            Self::Palette => "palette",
            Self::Ask => "ask",
            Self::Record => "record",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Prompt => "Typing a filter",
            Self::Confirm => "Answering a question",
            Self::Name => "Typing a name to confirm",
            Self::Functions => "In the functions list",
            Self::Outputs => "In the outputs diff",
            Self::Help => "In help",
            Self::Palette => "In the command palette",
            Self::Ask => "Typing an answer",
            Self::Record => "Reading a record",
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

pub fn close(state: &mut State, _: &mut Vec<Effect>) {
    state.overlay = None;
}

/// A key while an overlay is open.
pub fn on_key(state: &mut State, event: &KeyEvent, effects: &mut Vec<Effect>) {
    let Some(kind) = state.overlay.as_ref().map(OverlayKind::of) else { return };
    if let Some(run) = state.keymap.find(Scope::Overlay(kind), event).map(|b| b.command.run) {
        return run(state, effects);
    }
    let key = Key::of(event);
    match kind {
        OverlayKind::Help => help::typed(state, key),
        OverlayKind::Palette => palette::typed(state, key),
        OverlayKind::Prompt => prompt::typed(state, key),
        OverlayKind::Confirm => confirm::other_key(state, key, effects),
        OverlayKind::Name => confirm::name_typed(state, key),
        OverlayKind::Ask => ask::typed(state, key),
        OverlayKind::Functions | OverlayKind::Outputs | OverlayKind::Record => state.overlay = None,
    }
}
