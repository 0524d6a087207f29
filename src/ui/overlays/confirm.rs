//! Yes/no questions and typed-name confirmations.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{framed, popup};
use crate::app::keymap::{Keymap, Scope};
use crate::app::overlays::OverlayKind;
use crate::app::state::State;
use crate::util::sanitize::owned as clean;

pub fn draw(state: &State, keys: &Keymap, frame: &mut Frame, area: Rect) {
    let Some(question) = state.question() else { return };
    let theme = state.theme();
    let typed = question.name_to_type().is_some();
    let mut text = question.lines.clone();
    if typed {
        text.push(format!("> {}", clean(&question.input.with_cursor())));
    }
    // Wrapped to the screen, so a long question is read whole.
    let room = usize::from(area.width.saturating_sub(8)).max(20);
    let widest = text.iter().map(|t| unicode_width::UnicodeWidthStr::width(t.as_str())).max().unwrap_or(0);
    let wrap = widest.min(room);
    let mut lines: Vec<Line> =
        text.iter().flat_map(|t| crate::ui::text::wrap_words(t, wrap)).map(Line::from).collect();
    lines.push(Line::from(""));
    if !typed {
        let label = |name: &str| {
            let keys = keys.get(Scope::Overlay(OverlayKind::Confirm), name).map(|b| b.keys.clone());
            keys.unwrap_or_default().iter().map(|k| k.label()).collect::<Vec<_>>().join(" / ")
        };
        lines.push(Line::from(vec![
            Span::styled(
                label("yes").split(" / ").next().unwrap_or("y").to_owned(),
                Style::new().fg(theme.status_failed).add_modifier(Modifier::BOLD),
            ),
            Span::raw(" yes   "),
            Span::styled(label("no"), Style::new().fg(theme.accent).add_modifier(Modifier::BOLD)),
            Span::raw(" no (default)"),
        ]));
    }
    let width = lines.iter().map(Line::width).max().unwrap_or(40) as u16 + 4;
    let rect = popup(area, width, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(framed(state, &question.title)), rect);
}
