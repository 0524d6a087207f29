//! Yes/no questions and typed-name confirmations.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{framed, popup};
use crate::app::keymap::Scope;
use crate::app::overlays::OverlayKind;
use crate::app::state::{AccessAction, Confirm, State};
use crate::domain::deploy::DeployAction;
use crate::util::sanitize::owned as clean;

pub fn draw(state: &State, question: &Confirm, frame: &mut Frame, area: Rect) {
    let theme = state.theme();
    let typed = question.name_to_type().is_some();
    let (title, text): (&str, Vec<String>) = match question {
        Confirm::Action(DeployAction::Branch { branch, app_id, .. }) => (
            " Deploy branch? ",
            vec![
                format!("Deploy branch environment {branch} (app {app_id}) with ampx pipeline-deploy?"),
                "It runs here as CI would; the panes follow that environment.".into(),
            ],
        ),
        Confirm::Action(DeployAction::DeleteSandbox { identifier, own: true, .. }) => (
            " Delete your sandbox? ",
            vec![format!("Delete your sandbox {identifier} and all its data (ampx sandbox delete)?")],
        ),
        Confirm::Action(DeployAction::DeleteSandbox { identifier, .. }) => (
            " Delete someone else's sandbox? ",
            vec![
                format!("Sandbox {identifier} is not yours: deleting it destroys a teammate's work and data."),
                format!("Type its name ({identifier}) and press Enter to delete it; Esc keeps it."),
                format!("> {}▏", state.confirm_input),
            ],
        ),
        Confirm::Action(DeployAction::Sandbox { .. }) => (" Deploy? ", vec!["Deploy your sandbox?".into()]),
        Confirm::Action(DeployAction::Seed) => {
            (" Seed? ", vec!["Run amplify/seed/seed.ts against your sandbox?".into()])
        }
        Confirm::Access { action, typed } => access(state, action, typed.as_deref()),
        Confirm::Invoke(request) => (
            " Invoke? ",
            vec![
                format!(
                    "Invoke {} of branch environment {} with {}?",
                    clean(&request.function),
                    state.ctx.environment,
                    clean(&request.event)
                ),
                "It runs for real there: what it writes, it writes.".into(),
            ],
        ),
        Confirm::Hosting { question, .. } => {
            (" Amplify Hosting ", vec![clean(question), "y goes ahead; any other key keeps things as they are.".into()])
        }
        Confirm::Quit => (
            " Quit? ",
            vec!["A deploy is running.".into(), "Quit and stop it? CloudFormation may keep updating the stack.".into()],
        ),
        Confirm::DeployBulk { files, git } => (
            " Deploy? ",
            vec![
                if *git {
                    format!("{files} files changed with a git checkout, rebase or pull.")
                } else {
                    format!("{files} files changed at once.")
                },
                "Deploy them to the sandbox now? (No keeps them pending: d deploys later)".into(),
            ],
        ),
        Confirm::CancelUpdate => (
            " Roll back? ",
            vec![
                "The deploy command stopped, but CloudFormation is still updating the stack.".into(),
                "Cancel the update and roll the stack back (CancelUpdateStack)?".into(),
            ],
        ),
        Confirm::RecreateSandbox => (
            " Recreate the sandbox? ",
            vec![
                "CloudFormation cannot apply this change in place (CFNUpdateNotSupportedError).".into(),
                "Delete the sandbox, with all its data, and deploy it anew?".into(),
            ],
        ),
    };
    let mut lines: Vec<Line> = text.into_iter().map(Line::from).collect();
    lines.push(Line::from(""));
    if !typed {
        let label = |name: &str| {
            let keys = state.keymap.get(Scope::Overlay(OverlayKind::Confirm), name).map(|b| b.keys.clone());
            keys.unwrap_or_default().iter().map(|k| k.label()).collect::<Vec<_>>().join(" / ")
        };
        lines.push(Line::from(vec![
            Span::styled(
                label("yes").split(" / ").next().unwrap_or("y").to_owned(),
                Style::new().fg(theme.status_failed).add_modifier(Modifier::BOLD),
            ),
            Span::raw(" yes   "),
            Span::styled(label("no"), Style::new().fg(theme.accent).add_modifier(Modifier::BOLD)),
            Span::raw(" no (default)"),
        ]));
    }
    let width = lines.iter().map(Line::width).max().unwrap_or(40) as u16 + 4;
    let rect = popup(area, width, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(framed(state, title)), rect);
}

fn access(state: &State, action: &AccessAction, typed: Option<&str>) -> (&'static str, Vec<String>) {
    let (title, mut text) = match action {
        AccessAction::DeleteUser { label, .. } => (
            " Delete the user? ",
            vec![format!("Delete user {} from the pool of {}?", clean(label), state.ctx.environment)],
        ),
        AccessAction::RemoveSecret { name, path } => (
            " Remove the secret? ",
            vec![
                format!("Remove secret {} ({})?", clean(name), clean(path)),
                "Functions keep the value they have until the next deploy.".into(),
            ],
        ),
        AccessAction::DeleteRecord { model, key, .. } => (
            " Delete the record? ",
            vec![
                format!(
                    "Delete {} {} from {}?",
                    clean(model),
                    clean(&crate::domain::data::key_text(key)),
                    state.ctx.environment
                ),
                "It goes straight from the table, past the API's authorization rules.".into(),
            ],
        ),
        AccessAction::DeleteObject { bucket, key } => {
            (" Delete the file? ", vec![format!("Delete {} from bucket {}?", clean(key), clean(bucket))])
        }
    };
    if let Some(name) = typed {
        text.push(format!("This is shared with others: type {} and press Enter; Esc keeps it.", clean(name)));
        text.push(format!("> {}▏", clean(&state.confirm_input)));
    }
    (title, text)
}
