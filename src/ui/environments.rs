//! The Environments pane: sandboxes and branch environments of the account.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{cell, list_area, status_style, window};
use crate::app::state::{PaneId, State};
use crate::cloud::{EnvKind, Environment};
use crate::timefmt::age;

pub fn summary(state: &State) -> String {
    match state.envs.iter().find(|e| e.mine) {
        Some(mine) if !mine.status.is_empty() => {
            format!("{} · yours: {}", state.envs.len(), mine.status)
        }
        Some(_) => format!("{} · yours: not deployed", state.envs.len()),
        None => format!("{}", state.envs.len()),
    }
}

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    let theme = state.theme();
    if state.envs.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled("Looking for environments…", Style::new().fg(theme.muted))),
            area,
        );
        return;
    }
    let width = usize::from(area.width);
    let (kind_w, age_w) = (11, 6);
    let status_w = (width / 3).min(26);
    let name_w = width.saturating_sub(kind_w + status_w + age_w);
    let head =
        format!("{}{}{}{}", cell("Name", name_w), cell("Kind", kind_w), cell("Status", status_w), cell("Age", age_w));
    frame.render_widget(
        Paragraph::new(Span::styled(head, Style::new().fg(theme.muted).add_modifier(Modifier::BOLD))),
        Rect { height: 1, ..area },
    );
    let list = list_area(area, 1, 0);
    let view = state.view(PaneId::Environments);
    let focused = state.focus == PaneId::Environments;
    let lines: Vec<Line> = window(state.envs.len(), usize::from(list.height), view.offset, view.selected)
        .map(|i| {
            let env: &Environment = &state.envs[i];
            let name = if env.mine { format!("● {} (you)", env.name) } else { format!("  {}", env.name) };
            let kind = match env.kind {
                EnvKind::Sandbox => "sandbox",
                EnvKind::Branch => "branch",
                EnvKind::Standalone => "standalone",
            };
            let status = if env.status.is_empty() { "NOT DEPLOYED" } else { env.status.as_str() };
            let updated = if env.updated_ms > 0 { age((state.now_ms - env.updated_ms) / 1000) } else { String::new() };
            let line = Line::from(vec![
                Span::styled(
                    cell(&name, name_w),
                    if env.mine { Style::new().add_modifier(Modifier::BOLD) } else { Style::new() },
                ),
                Span::styled(cell(kind, kind_w), Style::new().fg(theme.muted)),
                Span::styled(cell(status, status_w), status_style(theme, status)),
                Span::styled(cell(&updated, age_w), Style::new().fg(theme.muted)),
            ]);
            if focused && i == view.selected { line.style(Style::new().bg(theme.selection_bg)) } else { line }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}
