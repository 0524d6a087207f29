//! Drawing: a pure function of [`State`]. Only visible rows are formatted.

pub mod overlays;
pub mod panes;
pub mod status_bar;
pub mod tabs;
pub mod text;
pub mod widgets;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

pub use self::panes::summary;
use crate::app::keymap::Keymap;
use crate::app::layout;
use crate::app::state::State;
use crate::domain::stack::StatusClass;
use crate::model::theme::Theme;

/// Draws `state`; `keys` are the keys in effect, for the hints, tabs and help.
pub fn draw(state: &State, keys: &Keymap, frame: &mut Frame) {
    let theme = state.theme();
    let full = frame.area();
    frame.render_widget(Block::new().style(Style::new().fg(theme.fg).bg(theme.bg)), full);
    let Some(areas) = layout::areas(state) else {
        return too_small(state, frame, full);
    };
    tabs::draw(state, keys, frame, areas.tabs);
    for (pane, area) in &areas.panes {
        panes::draw(state, frame, *pane, *area);
    }
    status_bar::draw(state, keys, frame, areas.status);
    overlays::draw(state, keys, frame, full);
}

fn too_small(state: &State, frame: &mut Frame, area: Rect) {
    let theme = state.theme();
    let text = vec![
        Line::from(Span::styled(
            "ampdeck: terminal too small",
            Style::new().fg(theme.status_failed).add_modifier(Modifier::BOLD),
        )),
        Line::from(format!("need {}×{}, have {}×{}", layout::MIN_WIDTH, layout::MIN_HEIGHT, area.width, area.height)),
        Line::from(Span::styled("enlarge the window, or press q to quit", Style::new().fg(theme.muted))),
    ];
    let top = area.height.saturating_sub(3) / 2;
    let rect = Rect::new(area.x, area.y + top, area.width, area.height.saturating_sub(top));
    frame.render_widget(Paragraph::new(text).alignment(Alignment::Center).wrap(Wrap { trim: true }), rect);
}

pub fn status_style(theme: &Theme, status: &str) -> Style {
    let colour = match StatusClass::of(status) {
        StatusClass::Complete => theme.status_complete,
        StatusClass::InProgress => theme.status_in_progress,
        StatusClass::Failed => theme.status_failed,
        StatusClass::RollingBack => theme.status_rolling_back,
        StatusClass::RolledBack => theme.status_rolled_back,
        StatusClass::Deleted | StatusClass::Unknown => theme.status_deleted,
    };
    Style::new().fg(colour)
}
