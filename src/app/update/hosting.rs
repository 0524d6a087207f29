//! Amplify Hosting: answers in, and what the Hosting page needs asked for while it is shown.
//! The app comes from the user's pick, the config's `app_id` or the branch stacks'
//! `amplify:app-id` tag.

use crate::app::Effect;
use crate::app::navigation::clamp_selection;
use crate::app::pages::Page;
use crate::app::state::{Overlay, PaneId, State};
use crate::domain::hosting::HostingReply;
use crate::domain::notice::Notice;

pub(super) fn on_hosting(state: &mut State, reply: HostingReply) {
    let failed = matches!(reply, HostingReply::Failed { .. });
    let log = matches!(reply, HostingReply::Log { .. });
    if let Some(line) = state.panes.builds.apply(reply) {
        state.notice = Some(Notice::info(line));
    }
    if let (true, Some((what, problem))) = (failed, &state.panes.builds.problem) {
        state.notice = Some(Notice::error(format!("{what} failed: {} — {}", problem.message, problem.hint)));
    }
    // A log opens at what failed.
    if let Some(first) = state.panes.builds.log.as_ref().filter(|_| log).and_then(|l| l.failing.first().copied()) {
        *state.view_mut(PaneId::BuildLog) = Default::default();
        state.view_mut(PaneId::BuildLog).selected = first;
    }
    for pane in [PaneId::Builds, PaneId::Jobs, PaneId::BuildLog, PaneId::Variables] {
        clamp_selection(state, pane);
    }
}

/// The project's app: the one picked this session, else configured, else the tag of a branch
/// environment's stack; none while the user picks another.
fn app_id(state: &State) -> Option<String> {
    let b = &state.panes.builds;
    if b.choosing {
        return None;
    }
    b.picked.clone().or_else(|| state.ctx.app_id.clone()).or_else(|| state.panes.environments.envs.iter().find_map(|e| e.app_id.clone()))
}

pub(super) fn refresh(state: &mut State, effects: &mut Vec<Effect>) {
    let shown = state.page() == Page::Hosting && !matches!(state.overlay, Some(Overlay::Palette(_)));
    if !shown {
        return;
    }
    if let Some(id) = app_id(state) {
        state.panes.builds.set_app(Some(id));
    }
    let branch = crate::app::panes::builds::selected(state).map(|b| b.name.clone());
    state.panes.builds.select_branch(branch);
    let (branch_row, job_row) = (state.view(PaneId::Builds).selected, state.view(PaneId::Jobs).selected);
    let wanted = state.panes.builds.wanted(true, state.now_ms, branch_row, job_row);
    effects.extend(wanted.into_iter().map(Effect::Hosting));
}
