//! What the Hosting page hears and asks for, kept by its Builds pane: Amplify Hosting's
//! answers in (a log opens at what failed); while the page is shown, the app (the user's pick,
//! the config's `app_id` or a branch stack's `amplify:app-id` tag), its branches, the selected
//! branch's jobs and the running build's progress.

use crate::app::Effect;
use crate::app::event::Event;
use crate::app::keymap::Cx;
use crate::app::navigation::clamp_selection;
use crate::app::pages::Page;
use crate::app::panes::page_shown;
use crate::app::state::{PaneId, State};
use crate::domain::hosting::HostingReply;
use crate::domain::notice::Notice;

pub fn on_event(state: &mut State, event: &Event, _: &mut Cx) {
    let Event::Hosting(reply) = event else { return };
    let failed = matches!(reply, HostingReply::Failed { .. });
    let log = matches!(reply, HostingReply::Log { .. });
    if let Some(line) = state.panes.builds.apply(reply.clone()) {
        state.notice = Some(Notice::info(line));
    }
    if let (true, Some((what, problem))) = (failed, &state.panes.builds.problem) {
        state.notice = Some(Notice::failed(what, problem));
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
    let tagged = || state.panes.environments.envs.iter().find_map(|e| e.app_id.clone());
    b.picked.clone().or_else(|| state.ctx.app_id.clone()).or_else(tagged)
}

pub fn refresh(state: &mut State, _: bool, cx: &mut Cx) {
    if !page_shown(state, Page::Hosting) {
        return;
    }
    if let Some(id) = app_id(state) {
        state.panes.builds.set_app(Some(id));
    }
    let branch = super::selected(state).map(|b| b.name.clone());
    state.panes.builds.select_branch(branch);
    let (branch_row, job_row) = (state.view(PaneId::Builds).selected, state.view(PaneId::Jobs).selected);
    let wanted = state.panes.builds.wanted(true, state.now_ms, branch_row, job_row);
    wanted.into_iter().for_each(|r| cx.push(Effect::Hosting(r)));
}
