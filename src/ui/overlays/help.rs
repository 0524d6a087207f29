//! Help: one scrollable list, the focused pane's keys first, each description whole (wrapped,
//! never cut), filtered by what is typed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{framed, popup};
use crate::app::keymap::Keymap;
use crate::app::overlays::help::{Row, rows};
use crate::app::state::State;
use crate::ui::text::{truncate, wrap_words};

/// The key column is as wide as the widest label, up to this.
const MAX_KEY_WIDTH: usize = 16;

pub fn draw(state: &State, keys: &Keymap, frame: &mut Frame, area: Rect) {
    let Some(query) = crate::app::overlays::help::query(state) else { return };
    let theme = state.theme();
    let rect = popup(area, area.width.saturating_sub(4).min(100), area.height.saturating_sub(2));
    let inner_width = usize::from(rect.width.saturating_sub(2));
    let rows = rows(state, keys);
    let key_width = rows
        .iter()
        .filter_map(|r| if let Row::Entry(b) = r { Some(b.label().width()) } else { None })
        .max()
        .unwrap_or(4)
        .min(MAX_KEY_WIDTH)
        + 2;
    let text_width = inner_width.saturating_sub(key_width).max(10);
    let key_style = Style::new().fg(theme.accent).add_modifier(Modifier::BOLD);
    let section_style = Style::new().fg(theme.title_focused).add_modifier(Modifier::BOLD);
    // Every row as its lines; the chosen entry's range, to keep it in view.
    let mut lines: Vec<Line> = Vec::new();
    let mut chosen = 0..0;
    let mut entry = 0;
    for row in &rows {
        match row {
            Row::Section(title) => {
                if !lines.is_empty() {
                    lines.push(Line::from(""));
                }
                lines.push(Line::from(Span::styled(title.clone(), section_style)));
            }
            Row::Entry(binding) => {
                let selected = entry == query.selected;
                let start = lines.len();
                let label = truncate(&binding.label(), key_width - 2);
                for (i, text) in wrap_words(binding.command.help, text_width).into_iter().enumerate() {
                    let key = if i == 0 { format!("{label:<key_width$}") } else { " ".repeat(key_width) };
                    let line = Line::from(vec![Span::styled(key, key_style), Span::raw(text)]);
                    lines.push(if selected { line.style(Style::new().bg(theme.selection_bg)) } else { line });
                }
                if selected {
                    chosen = start..lines.len();
                }
                entry += 1;
            }
        }
    }
    let prompt = if query.text.is_empty() {
        Line::from(Span::styled(
            "type to filter · ↑↓ choose · Enter runs it · Esc closes",
            Style::new().fg(theme.muted),
        ))
    } else {
        Line::from(vec![
            Span::styled(format!("/{}", query.text.with_cursor()), key_style),
            Span::styled(format!("  {} · Backspace erases", crate::util::plural::count(entry, "key matches", "keys match")), Style::new().fg(theme.muted)),
        ])
    };
    let visible = usize::from(rect.height.saturating_sub(3));
    let top = chosen.end.saturating_sub(visible);
    let mut shown = vec![prompt];
    if rows.is_empty() {
        shown.push(Line::from(Span::styled("No key matches the filter.", Style::new().fg(theme.muted))));
    }
    shown.extend(lines.into_iter().skip(top).take(visible));
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(shown).block(framed(state, " Keys ")), rect);
}
