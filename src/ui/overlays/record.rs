//! The selected record as JSON, from its scroll position: only the lines that fit are drawn.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{framed, popup};
use crate::app::overlays::record::lines;
use crate::app::keymap::Keymap;
use crate::app::state::{Overlay, State};
use crate::ui::text::truncate;
use crate::util::sanitize::owned as clean;

pub fn draw(state: &State, _: &Keymap, frame: &mut Frame, area: Rect) {
    let Some(Overlay::Record { scroll }) = state.overlay else { return };
    let theme = state.theme();
    let all = lines(state);
    let width = usize::from(area.width.saturating_sub(6)).min(120);
    let room = usize::from(area.height.saturating_sub(5)).max(1);
    let mut shown: Vec<Line> =
        all.iter().skip(scroll).take(room).map(|l| Line::from(truncate(&clean(l), width))).collect();
    let below = all.len().saturating_sub(scroll + room);
    let more = if below > 0 { format!("{below} more lines · j/k scroll · ") } else { String::new() };
    shown.push(Line::from(Span::styled(format!("{more}e edits · b jumps · Esc closes"), Style::new().fg(theme.muted))));
    let title = state.panes.data.model().map(|t| format!(" {} record ", t.model.name)).unwrap_or_default();
    let w = shown.iter().map(Line::width).max().unwrap_or(40) as u16 + 4;
    let rect = popup(area, w.max(title.len() as u16 + 4), shown.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(shown).block(framed(state, &title)), rect);
}
