//! Environments and git: the rows, following an environment, branch deploys and deletes.

use super::prelude::*;

pub(crate) fn rebuild_env_rows(state: &mut State) {
    state.panes.environments.rows = crate::model::environments::rows(
        &state.panes.environments.envs,
        &state.project.git,
        state.ctx.app_id.as_deref(),
    );
    clamp_selection(state, PaneId::Environments);
}

/// A new picture of the repository; with `follow_branch`, a checkout moves the panes to the
/// branch's environment.
pub(super) fn on_git(state: &mut State, repo: crate::domain::git::Repo, effects: &mut Vec<Effect>) {
    let moved = repo.head_branch() != state.project.git.head_branch();
    state.project.git = repo;
    rebuild_env_rows(state);
    if !(moved && state.ctx.follow_branch) {
        return;
    }
    let branch = state.project.git.head_branch().map(str::to_owned);
    let row = state
        .panes
        .environments
        .rows
        .iter()
        .find(|r| r.kind == crate::domain::env::EnvKind::Branch && Some(&r.name) == branch.as_ref());
    if let Some(row) = row.filter(|r| r.env.is_some()).cloned() {
        follow(state, &row, effects);
    }
}

/// Points the Deploy, Resources and Logs panes at the environment of `row`.
pub(crate) fn follow(state: &mut State, row: &crate::model::environments::EnvRow, effects: &mut Vec<Effect>) {
    let Some(stack) = row.stack_name().map(str::to_owned) else {
        state.notice = Some(Notice::info(format!("branch {} has no deployed environment", row.name)));
        return;
    };
    if stack == state.ctx.stack_name {
        state.notice = Some(Notice::info(format!("already following {}", row.name)));
        return;
    }
    let kind = row.kind.as_str();
    state.ctx.environment =
        if row.mine() { format!("sandbox {} (yours)", row.name) } else { format!("{kind} {}", row.name) };
    state.ctx.stack_name = stack.clone();
    state.stack.tree = Default::default();
    state.stack.outputs.clear();
    state.stack.missing = false;
    state.panes.resources.collapsed.clear();
    rebuild_rows(state);
    // The logs were the previous environment's.
    state.panes.logs.store.reset();
    state.notice = Some(Notice::info(format!("following {} ({stack})", row.name)));
    effects.push(Effect::Follow(stack));
    // Checked again for each environment followed, before a deploy of it could fail on it.
    state.deploy.bootstrap_checked = None;
    super::stacks::check_bootstrap(state, effects);
}
