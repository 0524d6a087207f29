//! The message log: each message whole, wrapped, with its time, level and source.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{framed, popup};
use crate::app::keymap::Keymap;
use crate::app::overlays::messages::{shown, view};
use crate::app::state::State;
use crate::domain::notice::NoticeLevel;
use crate::ui::text::wrap_words;
use crate::util::timefmt::clock;

pub fn draw(state: &State, _: &Keymap, frame: &mut Frame, area: Rect) {
    let Some(view) = view(state) else { return };
    let query = &view.query;
    let theme = state.theme();
    let rect = popup(area, area.width.saturating_sub(4), area.height.saturating_sub(2));
    let width = usize::from(rect.width.saturating_sub(2));
    let messages = shown(state);
    let prompt = if query.text.is_empty() {
        format!("{} · type to filter · ↑↓ move · Esc closes", crate::util::plural::count(state.messages.len(), "message", "messages"))
    } else {
        format!("/{}  {} of {} match", query.text.with_cursor(), messages.len(), state.messages.len())
    };
    let mut lines = vec![Line::from(Span::styled(prompt, Style::new().fg(theme.muted)))];
    let room = usize::from(rect.height.saturating_sub(3));
    // Whole messages from the chosen one down, as many as fit.
    for (i, m) in messages.iter().enumerate().skip(query.selected) {
        let colour = match m.level {
            NoticeLevel::Info => theme.fg,
            NoticeLevel::Warn => theme.status_in_progress,
            NoticeLevel::Error => theme.status_failed,
        };
        let standing = m.source.is_some_and(|s| state.health.problems.iter().any(|p| p.source == s));
        let mark = if standing && m.level == NoticeLevel::Error { "● " } else { "  " };
        let head = format!("{} {mark}", clock(m.at_ms));
        let body_width = width.saturating_sub(head.chars().count()).max(10);
        let text = match (&m.secret, view.reveal && i == query.selected) {
            (Some(secret), true) => format!("{} — revealed: {}", m.text, crate::util::sanitize::owned(secret.expose())),
            (Some(_), false) => format!("{} (Ctrl-R shows it)", m.text),
            (None, _) => m.text.clone(),
        };
        for (n, text) in wrap_words(&text, body_width).into_iter().enumerate() {
            let lead = if n == 0 { head.clone() } else { " ".repeat(head.chars().count()) };
            let mut style = Style::new().fg(colour);
            if i == query.selected {
                style = style.bg(theme.selection_bg).add_modifier(Modifier::BOLD);
            }
            lines.push(Line::from(vec![Span::styled(lead, Style::new().fg(theme.muted)), Span::styled(text, style)]));
        }
        if lines.len() > room {
            break;
        }
    }
    if messages.is_empty() {
        lines.push(Line::from(Span::styled("No message yet.", Style::new().fg(theme.muted))));
    }
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(framed(state, " Messages ")), rect);
}
