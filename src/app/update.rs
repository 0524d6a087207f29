//! `update(&mut State, Event) -> Vec<Effect>`: the whole behaviour of ampdeck.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

use super::event::{DeployMsg, Effect, Event, Notice, Outcome};
use super::keymap::{Action, action_for};
use super::state::{
    Confirm, DeployError, DeployKind, DeployRun, FileChange, MAX_CHANGES, MAX_HISTORY, OutputKind, Overlay, PaneId,
    State, Trigger,
};
use crate::amplify::toolkit::{Phase, ToolkitMessage};
use crate::cloud::{CloudStatus, DeployAction, DeployRequest, StackEvent};
use crate::deploy::ampx::{LineKind, classify};
use crate::history::{PhaseTime, Record, Result as RecordResult};
use crate::ui::layout;
use crate::watch::ChangeSet;

pub fn update(state: &mut State, event: Event) -> Vec<Effect> {
    let mut effects = Vec::new();
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
            resources.iter().for_each(|e| state.tree.apply(e));
            rebuild_rows(state);
        }
        Event::StackOutputs(outputs) => state.stack_outputs = outputs,
        Event::StackMissing => {
            state.stack_missing = true;
            state.tree = Default::default();
            state.stack_outputs.clear();
            rebuild_rows(state);
        }
        Event::Cloud(status) => on_cloud(state, status),
        Event::Logs(events) => events.iter().for_each(|e| state.logs.push(e)),
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
        Event::Terminate => quit(state, &mut effects),
    }
    state.dirty = true;
    effects
}

/// Effects to run once at start.
pub fn startup(state: &mut State) -> Vec<Effect> {
    let mut effects = Vec::new();
    if state.ctx.deploy_on_start {
        start_deploy(state, Trigger::Startup, DeployAction::Sandbox { recreate: false }, &mut effects);
    }
    effects
}

fn on_key(state: &mut State, key: KeyEvent, effects: &mut Vec<Effect>) {
    match state.overlay.clone() {
        Some(Overlay::Filter) => return on_filter_key(state, key),
        Some(Overlay::Confirm(question)) => return on_confirm_key(state, question, key, effects),
        _ => {}
    }
    let Some(action) = action_for(&key) else {
        return;
    };
    if matches!(state.overlay, Some(Overlay::Help | Overlay::Outputs))
        && !matches!(action, Action::Quit | Action::NextTheme)
    {
        state.overlay = None;
        return;
    }
    on_action(state, action, effects);
}

fn on_action(state: &mut State, action: Action, effects: &mut Vec<Effect>) {
    let focus = state.focus;
    match action {
        Action::Quit if state.deploy.running() => state.overlay = Some(Overlay::Confirm(Confirm::Quit)),
        Action::Quit => quit(state, effects),
        Action::FocusNext => state.focus = PaneId::ALL[(focus.index() + 1) % 5],
        Action::FocusPrev => state.focus = PaneId::ALL[(focus.index() + 4) % 5],
        Action::Focus(pane) => state.focus = pane,
        Action::Zoom => state.zoom = !state.zoom,
        Action::Deploy => request_deploy(state, Trigger::Key, effects),
        Action::Cancel => cancel(state, effects),
        Action::ToggleAuto => {
            state.deploy.auto = !state.deploy.auto;
            let word = if state.deploy.auto { "on: saving a file deploys" } else { "off: press d to deploy changes" };
            state.notice = Some(Notice::info(format!("auto-deploy {word}")));
        }
        Action::Filter => {
            // The Resources pane filters its tree; everywhere else `/` filters the logs.
            if focus != PaneId::Resources {
                state.focus = PaneId::Logs;
            }
            state.filter_input = current_filter(state).to_owned();
            state.overlay = Some(Overlay::Filter);
        }
        Action::StackOutputs => {
            state.focus = PaneId::Resources;
            state.show_outputs = !state.show_outputs;
        }
        Action::ConsoleUrl => console_url(state, effects),
        Action::BranchDeploy => ask_branch_deploy(state),
        Action::DeleteSandbox => ask_sandbox_delete(state),
        Action::Follow => toggle_follow(state, focus),
        Action::Up => scroll(state, focus, -1),
        Action::Down => scroll(state, focus, 1),
        Action::PageUp => scroll(state, focus, -page(state, focus)),
        Action::PageDown => scroll(state, focus, page(state, focus)),
        Action::Top => scroll(state, focus, isize::MIN / 2),
        Action::Bottom => scroll(state, focus, isize::MAX / 2),
        Action::Select => select(state, effects),
        Action::Close if state.overlay.is_some() => state.overlay = None,
        Action::Close => state.zoom = false,
        Action::NextTheme => {
            state.theme = (state.theme + 1) % state.themes.len().max(1);
            state.notice = Some(Notice::info(format!("theme: {}", state.theme().name)));
        }
        Action::Help => state.overlay = Some(Overlay::Help),
        Action::Outputs if state.outputs_diff.is_some() => state.overlay = Some(Overlay::Outputs),
        Action::Outputs => state.notice = Some(Notice::info("no change to amplify_outputs.json seen yet")),
    }
}

fn quit(state: &mut State, effects: &mut Vec<Effect>) {
    if state.deploy.running() {
        effects.push(Effect::CancelDeploy);
    }
    state.quit = true;
    effects.push(Effect::Quit);
}

/// `y` answers yes; every other key is No (the safe default).
fn on_confirm_key(state: &mut State, question: Confirm, key: KeyEvent, effects: &mut Vec<Effect>) {
    if let Confirm::Action(DeployAction::DeleteSandbox { identifier, own: false, .. }) = &question {
        // Deleting a teammate's sandbox needs its name typed: a stray `y` must not do it.
        match key.code {
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                state.confirm_input.push(c);
                return;
            }
            KeyCode::Backspace => {
                state.confirm_input.pop();
                return;
            }
            KeyCode::Enter if state.confirm_input == *identifier => {
                state.overlay = None;
                return run_action(state, question, effects);
            }
            KeyCode::Enter => return,
            _ => {
                state.overlay = None;
                state.notice = Some(Notice::info("nothing deleted"));
                return;
            }
        }
    }
    state.overlay = None;
    let ctrl_c = key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
    let yes = matches!(key.code, KeyCode::Char('y' | 'Y')) || (ctrl_c && question == Confirm::Quit);
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
        (Confirm::Action(_), true) => run_action(state, question, effects),
        (Confirm::Action(_), false) => state.notice = Some(Notice::info("nothing done")),
        (Confirm::Quit, false) => {}
    }
}

fn run_action(state: &mut State, question: Confirm, effects: &mut Vec<Effect>) {
    let Confirm::Action(action) = question else { return };
    if state.deploy.running() {
        state.notice = Some(Notice::warn("a deploy is running: wait for it (or x) first"));
        return;
    }
    let label = match &action {
        DeployAction::Branch { branch, .. } => format!("pipeline-deploy of branch {branch}"),
        DeployAction::DeleteSandbox { identifier, .. } => format!("delete of sandbox {identifier}"),
        DeployAction::Sandbox { .. } => "deploy key".to_owned(),
    };
    start_deploy(state, Trigger::Action(label), action, effects);
}

fn on_filter_key(state: &mut State, key: KeyEvent) {
    match key.code {
        KeyCode::Enter => state.overlay = None,
        KeyCode::Esc => {
            state.filter_input.clear();
            state.overlay = None;
        }
        KeyCode::Backspace => {
            state.filter_input.pop();
        }
        KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => state.filter_input.clear(),
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => state.filter_input.push(c),
        _ => return,
    }
    if current_filter(state) == state.filter_input {
        return;
    }
    let filter = state.filter_input.clone();
    if state.focus == PaneId::Resources {
        state.tree_filter = filter;
        rebuild_rows(state);
    } else {
        state.logs.set_filter(&filter);
        *state.view_mut(PaneId::Logs) = Default::default();
    }
}

fn current_filter(state: &State) -> &str {
    if state.focus == PaneId::Resources { &state.tree_filter } else { state.logs.filter() }
}

/// The console address of the selected resource: shown, and copied to the clipboard.
fn console_url(state: &mut State, effects: &mut Vec<Effect>) {
    let row = match state.focus {
        PaneId::Resources => state.rows.get(state.view(PaneId::Resources).selected),
        _ => None,
    };
    let Some(row) = row else {
        state.notice = Some(Notice::info("select a resource in the Resources pane (2) first"));
        return;
    };
    let region = state.region.clone().unwrap_or_else(|| "us-east-1".into());
    let url = crate::cloud::console::url(&row.stack_id, &row.resource_type, &row.physical_id, &region);
    state.notice = Some(Notice::info(format!("copied: {url}")));
    effects.push(Effect::Copy(url));
}

fn on_mouse(state: &mut State, mouse: MouseEvent) {
    let Some(pane) = layout::pane_at(state, mouse.column, mouse.row) else {
        return;
    };
    match mouse.kind {
        MouseEventKind::Down(MouseButton::Left) => {
            state.focus = pane;
            state.overlay = None;
        }
        MouseEventKind::ScrollUp => scroll(state, pane, -3),
        MouseEventKind::ScrollDown => scroll(state, pane, 3),
        _ => {}
    }
}

fn page(state: &State, pane: PaneId) -> isize {
    isize::try_from(layout::list_height(state, pane).max(1)).unwrap_or(1)
}

fn scroll(state: &mut State, pane: PaneId, delta: isize) {
    let len = state.list_len(pane);
    let height = layout::list_height(state, pane).max(1);
    let view = state.view_mut(pane);
    if pane.follows() {
        let bottom = len.saturating_sub(height);
        let top = if view.follow { bottom } else { view.offset.min(bottom) };
        view.offset = top.saturating_add_signed(delta).min(bottom);
        view.follow = view.offset >= bottom && delta > 0;
    } else {
        view.selected = view.selected.saturating_add_signed(delta).min(len.saturating_sub(1));
        if view.selected < view.offset {
            view.offset = view.selected;
        } else if view.selected >= view.offset + height {
            view.offset = view.selected + 1 - height;
        }
    }
}

fn toggle_follow(state: &mut State, pane: PaneId) {
    let pane = if pane.follows() { pane } else { PaneId::Logs };
    let len = state.list_len(pane);
    let height = layout::list_height(state, pane);
    let view = state.view_mut(pane);
    view.follow = !view.follow;
    view.offset = len.saturating_sub(height);
    let word = if view.follow { "on" } else { "off" };
    state.notice = Some(Notice::info(format!("{}: follow {word}", pane.title())));
}

fn clamp_selection(state: &mut State, pane: PaneId) {
    let len = state.list_len(pane);
    let view = state.view_mut(pane);
    view.selected = view.selected.min(len.saturating_sub(1));
    view.offset = view.offset.min(view.selected);
}

fn select(state: &mut State, effects: &mut Vec<Effect>) {
    match state.focus {
        PaneId::Resources => {
            let Some(row) = state.rows.get(state.view(PaneId::Resources).selected) else {
                return;
            };
            if row.stack.is_none() {
                return;
            }
            let key = row.key.clone();
            if !state.collapsed.remove(&key) {
                state.collapsed.insert(key);
            }
            rebuild_rows(state);
        }
        PaneId::Environments => {
            let Some(row) = state.env_rows.get(state.view(PaneId::Environments).selected).cloned() else { return };
            follow(state, &row, effects);
        }
        _ => {}
    }
}

fn rebuild_env_rows(state: &mut State) {
    state.env_rows = crate::environments::rows(&state.envs, &state.git);
    clamp_selection(state, PaneId::Environments);
}

/// A new picture of the repository; with `follow_branch`, a checkout moves the panes to the
/// branch's environment.
fn on_git(state: &mut State, repo: crate::git::Repo, effects: &mut Vec<Effect>) {
    let moved = repo.head_branch() != state.git.head_branch();
    state.git = repo;
    rebuild_env_rows(state);
    if !(moved && state.ctx.follow_branch) {
        return;
    }
    let branch = state.git.head_branch().map(str::to_owned);
    let row =
        state.env_rows.iter().find(|r| r.kind == crate::cloud::EnvKind::Branch && Some(&r.name) == branch.as_ref());
    if let Some(row) = row.filter(|r| r.env.is_some()).cloned() {
        follow(state, &row, effects);
    }
}

/// Points the Deploy, Resources and Logs panes at the environment of `row`.
fn follow(state: &mut State, row: &crate::environments::EnvRow, effects: &mut Vec<Effect>) {
    let Some(stack) = row.stack_name().map(str::to_owned) else {
        state.notice = Some(Notice::info(format!("branch {} has no deployed environment", row.name)));
        return;
    };
    if stack == state.ctx.stack_name {
        state.notice = Some(Notice::info(format!("already following {}", row.name)));
        return;
    }
    let kind = match row.kind {
        crate::cloud::EnvKind::Sandbox => "sandbox",
        crate::cloud::EnvKind::Branch => "branch",
        crate::cloud::EnvKind::Standalone => "standalone",
    };
    state.ctx.environment =
        if row.mine() { format!("sandbox {} (yours)", row.name) } else { format!("{kind} {}", row.name) };
    state.ctx.stack_name = stack.clone();
    state.tree = Default::default();
    state.stack_outputs.clear();
    state.stack_missing = false;
    state.collapsed.clear();
    rebuild_rows(state);
    // The logs were the previous environment's.
    let filter = state.logs.filter().to_owned();
    state.logs = crate::logs::LogStore::default();
    state.logs.set_filter(&filter);
    state.notice = Some(Notice::info(format!("following {} ({stack})", row.name)));
    effects.push(Effect::Follow(stack));
}

fn rebuild_rows(state: &mut State) {
    state.rows = state.tree.rows(&state.collapsed);
    if !state.tree_filter.is_empty() {
        let needle = state.tree_filter.as_str();
        state.rows.retain(|r| {
            [&r.label, &r.resource_type, &r.status].iter().any(|t| crate::logs::contains_ignore_case(t, needle))
        });
    }
    clamp_selection(state, PaneId::Resources);
}

/// Events from the poller: the tree always; a running deploy's progress when they belong to
/// it (not older than its start, with a little clock skew allowed).
fn on_stack_events(state: &mut State, events: &[StackEvent]) {
    if let Some(run) = state.deploy.current.as_mut().filter(|r| r.running()) {
        let since = run.started_ms - 5_000;
        events.iter().filter(|e| e.timestamp_ms >= since).for_each(|e| run.progress.apply(e));
    }
    events.iter().for_each(|e| state.tree.apply(e));
    state.stack_missing &= events.is_empty();
    rebuild_rows(state);
    offer_rollback(state);
}

/// Killing the deploy command does not stop a CloudFormation update already under way: after
/// a cancel, say so, and offer (once) to roll it back.
fn offer_rollback(state: &mut State) {
    let updating =
        state.tree.root().is_some_and(|r| r.status.ends_with("_IN_PROGRESS") && !r.status.contains("ROLLBACK"));
    let Some(run) = state.deploy.current.as_mut() else { return };
    if run.outcome != Some(Outcome::Cancelled) || run.rollback_offered || !updating || state.overlay.is_some() {
        return;
    }
    run.rollback_offered = true;
    state.notice = Some(Notice::warn("the deploy command stopped, but CloudFormation is still updating the stack"));
    state.overlay = Some(Overlay::Confirm(Confirm::CancelUpdate));
}

fn on_cloud(state: &mut State, status: CloudStatus) {
    if let CloudStatus::Connected { region: Some(region), .. } = &status {
        state.region = Some(region.clone());
    }
    state.cloud = Some(match (status, state.cloud.take()) {
        // Keep what an earlier message knew.
        (CloudStatus::Connected { region, account }, Some(CloudStatus::Connected { region: r0, account: a0 })) => {
            CloudStatus::Connected { region: region.or(r0), account: account.or(a0) }
        }
        (status, _) => status,
    });
}

fn apply_stack_event(state: &mut State, event: &StackEvent) {
    state.tree.apply(event);
    rebuild_rows(state);
}

/// From this many files in one change set, a deploy is asked for, not started.
pub const BULK_CHANGE: usize = 20;

fn on_files_changed(state: &mut State, changes: ChangeSet, effects: &mut Vec<Effect>) {
    if changes.paths.is_empty() {
        return;
    }
    for path in &changes.paths {
        if state.changes.len() == MAX_CHANGES {
            state.changes.pop_back();
        }
        state.changes.push_front(FileChange { at_ms: state.now_ms, path: path.clone(), deploy: None });
        if !state.deploy.pending.contains(path) {
            state.deploy.pending.push(path.clone());
        }
    }
    if !state.deploy.auto {
        let n = state.deploy.pending.len();
        state.notice =
            Some(Notice::info(format!("{n} changed file(s) waiting: press d to deploy (auto-deploy is off)")));
    } else if changes.git || changes.paths.len() >= BULK_CHANGE {
        // A branch switch must not thrash the sandbox: ask first.
        let files = state.deploy.pending.len();
        state.overlay = Some(Overlay::Confirm(Confirm::DeployBulk { files, git: changes.git }));
    } else {
        request_deploy(state, Trigger::Files(changes.paths), effects);
    }
}

/// Starts a deploy, or queues exactly one follow-up while one runs.
fn request_deploy(state: &mut State, trigger: Trigger, effects: &mut Vec<Effect>) {
    if state.deploy.running() {
        state.deploy.queued = true;
        state.notice = Some(Notice::info("deploy queued: it starts when the running one ends"));
        return;
    }
    start_deploy(state, trigger, DeployAction::Sandbox { recreate: false }, effects);
}

fn start_deploy(state: &mut State, trigger: Trigger, action: DeployAction, effects: &mut Vec<Effect>) {
    // The panes show the stack the deploy changes.
    let target = action.other_stack().map_or_else(|| state.own_stack.clone(), str::to_owned);
    if !target.is_empty() && state.ctx.stack_name != target {
        let row = state.env_rows.iter().find(|r| r.stack_name() == Some(target.as_str())).cloned();
        match row {
            Some(row) => follow(state, &row, effects),
            None => {
                state.ctx.stack_name = target.clone();
                state.tree = Default::default();
                rebuild_rows(state);
                effects.push(Effect::Follow(target));
            }
        }
        if matches!(action, DeployAction::Sandbox { .. }) {
            state.notice = Some(Notice::info("deploying your sandbox: following it again"));
        }
    }
    let id = state.deploy.next_id;
    state.deploy.next_id += 1;
    let sandbox = matches!(action, DeployAction::Sandbox { .. });
    // Changed files go into a deploy of the sandbox; other actions leave them pending.
    let changed = if sandbox { std::mem::take(&mut state.deploy.pending) } else { Vec::new() };
    if sandbox {
        for change in state.changes.iter_mut().filter(|c| c.deploy.is_none()) {
            change.deploy = Some(id);
        }
    }
    let trigger = match trigger {
        Trigger::Files(_) | Trigger::Key if !changed.is_empty() => Trigger::Files(changed.clone()),
        other => other,
    };
    let mut run = DeployRun::new(id, trigger, state.now, state.now_ms);
    run.target = state.ctx.stack_name.clone();
    state.deploy.current = Some(run);
    state.deploy.queued = false;
    *state.view_mut(PaneId::Deploy) = Default::default();
    effects.push(Effect::Deploy(DeployRequest { id, changed, action }));
}

/// `p` on a branch environment: deploy it as CI would, after a yes.
fn ask_branch_deploy(state: &mut State) {
    let Some(row) =
        state.env_rows.get(state.view(PaneId::Environments).selected).filter(|_| state.focus == PaneId::Environments)
    else {
        state.notice = Some(Notice::info("select a branch environment in the Environments pane (4) first"));
        return;
    };
    let app_id =
        row.stack_name().and_then(|s| crate::cloud::aws::stacks::parse_stack_name(s)).map(|(ns, _, _)| ns.to_owned());
    match (row.kind, row.stack_name(), app_id) {
        (crate::cloud::EnvKind::Branch, Some(stack), Some(app_id)) => {
            let (stack, branch) = (stack.to_owned(), row.name.clone());
            state.overlay = Some(Overlay::Confirm(Confirm::Action(DeployAction::Branch { stack, branch, app_id })));
        }
        _ => state.notice = Some(Notice::info(format!("{} is not a deployed branch environment", row.name))),
    }
}

/// `X` on a sandbox: delete it, after a yes (yours) or after typing its name (someone else's).
fn ask_sandbox_delete(state: &mut State) {
    let Some(row) =
        state.env_rows.get(state.view(PaneId::Environments).selected).filter(|_| state.focus == PaneId::Environments)
    else {
        state.notice = Some(Notice::info("select a sandbox in the Environments pane (4) first"));
        return;
    };
    match (row.kind, row.stack_name()) {
        (crate::cloud::EnvKind::Sandbox, Some(stack)) => {
            let action =
                DeployAction::DeleteSandbox { stack: stack.to_owned(), identifier: row.name.clone(), own: row.mine() };
            state.confirm_input.clear();
            state.overlay = Some(Overlay::Confirm(Confirm::Action(action)));
        }
        _ => state.notice = Some(Notice::info(format!("{} is not a deployed sandbox", row.name))),
    }
}

fn cancel(state: &mut State, effects: &mut Vec<Effect>) {
    state.deploy.queued = false;
    match state.deploy.current.as_mut().filter(|r| r.running()) {
        Some(run) => {
            run.cancelling = true;
            effects.push(Effect::CancelDeploy);
            state.notice = Some(Notice::warn("cancelling the deploy…"));
        }
        None => state.notice = Some(Notice::info("no deploy is running")),
    }
}

fn on_deploy(state: &mut State, msg: DeployMsg, effects: &mut Vec<Effect>) {
    let id = match &msg {
        DeployMsg::Planned { id, .. }
        | DeployMsg::Toolkit { id, .. }
        | DeployMsg::Output { id, .. }
        | DeployMsg::Finished { id, .. } => *id,
    };
    let now = state.now;
    let Some(run) = state.deploy.current.as_mut().filter(|r| r.id == id && r.running()) else {
        return;
    };
    match msg {
        DeployMsg::Planned { resources, .. } => run.progress.set_planned(resources),
        DeployMsg::Output { line, .. } => on_output(run, line, now),
        DeployMsg::Toolkit { message, .. } => {
            if let Some(event) = on_toolkit(run, *message, now) {
                apply_stack_event(state, &event);
            }
        }
        DeployMsg::Finished { outcome, .. } => finish(state, outcome, effects),
    }
}

/// A line of the deploy command's text output: phases, progress and errors as ampx prints
/// them.
fn on_output(run: &mut DeployRun, line: crate::ansi::StyledLine, now: std::time::Instant) {
    let kind = match classify(&line.text) {
        LineKind::Phase(phase) => {
            run.enter_phase(phase, now);
            if phase == Phase::Hotswapping {
                run.kind = Some(DeployKind::Hotswap);
            }
            OutputKind::Phase
        }
        LineKind::Success => OutputKind::Success,
        LineKind::Warning => OutputKind::Warning,
        LineKind::Error { name, message } => {
            run.errors.push(DeployError { name, message, causes: Vec::new() });
            OutputKind::Error
        }
        LineKind::Cause(cause) => {
            if let Some(last) = run.errors.last_mut() {
                last.causes.push(cause);
            }
            OutputKind::Error
        }
        LineKind::StackActivity { done, total, .. } => {
            run.enter_phase(Phase::Deploying, now);
            run.kind.get_or_insert(DeployKind::Full);
            run.cdk_progress = Some((done, total));
            OutputKind::Plain
        }
        LineKind::Hotswapped => {
            run.hotswapped += 1;
            OutputKind::Success
        }
        LineKind::Plain => OutputKind::Plain,
    };
    run.push_styled(line, kind);
}

/// Updates the run; returns the stack event the message carried, for the resource tree.
fn on_toolkit(run: &mut DeployRun, message: ToolkitMessage, now: std::time::Instant) -> Option<StackEvent> {
    if let Some(phase) = message.phase() {
        run.enter_phase(phase, now);
    }
    match message.code.as_str() {
        "CDK_TOOLKIT_I5400" => run.kind = Some(DeployKind::Hotswap),
        "CDK_TOOLKIT_I5501" => run.kind = Some(run.kind.unwrap_or(DeployKind::Full)),
        "CDK_TOOLKIT_I5403" => run.hotswapped += 1,
        "CDK_TOOLKIT_I5900" if message.message.contains("(no changes)") => run.kind = Some(DeployKind::NoChanges),
        _ => {}
    }
    if let Some(event) = &message.event {
        run.progress.apply(event);
    }
    if message.progress.is_some() {
        run.cdk_progress = message.progress;
    }
    if !message.is_noise() && message.event.is_none() {
        let kind = if message.is_error() {
            OutputKind::Error
        } else if message.is_warning() {
            OutputKind::Warning
        } else if message.phase().is_some() || message.code.ends_with("_FINISHED") {
            OutputKind::Phase
        } else if message.code == "CDK_TOOLKIT_I5403" || message.code == "CDK_TOOLKIT_I5900" {
            OutputKind::Success
        } else {
            OutputKind::Plain
        };
        for line in message.message.lines().filter(|l| !l.trim().is_empty()) {
            run.push_output(line.trim_end().to_owned(), kind);
        }
    }
    message.event
}

fn finish(state: &mut State, outcome: Outcome, effects: &mut Vec<Effect>) {
    let now = state.now;
    let Some(run) = state.deploy.current.as_mut() else {
        return;
    };
    run.finished = Some(now);
    run.outcome = Some(outcome.clone());
    let record = record_of(run, &outcome, now);
    let id = record.id;
    if state.deploy.history.len() == MAX_HISTORY {
        state.deploy.history.pop_back();
    }
    state.deploy.history.push_front(record.clone());
    effects.push(Effect::RecordHistory(record));
    if outcome == Outcome::Succeeded {
        effects.push(Effect::DiffOutputs);
    }
    let (title, body) = match &outcome {
        Outcome::Succeeded => (format!("deploy #{id} succeeded"), run.trigger.label()),
        Outcome::Failed { .. } => (format!("deploy #{id} failed"), run.failure_reason().unwrap_or_default()),
        Outcome::Cancelled => (format!("deploy #{id} cancelled"), String::new()),
    };
    effects.push(Effect::Announce { title, body });
    state.notice = Some(match &outcome {
        Outcome::Succeeded => Notice::info(format!("deploy #{id} complete")),
        Outcome::Failed { .. } => {
            Notice::error("deploy failed: the Deploy pane shows the root cause; fix it and save, or press d")
        }
        Outcome::Cancelled => Notice::warn("deploy cancelled"),
    });
    let update_not_supported = state.deploy.current.as_ref().is_some_and(|r| {
        r.errors
            .iter()
            .any(|e| e.name == "CFNUpdateNotSupportedError" || e.message.contains("CFNUpdateNotSupportedError"))
    });
    if update_not_supported {
        state.deploy.queued = false;
        state.overlay = Some(Overlay::Confirm(Confirm::RecreateSandbox));
    } else if outcome == Outcome::Cancelled {
        offer_rollback(state);
    } else if state.deploy.queued && outcome != Outcome::Cancelled {
        start_deploy(state, Trigger::Key, DeployAction::Sandbox { recreate: false }, effects);
    }
}

fn record_of(run: &DeployRun, outcome: &Outcome, now: std::time::Instant) -> Record {
    let (result, exit_code) = match outcome {
        Outcome::Succeeded => (RecordResult::Succeeded, Some(0)),
        Outcome::Failed { exit_code, .. } => (RecordResult::Failed, *exit_code),
        Outcome::Cancelled => (RecordResult::Cancelled, None),
    };
    Record {
        id: run.id,
        started_ms: run.started_ms,
        duration_ms: u64::try_from(run.elapsed(now).as_millis()).unwrap_or(u64::MAX),
        result,
        exit_code,
        kind: run.kind,
        trigger: run.trigger.label(),
        changed: match &run.trigger {
            Trigger::Files(files) => files.clone(),
            _ => Vec::new(),
        },
        phases: run
            .phases
            .iter()
            .map(|(p, at)| PhaseTime {
                phase: p.label().into(),
                at_ms: u64::try_from(at.as_millis()).unwrap_or(u64::MAX),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests;
