//! `update(&mut State, &Keymap, Event) -> Vec<Effect>`: the whole behaviour of ampdeck. Each
//! module here handles one kind of event; `intents.rs` carries out what key handlers ask for.

use crossterm::event::KeyEventKind;

use self::prelude::*;
use crate::app::keymap::{Cx, Keymap};

mod checks;
pub(crate) mod deploys;
mod environments;
mod input;
mod intents;
mod stacks;
mod verify;

mod prelude;

use self::checks::{on_checked, on_driver, start_check};
use self::deploys::{finish, map_code, on_deploy, on_files_changed, start_deploy};
use self::environments::{on_git, rebuild_env_rows};
use self::input::{on_key, on_mouse};
use self::intents::{quit, with_cx};
use self::stacks::{check_bootstrap, on_cloud, on_health, on_stack_events};

/// What `event` does to `state`, and what the outside world must do about it; `keys` are the
/// keys in effect (built once by the shell from the config).
pub fn update(state: &mut State, keys: &Keymap, event: Event) -> Vec<Effect> {
    let mut effects = Vec::new();
    if state.notice.is_some() && state.messages.faded(state.now_ms) {
        state.notice = None;
    }
    let stack_news = matches!(
        event,
        Event::StackOutputs(_) | Event::StackResources(_) | Event::StackEvents(_) | Event::StackMissing
    );
    if let Event::Functions(targets) = &event {
        // Code pushes find a function's deployed name here.
        state.stack.functions = targets.clone();
        state.stack.functions_of = state.ctx.stack_name.clone();
    }
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => on_key(state, keys, key, &mut effects),
        Event::Key(_) => return effects,
        Event::Mouse(mouse) => on_mouse(state, mouse),
        Event::Resize(w, h) => state.size = (w, h),
        Event::Tick => {}
        Event::Deploy(msg) => on_deploy(state, msg, &mut effects),
        Event::StackEvents(events) => on_stack_events(state, &events),
        Event::StackResources(resources) => {
            state.stack.missing = false;
            // A snapshot is the whole truth: what it no longer lists (a deleted resource, the
            // nested stacks of a root replaced outside ampdeck) is gone.
            state.stack.tree = Default::default();
            resources.iter().for_each(|e| state.stack.tree.apply(e));
            rebuild_rows(state);
        }
        Event::StackOutputs(outputs) => state.stack.outputs = outputs,
        Event::StackMissing => {
            state.stack.missing = true;
            state.stack.tree = Default::default();
            state.stack.outputs.clear();
            rebuild_rows(state);
            check_bootstrap(state, &mut effects);
        }
        Event::Cloud(status) => {
            on_cloud(state, status);
            check_bootstrap(state, &mut effects);
        }
        Event::Health(health) => on_health(state, health),
        Event::Logs(events) => {
            state.panes.logs.store.push_all(&events);
            state.panes.logs.store.settle();
        }
        Event::Environments(envs) => {
            state.panes.environments.envs = envs;
            rebuild_env_rows(state);
        }
        Event::Git(repo) => on_git(state, repo, &mut effects),
        Event::FilesChanged(changes) => {
            // The Invoke pane runs the last local run again when its code was saved.
            let saved = Event::FilesChanged(changes.clone());
            with_cx(state, keys, &mut effects, |state, cx| route(state, &saved, cx));
            on_files_changed(state, changes, &mut effects);
        }
        Event::Notice(notice) => state.notice = Some(notice),
        Event::OutputsChanged(diff) => {
            // The Processes page restarts the processes that read the outputs once.
            let routed = Event::OutputsChanged(diff.clone());
            with_cx(state, keys, &mut effects, |state, cx| route(state, &routed, cx));
            // A first file is news, not a change to review: say so instead of popping up.
            if diff.created {
                state.notice = Some(Notice::info(format!(
                    "amplify_outputs.json written ({} values): o shows them",
                    diff.changes.len()
                )));
            } else if state.overlay.is_none() {
                state.overlay = Some(Overlay::Outputs);
            }
            state.stack.outputs_diff = Some(diff);
        }
        Event::Checked(report) => on_checked(state, report, &mut effects),
        Event::CodeMap(map) => {
            let routed = Event::CodeMap(map.clone());
            with_cx(state, keys, &mut effects, |state, cx| route(state, &routed, cx));
            deploys::on_code_map(state, map);
        }
        Event::PushCompared(differs) => deploys::on_push_compared(state, differs),
        Event::CheckerChanged(changed) => state.check.checker = Some(changed.0),
        Event::Driver(msg) => on_driver(state, msg, &mut effects),
        Event::Verified(check) => {
            if let Some(outcome) = verify::on_verified(state, *check) {
                finish(state, outcome, &mut effects);
            }
        }
        Event::Terminate => quit(state, &mut effects),
        // Workers' replies find their pane through the registry.
        Event::Users(_)
        | Event::Secrets(_)
        | Event::SecretRefs(_)
        | Event::Data(_)
        | Event::Storage(_)
        | Event::Hosting(_)
        | Event::Functions(_)
        | Event::Invoked(_)
        | Event::Payloads { .. }
        | Event::PayloadDeleted { .. }
        | Event::ProcessesListed(_)
        | Event::Process(_)
        | Event::Edited { .. } => with_cx(state, keys, &mut effects, |state, cx| route(state, &event, cx)),
    }
    for refresh in PaneId::ALL.iter().filter_map(|p| p.spec().refresh) {
        with_cx(state, keys, &mut effects, |state, cx| refresh(state, stack_news, cx));
    }
    stacks::sync_pane_problems(state);
    state.messages.observe(state.notice.as_ref(), state.now_ms);
    state.dirty = true;
    effects
}

/// Shows `event` to every pane that hears events, in registry order.
fn route(state: &mut State, event: &Event, cx: &mut Cx) {
    for on_event in PaneId::ALL.iter().filter_map(|p| p.spec().on_event) {
        on_event(state, event, cx);
    }
}

/// Effects to run once at start.
pub fn startup(state: &mut State) -> Vec<Effect> {
    let mut effects = Vec::new();
    // The Workspace pane shows where the project stands before the first save.
    start_check(state, crate::domain::check::Scope::Changed(Vec::new()), &mut effects);
    // Which functions the project defines (the Invoke pane lists those not deployed yet) and
    // what their code is.
    effects.push(map_code(state));
    if state.ctx.deploy_on_start {
        start_deploy(state, Trigger::Startup, DeployAction::Sandbox { recreate: false }, &mut effects);
    }
    effects
}

#[cfg(test)]
mod tests;
