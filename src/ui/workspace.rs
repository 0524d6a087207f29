//! The Workspace pane: where to edit, what is watched, recent changes and the deploys they
//! started.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{list_area, truncate, window};
use crate::app::state::{PaneId, State};
use crate::timefmt::clock;

pub fn summary(state: &State) -> String {
    let pending = state.deploy.pending.len();
    let auto = if state.deploy.auto { "auto-deploy" } else { "manual" };
    match pending {
        0 => match state.changes.len() {
            1 => format!("{auto} · 1 change"),
            n => format!("{auto} · {n} changes"),
        },
        n => format!("{auto} · {n} pending"),
    }
}

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    let theme = state.theme();
    let width = usize::from(area.width);
    let watching = state.ctx.watching.iter().map(|w| format!("{w}/")).collect::<Vec<_>>().join(" ");
    let auto = if state.deploy.auto { "auto-deploy on" } else { "auto-deploy off (d deploys)" };
    let header = vec![
        Line::from(Span::styled(
            truncate(&state.ctx.workspace.display().to_string(), width),
            Style::new().fg(theme.accent).add_modifier(Modifier::BOLD),
        )),
        Line::from(Span::styled(
            truncate(&format!("watching {watching} · {auto}"), width),
            Style::new().fg(theme.muted),
        )),
    ];
    frame.render_widget(Paragraph::new(header), Rect { height: 2.min(area.height), ..area });
    let list = list_area(area, 2, 0);
    if state.changes.is_empty() {
        let mut lines = vec![Line::from(Span::styled(
            "No changes yet: edit a file under the watched folders.",
            Style::new().fg(theme.muted),
        ))];
        if state.ctx.demo {
            for hint in [
                "functions/say-hello/handler.ts → hotswap",
                "data/resource.ts → stack update",
                "auth/resource.ts → a failing update",
            ] {
                lines.push(Line::from(Span::styled(format!("  amplify/{hint}"), Style::new().fg(theme.muted))));
            }
        }
        frame.render_widget(Paragraph::new(lines), list);
        return;
    }
    let view = state.view(PaneId::Workspace);
    let focused = state.focus == PaneId::Workspace;
    let lines: Vec<Line> = window(state.changes.len(), usize::from(list.height), view.offset, view.selected)
        .map(|i| {
            let change = &state.changes[i];
            let deploy = change.deploy.map_or_else(|| "pending".to_owned(), |id| format!("→ #{id}"));
            let text = format!("{} {} ", clock(change.at_ms), change.path.display());
            let line = Line::from(vec![
                Span::raw(truncate(&text, width.saturating_sub(deploy.len()))),
                Span::styled(deploy, Style::new().fg(theme.muted)),
            ]);
            if focused && i == view.selected { line.style(Style::new().bg(theme.selection_bg)) } else { line }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}
