//! The top line: the pages as tabs (the one shown highlighted), and where ampdeck points.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text::truncate;
use crate::app::keymap::Keymap;
use crate::app::layout;
use crate::app::state::State;

pub fn draw(state: &State, keymap: &Keymap, frame: &mut Frame, area: Rect) {
    let theme = state.theme();
    let base = Style::new().fg(theme.muted).bg(theme.bg);
    let mut spans = Vec::new();
    let mut used = 0;
    for (page, range) in layout::tabs(state) {
        if usize::from(range.start) > used {
            spans.push(Span::styled(" ", base));
        }
        let style = if page == state.page() {
            Style::new().fg(theme.status_bar_bg).bg(theme.accent).add_modifier(Modifier::BOLD)
        } else {
            Style::new().fg(theme.title).bg(theme.status_bar_bg)
        };
        let pad = " ".repeat((range.len().saturating_sub(page.title().chars().count())) / 2);
        spans.push(Span::styled(format!("{pad}{}{pad}", page.title()), style));
        used = usize::from(range.end);
    }
    let keys = match (keymap.by_id("prev_page"), keymap.by_id("next_page")) {
        (Some(prev), Some(next)) => format!("  {} {} pages", prev.first_label(), next.first_label()),
        _ => String::new(),
    };
    let room = usize::from(area.width).saturating_sub(used);
    spans.push(Span::styled(truncate(&keys, room), base));
    frame.render_widget(Paragraph::new(Line::from(spans)).style(base), area);
}
