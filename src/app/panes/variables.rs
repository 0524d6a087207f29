//! The Variables pane: the environment variables the selected branch builds with, the app's
//! and the branch's own (which win), each saying where it comes from; setting one asks for
//! the value, then shows the old beside the new before it is saved. It applies to the next
//! build.

use super::{PaneSpec, rows};
use crate::app::keymap::{Command, Cx};
use crate::app::overlays::ask;
use crate::app::pages::Page;
use crate::app::panes::PaneId;
use crate::app::state::{AskFor, Overlay, State};
use crate::domain::hosting::{HostingRequest, Scope, Variables};
use crate::domain::notice::Notice;
use crate::model::hosting::{Effective, effective};

pub const SPEC: PaneSpec = PaneSpec {
    name: "variables",
    title: "Variables",
    page: Page::Hosting,
    follows: false,
    len: |s| rows_of(s).len(),
    header: rows::<1>,
    footer: 1,
    keys: KEYS,
    filter: None,
    room: 2,
    answered: Some(answered),
    on_event: None,
    refresh: None,
    detail: Some(detail),
};

const KEYS: &[Command] = &[
    Command {
        name: "edit",
        keys: &["e"],
        help: "set the selected variable on this branch (asks the value)",
        hint: Some("edit"),
        run: |s, cx| edit(s, false, cx),
    },
    Command {
        name: "edit-app",
        keys: &["E"],
        help: "set the selected variable on the app, for every branch (asks the value)",
        hint: None,
        run: |s, cx| edit(s, true, cx),
    },
    Command { name: "add", keys: &["A"], help: "add a variable to this branch (NAME=value)", hint: Some("add"), run: add },
];

/// What the selected branch builds with.
pub fn rows_of(state: &State) -> Vec<Effective> {
    let app = state.panes.builds.app.as_ref().map(|a| a.variables.clone()).unwrap_or_default();
    let own = crate::app::panes::builds::selected(state).map(|b| b.variables.clone()).unwrap_or_default();
    effective(&app, &own)
}

fn scope(state: &mut State, app: bool) -> Option<Scope> {
    if app {
        return Some(Scope::App);
    }
    let branch = crate::app::panes::builds::selected(state).map(|b| b.name.clone());
    if branch.is_none() {
        state.notice = Some(Notice::info("select a branch in the Builds pane first"));
    }
    branch.map(Scope::Branch)
}

fn edit(state: &mut State, app: bool, _: &mut Cx) {
    let Some(row) = rows_of(state).get(state.view(PaneId::Variables).selected).cloned() else {
        state.notice = Some(Notice::info("no variable selected: A adds one"));
        return;
    };
    let Some(scope) = scope(state, app) else { return };
    let rule = format!("the value of {} for {}; it applies to the next build", row.name, scope_label(&scope));
    ask::open(state, PaneId::Variables, AskFor::Variable { scope, name: Some(row.name.clone()) }, &row.name, &rule, false);
    if let Some(Overlay::Ask(ask)) = state.overlay.as_mut() {
        ask.text = crate::app::text_input::TextInput::new(row.value);
    }
}

fn add(state: &mut State, _: &mut Cx) {
    let Some(scope) = scope(state, false) else { return };
    let rule = format!("NAME=value, set on {}; it applies to the next build", scope_label(&scope));
    ask::open(state, PaneId::Variables, AskFor::Variable { scope, name: None }, "New variable", &rule, false);
}

fn scope_label(scope: &Scope) -> String {
    match scope {
        Scope::App => "the app (every branch without its own)".into(),
        Scope::Branch(b) => format!("branch {b}"),
    }
}

/// The typed value: the question with the old value beside the new one.
pub fn answered(state: &mut State, purpose: AskFor, text: String, _: &mut Cx) -> Result<(), String> {
    let AskFor::Variable { scope, name } = purpose else { return Ok(()) };
    let (name, value) = match name {
        Some(name) => (name, text),
        None => {
            let (n, v) = text.split_once('=').ok_or("type NAME=value")?;
            (n.trim().to_owned(), v.to_owned())
        }
    };
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err("a name is letters, digits and _".into());
    }
    let Some(app) = state.panes.builds.app.as_ref() else { return Err("the app is not read yet".into()) };
    let all: Variables = match &scope {
        Scope::App => app.variables.clone(),
        Scope::Branch(b) => state.panes.builds.branches.iter().find(|x| &x.name == b).map(|x| x.variables.clone()).unwrap_or_default(),
    };
    let own = all.0.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone());
    // A branch value replaces the app's for that branch: that is the old value its builds saw.
    let inherited = matches!(scope, Scope::Branch(_))
        .then(|| app.variables.0.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone()))
        .flatten();
    let change = match (&own, &inherited) {
        (Some(old), _) => format!("{name}: {old} → {value}"),
        (None, Some(old)) => format!("{name}: {old} (the app's) → {value}"),
        (None, None) => format!("{name} = {value} (new)"),
    };
    let question = format!("Set {change} on {}? It applies to the next build.", scope_label(&scope));
    let request = HostingRequest::SetVariable { app_id: app.id.clone(), scope, all, name, value };
    crate::app::panes::builds::ask_hosting(state, &question, request);
    Ok(())
}

/// The selected variable whole: its value, where it comes from, what it replaces.
fn detail(state: &State) -> Option<crate::app::state::Detail> {
    let row = rows_of(state).get(state.view(PaneId::Variables).selected).cloned()?;
    let clean = crate::util::sanitize::owned;
    let mut lines = vec![format!("{} = {}", clean(&row.name), clean(&row.value)), format!("from: {:?}", row.from)];
    if let Some(old) = &row.shadows {
        lines.push(format!("replaces the app's: {}", clean(old)));
    }
    Some(crate::app::state::Detail::new(format!("Variable {}", clean(&row.name)), lines).copying(row.value))
}
