//! Popups over the panes: help (generated from the key table) and the quit confirmation.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use crate::app::keymap::BINDINGS;
use crate::app::state::{Confirm, Overlay, State};
use crate::domain::deploy::DeployAction;
use crate::model::outputs::Change;
use crate::ui::truncate;

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    match &state.overlay {
        Some(Overlay::Help) => help(state, frame, area),
        Some(Overlay::Outputs) => outputs(state, frame, area),
        Some(Overlay::Confirm(question)) => confirm(state, question, frame, area),
        Some(Overlay::Functions) => functions(state, frame, area),
        Some(Overlay::Filter) | None => {}
    }
}

fn popup(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(area.x + (area.width - w) / 2, area.y + (area.height - h) / 2, w, h)
}

fn framed<'a>(state: &State, title: &'a str) -> Block<'a> {
    let theme = state.theme();
    Block::new()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(Style::new().fg(theme.border_focused))
        .title(Span::styled(title, Style::new().fg(theme.title_focused).add_modifier(Modifier::BOLD)))
        .style(Style::new().fg(theme.fg).bg(theme.status_bar_bg))
}

fn help(state: &State, frame: &mut Frame, area: Rect) {
    let theme = state.theme();
    let key_w = BINDINGS.iter().map(|b| b.label.chars().count()).max().unwrap_or(8) + 2;
    let widest = BINDINGS.iter().map(|b| b.help.chars().count()).max().unwrap_or(40) + 2;
    // Too many keys for the height: columns side by side, the texts shortened to fit.
    let columns = (1..=3).find(|c| BINDINGS.len().div_ceil(*c) + 5 <= usize::from(area.height)).unwrap_or(3);
    let help_w = if columns > 1 {
        (usize::from(area.width).saturating_sub(4) / columns).saturating_sub(key_w).min(widest)
    } else {
        widest
    };

    let rows = BINDINGS.len().div_ceil(columns);
    let key_style = Style::new().fg(theme.accent).add_modifier(Modifier::BOLD);
    let mut lines: Vec<Line> = (0..rows)
        .map(|row| {
            let mut spans = Vec::new();
            for (col, b) in (0..columns).filter_map(|c| BINDINGS.get(c * rows + row).map(|b| (c, b))) {
                let text = truncate(b.help, help_w.saturating_sub(1));
                let help = if col + 1 < columns { format!("{text:<help_w$}") } else { text };
                spans.push(Span::styled(format!("{:<key_w$}", b.label), key_style));
                spans.push(Span::raw(help));
            }
            Line::from(spans)
        })
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        "Mouse: click focuses a pane, the wheel scrolls it.",
        Style::new().fg(theme.muted),
    )));
    lines.push(Line::from(Span::styled("Esc or ? closes this help.", Style::new().fg(theme.muted))));
    let width = lines.iter().map(Line::width).max().unwrap_or(40) as u16 + 4;
    let rect = popup(area, width, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(framed(state, " Keys ")), rect);
}

fn confirm(state: &State, question: &Confirm, frame: &mut Frame, area: Rect) {
    let theme = state.theme();
    let typed = matches!(question, Confirm::Action(DeployAction::DeleteSandbox { own: false, .. }));
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
        lines.push(Line::from(vec![
            Span::styled("y", Style::new().fg(theme.status_failed).add_modifier(Modifier::BOLD)),
            Span::raw(" yes   "),
            Span::styled("n / Esc", Style::new().fg(theme.accent).add_modifier(Modifier::BOLD)),
            Span::raw(" no (default)"),
        ]));
    }
    let width = lines.iter().map(Line::width).max().unwrap_or(40) as u16 + 4;
    let rect = popup(area, width, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(framed(state, title)), rect);
}

fn outputs(state: &State, frame: &mut Frame, area: Rect) {
    let theme = state.theme();
    let Some(diff) = &state.outputs_diff else { return };
    let room = usize::from(area.height.saturating_sub(6));
    let width = usize::from(area.width.saturating_sub(6)).min(110);
    let mut lines: Vec<Line> = diff
        .changes
        .iter()
        .take(room)
        .map(|change| {
            let (mark, colour, text) = match change {
                Change::Added { path, value } => ("+ ", theme.status_complete, format!("{path} = {value}")),
                Change::Removed { path, value } => ("- ", theme.status_failed, format!("{path} (was {value})")),
                Change::Changed { path, old, new } => {
                    ("~ ", theme.status_in_progress, format!("{path}: {old} → {new}"))
                }
            };
            Line::from(vec![
                Span::styled(mark, Style::new().fg(colour).add_modifier(Modifier::BOLD)),
                Span::raw(truncate(&text, width.saturating_sub(2))),
            ])
        })
        .collect();
    let hidden = diff.changes.len().saturating_sub(room) + diff.more;
    if hidden > 0 {
        lines.push(Line::from(Span::styled(format!("… and {hidden} more"), Style::new().fg(theme.muted))));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled("Esc closes · o shows this again", Style::new().fg(theme.muted))));
    let w = lines.iter().map(Line::width).max().unwrap_or(40) as u16 + 4;
    let rect = popup(area, w, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(framed(state, " amplify_outputs.json changed ")), rect);
}

/// The functions of the Logs pane with their figures; space shows or hides one.
fn functions(state: &State, frame: &mut Frame, area: Rect) {
    let theme = state.theme();
    let hidden = &state.logs.view().hidden;
    let mut lines: Vec<Line> = Vec::new();
    for (i, (name, f)) in state.logs.functions().iter().enumerate() {
        let shown = if hidden.contains(name) { "[ ]" } else { "[x]" };
        let ms = |p| f.percentile(p).map_or("–".into(), |d: f64| format!("{d:.0} ms"));
        let internal = if f.internal { " (Amplify's own)" } else { "" };
        let text = format!(
            "{shown} {name}{internal}  {}×  {} err  p50 {}  p95 {}  {} cold  {} MB",
            f.invocations,
            f.errors,
            ms(50.0),
            ms(95.0),
            f.cold_starts,
            f.max_memory_mb
        );
        let style = if i == state.function_cursor { Style::new().bg(theme.selection_bg) } else { Style::new() };
        lines.push(Line::from(Span::styled(text, style.fg(crate::ui::logs::function_colour(theme, name)))));
    }
    if lines.is_empty() {
        lines.push(Line::from(Span::styled("No function has logged yet.", Style::new().fg(theme.muted))));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        "j/k move · space show/hide · any other key closes",
        Style::new().fg(theme.muted),
    )));
    let width = lines.iter().map(Line::width).max().unwrap_or(40) as u16 + 4;
    let rect = popup(area, width, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(framed(state, " Functions ")), rect);
}
