//! Test workbenches: the one builder of a [`State`] for tests (the core's unit tests, the
//! integration tests and the benchmarks in `tests/` and `benches/`), and the events they
//! feed it. Fixed clocks, no I/O.

use std::path::PathBuf;
use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::state::{Context, State};
use super::{Effect, Event};
use crate::domain::deploy::{DeployMsg, Outcome, ToolkitMessage};
use crate::domain::logs::LogEvent;
use crate::model::theme::Theme;

/// What a test workbench points at; every field can be changed before [`TestState::build`].
#[derive(Debug, Clone)]
pub struct TestState {
    pub ctx: Context,
    pub size: (u16, u16),
    pub now_ms: i64,
    pub auto_deploy: bool,
}

impl Default for TestState {
    fn default() -> Self {
        Self {
            ctx: Context {
                environment: "sandbox root".into(),
                stack_name: "amplify-app-root-sandbox-1496b9051c".into(),
                connection: "DEMO".into(),
                workspace: PathBuf::from("/tmp/ws"),
                watching: vec!["amplify".into()],
                demo: true,
                deploy_on_start: false,
                follow_branch: false,
                app_id: None,
                project_problem: None,
            },
            size: (120, 40),
            now_ms: 1_741_662_600_000,
            auto_deploy: true,
        }
    }
}

impl TestState {
    pub fn build(self) -> State {
        let mut s = State::new(self.ctx, Theme::builtins(), self.auto_deploy, Instant::now(), self.now_ms);
        s.size = self.size;
        s
    }
}

/// The default test workbench: the demo's sandbox at 120×40.
pub fn state() -> State {
    TestState::default().build()
}

pub fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// A typed character (capitals come with Shift, as terminals send them).
pub fn ch(c: char) -> Event {
    let mods = if c.is_ascii_uppercase() { KeyModifiers::SHIFT } else { KeyModifiers::NONE };
    Event::Key(KeyEvent::new(KeyCode::Char(c), mods))
}

pub fn ctrl(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// A line of a recorded toolkit stream as deploy `id`'s message; a bad line is a broken test.
#[allow(clippy::panic)]
pub fn toolkit(id: u64, line: &str) -> Event {
    let message = ToolkitMessage::parse(line).unwrap_or_else(|e| panic!("not a toolkit line ({e}): {line}"));
    Event::Deploy(DeployMsg::Toolkit { id, message: Box::new(message) })
}

pub fn finished(id: u64, outcome: Outcome) -> Event {
    Event::Deploy(DeployMsg::Finished { id, outcome })
}

pub fn log(function: &str, message: &str) -> LogEvent {
    LogEvent { function: function.into(), timestamp_ms: 0, message: message.into(), internal: false }
}

/// The ids of the deploys `effects` start.
pub fn deploy_ids(effects: &[Effect]) -> Vec<u64> {
    effects.iter().filter_map(|e| if let Effect::Deploy(r) = e { Some(r.id) } else { None }).collect()
}
