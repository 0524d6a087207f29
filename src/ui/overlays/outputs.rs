//! What the last deploy changed in `amplify_outputs.json`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{framed, popup};
use crate::app::keymap::Keymap;
use crate::app::state::State;
use crate::model::outputs::Change;
use crate::ui::text::truncate;

pub fn draw(state: &State, _: &Keymap, frame: &mut Frame, area: Rect) {
    let theme = state.theme();
    let Some(diff) = &state.stack.outputs_diff else { return };
    let room = usize::from(area.height.saturating_sub(6));
    let width = usize::from(area.width.saturating_sub(6)).min(110);
    let mut lines: Vec<Line> = diff
        .changes
        .iter()
        .take(room)
        .map(|change| {
            let (mark, colour, text) = match change {
                Change::Added { path, value } => ("+ ", theme.status_complete, format!("{path} = {value}")),
                Change::Removed { path, value } => ("- ", theme.status_failed, format!("{path} (was {value})")),
                Change::Changed { path, old, new } => {
                    ("~ ", theme.status_in_progress, format!("{path}: {old} → {new}"))
                }
            };
            Line::from(vec![
                Span::styled(mark, Style::new().fg(colour).add_modifier(Modifier::BOLD)),
                Span::raw(truncate(&text, width.saturating_sub(2))),
            ])
        })
        .collect();
    let hidden = diff.changes.len().saturating_sub(room) + diff.more;
    if hidden > 0 {
        lines.push(Line::from(Span::styled(format!("… and {hidden} more"), Style::new().fg(theme.muted))));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled("Esc closes · o shows this again", Style::new().fg(theme.muted))));
    let w = lines.iter().map(Line::width).max().unwrap_or(40) as u16 + 4;
    let rect = popup(area, w, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(framed(state, " amplify_outputs.json changed ")), rect);
}
