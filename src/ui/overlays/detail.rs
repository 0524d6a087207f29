//! The detail view: a row's fields whole, wrapped to the frame, from the scrolled line on.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{framed, popup};
use crate::app::keymap::Keymap;
use crate::app::state::{Overlay, State};
use crate::ui::text::wrap_words;

pub fn draw(state: &State, _: &Keymap, frame: &mut Frame, area: Rect) {
    let Some(Overlay::Detail(detail)) = &state.overlay else { return };
    let theme = state.theme();
    let rect = popup(area, area.width.saturating_sub(4), area.height.saturating_sub(2));
    let width = usize::from(rect.width.saturating_sub(2)).max(1);
    let room = usize::from(rect.height.saturating_sub(3));
    let wrapped: Vec<String> =
        detail.lines.iter().skip(detail.scroll).flat_map(|line| wrap_words(line, width)).take(room + 1).collect();
    let more = wrapped.len() > room;
    let mut lines: Vec<Line> = wrapped.into_iter().take(room).map(Line::from).collect();
    let foot = format!("c copies · j/k scroll{} · Esc closes", if more { " (more below)" } else { "" });
    lines.push(Line::from(Span::styled(foot, Style::new().fg(theme.muted))));
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(framed(state, &format!(" {} ", detail.title))), rect);
}
