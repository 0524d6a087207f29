//! Popups over the panes and the keys they take while open: help, the command palette, the
//! filter prompt, yes/no questions, typed-name confirmations, typed answers, the functions
//! list, the outputs diff, a record. An open overlay takes every key; what its section does not
//! bind goes to its `other_key` (typing into its text, answering No, or closing).
//!
//! Like the panes, an overlay is its module here, its module in `ui/overlays/`, and one line
//! in [`crate::overlays!`].

use crossterm::event::KeyEvent;

use super::keymap::{Command, Cx, Scope};
use super::state::{Overlay, State};

/// Every overlay as `Variant => module`, in the order help lists their keys. Expands `$with`
/// with the list, for the leaf kind (`kind.rs`), the core (here) and drawing (`ui::overlays`).
#[macro_export]
macro_rules! overlays {
    ($with:ident) => {
        $with! {
            Prompt => prompt,
            Confirm => confirm,
            Name => name,
            Ask => ask,
            Functions => functions,
            Outputs => outputs,
            Help => help,
            Palette => palette,
            Record => record,
            Messages => messages,
            Detail => detail,
            Pick => pick,
        }
    };
}

/// What the workbench knows of an overlay.
#[derive(Debug)]
pub struct OverlaySpec {
    /// Its `[keys]` section.
    pub name: &'static str,
    /// Its heading in help.
    pub title: &'static str,
    pub keys: &'static [Command],
    /// A key its section does not bind.
    pub other_key: fn(&mut State, &KeyEvent, &mut Cx),
}

macro_rules! declare {
    ($($id:ident => $module:ident),* $(,)?) => {
        $(pub mod $module;)*

        impl OverlayKind {
            pub fn spec(self) -> &'static OverlaySpec {
                match self {
                    $(OverlayKind::$id => &$module::SPEC),*
                }
            }
        }
    };
}

crate::overlays!(declare);

pub mod kind;

pub use self::kind::OverlayKind;

impl OverlayKind {
    /// The overlay `overlay` is: its data says which, a question asking for a name is `Name`.
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
            Overlay::Messages(_) => Self::Messages,
            Overlay::Detail(_) => Self::Detail,
            Overlay::Pick(_) => Self::Pick,
        }
    }

    /// Its `[keys]` section.
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    pub fn title(self) -> &'static str {
        self.spec().title
    }

    pub fn keys(self) -> &'static [Command] {
        self.spec().keys
    }
}

pub fn close(state: &mut State, _: &mut Cx) {
    state.overlay = None;
}

/// Any key not bound closes the overlay.
pub fn close_on_other_key(state: &mut State, _: &KeyEvent, _: &mut Cx) {
    state.overlay = None;
}

/// A key while an overlay is open.
pub fn on_key(state: &mut State, event: &KeyEvent, cx: &mut Cx) {
    let Some(kind) = state.overlay.as_ref().map(OverlayKind::of) else { return };
    match cx.keys.find(Scope::Overlay(kind), event).map(|b| b.command.run) {
        Some(run) => run(state, cx),
        None => (kind.spec().other_key)(state, event, cx),
    }
}
