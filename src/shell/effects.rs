//! Carrying out what the core asks for: deploys and follows through the ports, the history
//! file, the outputs diff, the finish notification. Kept out of the loop so the loop stays a
//! loop.

use std::io::Write;
use std::path::PathBuf;

use super::compose::Cloud;
use crate::adapters::history_file;
use crate::adapters::outputs_file::OutputsTracker;
use crate::adapters::typecheck::TypeChecker;
use crate::app::{Effect, Event};
use crate::domain::check::CheckReport;
use crate::domain::notice::Notice;
use crate::ports::Sink;

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
    pub cloud: Cloud,
    /// The project's TypeScript compiler, when live type checks are on.
    pub checker: Option<TypeChecker>,
    /// Where the checks' verdicts go.
    pub checks: Sink<CheckReport>,
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
    pub fn shutdown(&mut self) {
        if let Some(checker) = &mut self.checker {
            checker.stop();
        }
        self.cloud.deployer.shutdown();
        self.cloud.follower.shutdown();
    }

    pub fn apply(&mut self, effect: Effect) -> Done {
        match effect {
            Effect::Deploy(request) => {
                self.outputs.snapshot();
                self.cloud.deployer.deploy(request);
            }
            Effect::CancelDeploy => self.cloud.deployer.cancel(),
            Effect::TypeCheck { generation } => {
                if let Some(checker) = &mut self.checker {
                    checker.check(generation, self.checks.clone());
                }
            }
            Effect::ReleaseDeploy { id, proceed, reason } => self.cloud.deployer.release(id, proceed, reason),
            Effect::CancelUpdateStack => self.cloud.follower.cancel_update(),
            Effect::Follow(stack) => self.cloud.follower.follow(stack),
            Effect::RecordHistory(record) => {
                if let Some(file) = &self.history
                    && let Err(e) = history_file::append(file, &record)
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
            Effect::Copy(text) => {
                let mut out = std::io::stdout();
                let _ = out
                    .write_all(format!("\x1b]52;c;{}\x07", base64(text.as_bytes())).as_bytes())
                    .and_then(|()| out.flush());
            }
            Effect::SaveLogs { path, text } => return Done::Event(Event::Notice(save_logs(&path, &text))),
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

/// Standard base64, for OSC 52.
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ABC[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn save_logs(path: &std::path::Path, text: &str) -> Notice {
    let written = path.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| std::fs::write(path, text));
    match written {
        Ok(()) => Notice::info(format!("{} lines saved to {}", text.lines().count(), path.display())),
        Err(e) => Notice::error(format!("logs not saved to {}: {e}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(super::base64(b""), "");
        assert_eq!(super::base64(b"f"), "Zg==");
        assert_eq!(super::base64(b"fo"), "Zm8=");
        assert_eq!(super::base64(b"foobar"), "Zm9vYmFy");
    }
}
