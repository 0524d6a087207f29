//! Popups over the panes: help, the command palette, questions, the outputs diff, the
//! functions list; one module per overlay, named as in the core's registry ([`crate::overlays!`]).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
use ratatui::widgets::{Block, BorderType, Borders};

use crate::app::keymap::Keymap;
use crate::app::overlays::OverlayKind;
use crate::app::state::State;

macro_rules! draws {
    ($($id:ident => $module:ident),* $(,)?) => {
        $(mod $module;)*

        /// Draws the open overlay, by its module of the same name as the core's.
        pub fn draw(state: &State, keys: &Keymap, frame: &mut Frame, area: Rect) {
            match state.overlay.as_ref().map(OverlayKind::of) {
                $(Some(OverlayKind::$id) => $module::draw(state, keys, frame, area),)*
                None => {}
            }
        }
    };
}

crate::overlays!(draws);

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
