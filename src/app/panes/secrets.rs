//! The Secrets pane: the secrets the backend reads (`secret('NAME')`) beside those set for the
//! followed environment, missing ones first; setting one (typed masked, never shown or kept),
//! showing one value on demand, removing one.

pub mod replies;

use super::{PaneSpec, rows};
use crate::app::Effect;
use crate::app::keymap::{Command, Cx};
use crate::app::overlays::ask;
use crate::app::pages::Page;
use crate::app::panes::PaneId;
use crate::app::panes::followed_kind;
use crate::app::overlays::confirm;
use crate::app::state::{AskFor, Question, State};
use crate::util::sanitize::owned as clean;
use crate::domain::env::EnvKind;
use crate::domain::health::Source;
use crate::domain::notice::Notice;
use crate::domain::secret::SecretText;
use crate::domain::secrets::{SecretScope, SecretsRequest};
use crate::model::secrets::SecretRow;

pub const SPEC: PaneSpec = PaneSpec {
    name: "secrets",
    title: "Secrets",
    page: Page::Access,
    len: |s| s.panes.secrets.rows.len(),
    header: rows::<1>,
    footer: 1,
    keys: KEYS,
    room: 2,
    answered: Some(answered),
    on_event: Some(replies::on_event),
    refresh: Some(replies::refresh),
    detail: Some(detail),
    problem: Some((Source::Secrets, |s| s.panes.secrets.problem.as_ref().map(|(_, p)| p))),
    ..PaneSpec::PLAIN
};

const KEYS: &[Command] = &[
    Command {
        name: "edit",
        keys: &["e"],
        help: "set the selected secret's value (typed hidden)",
        hint: Some("set"),
        run: set_selected,
    },
    Command { name: "new", keys: &["a"], help: "set a secret by name", hint: Some("new"), run: new_secret },
    Command {
        name: "toggle",
        keys: &["space"],
        help: "show the selected value / hide it (hidden again when you move)",
        hint: Some("show"),
        run: reveal,
    },
    Command { name: "delete", keys: &["X"], help: "remove the selected secret (asks)", hint: None, run: ask_remove },
    Command { name: "reload", keys: &["r"], help: "read the secrets again", hint: None, run: |s, _| {
        s.panes.secrets.reload();
        s.notice = Some(Notice::info("reading the secrets again…"));
    } },
];

fn selected(state: &mut State) -> Option<SecretRow> {
    let row = state.panes.secrets.rows.get(state.view(PaneId::Secrets).selected).cloned();
    if row.is_none() {
        state.notice = Some(Notice::info("no secret selected: a sets one by name"));
    }
    row
}

fn ready(state: &mut State) -> bool {
    if state.panes.secrets.paths.is_none() {
        state.notice = Some(Notice::info("this stack is not an Amplify backend: it has no secrets"));
    }
    state.panes.secrets.paths.is_some()
}

fn set_selected(state: &mut State, _: &mut Cx) {
    if !ready(state) {
        return;
    }
    let Some(row) = selected(state) else { return };
    ask_value(state, row.name);
}

fn ask_value(state: &mut State, name: String) {
    let prompt = format!("Value of {name}");
    let rule = "typed hidden; ampdeck keeps no copy. Functions read it after the next deploy";
    ask::open(state, PaneId::Secrets, AskFor::SecretValue { name }, &prompt, rule, true);
}

fn new_secret(state: &mut State, _: &mut Cx) {
    if ready(state) {
        ask::open(state, PaneId::Secrets, AskFor::SecretName, "Name of the secret", crate::amplify::secrets::NAME_RULE, false);
    }
}

fn reveal(state: &mut State, cx: &mut Cx) {
    let Some(row) = selected(state) else { return };
    if state.panes.secrets.value_of(&row).is_some() {
        state.panes.secrets.hide();
        return;
    }
    match row.effective() {
        Some(entry) => cx.push(Effect::Secrets(SecretsRequest::Reveal { path: entry.path.clone() })),
        None => state.notice = Some(Notice::info(format!("{} is not set: e sets it", row.name))),
    }
}

/// Removing is confirmed; a branch environment's secret, or a shared one (every environment
/// of the app reads it), only after typing its name.
fn ask_remove(state: &mut State, _: &mut Cx) {
    let Some(row) = selected(state) else { return };
    let Some(entry) = row.effective().cloned() else {
        state.notice = Some(Notice::info(format!("{} is not set: nothing to remove", row.name)));
        return;
    };
    let shared = entry.scope == SecretScope::Shared;
    let typed = (shared || followed_kind(state) == Some(EnvKind::Branch)).then(|| row.name.clone());
    let lines = vec![
        format!("Remove secret {} ({})?", clean(&row.name), clean(&entry.path)),
        "Functions keep the value they have until the next deploy.".into(),
    ];
    let removing = Notice::info(format!("removing {}…", row.name)).into();
    let remove = Effect::Secrets(SecretsRequest::Remove { path: entry.path, name: row.name }).into();
    let question = Question::yes_or_nothing(" Remove the secret? ", lines, [removing, remove])
        .shared(typed);
    confirm::open(state, question);
}

/// The answer typed into an [`crate::app::state::Ask`] of this pane.
pub fn answered(state: &mut State, purpose: AskFor, text: String, cx: &mut Cx) -> Result<(), String> {
    match purpose {
        AskFor::SecretName => {
            let name = text.trim().to_owned();
            if !crate::amplify::secrets::valid_name(&name) {
                return Err(format!("not a secret name: {}", crate::amplify::secrets::NAME_RULE));
            }
            ask_value(state, name);
        }
        AskFor::SecretValue { name } => {
            if text.is_empty() {
                return Err("an empty value cannot be stored (SSM refuses it)".into());
            }
            let Some(paths) = state.panes.secrets.paths.clone() else { return Err("no secrets here".into()) };
            state.notice = Some(Notice::info(format!("setting {name}…")));
            cx.push(Effect::Secrets(SecretsRequest::Set { path: paths.path(&name), name, value: SecretText::new(text) }));
        }
        _ => {}
    }
    Ok(())
}

/// The selected secret whole: where it is set and, once shown with Enter, its value.
fn detail(state: &State) -> Option<crate::app::state::Detail> {
    let row = state.panes.secrets.rows.get(state.view(PaneId::Secrets).selected)?;
    let clean = crate::util::sanitize::owned;
    let mut lines = vec![format!("name: {}", clean(&row.name))];
    lines.push(format!("read by the backend: {}", if row.needed { "yes" } else { "no" }));
    for (scope, entry) in [("this environment", &row.own), ("shared", &row.shared)] {
        if let Some(e) = entry {
            lines.push(format!("{scope}: {} (version {})", clean(&e.path), e.version));
        }
    }
    let value = state.panes.secrets.value_of(row).map(|v| clean(v.expose()));
    match &value {
        Some(v) => lines.push(format!("value: {v}")),
        None => lines.push("value: hidden (Space shows it)".into()),
    }
    let detail = crate::app::state::Detail::new(format!("Secret {}", clean(&row.name)), lines);
    Some(match value {
        Some(v) => detail.copying_secret(v),
        None => detail,
    })
}
