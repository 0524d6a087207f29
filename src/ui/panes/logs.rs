//! The Logs pane: merged function logs, newest at the bottom, each function in its colour,
//! with a live filter (text or regex, highlighted), a strip of figures per function from the
//! REPORT lines, and markers where deploys started and ended.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::panes::logs::stats_shown;
use crate::ui::text::{follow_window, list_area, truncate};
use crate::app::state::{PaneId, State};
use crate::model::logs::{Filter, Kind, Level, LogLine};
use crate::model::theme::Theme;
use crate::util::timefmt::clock;

pub fn summary(state: &State) -> String {
    let logs = &state.panes.logs.store;
    let follow = if state.view(PaneId::Logs).follow { "" } else { " · paused" };
    let evicted = match logs.evicted() {
        0 => String::new(),
        n => format!(" · {n} oldest dropped (memory cap)"),
    };
    let view = logs.view();
    let errors = match (view.errors_only, logs.grouped()) {
        (true, true) => " · errors only · by invocation",
        (true, false) => " · errors only",
        (false, true) => " · by invocation",
        (false, false) => "",
    };
    let hidden = match view.hidden.len() {
        0 => String::new(),
        n => format!(" · {n} hidden (F)"),
    };
    let evicted = format!("{errors}{hidden}{evicted}");
    if logs.filter().is_empty() || view.search {
        format!("{}{follow}{evicted}", crate::util::plural::count(logs.total(), "line", "lines"))
    } else {
        format!("{}/{} match{follow}{evicted}", logs.matched(), logs.total())
    }
}

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    let theme = state.theme();
    let header = (PaneId::Logs.spec().header)(state);
    if stats_shown(state) {
        let row = area.y + header - 1;
        frame.render_widget(
            Paragraph::new(stats_line(state, usize::from(area.width))),
            Rect { y: row, height: 1, ..area },
        );
    }
    if header > u16::from(stats_shown(state)) {
        let store = &state.panes.logs.store;
        let line = filter_line(state, PaneId::Logs, store.view().search, store.filter(), String::new());
        frame.render_widget(Paragraph::new(line), Rect { height: 1, ..area });
    }
    let list = list_area(area, header, 0);
    if state.panes.logs.store.is_empty() {
        let text = if state.panes.logs.store.total() > 0 {
            "No line matches the filter."
        } else {
            "No log lines yet: function logs stream here as they arrive."
        };
        frame.render_widget(Paragraph::new(Span::styled(text, Style::new().fg(theme.muted))), list);
        return;
    }
    let view = state.view(PaneId::Logs);
    let filter = state.panes.logs.store.view();
    let times = state.panes.logs.times;
    let line_at = |i: usize| state.panes.logs.store.get(i).map(|l| log_line(l, filter, theme, times));
    let (height, width) = (usize::from(list.height), usize::from(list.width));
    let lines: Vec<Line> = if state.panes.logs.wrap {
        wrapped_window(state.panes.logs.store.len(), height, width, view.offset, view.follow, line_at)
    } else {
        follow_window(state.panes.logs.store.len(), height, view.offset, view.follow).filter_map(line_at).collect()
    };
    frame.render_widget(Paragraph::new(lines), list);
}

/// The rows a wrapped view shows: from the offset down, or (following) the newest lines that
/// fit, only the visible lines formatted either way.
fn wrapped_window<'a>(
    len: usize,
    height: usize,
    width: usize,
    offset: usize,
    follow: bool,
    line_at: impl Fn(usize) -> Option<Line<'a>>,
) -> Vec<Line<'a>> {
    let mut rows: Vec<Line> = Vec::new();
    if follow {
        // Newest first, each line's rows reversed, then the whole turned the right way up.
        for line in (0..len).rev().filter_map(&line_at) {
            rows.extend(wrap(line, width).into_iter().rev());
            if rows.len() >= height {
                break;
            }
        }
        rows.truncate(height);
        rows.reverse();
    } else {
        for i in offset.min(len.saturating_sub(1))..len {
            let Some(line) = line_at(i) else { continue };
            rows.extend(wrap(line, width));
            if rows.len() >= height {
                break;
            }
        }
        rows.truncate(height);
    }
    rows
}

/// Cuts a line into rows of `width` columns, styles kept.
fn wrap(line: Line<'_>, width: usize) -> Vec<Line<'_>> {
    use unicode_width::UnicodeWidthChar;
    let width = width.max(1);
    let mut rows = vec![Line::default()];
    let mut used = 0;
    for span in line.spans {
        let mut piece = String::new();
        for c in span.content.chars() {
            let w = c.width().unwrap_or(0);
            if used + w > width {
                if let Some(row) = rows.last_mut() {
                    row.spans.push(Span::styled(std::mem::take(&mut piece), span.style));
                }
                rows.push(Line::default());
                used = 0;
            }
            piece.push(c);
            used += w;
        }
        if let Some(row) = rows.last_mut() {
            row.spans.push(Span::styled(piece, span.style));
        }
    }
    rows
}

/// `name 12× · 1 err · p50 3ms p95 12ms · 2 cold · 88 MB │ …`, user functions first.
fn stats_line(state: &State, width: usize) -> Line<'static> {
    let theme = state.theme();
    let mut spans = Vec::new();
    let mut functions: Vec<_> = state.panes.logs.store.functions().iter().filter(|(_, f)| f.invocations > 0).collect();
    functions.sort_by_key(|(_, f)| f.internal);
    for (name, f) in functions {
        if !spans.is_empty() {
            spans.push(Span::styled(" │ ", Style::new().fg(theme.muted)));
        }
        let ms = |p| f.percentile(p).map_or("–".into(), |d: f64| format!("{d:.0}ms"));
        spans.push(Span::styled(format!("{name} "), Style::new().fg(function_colour(theme, name))));
        spans.push(Span::raw(format!("{}× ", f.invocations)));
        if f.errors > 0 {
            spans.push(Span::styled(format!("{} err ", f.errors), Style::new().fg(theme.log_error)));
        }
        spans.push(Span::styled(
            format!("p50 {} p95 {} · {} cold · {} MB", ms(50.0), ms(95.0), f.cold_starts, f.max_memory_mb),
            Style::new().fg(theme.muted),
        ));
    }
    let mut line = Line::from(spans);
    if line.width() > width {
        line = Line::from(truncate(&line.to_string(), width)).style(Style::new().fg(theme.muted));
    }
    line
}

/// A stable colour per function, so its lines are easy to follow in the merged view; the data
/// API has its own.
pub fn function_colour(theme: &Theme, name: &str) -> ratatui::style::Color {
    if name == crate::amplify::functions::DATA_API {
        return theme.log_data_api;
    }
    let palette = [theme.log_function, theme.accent, theme.status_complete, theme.status_in_progress, theme.log_warn];
    let hash = name.bytes().fold(0usize, |h, b| h.wrapping_mul(31).wrapping_add(usize::from(b)));
    palette[hash % palette.len()]
}

/// After the function's name on the lines of a local run.
const LOCAL_MARK: &str = "·local";

fn log_line<'a>(line: &LogLine, filter: &Filter, theme: &Theme, times: bool) -> Line<'a> {
    let time = if times { format!("{} ", clock(line.timestamp_ms)) } else { String::new() };
    if line.kind == Kind::Marker {
        return Line::from(Span::styled(
            format!("{time}{}", line.text),
            Style::new().fg(theme.accent).add_modifier(Modifier::BOLD),
        ));
    }
    let colour = match line.level {
        Level::Error => theme.log_error,
        Level::Warn => theme.log_warn,
        Level::Info => theme.log_info,
        Level::Debug => theme.log_debug,
        Level::Platform => theme.log_platform,
    };
    // A run on this machine is marked where the function is named.
    let here = if line.local { LOCAL_MARK } else { "" };
    let mut spans = if line.continuation {
        vec![Span::raw(" ".repeat(time.len() + line.function.chars().count() + here.chars().count() + 1))]
    } else {
        vec![
            Span::styled(time, Style::new().fg(theme.muted)),
            Span::styled(line.function.to_string(), Style::new().fg(function_colour(theme, &line.function))),
            Span::styled(format!("{here} "), Style::new().fg(theme.muted)),
        ]
    };
    let style = Style::new().fg(colour);
    highlight(&line.text, &filter.ranges(&line.text), style, style.bg(theme.match_bg), &mut spans);
    Line::from(spans)
}

/// Splits `text` into spans, marking the matched byte ranges.
/// The filter's line over a list: what is typed (with the cursor) or applied, and its keys.
pub fn filter_line(state: &State, pane: PaneId, search: bool, applied: &str, after: String) -> Line<'static> {
    let theme = state.theme();
    let typed = state.filter_typed(pane);
    let mode = if search { "search" } else { "filter" };
    let text = match &typed {
        Some(input) => format!("{mode} /{}", input.with_cursor()),
        None => format!("{mode} /{applied}"),
    };
    let hint = match (typed.is_some(), search) {
        (true, _) => "  Enter keep · Esc clear · Tab filter/search",
        (false, true) => "  n/N next/previous · / edit",
        (false, false) => "  / edit",
    };
    Line::from(vec![
        Span::styled(text, Style::new().fg(theme.accent).add_modifier(Modifier::BOLD)),
        Span::styled(after, Style::new().fg(theme.muted)),
        Span::styled(hint, Style::new().fg(theme.muted)),
    ])
}

pub fn highlight<'a>(text: &str, ranges: &[(usize, usize)], normal: Style, marked: Style, out: &mut Vec<Span<'a>>) {
    let mut at = 0;
    for &(start, end) in ranges {
        out.push(Span::styled(text[at..start].to_owned(), normal));
        out.push(Span::styled(text[start..end].to_owned(), marked));
        at = end;
    }
    out.push(Span::styled(text[at..].to_owned(), normal));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_cuts_at_the_width_and_keeps_styles() {
        let style = Style::new().fg(ratatui::style::Color::Red);
        let line = Line::from(vec![Span::raw("abc"), Span::styled("defgh", style)]);
        let rows = wrap(line, 4);
        let text: Vec<String> = rows.iter().map(ToString::to_string).collect();
        assert_eq!(text, ["abcd", "efgh"]);
        assert_eq!(rows[1].spans[0].style, style);
    }

    #[test]
    fn a_wrapped_follow_window_ends_with_the_newest_rows() {
        let line_at = |i: usize| Some(Line::from(format!("line {i} {}", "x".repeat(i))));
        let rows = wrapped_window(20, 5, 10, 0, true, line_at);
        assert_eq!(rows.len(), 5);
        assert!(rows.last().is_some_and(|r| r.to_string().starts_with('x')), "the tail of line 19");
        let rows = wrapped_window(20, 5, 10, 3, false, line_at);
        assert_eq!(rows.first().map(ToString::to_string).as_deref(), Some("line 3 xxx"));
    }
}
