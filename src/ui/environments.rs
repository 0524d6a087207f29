//! The Environments pane: sandboxes and branch environments of the account beside the
//! project's git branches.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{cell, list_area, status_style, window};
use crate::app::state::{PaneId, State};
use crate::domain::env::EnvKind;
use crate::model::environments::EnvRow;
use crate::util::timefmt::age;

pub fn summary(state: &State) -> String {
    let git = state.git.describe();
    match state.env_rows.iter().find(|r| r.mine()).and_then(|r| r.env.as_ref()) {
        Some(mine) if !mine.status.is_empty() => format!("{} · yours: {} · {git}", state.env_rows.len(), mine.status),
        _ => format!("{} · {git}", state.env_rows.len()),
    }
}

struct Columns {
    name: usize,
    kind: usize,
    git: usize,
    status: usize,
    age: usize,
}

fn columns(width: usize) -> Columns {
    let (kind, age) = if width >= 60 { (11, 6) } else { (8, 0) };
    let git = if width >= 50 { (width / 4).min(28) } else { 0 };
    let status = (width / 5).clamp(10, 26);
    Columns { name: width.saturating_sub(kind + git + status + age), kind, git, status, age }
}

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    let theme = state.theme();
    if state.env_rows.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled("Looking for environments…", Style::new().fg(theme.muted))),
            area,
        );
        return;
    }
    let cols = columns(usize::from(area.width));
    let head =
        [("Name", cols.name), ("Kind", cols.kind), ("Git", cols.git), ("Status", cols.status), ("Age", cols.age)]
            .iter()
            .map(|(t, w)| cell(t, *w))
            .collect::<String>();
    frame.render_widget(
        Paragraph::new(Span::styled(head, Style::new().fg(theme.muted).add_modifier(Modifier::BOLD))),
        Rect { height: 1, ..area },
    );
    let list = list_area(area, 1, 1);
    let view = state.view(PaneId::Environments);
    let focused = state.focus == PaneId::Environments;
    let lines: Vec<Line> = window(state.env_rows.len(), usize::from(list.height), view.offset, view.selected)
        .map(|i| {
            let line = row_line(state, &state.env_rows[i], &cols);
            if focused && i == view.selected { line.style(Style::new().bg(theme.selection_bg)) } else { line }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
    let detail = Rect { y: area.y + area.height.saturating_sub(1), height: 1, ..area };
    if let Some(row) = state.env_rows.get(view.selected) {
        frame.render_widget(
            Paragraph::new(Span::styled(
                super::truncate(&detail_of(state, row), usize::from(area.width)),
                Style::new().fg(theme.muted),
            )),
            detail,
        );
    }
}

/// The selected row in one line: its last commit, or its stack.
fn detail_of(state: &State, row: &EnvRow) -> String {
    let stack = row.stack_name().unwrap_or("no environment");
    match &row.git {
        Some(git) => {
            format!("{}: {} ({} ago) · {stack}", row.name, git.summary, age((state.now_ms - git.time_ms) / 1000))
        }
        None => stack.to_owned(),
    }
}

fn row_line<'a>(state: &State, row: &EnvRow, cols: &Columns) -> Line<'a> {
    let theme = state.theme();
    let followed = row.stack_name() == Some(state.ctx.stack_name.as_str());
    let marker = if followed { "▶ " } else { "  " };
    let name = if row.mine() { format!("{marker}{} (you)", row.name) } else { format!("{marker}{}", row.name) };
    let kind = match row.kind {
        EnvKind::Sandbox => "sandbox",
        EnvKind::Branch => "branch",
        EnvKind::Standalone => "standalone",
    };
    let (status, updated) = match &row.env {
        Some(env) if !env.status.is_empty() => (
            env.status.clone(),
            if env.updated_ms > 0 { age((state.now_ms - env.updated_ms) / 1000) } else { String::new() },
        ),
        Some(_) => ("NOT DEPLOYED".to_owned(), String::new()),
        None => ("—".to_owned(), String::new()),
    };
    let bold = if row.mine() || followed { Style::new().add_modifier(Modifier::BOLD) } else { Style::new() };
    let git_style = if row.git.as_ref().is_some_and(|g| g.current) {
        Style::new().fg(theme.accent)
    } else {
        Style::new().fg(theme.muted)
    };
    Line::from(vec![
        Span::styled(cell(&name, cols.name), bold),
        Span::styled(cell(kind, cols.kind), Style::new().fg(theme.muted)),
        Span::styled(cell(&row.git_state(), cols.git), git_style),
        Span::styled(cell(&status, cols.status), status_style(theme, &status)),
        Span::styled(cell(&updated, cols.age), Style::new().fg(theme.muted)),
    ])
}
