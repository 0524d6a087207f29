//! Keys → commands, as data, in layers like yazi's keymap: a global section, one for list
//! navigation, one per pane (active only while it has focus) and one per overlay (active
//! alone while it is open). Help, the status-bar hints, the palette and the key tables of
//! docs/keys.md and the README all come from the same [`Keymap`], so they cannot drift from
//! what the keys do; [`verbs`] gives a verb one key in every pane; `[keys]` in the config
//! rebinds commands by id. The sections themselves are listed by `app/keys.rs`; this
//! module knows no pane, overlay or command.

pub mod key;
mod map;
pub mod markdown;
mod scope;
pub mod verbs;

pub use self::key::Key;
pub use self::map::{Binding, Command, Cx, KeyError, Keymap, Run};
pub use self::scope::{Scope, id};
