//! The `:` palette: what is typed, and the panes, pages and commands it matches, best first.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{framed, popup};
use crate::app::keymap::Keymap;
use crate::app::overlays::palette::entries;
use crate::app::state::State;
use crate::ui::text::{fit, truncate, window};

pub fn draw(state: &State, keys: &Keymap, frame: &mut Frame, area: Rect) {
    let Some(query) = crate::app::overlays::palette::query(state) else { return };
    let theme = state.theme();
    let rect = popup(area, area.width.saturating_sub(4).min(90), area.height.saturating_sub(4).min(20));
    let width = usize::from(rect.width.saturating_sub(2));
    let entries = entries(state, keys);
    let accent = Style::new().fg(theme.accent).add_modifier(Modifier::BOLD);
    let mut lines = vec![Line::from(vec![
        Span::styled(format!(":{}", query.text.with_cursor()), accent),
        Span::styled("  Enter runs · ↑↓ choose · Esc closes", Style::new().fg(theme.muted)),
    ])];
    if entries.is_empty() {
        lines.push(Line::from(Span::styled(
            "Nothing is called that: Enter says so, Esc closes.",
            Style::new().fg(theme.muted),
        )));
    }
    let visible = usize::from(rect.height.saturating_sub(3));
    let name_width = (width / 3).clamp(8, 26);
    let key_width = 12;
    for i in window(entries.len(), visible, 0, query.selected) {
        let e = &entries[i];
        let help = truncate(&e.help, width.saturating_sub(name_width + key_width));
        let line = Line::from(vec![
            Span::styled(fit(&e.name, name_width), Style::new().fg(theme.fg).add_modifier(Modifier::BOLD)),
            Span::styled(fit(&e.key, key_width), accent),
            Span::styled(help, Style::new().fg(theme.muted)),
        ]);
        lines.push(if i == query.selected { line.style(Style::new().bg(theme.selection_bg)) } else { line });
    }
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(framed(state, " Go to ")), rect);
}
