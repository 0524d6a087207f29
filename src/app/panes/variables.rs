//! The Variables pane: the environment variables the selected branch builds with, the app's
//! and the branch's own (which win), each saying where it comes from. Setting one picks where
//! (this branch or the whole app), asks for the value, then shows the old beside the new
//! before it is saved; removing one asks first. Either applies to the next build.

use super::{PaneSpec, rows};
use crate::app::keymap::{Command, Cx};
use crate::app::overlays::{ask, pick};
use crate::app::pages::Page;
use crate::app::panes::PaneId;
use crate::app::state::{AskFor, Overlay, State};
use crate::domain::hosting::{HostingRequest, Scope, Variables};
use crate::domain::notice::Notice;
use crate::model::hosting::{Effective, From, effective};

pub const SPEC: PaneSpec = PaneSpec {
    name: "variables",
    title: "Variables",
    page: Page::Hosting,
    len: |s| rows_of(s).len(),
    header: rows::<1>,
    footer: 1,
    keys: KEYS,
    room: 2,
    answered: Some(answered),
    detail: Some(detail),
    ..PaneSpec::PLAIN
};

const KEYS: &[Command] = &[
    Command {
        name: "edit",
        keys: &["e"],
        help: "set the selected variable's value, on this branch or on the app (picked, then asks the value)",
        hint: Some("edit"),
        run: pick_scope,
    },
    Command { name: "new", keys: &["a"], help: "add a variable to this branch (NAME=value)", hint: Some("add"), run: add },
    Command {
        name: "delete",
        keys: &["X"],
        help: "remove the selected variable from where it is set (asks)",
        hint: None,
        run: ask_remove,
    },
];

/// The two places a variable can be set, as the picker offers them.
const ON_BRANCH: &str = "this branch only";
const ON_APP: &str = "the app: every branch without its own";

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

fn selected_row(state: &mut State) -> Option<Effective> {
    let row = rows_of(state).get(state.view(PaneId::Variables).selected).cloned();
    if row.is_none() {
        state.notice = Some(Notice::info("no variable selected: a adds one"));
    }
    row
}

fn pick_scope(state: &mut State, _: &mut Cx) {
    let Some(row) = selected_row(state) else { return };
    let prompt = format!("Set {} on", crate::util::sanitize::owned(&row.name));
    let choices = vec![ON_BRANCH.to_owned(), ON_APP.to_owned()];
    pick::open(state, PaneId::Variables, AskFor::VariableScope { name: row.name }, &prompt, choices);
}

/// Asks the value of `name` on the branch or the app, starting from the value set there.
fn edit(state: &mut State, name: &str, app: bool) -> Result<(), String> {
    let row = rows_of(state).into_iter().find(|r| r.name == name).ok_or("that variable is gone: r in Builds reads them again")?;
    let Some(scope) = scope(state, app) else { return Ok(()) };
    // A branch's own value hides the app's: editing the app's starts from the app's.
    let value = match (app, row.from) {
        (true, From::Branch) => row.shadows.clone().unwrap_or_default(),
        _ => row.value.clone(),
    };
    let rule = format!("the value of {} for {}; it applies to the next build", row.name, scope_label(&scope));
    ask::open(state, PaneId::Variables, AskFor::Variable { scope, name: Some(row.name.clone()) }, &row.name, &rule, false);
    if let Some(Overlay::Ask(ask)) = state.overlay.as_mut() {
        ask.text = crate::app::text_input::TextInput::new(value);
    }
    Ok(())
}

fn ask_remove(state: &mut State, _: &mut Cx) {
    let Some(row) = selected_row(state) else { return };
    let Some(app) = state.panes.builds.app.as_ref() else { return };
    let (scope, all, after) = match row.from {
        From::App => (Scope::App, app.variables.clone(), "Branches without their own build without it from their next build."),
        From::Branch => {
            let Some(branch) = crate::app::panes::builds::selected(state) else { return };
            let after = if row.shadows.is_some() {
                "The branch builds with the app's value again from its next build."
            } else {
                "The branch builds without it from its next build."
            };
            (Scope::Branch(branch.name.clone()), branch.variables.clone(), after)
        }
    };
    let question = format!("Remove {} from {}? {after}", row.name, scope_label(&scope));
    let request = HostingRequest::SetVariable { app_id: app.id.clone(), scope, all, name: row.name, value: None };
    crate::app::panes::builds::ask_hosting(state, &question, request);
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
    let (scope, name) = match purpose {
        AskFor::VariableScope { name } => return edit(state, &name, text == ON_APP),
        AskFor::Variable { scope, name } => (scope, name),
        _ => return Ok(()),
    };
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
    let request = HostingRequest::SetVariable { app_id: app.id.clone(), scope, all, name, value: Some(value) };
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
