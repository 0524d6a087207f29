//! `update(&mut State, Event) -> Vec<Effect>`: the whole behaviour of ampdeck.

use crossterm::event::{KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};

use super::event::{Effect, Event};
use super::layout;
use super::navigation::clamp_selection;
use super::panes::resources::rebuild_rows;
use super::state::{
    Confirm, DeployError, DeployRun, Driver, FileChange, MAX_CHANGES, MAX_HISTORY, OutputKind, Overlay, PaneId, State,
    Trigger,
};
use crate::amplify::ampx::{LineKind, classify};
use crate::domain::changes::ChangeSet;
use crate::domain::deploy::{
    DeployAction, DeployKind, DeployMsg, DeployRequest, DriverMsg, Outcome, Phase, ToolkitMessage,
};
use crate::domain::health::CloudStatus;
use crate::domain::notice::Notice;
use crate::domain::stack::StackEvent;
use crate::model::history::{PhaseTime, Record, Result as RecordResult};

mod access;
mod checks;
mod content;
mod deploys;
mod environments;
mod hosting;
mod input;
mod invoke;
mod stacks;
mod verify;

use checks::*;
use deploys::*;
pub(crate) use deploys::{cancel, request_deploy, start_deploy};
pub(crate) use environments::follow;
use environments::*;
pub(crate) use input::quit;
use input::*;
use stacks::*;

pub fn update(state: &mut State, event: Event) -> Vec<Effect> {
    let mut effects = Vec::new();
    let stack_news = matches!(
        event,
        Event::StackOutputs(_) | Event::StackResources(_) | Event::StackEvents(_) | Event::StackMissing
    );
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => on_key(state, key, &mut effects),
        Event::Key(_) => return effects,
        Event::Mouse(mouse) => on_mouse(state, mouse),
        Event::Resize(w, h) => state.size = (w, h),
        Event::Tick => {}
        Event::Deploy(msg) => on_deploy(state, msg, &mut effects),
        Event::StackEvents(events) => on_stack_events(state, &events),
        Event::StackResources(resources) => {
            state.stack_missing = false;
            // A snapshot is the whole truth: what it no longer lists (a deleted resource, the
            // nested stacks of a root replaced outside ampdeck) is gone.
            state.tree = Default::default();
            resources.iter().for_each(|e| state.tree.apply(e));
            rebuild_rows(state);
        }
        Event::StackOutputs(outputs) => access::on_outputs(state, outputs),
        Event::StackMissing => {
            state.stack_missing = true;
            state.tree = Default::default();
            state.stack_outputs.clear();
            state.users.set_pool(None);
            rebuild_rows(state);
            check_bootstrap(state, &mut effects);
        }
        Event::Cloud(status) => {
            on_cloud(state, status);
            check_bootstrap(state, &mut effects);
        }
        Event::Health(health) => on_health(state, health),
        Event::Logs(events) => {
            state.logs.push_all(&events);
            state.logs.settle();
        }
        Event::Environments(envs) => {
            state.envs = envs;
            rebuild_env_rows(state);
        }
        Event::Git(repo) => on_git(state, repo, &mut effects),
        Event::FilesChanged(changes) => on_files_changed(state, changes, &mut effects),
        Event::Notice(notice) => state.notice = Some(notice),
        Event::OutputsChanged(diff) => {
            // A first file is news, not a change to review: say so instead of popping up.
            if diff.created {
                state.notice = Some(Notice::info(format!(
                    "amplify_outputs.json written ({} values): o shows them",
                    diff.changes.len()
                )));
            } else if state.overlay.is_none() {
                state.overlay = Some(Overlay::Outputs);
            }
            state.outputs_diff = Some(diff);
        }
        Event::Checked(report) => on_checked(state, report, &mut effects),
        Event::CheckerChanged(changed) => state.check.checker = Some(changed.0),
        Event::Driver(msg) => on_driver(state, msg, &mut effects),
        Event::Users(reply) => access::on_users(state, reply, &mut effects),
        Event::Secrets(reply) => access::on_secrets(state, reply),
        Event::SecretRefs(names) => state.secrets.set_needed(names),
        Event::Data(reply) => content::on_data(state, reply, &mut effects),
        Event::Storage(reply) => content::on_storage(state, reply, &mut effects),
        Event::Hosting(reply) => hosting::on_hosting(state, reply),
        Event::Edited { purpose, text } => content::on_edited(state, purpose, text, &mut effects),
        Event::Invoked(reply) => invoke::on_reply(state, reply),
        Event::Functions(targets) => invoke::on_functions(state, targets),
        Event::Payloads { function, payloads } => invoke::on_payloads(state, function, payloads, &mut effects),
        Event::Verified(check) => verify::on_verified(state, *check, &mut effects),
        Event::Terminate => quit(state, &mut effects),
    }
    access::refresh(state, &mut effects);
    content::refresh(state, stack_news, &mut effects);
    invoke::refresh(state, &mut effects);
    hosting::refresh(state, &mut effects);
    state.dirty = true;
    effects
}

/// Effects to run once at start.
pub fn startup(state: &mut State) -> Vec<Effect> {
    let mut effects = Vec::new();
    // The Workspace pane shows where the project stands before the first save.
    start_check(state, crate::domain::check::Scope::Changed(Vec::new()), &mut effects);
    if state.ctx.deploy_on_start {
        start_deploy(state, Trigger::Startup, DeployAction::Sandbox { recreate: false }, &mut effects);
    }
    effects
}

#[cfg(test)]
mod tests;
