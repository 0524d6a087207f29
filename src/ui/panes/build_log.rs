//! The Build log pane: the step's log lines that fit, failing ones marked, the search's
//! matches shown.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::state::{PaneId, State};
use crate::ui::text::truncate;

pub fn summary(state: &State) -> String {
    match &state.panes.builds.log {
        Some(log) => {
            let cut = if log.truncated { " · its start cut" } else { "" };
            format!("build {} {} · {} failing lines{cut}", log.job_id, log.step, log.failing.len())
        }
        None => String::new(),
    }
}

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    let theme = state.theme();
    let muted = Style::new().fg(theme.muted);
    let Some(log) = &state.panes.builds.log else {
        let text = "Enter on a build in the Jobs pane shows its failed step's log here.";
        frame.render_widget(Paragraph::new(Span::styled(text, muted)), area);
        return;
    };
    let search = if log.filter.is_empty() { "/ filters · n/N next/previous failing line".to_owned() } else { format!("/{} · {}", log.filter, crate::util::plural::count(log.shown.len(), "line", "lines")) };
    let mut lines = vec![Line::from(Span::styled(search, muted))];
    let view = state.view(PaneId::BuildLog);
    let rows = usize::from(area.height.saturating_sub(1));
    let selected = view.selected.min(log.shown.len().saturating_sub(1));
    let top = selected.saturating_sub(rows.saturating_sub(1).min(rows / 2)).min(log.shown.len().saturating_sub(rows));
    let width = usize::from(area.width);
    for (row, &i) in log.shown.iter().enumerate().skip(top).take(rows) {
        let failing = log.failing.binary_search(&i).is_ok();
        let mut style = if failing { Style::new().fg(theme.status_failed).add_modifier(Modifier::BOLD) } else { Style::new().fg(theme.fg) };
        if row == selected && state.focus == PaneId::BuildLog {
            style = style.bg(theme.selection_bg);
        }
        let mark = if failing { "✖ " } else { "  " };
        lines.push(Line::from(Span::styled(truncate(&format!("{mark}{}", log.lines[i]), width), style)));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
