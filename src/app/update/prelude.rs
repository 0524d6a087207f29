//! The names every event handler of `update/` uses, in one place, so that the handlers
//! import them from here rather than from `update` itself.

pub use crossterm::event::{KeyEvent, MouseButton, MouseEvent, MouseEventKind};

pub use crate::amplify::ampx::{LineKind, classify};
pub use crate::app::event::{Effect, Event};
pub use crate::app::intent::Intent;
pub use crate::app::layout;
pub use crate::app::navigation::clamp_selection;
pub use crate::app::overlays::confirm;
pub use crate::app::panes::resources::rebuild_rows;
pub use crate::app::panes::workspace::model::{FileChange, MAX_CHANGES};
pub use crate::app::state::{
    DeployError, DeployRun, Driver, MAX_HISTORY, OutputKind, Overlay, PaneId, Question, State, Trigger,
};
pub use crate::domain::changes::ChangeSet;
pub use crate::domain::deploy::{
    DeployAction, DeployKind, DeployMsg, DeployRequest, DriverMsg, Outcome, Phase, ToolkitMessage,
};
pub use crate::domain::health::CloudStatus;
pub use crate::domain::notice::Notice;
pub use crate::domain::stack::StackEvent;
pub use crate::model::history::{PhaseTime, Record, Result as RecordResult};
