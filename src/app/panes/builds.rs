//! The Builds pane: the project's Amplify app's hosted branches, each with its newest build
//! (status, commit, start, duration, how it was started), pull-request previews marked with
//! their number; from here a build is started, and a branch's address copied. When the
//! project names no app, it lists the account's apps to pick one.

pub mod replies;

use super::{PaneSpec, rows};
use crate::app::intent::Intent;
use crate::app::Effect;
use crate::app::keymap::{Command, Cx};
use crate::app::pages::Page;
use crate::app::panes::PaneId;
use crate::app::state::{Question, State};
use crate::domain::hosting::{Branch, HostingRequest};
use crate::domain::health::Source;
use crate::domain::notice::Notice;
use crate::domain::secret::SecretText;

pub const SPEC: PaneSpec = PaneSpec {
    name: "builds",
    title: "Builds",
    page: Page::Hosting,
    len: |s| if s.panes.builds.picking() { s.panes.builds.apps.len() } else { s.panes.builds.branches.len() },
    header: rows::<1>,
    footer: 1,
    keys: KEYS,
    room: 2,
    on_event: Some(replies::on_event),
    refresh: Some(replies::refresh),
    problem: Some((Source::Hosting, |s| s.panes.builds.problem.as_ref().map(|(_, p)| p))),
    detail: Some(detail),
    ..PaneSpec::PLAIN
};

const KEYS: &[Command] = &[
    Command {
        name: "open",
        keys: &["enter"],
        help: "the selected branch's builds (or, listing apps, pick the selected one)",
        hint: Some("builds"),
        run: open,
    },
    Command { name: "build", keys: &["B"], help: "start a build of the selected branch (asks)", hint: Some("build"), run: ask_start },
    Command {
        name: "copy",
        keys: &["c"],
        help: "copy the selected branch's address (OSC 52)",
        hint: Some("copy url"),
        run: copy_url,
    },
    Command { name: "pick", keys: &["p"], help: "pick another Amplify app of the account", hint: None, run: choose_app },
    Command { name: "reload", keys: &["r"], help: "read the app's branches and builds again", hint: None, run: |s, _| {
        s.panes.builds.reload();
        s.notice = Some(Notice::info("reading the app's branches and builds again…"));
    } },
];

pub fn selected(state: &State) -> Option<&Branch> {
    state.panes.builds.branches.get(state.view(PaneId::Builds).selected)
}

/// The app and the selected branch, or a notice why not.
pub fn target(state: &mut State) -> Option<(String, String)> {
    let found = state.panes.builds.app_id.clone().zip(selected(state).map(|b| b.name.clone()));
    if found.is_none() {
        state.notice = Some(Notice::info("no hosted branch selected"));
    }
    found
}

fn open(state: &mut State, _: &mut Cx) {
    if !state.panes.builds.picking() {
        return crate::app::focus::focus(state, PaneId::Jobs);
    }
    let row = state.view(PaneId::Builds).selected;
    if let Some(id) = state.panes.builds.pick(row) {
        *state.view_mut(PaneId::Builds) = Default::default();
        state.notice = Some(Notice::info(format!("showing app {id} (app_id = \"{id}\" in ampdeck.toml makes it stay)")));
    }
}

fn choose_app(state: &mut State, _: &mut Cx) {
    state.panes.builds.choose_again();
    *state.view_mut(PaneId::Builds) = Default::default();
}

fn ask_start(state: &mut State, _: &mut Cx) {
    let Some((app_id, branch)) = target(state) else { return };
    let question = format!("Start a build of {branch} (RELEASE, its newest commit)?");
    ask_hosting(state, &question, HostingRequest::Start { app_id, branch });
}

/// Asks before `request` changes something in Amplify Hosting (the Hosting page's panes).
pub fn ask_hosting(state: &mut State, question: &str, request: HostingRequest) {
    let lines =
        vec![crate::util::sanitize::owned(question), "y goes ahead; any other key keeps things as they are.".into()];
    let asking = Notice::info("asking Amplify Hosting…").into();
    let question = Question::yes_or_nothing(" Amplify Hosting ", lines, [asking, Effect::Hosting(request).into()]);
    crate::app::overlays::confirm::open(state, question);
}

fn copy_url(state: &mut State, cx: &mut Cx) {
    let Some(url) = state.panes.builds.app.as_ref().zip(selected(state)).map(|(a, b)| crate::model::hosting::url(a, b)) else {
        state.notice = Some(Notice::info("no hosted branch selected"));
        return;
    };
    cx.push(Intent::Copy { what: "copied the branch's address".into(), text: SecretText::new(url), secret: false });
}

/// The selected branch whole: where it is served, its stage, stack and builds.
fn detail(state: &State) -> Option<crate::app::state::Detail> {
    let clean = crate::util::sanitize::owned;
    let branch = selected(state)?;
    let app = state.panes.builds.app.as_ref()?;
    let url = crate::model::hosting::url(app, branch);
    let mut lines = vec![
        format!("address: {url}"),
        format!("stage: {}", clean(&branch.stage)),
        format!("builds: {}", branch.total_jobs),
    ];
    lines.extend(branch.source_branch.as_ref().map(|s| format!("preview of: {}", clean(s))));
    lines.extend(branch.stack_arn.as_ref().map(|s| format!("backend stack: {}", clean(s))));
    lines.extend(branch.variables.0.iter().map(|(k, v)| format!("variable {} = {}", clean(k), clean(v))));
    Some(crate::app::state::Detail::new(format!("Branch {}", clean(&branch.name)), lines).copying(url))
}
