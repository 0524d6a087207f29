//! Deterministic workbench states for rendering tests: fixed clocks, recorded streams.
#![allow(dead_code)]

use std::path::PathBuf;
use std::time::Duration;

use ampdeck::app::state::Context;
use ampdeck::app::testkit::TestState;
use ampdeck::app::testkit::update;
use ampdeck::app::{Event, State};
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
    match outcome {
        Some(Outcome::Succeeded) => _ = ampdeck::app::testkit::succeed(s, id),
        Some(outcome) => _ = update(s, Event::Deploy(DeployMsg::Finished { id, outcome })),
        None => {}
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
        ..LogEvent::default()
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
    s.panes.workspace.changes.iter_mut().for_each(|c| c.at_ms = NOW_MS - 5_000);
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
    terminal.draw(|f| ampdeck::ui::draw(s, ampdeck::app::keys::defaults(), f)).expect("draw");
    terminal
}

/// The root stack outputs `defineAuth` writes, as the sample app's template has them.
pub fn auth_outputs() -> Vec<ampdeck::domain::stack::StackOutput> {
    [
        ("userPoolId", "us-east-1_SAMPLE01"),
        ("webClientId", "5sampleclient"),
        ("usernameAttributes", r#"["email"]"#),
        ("passwordPolicyMinLength", "8"),
        (
            "passwordPolicyRequirements",
            r#"["REQUIRES_NUMBERS","REQUIRES_LOWERCASE","REQUIRES_UPPERCASE","REQUIRES_SYMBOLS"]"#,
        ),
        ("groups", r#"[{"ADMINS":{"precedence":0}},{"EDITORS":{"precedence":1}}]"#),
    ]
    .into_iter()
    .map(|(key, value)| ampdeck::domain::stack::StackOutput { key: key.into(), value: value.into(), description: None })
    .collect()
}

pub fn user(email: &str, status: &str, enabled: bool, days: i64) -> ampdeck::domain::users::User {
    ampdeck::domain::users::User {
        username: format!("sub-{}", email.split('@').next().unwrap_or_default()),
        email: Some(email.into()),
        phone: None,
        status: status.into(),
        enabled,
        created_ms: NOW_MS - days * 86_400_000,
    }
}

/// [`settled`], on the Users & secrets page, with a pool of users (more pages to come), two
/// groups, and the backend's secrets: one set, one shared, one missing.
pub fn access(width: u16, height: u16) -> State {
    use ampdeck::domain::secrets::{SecretEntry, SecretScope, SecretsReply};
    use ampdeck::domain::users::{Group, UsersReply};
    let mut s = settled(width, height);
    ampdeck::app::focus::show_page(&mut s, ampdeck::app::pages::Page::Access);
    update(&mut s, Event::SecretRefs(vec!["SLACK_WEBHOOK_URL".into(), "STRIPE_KEY".into(), "WEATHER_API_KEY".into()]));
    update(&mut s, Event::StackOutputs(auth_outputs()));
    let generation = s.panes.users.generation;
    let users = vec![
        user("alice@example.com", "CONFIRMED", true, 30),
        user("bob@example.com", "CONFIRMED", true, 20),
        user("carol@example.com", "FORCE_CHANGE_PASSWORD", true, 9),
        user("erin@example.com", "CONFIRMED", false, 2),
    ];
    let groups = vec![
        Group {
            name: "ADMINS".into(),
            description: Some("can change everything".into()),
            precedence: Some(0),
            members: vec![users[0].clone()],
            more: false,
        },
        Group {
            name: "EDITORS".into(),
            description: None,
            precedence: Some(1),
            members: vec![users[1].clone(), users[3].clone()],
            more: false,
        },
    ];
    update(&mut s, Event::Users(UsersReply::Page { generation, users, next: Some("page-2".into()) }));
    let generation = s.panes.users.groups_generation;
    update(&mut s, Event::Users(UsersReply::Groups { generation, groups }));
    let paths = s.panes.secrets.paths.clone().expect("an Amplify stack");
    let entry = |name: &str, scope, days: i64| SecretEntry {
        name: name.into(),
        path: format!("{}/{name}", paths.prefix(scope)),
        scope,
        modified_ms: NOW_MS - days * 86_400_000,
        version: 2,
    };
    let entries = vec![
        entry("WEATHER_API_KEY", SecretScope::Backend, 3),
        entry("STRIPE_KEY", SecretScope::Shared, 40),
        entry("OLD_TOKEN", SecretScope::Backend, 90),
    ];
    let generation = s.panes.secrets.generation;
    update(&mut s, Event::Secrets(SecretsReply::Listed { generation, entries }));
    s.notice = None;
    s
}
