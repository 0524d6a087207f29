//! The Logs pane: merged function logs, newest at the bottom, with a live filter.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{follow_window, layout, list_area};
use crate::app::state::{Overlay, PaneId, State};
use crate::logs::{Level, LogLine};
use crate::theme::Theme;
use crate::timefmt::clock;

pub fn summary(state: &State) -> String {
    let logs = &state.logs;
    let follow = if state.view(PaneId::Logs).follow { "" } else { " · paused" };
    let evicted = match logs.evicted() {
        0 => String::new(),
        n => format!(" · {n} oldest dropped (memory cap)"),
    };
    if logs.filter().is_empty() {
        format!("{} lines{follow}{evicted}", logs.total())
    } else {
        format!("{}/{} match{follow}{evicted}", logs.len(), logs.total())
    }
}

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    let theme = state.theme();
    let header = layout::header_rows(state, PaneId::Logs);
    if header > 0 {
        let typing = state.overlay == Some(Overlay::Filter) && state.focus == PaneId::Logs;
        let text = if typing { format!("/{}▏", state.filter_input) } else { format!("/{}", state.logs.filter()) };
        let hint = if typing { "  Enter keep · Esc clear" } else { "  / edit" };
        let line = Line::from(vec![
            Span::styled(text, Style::new().fg(theme.accent).add_modifier(Modifier::BOLD)),
            Span::styled(hint, Style::new().fg(theme.muted)),
        ]);
        frame.render_widget(Paragraph::new(line), Rect { height: 1, ..area });
    }
    let list = list_area(area, header, 0);
    if state.logs.is_empty() {
        let text = if state.logs.total() > 0 {
            "No line matches the filter."
        } else {
            "No log lines yet: function logs stream here as they arrive."
        };
        frame.render_widget(Paragraph::new(Span::styled(text, Style::new().fg(theme.muted))), list);
        return;
    }
    let view = state.view(PaneId::Logs);
    let range = follow_window(state.logs.len(), usize::from(list.height), view.offset, view.follow);
    let filter = state.logs.filter();
    let lines: Vec<Line> = range.filter_map(|i| state.logs.get(i)).map(|l| log_line(l, filter, theme)).collect();
    frame.render_widget(Paragraph::new(lines), list);
}

fn log_line<'a>(line: &LogLine, filter: &str, theme: &Theme) -> Line<'a> {
    let colour = match line.level {
        Level::Error => theme.log_error,
        Level::Warn => theme.log_warn,
        Level::Info => theme.log_info,
        Level::Debug => theme.log_debug,
        Level::Platform => theme.log_platform,
    };
    let mut spans = if line.continuation {
        vec![Span::raw("         "), Span::raw(" ".repeat(line.function.chars().count() + 1))]
    } else {
        vec![
            Span::styled(format!("{} ", clock(line.timestamp_ms)), Style::new().fg(theme.muted)),
            Span::styled(format!("{} ", line.function), Style::new().fg(theme.log_function)),
        ]
    };
    let style = Style::new().fg(colour);
    highlight(&line.text, filter, style, style.bg(theme.match_bg), &mut spans);
    Line::from(spans)
}

/// Splits `text` into spans, marking case-insensitive matches of `needle`.
fn highlight<'a>(text: &str, needle: &str, normal: Style, marked: Style, out: &mut Vec<Span<'a>>) {
    if needle.is_empty() || !needle.is_ascii() {
        out.push(Span::styled(text.to_owned(), normal));
        return;
    }
    let lower = text.to_ascii_lowercase();
    let needle = needle.to_ascii_lowercase();
    let mut at = 0;
    while let Some(found) = lower[at..].find(&needle) {
        let start = at + found;
        let end = start + needle.len();
        out.push(Span::styled(text[at..start].to_owned(), normal));
        out.push(Span::styled(text[start..end].to_owned(), marked));
        at = end;
    }
    out.push(Span::styled(text[at..].to_owned(), normal));
}
