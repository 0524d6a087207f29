//! Picking one of a known set: the prompt, the filter, the choices it leaves.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{framed, popup};
use crate::app::keymap::Keymap;
use crate::app::state::{Overlay, State};
use crate::ui::text::window;
use crate::util::sanitize::owned as clean;

pub fn draw(state: &State, _: &Keymap, frame: &mut Frame, area: Rect) {
    let Some(Overlay::Pick(pick)) = &state.overlay else { return };
    let theme = state.theme();
    let shown = pick.shown();
    let rect = popup(area, area.width.saturating_sub(4).min(70), area.height.saturating_sub(4).min(16));
    let filter = if pick.query.text.is_empty() {
        "type to filter · ↑↓ choose · Enter takes it · Esc leaves it".to_owned()
    } else {
        format!("/{}  {} of {}", pick.query.text.with_cursor(), shown.len(), pick.choices.len())
    };
    let mut lines = vec![Line::from(Span::styled(filter, Style::new().fg(theme.muted)))];
    let visible = usize::from(rect.height.saturating_sub(3));
    for i in window(shown.len(), visible, 0, pick.query.selected) {
        let style = if i == pick.query.selected {
            Style::new().bg(theme.selection_bg).add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        lines.push(Line::from(Span::styled(clean(shown[i]), style)));
    }
    if shown.is_empty() {
        lines.push(Line::from(Span::styled("nothing matches", Style::new().fg(theme.muted))));
    }
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(framed(state, &format!(" {} ", clean(&pick.prompt)))), rect);
}
