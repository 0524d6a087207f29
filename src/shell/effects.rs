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
use crate::domain::invoke::Mode;
use crate::domain::notice::Notice;
use crate::ports::Sink;
use crate::shell::config::OnFinish;

pub struct Outside {
    pub cloud: Cloud,
    /// The project's TypeScript compiler, when live type checks are on.
    pub checker: Option<TypeChecker>,
    /// Where the checks' verdicts go.
    pub checks: Sink<CheckReport>,
    /// Where the code map goes when read again.
    pub code: Sink<crate::domain::deploy::CodeMap>,
    pub history: Option<PathBuf>,
    pub outputs: OutputsTracker,
    pub on_finish: OnFinish,
    /// A text waiting for the user's editor: the loop runs it, as it owns the terminal.
    pub editing: Option<super::editor::EditJob>,
    /// The project root (saved events live under it).
    pub workspace: PathBuf,
    pub clipboard: super::clipboard::Clipboard,
    /// The commands run beside the backend.
    pub processes: Box<dyn crate::ports::Processes>,
    /// `[[processes]]` from the settings (none: `package.json`'s scripts are offered).
    pub configured: Vec<crate::domain::processes::ProcessSpec>,
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
            checker.shutdown();
        }
        self.cloud.deployer.shutdown();
        self.cloud.follower.shutdown();
        self.cloud.users.shutdown();
        self.cloud.secrets.shutdown();
        self.cloud.data.shutdown();
        self.cloud.storage.shutdown();
        self.cloud.invoker.shutdown();
        self.cloud.local.shutdown();
        self.cloud.bootstrap.shutdown();
        self.cloud.hosting.shutdown();
        self.processes.shutdown();
    }

    pub fn apply(&mut self, effect: Effect) -> Done {
        match effect {
            Effect::Deploy(request) => {
                self.outputs.snapshot();
                self.cloud.deployer.deploy(request);
            }
            Effect::CancelDeploy => self.cloud.deployer.cancel(),
            Effect::MapCode(generation) => {
                let (root, code) = (self.workspace.clone(), self.code.clone());
                tokio::spawn(
                    async move { code.send(crate::adapters::local::code_map::map(&root, generation).await).await },
                );
            }
            Effect::ComparePushed(functions) => {
                let root = &self.workspace;
                use crate::adapters::local::push::{Comparison, compare_with_synthesis};
                let differs = functions.iter().find_map(|f| match compare_with_synthesis(root, f) {
                    Comparison::Differs(what) => Some(what),
                    Comparison::Same | Comparison::Unknown => None,
                });
                return Done::Event(Event::PushCompared(differs));
            }
            Effect::TypeCheck { generation, scope } => {
                if let Some(checker) = &mut self.checker {
                    checker.check(generation, scope, self.checks.clone());
                }
            }
            Effect::ReleaseDeploy { id, proceed, reason } => self.cloud.deployer.release(id, proceed, reason),
            Effect::CancelUpdateStack => self.cloud.follower.cancel_update(),
            Effect::VerifyStack { deploy, stack } => self.cloud.follower.verify(deploy, stack),
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
            Effect::Copy(text) => self.clipboard.copy(text.expose()),
            Effect::Users(request) => self.cloud.users.request(request),
            Effect::Secrets(request) => self.cloud.secrets.request(request),
            Effect::Data(request) => self.cloud.data.request(request),
            Effect::WatchTables(tables) => self.cloud.data.watch(tables),
            Effect::Storage(request) => self.cloud.storage.request(request),
            Effect::Hosting(request) => self.cloud.hosting.request(request),
            Effect::Invoke(request) if matches!(request.mode, Mode::Local(_)) => self.cloud.local.invoke(request),
            Effect::StopLocalRuns => self.cloud.local.stop(),
            Effect::Invoke(request) => self.cloud.invoker.invoke(request),
            Effect::CheckBootstrap { account, region } => self.cloud.bootstrap.check(account, region),
            Effect::ListPayloads { function } => {
                let payloads = crate::adapters::payload_files::list(&self.workspace, &function);
                return Done::Event(Event::Payloads { function, payloads });
            }
            Effect::DeletePayload { function, name } => {
                let result = crate::adapters::payload_files::delete(&self.workspace, &function, &name);
                return Done::Event(Event::PayloadDeleted { function, name, result });
            }
            Effect::Edit { file, text, purpose } => self.editing = Some(super::editor::EditJob { file, text, purpose }),
            Effect::Save { path, text, count, what } => {
                return Done::Event(Event::Notice(save(&path, &text, count, what)));
            }
            Effect::ListProcesses => {
                let offered = crate::adapters::package_scripts::offered(&self.workspace, &self.configured);
                return Done::Event(Event::ProcessesListed(offered));
            }
            Effect::Processes(request) => self.processes.request(request),
            Effect::OpenUrl(url) => {
                if let Err(why) = super::browser::open(&url) {
                    return Done::Event(Event::Notice(Notice::warn(format!("c copies {url} · {why}"))));
                }
            }
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

fn save(path: &std::path::Path, text: &str, count: usize, what: &str) -> Notice {
    let written = path.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| std::fs::write(path, text));
    match written {
        Ok(()) => Notice::info(format!("{count} {what} saved to {}", path.display())),
        Err(e) => Notice::error(format!("{what} not saved to {}: {e}", path.display())),
    }
}
