//! Building states and events for the tests.

// What every test file needs, re-exported so each can `use super::helpers::*`.
pub(super) use std::path::PathBuf;

pub(super) use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

pub(super) use super::super::*;
pub(super) use crate::app::intent::Intent;
pub(super) use crate::app::state::{AskFor, Overlay, Question};
pub(super) use crate::domain::deploy::DeployAction;
pub(super) use crate::domain::env::{EnvKind, Environment};
pub(super) use crate::domain::logs::LogEvent;

pub(super) use crate::app::testkit::{ch, ctrl, deploy_ids, finished, key, log, root, state, succeed, toolkit, update};

pub(super) fn ctrl_c() -> Event {
    crate::app::testkit::ctrl('c')
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
pub(super) fn recorded_events(stream: &str) -> Vec<crate::domain::stack::StackEvent> {
    stream.lines().filter_map(|l| ToolkitMessage::parse(l).ok()?.event).collect()
}

pub(super) fn changes(n: usize, git: bool) -> Event {
    let paths = (0..n).map(|i| PathBuf::from(format!("amplify/f{i}.ts"))).collect();
    Event::FilesChanged(crate::domain::changes::ChangeSet { paths, git, rescan: false })
}

pub(super) fn envs_state() -> State {
    let mut s = state();
    s.ctx.stack_name = "amplify-app-root-sandbox-1496b9051c".into();
    s.project.own_stack = s.ctx.stack_name.clone();
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
