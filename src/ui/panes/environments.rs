//! The Environments pane: sandboxes and branch environments of the account beside the
//! project's git branches.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use crate::app::state::{PaneId, State};
use crate::model::environments::EnvRow;
use crate::ui::status_style;
use crate::ui::widgets::table::{Cell, Column, Table};
use crate::util::timefmt::age;

pub fn summary(state: &State) -> String {
    let git = state.project.git.describe();
    match state.panes.environments.rows.iter().find(|r| r.mine()).and_then(|r| r.env.as_ref()) {
        Some(mine) if !mine.status.is_empty() => format!("{} · yours: {} · {git}", state.panes.environments.rows.len(), mine.status),
        _ => format!("{} · {git}", state.panes.environments.rows.len()),
    }
}

fn columns(width: usize) -> Vec<Column> {
    let (kind, age) = if width >= 60 { (11, 6) } else { (8, 0) };
    let git = if width >= 50 { (width / 4).min(28) } else { 0 };
    let status = (width / 5).clamp(10, 26);
    vec![
        Column { title: "Name".into(), width: width.saturating_sub(kind + git + status + age) },
        Column { title: "Kind".into(), width: kind },
        Column { title: "Git".into(), width: git },
        Column { title: "Status".into(), width: status },
        Column { title: "Age".into(), width: age },
    ]
}

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    let theme = state.theme();
    let table = Table::of(
        state,
        PaneId::Environments,
        columns(usize::from(area.width)),
        vec![Line::from(Span::styled("Looking for environments…", Style::new().fg(theme.muted)))],
    );
    let detail = |i: usize| Some(Span::styled(detail_of(state, state.panes.environments.rows.get(i)?), Style::new().fg(theme.muted)));
    table.draw(state, frame, area, |i| row_cells(state, &state.panes.environments.rows[i]), detail);
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

fn row_cells(state: &State, row: &EnvRow) -> Vec<Cell> {
    let theme = state.theme();
    let followed = row.stack_name() == Some(state.ctx.stack_name.as_str());
    let marker = if followed { "▶ " } else { "  " };
    let name = if row.mine() { format!("{marker}{} (you)", row.name) } else { format!("{marker}{}", row.name) };
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
    let status_style = status_style(theme, &status);
    vec![
        (name, bold),
        (row.kind.as_str().to_owned(), Style::new().fg(theme.muted)),
        (row.git_state(), git_style),
        (status, status_style),
        (updated, Style::new().fg(theme.muted)),
    ]
}
