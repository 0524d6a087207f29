//! The Invoke pane: the followed environment's functions, and the opened function's saved
//! events (`ampdeck/events/<function>/<event>.json`); `Enter` on an event invokes the
//! function with it, after checking it is JSON within Lambda's limit.

pub mod replies;

use super::{PaneSpec, rows};
use crate::amplify::payloads::{self, Template};
use crate::app::Effect;
use crate::app::keymap::{Command, Cx};
use crate::app::overlays::{ask, confirm, pick};
use crate::app::pages::Page;
use crate::app::panes::PaneId;
use crate::app::panes::followed_kind;
use crate::app::intent::Intent;
use crate::app::state::{AskFor, EditFor, Question, State};
use crate::util::sanitize::owned as clean;
use crate::domain::env::EnvKind;
use crate::domain::invoke::{InvokeRequest, Mode};
use crate::domain::notice::Notice;
use crate::model::invocations::Payload;

pub const SPEC: PaneSpec = PaneSpec {
    name: "invoke",
    title: "Invoke",
    page: Page::Functions,
    len: |s| s.panes.invoke.rows(),
    header: rows::<2>,
    footer: 1,
    keys: KEYS,
    room: 2,
    answered: Some(answered),
    on_event: Some(replies::on_event),
    detail: Some(detail),
    ..PaneSpec::PLAIN
};

/// Lambda's limit for a synchronous invocation's event.
pub const MAX_EVENT: usize = 6 * 1024 * 1024;

const KEYS: &[Command] = &[
    Command {
        name: "open",
        keys: &["enter"],
        help: "open the function's saved events / invoke the function with the selected event",
        hint: Some("invoke"),
        run: enter,
    },
    Command { name: "queue", keys: &["Q"], help: "invoke asynchronously (as an event) with the selected event", hint: None, run: |s, cx| invoke_selected(s, Mode::Queue, cx) },
    Command { name: "back", keys: &["backspace", "left"], help: "back to the functions", hint: Some("back"), run: back },
    Command { name: "edit", keys: &["e"], help: "edit the selected event in $VISUAL/$EDITOR", hint: Some("edit"), run: edit },
    Command { name: "new", keys: &["a"], help: "a new saved event, from a template that fits the function", hint: Some("new"), run: new_event },
    Command { name: "delete", keys: &["X"], help: "delete the selected saved event's file (asks)", hint: None, run: ask_delete },
    Command { name: "again", keys: &["I"], help: "invoke the last event again, the same way (here or in the cloud)", hint: Some("again"), run: again },
    Command {
        name: "local",
        keys: &["h"],
        help: "run the selected event here, locally: the handler on disk now, built as Amplify builds it, with the deployed function's settings and secrets",
        hint: Some("here"),
        run: run_here,
    },
    Command { name: "follow", keys: &["f"], help: "run the last local run again after each save of its code on/off", hint: None, run: toggle_again_on_save },
    Command { name: "debug", keys: &["H"], help: "local runs wait for a debugger (node --inspect, 127.0.0.1:9229) and stop where the handler is called, on/off", hint: None, run: toggle_debugger },
    Command { name: "stop", keys: &["K"], help: "stop the local runs still going (one waiting for a debugger, one that hangs)", hint: None, run: stop_local },
    Command { name: "role", keys: &["U"], help: "local runs under the function's own execution role (STS) / your credentials", hint: None, run: toggle_role },
    Command { name: "reload", keys: &["r"], help: "read the saved events again", hint: None, run: reload },
];

fn selected_function(state: &State) -> Option<String> {
    match &state.panes.invoke.opened {
        Some(f) => Some(f.clone()),
        None => state.panes.invoke.functions.get(state.view(PaneId::Invoke).selected).map(|f| f.name.clone()),
    }
}

fn enter(state: &mut State, cx: &mut Cx) {
    if state.panes.invoke.opened.is_some() {
        return invoke_selected(state, Mode::Wait, cx);
    }
    let Some(function) = selected_function(state) else {
        state.notice = Some(Notice::info(no_functions(state)));
        return;
    };
    state.panes.invoke.open(&function);
    *state.view_mut(PaneId::Invoke) = Default::default();
    cx.push(Effect::ListPayloads { function });
}

pub fn no_functions(state: &State) -> &'static str {
    if state.stack.missing {
        "this environment is not deployed yet: d deploys your sandbox"
    } else {
        "no functions in this environment (defineFunction), or not read yet"
    }
}

fn back(state: &mut State, _: &mut Cx) {
    let Some(function) = state.panes.invoke.opened.clone() else { return };
    state.panes.invoke.close();
    let at = state.panes.invoke.functions.iter().position(|f| f.name == function).unwrap_or(0);
    state.view_mut(PaneId::Invoke).selected = at;
}

fn reload(state: &mut State, cx: &mut Cx) {
    match state.panes.invoke.opened.clone() {
        Some(function) => {
            state.notice = Some(Notice::info(format!("reading the saved events of {function} again…")));
            cx.push(Effect::ListPayloads { function });
        }
        None => state.notice = Some(Notice::info("the functions follow the environment; Enter opens one's saved events")),
    }
}

fn relative(function: &str, name: &str) -> String {
    format!("{}/{function}/{name}.json", payloads::FOLDER)
}

/// The opened function and its selected saved event, or a notice saying which is missing.
fn selected_event(state: &mut State) -> Option<(String, Payload)> {
    let Some(function) = state.panes.invoke.opened.clone() else {
        state.notice = Some(Notice::info("open a function first (Enter)"));
        return None;
    };
    let payload = state.panes.invoke.payloads.get(state.view(PaneId::Invoke).selected).cloned();
    if payload.is_none() {
        state.notice = Some(Notice::info("no saved event: a makes one"));
    }
    Some(function).zip(payload)
}

fn edit(state: &mut State, cx: &mut Cx) {
    let Some((function, payload)) = selected_event(state) else { return };
    let purpose = EditFor::Payload { function: function.clone(), name: payload.name.clone() };
    cx.push(Effect::Edit { file: relative(&function, &payload.name), text: payload.text, purpose });
}

/// A new event starts from a template, picked with the one that fits the function first.
fn new_event(state: &mut State, _: &mut Cx) {
    let Some(function) = selected_function(state) else { return };
    let fits = payloads::default_for(&state.panes.data.resolvers, &function);
    let others = Template::ALL.into_iter().filter(|t| *t != fits);
    let choices = std::iter::once(fits).chain(others).map(|t| t.label().to_owned()).collect();
    let prompt = format!("A new event for {function}, from");
    pick::open(state, PaneId::Invoke, AskFor::PayloadTemplate { function }, &prompt, choices);
}

fn ask_name(state: &mut State, function: String, label: String) {
    let rule = "letters, digits, - _ . ; it is saved under ampdeck/events/ and opens in your editor";
    ask::open(state, PaneId::Invoke, AskFor::NewPayload { function, template: label }, "Name of the new event", rule, false);
}

/// Deleting a saved event removes its file, after a question.
fn ask_delete(state: &mut State, _: &mut Cx) {
    let Some((function, payload)) = selected_event(state) else { return };
    let file = relative(&function, &payload.name);
    let lines = vec![format!("Delete the saved event {}? Its file {file} is removed.", clean(&payload.name))];
    let question = Question::yes_or_nothing(" Delete the event? ", lines, [Effect::DeletePayload { function, name: payload.name }.into()]);
    confirm::open(state, question);
}

/// The answer typed into an [`crate::app::state::Ask`] of this pane.
pub fn answered(state: &mut State, purpose: AskFor, text: String, cx: &mut Cx) -> Result<(), String> {
    let (function, template) = match purpose {
        AskFor::PayloadTemplate { function } => {
            ask_name(state, function, text);
            return Ok(());
        }
        AskFor::NewPayload { function, template } => (function, template),
        AskFor::Invoke(request) => {
            send(state, *request, cx);
            return Ok(());
        }
        _ => return Ok(()),
    };
    let template = Template::by_label(&template).ok_or("pick a template from the list")?;
    let name = text.trim().to_owned();
    if !payloads::valid_name(&name) {
        return Err("letters, digits, - _ . only".into());
    }
    if state.panes.invoke.opened.as_deref() != Some(function.as_str()) {
        state.panes.invoke.open(&function);
    }
    let text = payloads::event(template, &function, &state.panes.data.resolvers);
    let purpose = EditFor::Payload { function: function.clone(), name: name.clone() };
    cx.push(Effect::Edit { file: relative(&function, &name), text, purpose });
    Ok(())
}

/// A saved event came back from the editor: say if it is not JSON, and list the events again.
pub fn edited(state: &mut State, function: String, name: String, text: Result<String, String>, cx: &mut Cx) {
    match text {
        Ok(text) => match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(_) => state.notice = Some(Notice::info(format!("event {name} saved in {}", relative(&function, &name)))),
            Err(e) => state.notice = Some(Notice::error(format!("{name} is saved but not JSON at line {}, column {}: it cannot be invoked until fixed", e.line(), e.column()))),
        },
        Err(why) => state.notice = Some(Notice::error(format!("{why}: the event file is as it was"))),
    }
    cx.push(Effect::ListPayloads { function });
}

fn invoke_selected(state: &mut State, mode: Mode, cx: &mut Cx) {
    let Some((function, payload)) = selected_event(state) else { return };
    invoke(state, &function, &payload.name, mode, cx);
}

/// Invokes the last event again the way it was invoked (a local run runs here again), read
/// afresh from its file (it may have been edited since).
pub fn again(state: &mut State, cx: &mut Cx) {
    let Some((function, name, mode)) = state.panes.invoke.last.clone() else {
        state.notice = Some(Notice::info("nothing invoked yet in this session"));
        return;
    };
    let mode = state.panes.invoke.with_current_options(mode);
    again_with(state, function, name, mode, cx);
}

/// Reads the function's events again, then invokes `name` with `mode`.
pub fn again_with(state: &mut State, function: String, name: String, mode: Mode, cx: &mut Cx) {
    if state.panes.invoke.opened.as_deref() != Some(function.as_str()) {
        state.panes.invoke.open(&function);
    }
    state.panes.invoke.again = Some((function.clone(), name, mode));
    cx.push(Effect::ListPayloads { function });
}

/// The events were read: an invocation waiting for them goes ahead.
pub fn read_for_again(state: &mut State, cx: &mut Cx) {
    let Some((function, name, mode)) = state.panes.invoke.again.take() else { return };
    if state.panes.invoke.payloads.iter().any(|p| p.name == name) {
        invoke(state, &function, &name, mode, cx);
    } else {
        state.notice = Some(Notice::error(format!("{name} is gone from {}: nothing invoked", relative(&function, &name))));
    }
}

/// Runs the selected event here, with the toggles as they are; one debugger run at a time
/// (they share the inspector's port).
fn run_here(state: &mut State, cx: &mut Cx) {
    let invoke = &state.panes.invoke;
    let waiting = invoke.history.iter().any(|i| i.inspector.is_some() && i.outcome == crate::model::invocations::Outcome::Running);
    if invoke.local.inspect && waiting {
        state.notice = Some(Notice::info("a local run already waits for a debugger on 127.0.0.1:9229: K stops it"));
        return;
    }
    let mode = Mode::Local(state.panes.invoke.local);
    invoke_selected(state, mode, cx);
}

fn toggle_again_on_save(state: &mut State, cx: &mut Cx) {
    let invoke = &mut state.panes.invoke;
    invoke.again_on_save = !invoke.again_on_save;
    // Off: the process started ahead for the next run is not needed; nothing is kept warm.
    if !invoke.again_on_save && !invoke.history.iter().any(|i| matches!(i.mode, Mode::Local(_)) && i.outcome == crate::model::invocations::Outcome::Running) {
        cx.push(Effect::StopLocalRuns);
    }
    let line = match (invoke.again_on_save, &invoke.last_local) {
        (false, _) => "a save no longer runs the last local run again".to_owned(),
        (true, Some((function, event, _))) => format!("each save of {function}'s code runs {event} here again"),
        (true, None) => "each save of a function's code runs its last local run again (h runs one here)".to_owned(),
    };
    state.notice = Some(Notice::info(line));
}

fn toggle_debugger(state: &mut State, _: &mut Cx) {
    let local = &mut state.panes.invoke.local;
    local.inspect = !local.inspect;
    state.notice = Some(Notice::info(if local.inspect {
        "local runs wait for a debugger on 127.0.0.1:9229 (chrome://inspect, VS Code attach); no timeout meanwhile"
    } else {
        "local runs start at once, with the function's timeout"
    }));
}

fn stop_local(state: &mut State, cx: &mut Cx) {
    match state.panes.invoke.stop_local() {
        0 => state.notice = Some(Notice::info("no local run is going")),
        n => {
            state.notice = Some(Notice::info(format!("stopped {n} local run(s) and what they started")));
            cx.push(Effect::StopLocalRuns);
        }
    }
}

fn toggle_role(state: &mut State, _: &mut Cx) {
    let local = &mut state.panes.invoke.local;
    local.as_role = !local.as_role;
    state.notice = Some(Notice::info(if local.as_role {
        "local runs assume the function's execution role (STS): a permission it lacks fails here too"
    } else {
        "local runs use your credentials"
    }));
}

/// Files were saved: the last local run runs again when they are its code.
pub fn saved(state: &mut State, paths: &[std::path::PathBuf], cx: &mut Cx) {
    if let Some((function, name, mode)) = state.panes.invoke.rerun_on_save(paths) {
        again_with(state, function, name, mode, cx);
    }
}

/// Checks the event and invokes, asking first on a branch environment.
pub fn invoke(state: &mut State, function: &str, name: &str, mode: Mode, cx: &mut Cx) {
    let Some(text) = state.panes.invoke.payloads.iter().find(|p| p.name == name).map(|p| p.text.clone()) else { return };
    if let Err(e) = serde_json::from_str::<serde_json::Value>(&text) {
        let why = format!("{name} is not JSON at line {}, column {}: nothing invoked (e edits it)", e.line(), e.column());
        state.notice = Some(Notice::error(why));
        return;
    }
    if text.len() > MAX_EVENT {
        state.notice = Some(Notice::error(format!("{name} is {} bytes, over Lambda's 6 MB: nothing invoked", text.len())));
        return;
    }
    let target = state.panes.invoke.function(function).map(|f| f.target.clone()).unwrap_or_default();
    // A function not deployed yet runs here, with the synthesized template's settings.
    if target.is_empty() && !matches!(mode, Mode::Local(_)) {
        state.notice = Some(Notice::error(format!(
            "{function} is not deployed in this environment: nothing invoked (h runs it here with its synthesized settings)"
        )));
        return;
    }
    let request = InvokeRequest { id: 0, function: function.to_owned(), target, event: name.to_owned(), payload: text, mode };
    if followed_kind(state) == Some(EnvKind::Branch) {
        let verb = if matches!(mode, Mode::Local(_)) { "Run here, with the settings of" } else { "Invoke" };
        let lines = vec![
            format!("{verb} {} of branch environment {} with {}?", clean(function), state.ctx.environment, clean(name)),
            "It uses that environment's real tables and secrets: what it writes, it writes.".into(),
        ];
        let invoke = AskFor::Invoke(Box::new(request));
        let question = Question::yes_or_nothing(" Invoke? ", lines, [Intent::Answer { pane: PaneId::Invoke, purpose: invoke, text: String::new() }]);
        return crate::app::overlays::confirm::open(state, question);
    }
    send(state, request, cx);
}

/// Sends an invocation (asked for, or confirmed on a branch).
pub fn send(state: &mut State, mut request: InvokeRequest, cx: &mut Cx) {
    if let Mode::Local(options) = &mut request.mode {
        options.keep_warm = state.panes.invoke.again_on_save;
    }
    request.id = state.panes.invoke.start(&request.function, &request.event, request.mode, state.now_ms);
    let doing = if matches!(request.mode, Mode::Local(_)) { "running here" } else { "invoking" };
    state.notice = Some(Notice::info(format!("{doing} {}…", request.function)));
    state.view_mut(PaneId::Result).selected = 0;
    cx.push(Effect::Invoke(request));
}

/// The selected function (its deployed name) or saved event (its JSON) whole.
fn detail(state: &State) -> Option<crate::app::state::Detail> {
    let row = state.view(PaneId::Invoke).selected;
    let invoke = &state.panes.invoke;
    match &invoke.opened {
        None => {
            let f = invoke.functions.get(row)?;
            let lines = vec![format!("name: {}", clean(&f.name)), format!("deployed as: {}", clean(&f.target))];
            Some(crate::app::state::Detail::new(format!("Function {}", clean(&f.name)), lines).copying(f.target.clone()))
        }
        Some(function) => {
            let p = invoke.payloads.get(row)?;
            let mut lines = vec![format!("file: {}", relative(function, &p.name))];
            lines.extend(p.text.lines().map(clean));
            Some(crate::app::state::Detail::new(format!("Event {}", clean(&p.name)), lines).copying(p.text.clone()))
        }
    }
}
