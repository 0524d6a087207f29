//! The functions of the Logs pane, their figures, which are shown.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{framed, popup};
use crate::app::keymap::Keymap;
use crate::app::state::State;

/// The functions of the Logs pane with their figures; space shows or hides one.
pub fn draw(state: &State, _: &Keymap, frame: &mut Frame, area: Rect) {
    let theme = state.theme();
    let hidden = &state.panes.logs.store.view().hidden;
    let mut lines: Vec<Line> = Vec::new();
    for (i, (name, f)) in state.panes.logs.store.functions().iter().enumerate() {
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
        let style = if i == state.panes.logs.function_cursor { Style::new().bg(theme.selection_bg) } else { Style::new() };
        lines.push(Line::from(Span::styled(text, style.fg(crate::ui::panes::logs::function_colour(theme, name)))));
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
