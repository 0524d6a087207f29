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
    let mut lines: Vec<Line> = Vec::new();
    for line in detail.lines.iter().skip(detail.scroll) {
        lines.extend(wrap_words(line, width).into_iter().map(Line::from));
        if lines.len() >= room {
            break;
        }
    }
    lines.truncate(room);
    let more = detail.lines.len().saturating_sub(detail.scroll + 1);
    let foot = format!("c copies · j/k scroll{} · Esc closes", if more > 0 { " (more below)" } else { "" });
    lines.push(Line::from(Span::styled(foot, Style::new().fg(theme.muted))));
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(framed(state, &format!(" {} ", detail.title))), rect);
}
