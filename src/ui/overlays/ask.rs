//! A question with a typed answer: the prompt, the answer (dots when masked), the rule it
//! must follow, and why the last answer was refused.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{framed, popup};
use crate::app::keymap::Keymap;
use crate::app::state::{Overlay, State};
use crate::util::sanitize::owned as clean;

pub fn draw(state: &State, _: &Keymap, frame: &mut Frame, area: Rect) {
    let Some(Overlay::Ask(ask)) = &state.overlay else { return };
    let theme = state.theme();
    let (before, after) = ask.text.split();
    let hide = |t: &str| if ask.masked { "•".repeat(t.chars().count()) } else { clean(t) };

    let mut lines = vec![
        Line::from(clean(&ask.prompt)),
        Line::from(vec![
            Span::raw("> "),
            Span::raw(hide(before)),
            Span::styled("▏", Style::new().fg(theme.accent)),
            Span::raw(hide(after)),
        ]),
        Line::from(Span::styled(clean(&ask.rule), Style::new().fg(theme.muted))),
    ];
    if let Some(error) = &ask.error {
        lines.push(Line::from(Span::styled(clean(error), Style::new().fg(theme.status_failed))));
    }
    lines.push(Line::from(Span::styled("Enter answers · Esc leaves it", Style::new().fg(theme.muted))));
    let width = lines.iter().map(Line::width).max().unwrap_or(40).clamp(40, 100) as u16 + 4;
    let rect = popup(area, width, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(framed(state, " Answer ")), rect);
}
