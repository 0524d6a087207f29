//! Environments and git: the rows, following an environment, branch deploys and deletes.

use super::*;

pub(super) fn rebuild_env_rows(state: &mut State) {
    state.env_rows = crate::model::environments::rows(&state.envs, &state.git, state.ctx.app_id.as_deref());
    clamp_selection(state, PaneId::Environments);
}

/// A new picture of the repository; with `follow_branch`, a checkout moves the panes to the
/// branch's environment.
pub(super) fn on_git(state: &mut State, repo: crate::domain::git::Repo, effects: &mut Vec<Effect>) {
    let moved = repo.head_branch() != state.git.head_branch();
    state.git = repo;
    rebuild_env_rows(state);
    if !(moved && state.ctx.follow_branch) {
        return;
    }
    let branch = state.git.head_branch().map(str::to_owned);
    let row = state
        .env_rows
        .iter()
        .find(|r| r.kind == crate::domain::env::EnvKind::Branch && Some(&r.name) == branch.as_ref());
    if let Some(row) = row.filter(|r| r.env.is_some()).cloned() {
        follow(state, &row, effects);
    }
}

/// Points the Deploy, Resources and Logs panes at the environment of `row`.
pub(super) fn follow(state: &mut State, row: &crate::model::environments::EnvRow, effects: &mut Vec<Effect>) {
    let Some(stack) = row.stack_name().map(str::to_owned) else {
        state.notice = Some(Notice::info(format!("branch {} has no deployed environment", row.name)));
        return;
    };
    if stack == state.ctx.stack_name {
        state.notice = Some(Notice::info(format!("already following {}", row.name)));
        return;
    }
    let kind = match row.kind {
        crate::domain::env::EnvKind::Sandbox => "sandbox",
        crate::domain::env::EnvKind::Branch => "branch",
        crate::domain::env::EnvKind::Standalone => "standalone",
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
    state.logs.reset();
    state.notice = Some(Notice::info(format!("following {} ({stack})", row.name)));
    effects.push(Effect::Follow(stack));
}

/// The environment selected in the Environments pane, or a notice saying to pick one.
fn selected_env(state: &mut State, what: &str) -> Option<crate::model::environments::EnvRow> {
    let row =
        state.env_rows.get(state.view(PaneId::Environments).selected).filter(|_| state.focus == PaneId::Environments);
    if row.is_none() {
        state.notice = Some(Notice::info(format!("select {what} in the Environments pane (4) first")));
    }
    row.cloned()
}

/// `p` on a branch environment: deploy it as CI would, after a yes.
pub(super) fn ask_branch_deploy(state: &mut State) {
    let Some(row) = selected_env(state, "a branch environment") else { return };
    // The tag says it; the stack name (`amplify-{app id}-{branch}-branch-…`) says it too.
    let app_id = row.env.as_ref().and_then(|e| e.app_id.clone()).or_else(|| {
        row.stack_name().and_then(crate::amplify::stack_name::parse_stack_name).map(|(ns, _, _)| ns.to_owned())
    });
    match (row.kind, row.stack_name(), app_id) {
        (crate::domain::env::EnvKind::Branch, Some(stack), Some(app_id)) => {
            let action = DeployAction::Branch { stack: stack.to_owned(), branch: row.name.clone(), app_id };
            state.overlay = Some(Overlay::Confirm(Confirm::Action(action)));
        }
        _ => state.notice = Some(Notice::info(format!("{} is not a deployed branch environment", row.name))),
    }
}

/// `X` on a sandbox: delete it, after a yes (yours) or after typing its name (someone else's).
pub(super) fn ask_sandbox_delete(state: &mut State) {
    let Some(row) = selected_env(state, "a sandbox") else { return };
    match (row.kind, row.stack_name()) {
        (crate::domain::env::EnvKind::Sandbox, Some(stack)) => {
            let action =
                DeployAction::DeleteSandbox { stack: stack.to_owned(), identifier: row.name.clone(), own: row.mine() };
            state.confirm_input.clear();
            state.overlay = Some(Overlay::Confirm(Confirm::Action(action)));
        }
        _ => state.notice = Some(Notice::info(format!("{} is not a deployed sandbox", row.name))),
    }
}
