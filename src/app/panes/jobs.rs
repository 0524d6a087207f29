//! The Jobs pane: the selected branch's builds, newest first, read a page at a time, and the
//! selected build's steps; its failed step's log opens in the Build log pane. Retrying and
//! stopping ask first.

use super::{PaneSpec, rows};
use crate::app::Effect;
use crate::app::keymap::{Command, Cx};
use crate::app::pages::Page;
use crate::app::panes::PaneId;
use crate::app::state::State;
use crate::domain::hosting::{HostingRequest, Job, JobStatus};
use crate::domain::notice::Notice;

/// Rows under the list for the selected build's steps.
pub const STEPS: u16 = 4;

pub const SPEC: PaneSpec = PaneSpec {
    name: "jobs",
    title: "Jobs",
    page: Page::Hosting,
    len: |s| s.panes.builds.jobs.len(),
    header: rows::<1>,
    footer: 1 + STEPS,
    keys: KEYS,
    room: 3,
    detail: Some(detail),
    ..PaneSpec::PLAIN
};

const KEYS: &[Command] = &[
    Command {
        name: "open",
        keys: &["enter"],
        help: "the log of the selected build's failed step (or its last)",
        hint: Some("log"),
        run: open_log,
    },
    Command { name: "build", keys: &["B"], help: "build again: retry the selected failed build (asks)", hint: Some("retry"), run: ask_retry },
    Command { name: "stop", keys: &["K"], help: "stop the selected running build (asks)", hint: Some("stop"), run: ask_stop },
];

pub fn selected(state: &State) -> Option<&Job> {
    state.panes.builds.jobs.get(state.view(PaneId::Jobs).selected)
}

fn target(state: &mut State) -> Option<(String, String, Job)> {
    let found = (state.panes.builds.app_id.clone(), state.panes.builds.branch.clone(), selected(state).cloned());
    match found {
        (Some(app), Some(branch), Some(job)) => Some((app, branch, job)),
        _ => {
            state.notice = Some(Notice::info("no build selected"));
            None
        }
    }
}

fn open_log(state: &mut State, cx: &mut Cx) {
    let Some((app_id, branch, job)) = target(state) else { return };
    let steps = state.panes.builds.steps.as_ref().filter(|(id, _)| *id == job.id).map(|(_, s)| s.as_slice());
    let Some(step) = steps.and_then(crate::model::hosting::failed_step).map(|s| s.name.clone()) else {
        state.notice = Some(Notice::info("this build has no steps yet"));
        return;
    };
    state.notice = Some(Notice::info(format!("reading the {step} log of build {}…", job.id)));
    cx.push(Effect::Hosting(HostingRequest::Log { app_id, branch, job_id: job.id, step }));
    crate::app::focus::focus(state, PaneId::BuildLog);
}

fn ask_retry(state: &mut State, _: &mut Cx) {
    let Some((app_id, branch, job)) = target(state) else { return };
    if !matches!(job.status, JobStatus::Failed | JobStatus::Cancelled) {
        state.notice = Some(Notice::info("only a failed or cancelled build can be retried"));
        return;
    }
    let question = format!("Retry build {} of {branch} ({})?", job.id, job.commit_id.chars().take(7).collect::<String>());
    let request = HostingRequest::Retry { app_id, branch, job_id: job.id };
    crate::app::panes::builds::ask_hosting(state, &question, request);
}

fn ask_stop(state: &mut State, _: &mut Cx) {
    let Some((app_id, branch, job)) = target(state) else { return };
    if !job.status.active() {
        state.notice = Some(Notice::info("this build is not running"));
        return;
    }
    let question = format!("Stop build {} of {branch}? It ends as CANCELLED.", job.id);
    let request = HostingRequest::Stop { app_id, branch, job_id: job.id };
    crate::app::panes::builds::ask_hosting(state, &question, request);
}

/// The selected build whole: its commit message, status and times.
fn detail(state: &State) -> Option<crate::app::state::Detail> {
    let clean = crate::util::sanitize::owned;
    let job = selected(state)?;
    let mut lines = vec![
        format!("status: {}", job.status.label()),
        format!("type: {}", clean(&job.job_type)),
        format!("commit: {}", clean(&job.commit_id)),
        format!("started: {}", crate::util::timefmt::iso8601(job.start_ms)),
    ];
    lines.extend(job.end_ms.map(|end| format!("ended: {}", crate::util::timefmt::iso8601(end))));
    lines.push(String::new());
    lines.extend(job.commit_message.lines().map(clean));
    Some(crate::app::state::Detail::new(format!("Build {}", clean(&job.id)), lines).copying(job.commit_id.clone()))
}
