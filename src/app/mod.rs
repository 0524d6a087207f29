//! The core: everything that happens is an [`Event`], [`update`] turns it into a new
//! [`State`] and a list of [`Effect`]s for the runtime to carry out. No I/O, no awaiting, so
//! every behaviour is testable by feeding events.

pub mod event;
pub mod keymap;
pub mod layout;
pub mod state;
pub mod testkit;
pub mod update;

pub use event::{Effect, Event};
pub use state::{PaneId, State};
pub use update::update;
