//! Carrying out what the core asks for: deploys through the cloud adapter, the history file,
//! the outputs diff, the finish notification. Kept out of the loop so the loop stays a loop.

use std::io::Write;
use std::path::PathBuf;

use crate::app::{Effect, Event, Notice};
use crate::cloud::Cloud;
use crate::outputs::OutputsTracker;

/// How a finished deploy is announced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OnFinish {
    #[default]
    Bell,
    Desktop,
    None,
}

pub struct Outside {
    pub cloud: Box<dyn Cloud>,
    pub history: Option<PathBuf>,
    pub outputs: OutputsTracker,
    pub on_finish: OnFinish,
}

/// What carrying out an effect produced for the core.
pub enum Done {
    Nothing,
    Quit,
    Event(Event),
}

impl Outside {
    pub fn apply(&mut self, effect: Effect) -> Done {
        match effect {
            Effect::Deploy(request) => {
                self.outputs.snapshot();
                self.cloud.deploy(request);
            }
            Effect::CancelDeploy => self.cloud.cancel_deploy(),
            Effect::RecordHistory(record) => {
                if let Some(file) = &self.history
                    && let Err(e) = crate::history::append(file, &record)
                {
                    tracing::warn!("history {}: {e}", file.display());
                    return Done::Event(Event::Notice(Notice::warn(format!("deploy history not saved: {e}"))));
                }
            }
            Effect::DiffOutputs => {
                let diff = self.outputs.diff();
                if !diff.is_empty() {
                    return Done::Event(Event::OutputsChanged(diff));
                }
            }
            Effect::Announce { title, body } => self.announce(&title, &body),
            Effect::Quit => return Done::Quit,
        }
        Done::Nothing
    }

    fn announce(&self, title: &str, body: &str) {
        match self.on_finish {
            OnFinish::Bell => {
                let mut out = std::io::stdout();
                let _ = out.write_all(b"\x07").and_then(|()| out.flush());
            }
            OnFinish::Desktop => {
                // Best effort: no notification daemon is not an error worth a message.
                let child = std::process::Command::new("notify-send")
                    .args(["--app-name=ampdeck", title, body])
                    .stdin(std::process::Stdio::null())
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .spawn();
                if let Ok(mut child) = child {
                    std::thread::spawn(move || child.wait());
                }
            }
            OnFinish::None => {}
        }
    }
}
