//! Building states and events for the tests.

// What every test file needs, re-exported so each can `use super::helpers::*`.
pub(super) use std::path::PathBuf;
use std::time::Instant;

pub(super) use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

pub(super) use super::super::*;
pub(super) use crate::app::state::{Confirm, Context, Overlay};
pub(super) use crate::cloud::{DeployAction, EnvKind, Environment, LogEvent};
use crate::theme::Theme;

pub(super) fn state() -> State {
    let ctx = Context {
        environment: "sandbox root".into(),
        stack_name: "amplify-app-root-sandbox-1496b9051c".into(),
        connection: "DEMO".into(),
        workspace: PathBuf::from("/tmp/ws"),
        watching: vec!["amplify".into()],
        demo: true,
        deploy_on_start: false,
        follow_branch: false,
        app_id: None,
    };
    let mut s = State::new(ctx, Theme::builtins(), true, Instant::now(), 1_741_662_600_000);
    s.size = (120, 40);
    s
}

pub(super) fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub(super) fn ch(c: char) -> Event {
    let mods = if c.is_ascii_uppercase() { KeyModifiers::SHIFT } else { KeyModifiers::NONE };
    Event::Key(KeyEvent::new(KeyCode::Char(c), mods))
}

pub(super) fn ctrl_c() -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL))
}

pub(super) fn toolkit(id: u64, line: &str) -> Event {
    Event::Deploy(DeployMsg::Toolkit {
        id,
        message: Box::new(ToolkitMessage::parse(line).expect("valid toolkit line")),
    })
}

pub(super) fn finished(id: u64, outcome: Outcome) -> Event {
    Event::Deploy(DeployMsg::Finished { id, outcome })
}

pub(super) fn deploy_ids(effects: &[Effect]) -> Vec<u64> {
    effects.iter().filter_map(|e| if let Effect::Deploy(r) = e { Some(r.id) } else { None }).collect()
}

/// Starts deploy #1 and returns the state.
pub(super) fn deploying() -> State {
    let mut s = state();
    assert_eq!(deploy_ids(&update(&mut s, ch('d'))), vec![1]);
    s
}

pub(super) fn replay(s: &mut State, id: u64, stream: &str) {
    for line in stream.lines() {
        update(s, toolkit(id, line));
    }
}

pub(super) fn env(name: &str, kind: EnvKind, mine: bool) -> Environment {
    Environment::sample(name, kind, mine)
}

/// The stack events of a recorded deploy stream.
pub(super) fn recorded_events(stream: &str) -> Vec<crate::cloud::StackEvent> {
    stream.lines().filter_map(|l| ToolkitMessage::parse(l).ok()?.event).collect()
}

pub(super) fn log(function: &str, message: &str) -> LogEvent {
    LogEvent { function: function.into(), timestamp_ms: 0, message: message.into(), internal: false }
}

pub(super) fn changes(n: usize, git: bool) -> Event {
    let paths = (0..n).map(|i| PathBuf::from(format!("amplify/f{i}.ts"))).collect();
    Event::FilesChanged(crate::watch::ChangeSet { paths, git })
}

pub(super) fn envs_state() -> State {
    let mut s = state();
    s.ctx.stack_name = "amplify-app-root-sandbox-1496b9051c".into();
    s.own_stack = s.ctx.stack_name.clone();
    let env = |name: &str, kind, stack: &str, mine| Environment {
        name: name.into(),
        kind,
        stack_name: stack.into(),
        status: "UPDATE_COMPLETE".into(),
        updated_ms: 0,
        mine,
        app_id: None,
    };
    update(
        &mut s,
        Event::Environments(vec![
            env("root", EnvKind::Sandbox, "amplify-app-root-sandbox-1496b9051c", true),
            env("alice", EnvKind::Sandbox, "amplify-app-alice-sandbox-5b1e0c36d2", false),
            env("feature/login", EnvKind::Branch, "amplify-d1app-featurelogin-branch-1a2b3c4d5e", false),
        ]),
    );
    update(&mut s, ch('4'));
    s
}
