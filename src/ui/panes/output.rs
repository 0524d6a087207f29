//! The Output pane: the selected process's output that fits, its own colours kept, the
//! filter's or search's matches marked.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::panes::output::shown;
use crate::app::state::{PaneId, State};
use crate::ui::text::{follow_window, styled_line, truncate};
use crate::util::plural::count;
use crate::util::sanitize::owned as clean;

pub fn summary(state: &State) -> String {
    match crate::app::panes::processes::selected(state) {
        Some(entry) => format!("{} · {}", clean(&entry.spec.name), count(entry.output.len(), "line", "lines")),
        None => String::new(),
    }
}

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    let theme = state.theme();
    let muted = Style::new().fg(theme.muted);
    let Some(output) = shown(state) else {
        let text = "Select a process: its output shows here.";
        frame.render_widget(Paragraph::new(Span::styled(text, muted)), area);
        return;
    };
    let mut lines = Vec::new();
    if crate::app::panes::output::filter_shown(state) {
        let dropped = if output.evicted() > 0 { format!(" · {} oldest dropped", output.evicted()) } else { String::new() };
        let found = format!(" · {}{dropped}", count(output.matched(), "match", "matches"));
        lines.push(super::logs::filter_line(state, PaneId::Output, output.search, output.filter(), found));
    }
    if output.is_empty() {
        let text = match output.total() {
            0 => "No output yet.",
            _ if output.filtering_out() => "No line holds the filter's text.",
            _ => "No output since it was cleared.",
        };
        lines.push(Line::from(Span::styled(text, muted)));
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    let height = usize::from(area.height).saturating_sub(lines.len());
    let view = state.view(PaneId::Output);
    let width = usize::from(area.width);
    let base = Style::new().fg(theme.fg);
    let marked = base.bg(theme.match_bg);
    for i in follow_window(output.len(), height, view.offset, view.follow) {
        let Some(line) = output.get(i) else { continue };
        let text = truncate(&line.text, width);
        let ranges = if output.search { output.ranges(&text) } else { Vec::new() };
        if ranges.is_empty() {
            lines.push(styled_line(&line.text, &line.styles, base, width));
        } else {
            // A match is marked as in the Logs pane; the line's own colours give way to it.
            let mut spans = Vec::new();
            super::logs::highlight(&text, &ranges, base, marked, &mut spans);
            lines.push(Line::from(spans));
        }
    }
    frame.render_widget(Paragraph::new(lines), area);
}
