//! The core: everything that happens is an [`Event`], [`update`] turns it into a new
//! [`State`] and a list of [`Effect`]s for the runtime to carry out. No I/O, no awaiting, so
//! every behaviour is testable by feeding events.
//!
//! Where things go: a pane's behaviour in `panes/` (its spec, keys and handlers; drawing in
//! `ui/panes/`), popups in `overlays/`, the global keys in `commands.rs`, list movement in
//! `navigation.rs`, event handling in `update/`, where panes sit in `layout.rs`.

pub mod commands;
pub mod event;
pub mod focus;
pub mod intent;
pub mod keymap;
pub mod keys;
pub mod layout;
pub mod navigation;
pub mod overlays;
pub mod pages;
pub mod pane_id;
pub mod panes;
pub mod state;
pub mod testkit;
pub mod text_input;
pub mod update;

pub use event::{Effect, Event};
pub use panes::PaneId;
pub use state::State;
pub use update::update;
