//! Questions whose default answer is No: `y` says yes, every other key no. Deleting a
//! teammate's sandbox, or a branch environment's users and secrets, needs the name typed, so
//! that a stray `y` cannot do it.

use crate::app::Effect;
use crate::app::keymap::{Command, Key};
use crate::app::panes::users;
use crate::app::state::{AccessAction, Confirm, Overlay, State, Trigger};
use crate::app::update::{quit, request_deploy, start_deploy};
use crate::domain::data::DataRequest;
use crate::domain::deploy::DeployAction;
use crate::domain::notice::Notice;
use crate::domain::secrets::SecretsRequest;
use crate::domain::storage::StorageRequest;
use crate::domain::users::UserAction;

pub const KEYS: &[Command] = &[
    Command { name: "yes", keys: &["y", "Y"], help: "yes", hint: None, run: |s, fx| answer(s, true, fx) },
    Command {
        name: "no",
        keys: &["n", "esc"],
        help: "no (so does any other key: No is the default)",
        hint: None,
        run: |s, fx| answer(s, false, fx),
    },
];

pub const NAME_KEYS: &[Command] = &[
    Command {
        name: "submit",
        keys: &["enter"],
        help: "go ahead, once the name is typed right",
        hint: None,
        run: submit,
    },
    Command { name: "keep", keys: &["esc"], help: "keep it: nothing is deleted", hint: None, run: keep },
    Command {
        name: "erase",
        keys: &["backspace"],
        help: "delete a character",
        hint: None,
        run: |s, _| {
            s.confirm_input.pop();
        },
    },
];

fn question(state: &State) -> Option<Confirm> {
    match &state.overlay {
        Some(Overlay::Confirm(question)) => Some(question.clone()),
        _ => None,
    }
}

/// Ctrl-C answers the quit question with yes, as it would quit without one; any other
/// unbound key is No.
pub fn other_key(state: &mut State, key: Key, effects: &mut Vec<Effect>) {
    let ctrl_c = Key::parse("ctrl-c").is_ok_and(|c| c == key);
    answer(state, ctrl_c && question(state) == Some(Confirm::Quit), effects);
}

fn answer(state: &mut State, yes: bool, effects: &mut Vec<Effect>) {
    let Some(question) = question(state) else { return };
    state.overlay = None;
    match (question.clone(), yes) {
        (Confirm::Quit, true) => quit(state, effects),
        (Confirm::DeployBulk { .. }, true) => request_deploy(state, Trigger::Key, effects),
        (Confirm::DeployBulk { .. }, false) => {
            let n = state.deploy.pending.len();
            state.notice = Some(Notice::info(format!("{n} changed files wait: press d to deploy them")));
        }
        (Confirm::RecreateSandbox, true) => {
            start_deploy(state, Trigger::Key, DeployAction::Sandbox { recreate: true }, effects);
        }
        (Confirm::RecreateSandbox, false) => state.notice = Some(Notice::info("sandbox kept; the deploy stays failed")),
        (Confirm::CancelUpdate, true) => {
            effects.push(Effect::CancelUpdateStack);
            state.notice = Some(Notice::warn("asked CloudFormation to cancel the update and roll back"));
        }
        (Confirm::CancelUpdate, false) => {
            state.notice = Some(Notice::info("CloudFormation keeps updating; the panes follow it"));
        }
        (Confirm::Action(action), true) => run_action(state, action, effects),
        (Confirm::Access { action, .. }, true) => run_access(state, action, effects),
        (Confirm::Invoke(request), true) => crate::app::panes::invoke::send(state, request, effects),
        (Confirm::Hosting { request, .. }, true) => {
            state.notice = Some(Notice::info("asking Amplify Hosting…"));
            effects.push(Effect::Hosting(request));
        }
        (Confirm::Action(_) | Confirm::Access { .. } | Confirm::Invoke(_) | Confirm::Hosting { .. }, false) => {
            state.notice = Some(Notice::info("nothing done"))
        }
        (Confirm::Quit, false) => {}
    }
}

/// Goes ahead once the name is typed exactly.
fn submit(state: &mut State, effects: &mut Vec<Effect>) {
    let Some(question) = question(state) else { return };
    if question.name_to_type() != Some(state.confirm_input.as_str()) {
        return;
    }
    state.overlay = None;
    match question {
        Confirm::Action(action) => run_action(state, action, effects),
        Confirm::Access { action, .. } => run_access(state, action, effects),
        _ => {}
    }
}

fn run_access(state: &mut State, action: AccessAction, effects: &mut Vec<Effect>) {
    match action {
        AccessAction::DeleteUser { username, .. } => users::act(state, UserAction::Delete { username }, effects),
        AccessAction::RemoveSecret { name, path } => {
            state.notice = Some(Notice::info(format!("removing {name}…")));
            effects.push(Effect::Secrets(SecretsRequest::Remove { path, name }));
        }
        AccessAction::DeleteRecord { model, table, key, expect } => {
            state.notice = Some(Notice::info(format!("deleting {model} {}…", crate::domain::data::key_text(&key))));
            effects.push(Effect::Data(DataRequest::Delete { table, key, expect }));
        }
        AccessAction::DeleteObject { bucket, key } => {
            state.notice = Some(Notice::info(format!("deleting {key}…")));
            effects.push(Effect::Storage(StorageRequest::Delete { bucket, key }));
        }
    }
}

fn keep(state: &mut State, _: &mut Vec<Effect>) {
    state.overlay = None;
    state.notice = Some(Notice::info("nothing deleted"));
}

/// Letters go into the name; any other key keeps the sandbox.
pub fn name_typed(state: &mut State, key: Key) {
    match key.text() {
        Some(c) => state.confirm_input.push(c),
        None => keep(state, &mut Vec::new()),
    }
}

fn run_action(state: &mut State, action: DeployAction, effects: &mut Vec<Effect>) {
    if state.deploy.running() {
        state.notice = Some(Notice::warn("a deploy is running: wait for it (or x) first"));
        return;
    }
    let label = match &action {
        DeployAction::Branch { branch, .. } => format!("pipeline-deploy of branch {branch}"),
        DeployAction::DeleteSandbox { identifier, .. } => format!("delete of sandbox {identifier}"),
        DeployAction::Sandbox { .. } => "deploy key".to_owned(),
        DeployAction::Seed => "seed of your sandbox".to_owned(),
    };
    start_deploy(state, Trigger::Action(label), action, effects);
}
