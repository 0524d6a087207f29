//! Deterministic workbench states for rendering tests: fixed clocks, recorded streams.
#![allow(dead_code)]

use std::path::PathBuf;
use std::time::Duration;

use ampdeck::app::state::Context;
use ampdeck::app::testkit::TestState;
use ampdeck::app::{Event, State, update};
use ampdeck::domain::deploy::{DeployMsg, Outcome, ToolkitMessage};
use ampdeck::domain::env::{EnvKind, Environment};
use ampdeck::domain::logs::LogEvent;

/// A little after the recorded deployments, so resource ages are stable.
pub const NOW_MS: i64 = 1_741_664_000_000;

pub const NEW_DEPLOYMENT: &str = include_str!("../../assets/cdk-deploy-events/new_deployment.jsonl");
pub const FAILED_AUTH: &str = include_str!("../../assets/cdk-deploy-events/failed_auth.jsonl");
pub const HOTSWAP: &str = include_str!("../../assets/cdk-deploy-events/hotswap_lambda_data_resources.jsonl");

pub fn context() -> Context {
    Context {
        stack_name: "amplify-sampleprojectapp-user-sandbox-0e1752a889".into(),
        workspace: PathBuf::from("/home/dev/ampdeck-demo"),
        ..TestState::default().ctx
    }
}

pub fn blank(width: u16, height: u16) -> State {
    TestState { ctx: context(), size: (width, height), now_ms: NOW_MS, ..TestState::default() }.build()
}

pub use ampdeck::app::testkit::ch as key;

/// Starts a deploy with `d` and feeds it `stream`; `elapsed` is the clock at the end.
pub fn deploy(s: &mut State, stream: &str, outcome: Option<Outcome>, elapsed: Duration) {
    let start = s.now;
    update(s, key('d'));
    let id = s.deploy.current.as_ref().map_or(0, |r| r.id);
    for line in stream.lines() {
        let message = ToolkitMessage::parse(line).expect("fixture lines parse");
        update(s, Event::Deploy(DeployMsg::Toolkit { id, message: Box::new(message) }));
    }
    s.now = start + elapsed;
    if let Some(outcome) = outcome {
        update(s, Event::Deploy(DeployMsg::Finished { id, outcome }));
    }
}

pub fn environments() -> Vec<Environment> {
    let env = |name: &str, kind, status: &str, hours: i64, mine| Environment {
        name: name.into(),
        kind,
        stack_name: format!("amplify-app-{name}"),
        status: status.into(),
        updated_ms: NOW_MS - hours * 3_600_000,
        mine,
        app_id: None,
    };
    vec![
        env("root", EnvKind::Sandbox, "CREATE_COMPLETE", 0, true),
        env("alice", EnvKind::Sandbox, "UPDATE_COMPLETE", 3, false),
        env("bob", EnvKind::Sandbox, "UPDATE_ROLLBACK_COMPLETE", 50, false),
        env("main", EnvKind::Branch, "UPDATE_COMPLETE", 20, false),
    ]
}

pub fn logs() -> Vec<LogEvent> {
    let at = |i: i64| NOW_MS - 60_000 + i * 1_000;
    let ev = |i: i64, f: &str, m: &str| LogEvent {
        function: f.into(),
        timestamp_ms: at(i),
        message: m.into(),
        internal: false,
    };
    vec![
        ev(0, "say-hello", "START RequestId: 1f2e Version: $LATEST"),
        ev(0, "say-hello", r#"{"level":"INFO","msg":"greeting","name":"Ada"}"#),
        ev(1, "say-hello", "2025-03-11T03:40:01.000Z\t1f2e\tWARN\tslow downstream call"),
        ev(1, "say-hello", "END RequestId: 1f2e"),
        ev(1, "say-hello", "REPORT RequestId: 1f2e\tDuration: 12.31 ms\tBilled Duration: 13 ms"),
        ev(
            2,
            "table-manager",
            "2025-03-11T03:40:02.000Z\t9a8b\tERROR\tInvoke Error\n    at Runtime.handler (index.mjs:3:67)",
        ),
        ev(3, "say-hello", "\u{1b}]0;evil title\u{7}plain \u{1b}[31mtext"),
    ]
}

/// Everything on screen: a finished first deploy, logs, environments, a file change.
pub fn settled(width: u16, height: u16) -> State {
    let mut s = blank(width, height);
    deploy(&mut s, NEW_DEPLOYMENT, Some(Outcome::Succeeded), Duration::from_millis(16_200));
    update(&mut s, Event::Environments(environments()));
    update(&mut s, Event::Logs(logs()));
    s.now_ms = NOW_MS;
    s.deploy.auto = false;
    update(
        &mut s,
        Event::FilesChanged(ampdeck::domain::changes::ChangeSet::files(vec![
            "amplify/functions/say-hello/handler.ts".into(),
        ])),
    );
    s.changes.iter_mut().for_each(|c| c.at_ms = NOW_MS - 5_000);
    s.notice = None;
    s
}

/// A running update that failed inside the nested auth stack.
pub fn failing(width: u16, height: u16) -> State {
    let mut s = settled(width, height);
    deploy(&mut s, FAILED_AUTH, None, Duration::from_millis(7_400));
    s.notice = None;
    s
}

pub fn render(s: &State) -> ratatui::Terminal<ratatui::backend::TestBackend> {
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(s.size.0, s.size.1)).expect("test terminal");
    terminal.draw(|f| ampdeck::ui::draw(s, f)).expect("draw");
    terminal
}
