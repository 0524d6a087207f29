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
                downloads: PathBuf::from("/tmp/downloads"),
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

/// What `event` does, with the built-in keys (the shell lends the configured ones).
pub fn update(state: &mut State, event: Event) -> Vec<Effect> {
    super::update::update(state, super::keys::defaults(), event)
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

/// Deploy `id` reports success and, when asked, its stack confirms it: the effects of both.
pub fn succeed(state: &mut State, id: u64) -> Vec<Effect> {
    let mut effects = update(state, finished(id, Outcome::Succeeded));
    if let Some(at) = effects.iter().position(|e| matches!(e, Effect::VerifyStack { .. }))
        && let Effect::VerifyStack { deploy, stack } = effects.remove(at)
    {
        let check =
            crate::domain::deploy::StackCheck { deploy, stack: Ok(root(&stack, "UPDATE_COMPLETE", state.now_ms)) };
        effects.extend(update(state, Event::Verified(Box::new(check))));
    }
    effects
}

/// `stack`'s own status as `DescribeStacks` reads it, last updated at `at_ms`.
pub fn root(stack: &str, status: &str, at_ms: i64) -> crate::domain::stack::StackEvent {
    let id = format!("arn:aws:cloudformation:us-east-1:123456789012:stack/{stack}/1");
    crate::domain::stack::StackEvent::of_stack(id, stack, status, at_ms, None)
}

pub fn log(function: &str, message: &str) -> LogEvent {
    LogEvent {
        function: function.into(),
        timestamp_ms: 0,
        message: message.into(),
        internal: false,
        source: Default::default(),
    }
}

/// The ids of the deploys `effects` start.
pub fn deploy_ids(effects: &[Effect]) -> Vec<u64> {
    effects.iter().filter_map(|e| if let Effect::Deploy(r) = e { Some(r.id) } else { None }).collect()
}

/// Root stack outputs naming a data API (its schema document and id) and a storage bucket,
/// as the sample app's do.
pub fn content_outputs() -> Vec<crate::domain::stack::StackOutput> {
    [
        ("amplifyApiModelSchemaS3Uri", "s3://codegen-assets/model-schema.graphql"),
        ("awsAppsyncApiId", "api123"),
        ("bucketName", "files-bucket"),
        ("buckets", r#"["{\"name\":\"demoFiles\",\"bucketName\":\"files-bucket\",\"storageRegion\":\"us-east-1\"}"]"#),
    ]
    .into_iter()
    .map(|(k, v)| crate::domain::stack::StackOutput { key: k.into(), value: v.into(), description: None })
    .collect()
}

/// A Todo record of the sample app, number `n`.
pub fn todo(n: usize) -> crate::domain::data::Record {
    let value = serde_json::json!({
        "id": format!("{n:08}-0000-4000-8000-000000000000"),
        "content": format!("Todo number {n}"),
        "done": n.is_multiple_of(2),
        "createdAt": "2025-03-11T03:00:00.000Z",
        "updatedAt": "2025-03-11T03:05:00.000Z",
        "owner": format!("sub-{n}::dev@example.com"),
        "__typename": "Todo",
    });
    value.as_object().cloned().unwrap_or_default()
}

/// The Data & storage page showing `n` Todo records read (and more to read), as if the
/// environment's schema and a first read had arrived.
pub fn with_todos(s: &mut State, n: usize) {
    use crate::domain::data::DataReply;
    update(s, Event::StackOutputs(content_outputs()));
    super::focus::show_page(s, super::pages::Page::Content);
    let text = include_str!("../../assets/demo-data/model-schema.graphql").to_owned();
    update(s, Event::Data(DataReply::Schema { generation: s.panes.data.generation(), text }));
    let records = (0..n).map(todo).collect();
    let next = Some(todo(n.saturating_sub(1)));
    let page =
        DataReply::Page { generation: s.panes.data.generation(), table: "Todo-api123-NONE".into(), records, next };
    update(s, Event::Data(page));
}
