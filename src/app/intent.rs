//! What a pane, an overlay or a global key asks of the core, as data. Handlers hand these
//! back instead of calling the core (`update`), so that no key handler needs to know how a
//! deploy starts or what following an environment involves; the core carries them out in
//! order (`update/intents.rs`). A question carries the intents of its answers, like gitui's
//! confirm popup carries its `ConfirmAction`.

use super::event::Effect;
use super::pane_id::PaneId;
use super::state::AskFor;
use super::state::Trigger;
use crate::domain::deploy::DeployAction;
use crate::domain::notice::Notice;
use crate::domain::secret::SecretText;
use crate::model::environments::EnvRow;

#[derive(Debug, Clone, PartialEq)]
pub enum Intent {
    /// Something for the outside world, as it is.
    Effect(Effect),
    /// Deploy the sandbox now, or queue one deploy while one runs.
    Deploy(Trigger),
    /// Run a deploy action now (a branch deploy, a sandbox delete or recreate, a seed), once
    /// nothing else deploys.
    Start { trigger: Trigger, action: DeployAction },
    /// Cancel the running deploy.
    Cancel,
    /// Leave ampdeck (cancelling a running deploy).
    Quit,
    /// Point the panes at this environment.
    Follow(Box<EnvRow>),
    /// Say this in the status bar.
    Notice(Notice),
    /// Put `text` on the clipboard and keep it in the message log, where it can always be read
    /// (masked when `secret`, until revealed there): `what` says it (`copied the console URL`).
    Copy { what: String, text: SecretText, secret: bool },
    /// Hand `purpose` (and a typed `text`, if any) to `pane`'s own answer handler: what a
    /// confirmed question does when only the pane knows how.
    Answer { pane: PaneId, purpose: AskFor, text: String },
}

impl From<Effect> for Intent {
    fn from(effect: Effect) -> Self {
        Self::Effect(effect)
    }
}

impl From<Notice> for Intent {
    fn from(notice: Notice) -> Self {
        Self::Notice(notice)
    }
}
