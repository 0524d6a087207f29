//! Keys, mouse, scrolling, filters and confirmations: what the user does.

use super::*;

pub(super) fn on_key(state: &mut State, key: KeyEvent, effects: &mut Vec<Effect>) {
    match state.overlay.clone() {
        Some(Overlay::Filter) => return on_filter_key(state, key),
        Some(Overlay::Functions) => return on_functions_key(state, key),
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

pub(super) fn on_action(state: &mut State, action: Action, effects: &mut Vec<Effect>) {
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
        Action::ErrorsOnly => {
            state.logs.toggle_errors_only();
            state.focus = PaneId::Logs;
            let word = if state.logs.view().errors_only { "errors only" } else { "every level" };
            state.notice = Some(Notice::info(format!("logs: {word}")));
        }
        Action::Mark => {
            let text = format!("── mark · {} ──", crate::util::timefmt::clock(state.now_ms));
            state.logs.push_marker(state.now_ms, &text);
        }
        Action::SaveLogs => save_logs(state, effects),
        Action::ClearLogs => {
            state.logs.clear();
            state.notice = Some(Notice::info("logs cleared (the figures per function stay)"));
        }
        Action::Functions => {
            state.function_cursor = 0;
            state.overlay = Some(Overlay::Functions);
        }
        Action::PrettyJson => {
            state.logs.toggle_pretty_json();
            let word = if state.logs.pretty_json() { "pretty" } else { "compact" };
            state.notice = Some(Notice::info(format!("logs: JSON {word}")));
        }
        Action::Timestamps => state.log_times = !state.log_times,
        Action::Wrap => state.log_wrap = !state.log_wrap,
        Action::Group => {
            state.logs.toggle_grouped();
            let word = if state.logs.grouped() { "grouped by invocation" } else { "as they came" };
            state.notice = Some(Notice::info(format!("logs: {word}")));
        }
        Action::NextMatch => jump_to_match(state, true),
        Action::PrevMatch => jump_to_match(state, false),
    }
}

/// `n`/`N`: the next or previous line the search (or filter) text matches, at the top of the
/// Logs pane; following pauses.
fn jump_to_match(state: &mut State, forward: bool) {
    state.focus = PaneId::Logs;
    let height = layout::list_height(state, PaneId::Logs).max(1);
    let len = state.logs.len();
    let view = *state.view(PaneId::Logs);
    let top = if view.follow { len.saturating_sub(height) } else { view.offset };
    // From the line the last jump landed on; the first jump looks at the whole screen.
    let from = if forward && view.follow { top.saturating_sub(1) } else { top };
    match state.logs.next_match(from, forward) {
        Some(i) => {
            let view = state.view_mut(PaneId::Logs);
            view.offset = i;
            view.follow = false;
        }
        None if state.logs.filter().is_empty() => {
            state.notice = Some(Notice::info("type / and a text to search first"))
        }
        None => state.notice = Some(Notice::info(if forward { "no later match" } else { "no earlier match" })),
    }
}

fn save_logs(state: &mut State, effects: &mut Vec<Effect>) {
    if state.logs.is_empty() {
        state.notice = Some(Notice::info("no log lines shown: nothing to save"));
        return;
    }
    let name = format!("logs-{}.txt", crate::util::timefmt::clock(state.now_ms).replace(':', ""));
    let path = state.ctx.workspace.join(".amplify/ampdeck").join(name);
    effects.push(Effect::SaveLogs { path, text: state.logs.shown_text() });
}

/// The functions overlay: move, show or hide the selected function, close.
fn on_functions_key(state: &mut State, key: KeyEvent) {
    let count = state.logs.functions().len();
    match key.code {
        KeyCode::Char('j') | KeyCode::Down => {
            state.function_cursor = (state.function_cursor + 1).min(count.saturating_sub(1))
        }
        KeyCode::Char('k') | KeyCode::Up => state.function_cursor = state.function_cursor.saturating_sub(1),
        KeyCode::Char(' ') | KeyCode::Enter => {
            if let Some(name) = state.logs.functions().keys().nth(state.function_cursor).cloned() {
                state.logs.toggle_function(&name);
            }
        }
        _ => state.overlay = None,
    }
}

pub(super) fn quit(state: &mut State, effects: &mut Vec<Effect>) {
    if state.deploy.running() {
        effects.push(Effect::CancelDeploy);
    }
    state.quit = true;
    effects.push(Effect::Quit);
}

/// `y` answers yes; every other key is No (the safe default).
pub(super) fn on_confirm_key(state: &mut State, question: Confirm, key: KeyEvent, effects: &mut Vec<Effect>) {
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

pub(super) fn run_action(state: &mut State, question: Confirm, effects: &mut Vec<Effect>) {
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

pub(super) fn on_filter_key(state: &mut State, key: KeyEvent) {
    match key.code {
        KeyCode::Enter => state.overlay = None,
        KeyCode::Tab if state.focus == PaneId::Logs => {
            state.logs.toggle_search();
            return;
        }
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

pub(super) fn current_filter(state: &State) -> &str {
    if state.focus == PaneId::Resources { &state.tree_filter } else { state.logs.filter() }
}

/// The console address of the selected resource: shown, and copied to the clipboard.
pub(super) fn console_url(state: &mut State, effects: &mut Vec<Effect>) {
    let row = match state.focus {
        PaneId::Resources => state.rows.get(state.view(PaneId::Resources).selected),
        _ => None,
    };
    let Some(row) = row else {
        state.notice = Some(Notice::info("select a resource in the Resources pane (2) first"));
        return;
    };
    let region = state.region.clone().unwrap_or_else(|| "us-east-1".into());
    let url = crate::amplify::console::url(&row.stack_id, &row.resource_type, &row.physical_id, &region);
    state.notice = Some(Notice::info(format!("copied: {url}")));
    effects.push(Effect::Copy(url));
}

pub(super) fn on_mouse(state: &mut State, mouse: MouseEvent) {
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

pub(super) fn page(state: &State, pane: PaneId) -> isize {
    isize::try_from(layout::list_height(state, pane).max(1)).unwrap_or(1)
}

pub(super) fn scroll(state: &mut State, pane: PaneId, delta: isize) {
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

pub(super) fn toggle_follow(state: &mut State, pane: PaneId) {
    let pane = if pane.follows() { pane } else { PaneId::Logs };
    let len = state.list_len(pane);
    let height = layout::list_height(state, pane);
    let view = state.view_mut(pane);
    view.follow = !view.follow;
    view.offset = len.saturating_sub(height);
    let word = if view.follow { "on" } else { "off" };
    state.notice = Some(Notice::info(format!("{}: follow {word}", pane.title())));
}

pub(super) fn clamp_selection(state: &mut State, pane: PaneId) {
    let len = state.list_len(pane);
    let view = state.view_mut(pane);
    view.selected = view.selected.min(len.saturating_sub(1));
    view.offset = view.offset.min(view.selected);
}

pub(super) fn select(state: &mut State, effects: &mut Vec<Effect>) {
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
