//! The Environments pane: the account's sandboxes, branch environments and standalone stacks
//! beside the project's git branches; following one, deploying a branch, deleting a sandbox.

pub mod model;

use super::{PaneSpec, rows};
use crate::app::intent::Intent;
use crate::app::keymap::{Command, Cx};
use crate::app::overlays::confirm;
use crate::app::pages::Page;
use crate::app::panes::PaneId;
use crate::app::state::{Question, State, Trigger};
use crate::domain::deploy::DeployAction;
use crate::domain::env::EnvKind;
use crate::domain::notice::Notice;
use crate::model::environments::EnvRow;

pub const SPEC: PaneSpec = PaneSpec {
    name: "environments",
    title: "Environments",
    page: Page::Dev,
    len: |s| s.panes.environments.rows.len(),
    header: rows::<1>,
    footer: 1,
    keys: KEYS,
    room: 2,
    detail: Some(detail),
    ..PaneSpec::PLAIN
};

const KEYS: &[Command] = &[
    Command {
        name: "open",
        keys: &["enter"],
        help: "follow the selected environment: the panes show it",
        hint: Some("follow"),
        run: follow_selected,
    },
    Command {
        name: "build",
        keys: &["B"],
        help: "deploy the selected branch environment (pipeline-deploy)",
        hint: Some("deploy branch"),
        run: ask_branch_deploy,
    },
    Command {
        name: "delete",
        keys: &["X"],
        help: "delete the selected sandbox (asks; others' need their name)",
        hint: Some("delete"),
        run: ask_sandbox_delete,
    },
];

fn follow_selected(state: &mut State, cx: &mut Cx) {
    if let Some(row) = state.panes.environments.rows.get(state.view(PaneId::Environments).selected).cloned() {
        cx.push(Intent::Follow(Box::new(row)));
    }
}

/// The environment selected in the Environments pane, or a notice saying to pick one.
fn selected_env(state: &mut State, what: &str) -> Option<EnvRow> {
    let row = state.panes.environments.rows.get(state.view(PaneId::Environments).selected).cloned();
    if row.is_none() {
        state.notice = Some(Notice::info(format!("no {what} to act on: the list is empty")));
    }
    row
}

/// `B` on a branch environment: deploy it as CI would, after a yes.
fn ask_branch_deploy(state: &mut State, _: &mut Cx) {
    let Some(row) = selected_env(state, "a branch environment") else { return };
    // The tag says it; the stack name (`amplify-{app id}-{branch}-branch-…`) says it too.
    let app_id = row.env.as_ref().and_then(|e| e.app_id.clone()).or_else(|| {
        row.stack_name().and_then(crate::amplify::stack_name::parse_stack_name).map(|p| p.namespace.to_owned())
    });
    match (row.kind, row.stack_name(), app_id) {
        (EnvKind::Branch, Some(stack), Some(app_id)) => {
            let lines = vec![
                format!("Deploy branch environment {} (app {app_id}) with ampx pipeline-deploy?", row.name),
                "It runs here as CI would; the panes follow that environment.".into(),
            ];
            let trigger = Trigger::Action(format!("pipeline-deploy of branch {}", row.name));
            let action = DeployAction::Branch { stack: stack.to_owned(), branch: row.name.clone(), app_id };
            let question = Question::yes_or_nothing(" Deploy branch? ", lines, [Intent::Start { trigger, action }]);
            confirm::open(state, question);
        }
        _ => state.notice = Some(Notice::info(format!("{} is not a deployed branch environment", row.name))),
    }
}

/// `X` on a sandbox: delete it, after a yes (yours) or after typing its name (someone else's).
fn ask_sandbox_delete(state: &mut State, _: &mut Cx) {
    let Some(row) = selected_env(state, "a sandbox") else { return };
    match (row.kind, row.stack_name()) {
        (EnvKind::Sandbox, Some(stack)) => {
            let action =
                DeployAction::DeleteSandbox { stack: stack.to_owned(), identifier: row.name.clone(), own: row.mine() };
            confirm::open(state, delete_question(&row.name, row.mine(), action));
        }
        _ => state.notice = Some(Notice::info(format!("{} is not a deployed sandbox", row.name))),
    }
}

/// Deleting your own sandbox takes a yes; someone else's, its name typed.
fn delete_question(identifier: &str, own: bool, action: DeployAction) -> Question {
    let trigger = Trigger::Action(format!("delete of sandbox {identifier}"));
    let delete = [Intent::Start { trigger, action }];
    if own {
        let lines = vec![format!("Delete your sandbox {identifier} and all its data (ampx sandbox delete)?")];
        return Question::yes_or_nothing(" Delete your sandbox? ", lines, delete);
    }
    let lines = vec![
        format!("Sandbox {identifier} is not yours: deleting it destroys a teammate's work and data."),
        format!("Type its name ({identifier}) and press Enter; Esc keeps it."),
    ];
    // Its name overlay says "nothing deleted" on Esc.
    Question::new(" Delete someone else's sandbox? ", lines).yes(delete).typed(Some(identifier.to_owned()))
}

/// The selected environment whole: its stack, status, branch and app.
fn detail(state: &State) -> Option<crate::app::state::Detail> {
    let row = state.panes.environments.rows.get(state.view(PaneId::Environments).selected)?;
    let clean = crate::util::sanitize::owned;
    let mut lines = vec![format!("name: {}", clean(&row.name)), format!("kind: {:?}", row.kind)];
    if let Some(env) = &row.env {
        lines.push(format!("stack: {}", clean(&env.stack_name)));
        lines.push(format!("status: {}", clean(&env.status)));
        lines.push(format!("yours: {}", if env.mine { "yes" } else { "no" }));
        if let Some(app) = &env.app_id {
            lines.push(format!("Amplify app: {}", clean(app)));
        }
    } else {
        lines.push("not deployed".into());
    }
    if row.remote_only {
        lines.push("branch: only on the remote".into());
    }
    let copy = row.stack_name().unwrap_or(&row.name).to_owned();
    Some(crate::app::state::Detail::new(format!("Environment {}", clean(&row.name)), lines).copying(copy))
}
