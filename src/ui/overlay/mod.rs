//! Popups over the panes: help, the command palette, questions, the outputs diff, the
//! functions list.

mod ask;
mod confirm;
mod functions;
mod help;
mod outputs;
mod palette;
mod record;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::{Block, BorderType, Borders};

use crate::app::keymap::Keymap;
use crate::app::state::{Overlay, State};

pub fn draw(state: &State, keys: &Keymap, frame: &mut Frame, area: Rect) {
    match &state.overlay {
        Some(Overlay::Help(_)) => help::draw(state, keys, frame, area),
        Some(Overlay::Palette(_)) => palette::draw(state, keys, frame, area),
        Some(Overlay::Outputs) => outputs::draw(state, frame, area),
        Some(Overlay::Confirm(question)) => confirm::draw(state, keys, question, frame, area),
        Some(Overlay::Functions) => functions::draw(state, frame, area),
        Some(Overlay::Ask(ask)) => ask::draw(state, ask, frame, area),
        Some(Overlay::Record { scroll }) => record::draw(state, frame, area, *scroll),
        Some(Overlay::Filter(_)) | None => {}
    }
}

/// A centred rectangle of at most `width`×`height`.
fn popup(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(area.x + (area.width - w) / 2, area.y + (area.height - h) / 2, w, h)
}

fn framed<'a>(state: &State, title: &'a str) -> Block<'a> {
    let theme = state.theme();
    Block::new()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(Style::new().fg(theme.border_focused))
        .title(Span::styled(title, Style::new().fg(theme.title_focused).add_modifier(Modifier::BOLD)))
        .style(Style::new().fg(theme.fg).bg(theme.status_bar_bg))
}
