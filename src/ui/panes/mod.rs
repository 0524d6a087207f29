//! Drawing each pane: its frame (title, number, summary) and its body, from the pane's own
//! module here, through the same registry as the core's panes ([`crate::panes!`]).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph};

use super::text::truncate;
use crate::app::layout::SUMMARY_HEIGHT;
use crate::app::panes::PaneId;
use crate::app::state::State;

macro_rules! views {
    ($($id:ident => $module:ident $(: $model:ty)?),* $(,)?) => {
        $(pub mod $module;)*

        fn body(state: &State, frame: &mut Frame, pane: PaneId, area: Rect) {
            match pane {
                $(PaneId::$id => $module::draw(state, frame, area)),*
            }
        }

        /// The one-line summary of a pane: in its title, and instead of it when space is short.
        pub fn summary(state: &State, pane: PaneId) -> String {
            match pane {
                $(PaneId::$id => $module::summary(state)),*
            }
        }
    };
}

crate::panes!(views);

pub fn draw(state: &State, frame: &mut Frame, pane: PaneId, area: Rect) {
    let theme = state.theme();
    let focused = state.focus == pane;
    if area.height <= SUMMARY_HEIGHT {
        let style = if focused {
            Style::new().fg(theme.title_focused).bg(theme.selection_bg)
        } else {
            Style::new().fg(theme.title)
        };
        let title = format!("{} {} ", pane.number(), pane.title());
        let room = usize::from(area.width).saturating_sub(title.chars().count() + 1);
        let line = Line::from(vec![
            Span::styled(title, style.add_modifier(Modifier::BOLD)),
            Span::styled(truncate(&summary(state, pane), room), style),
        ]);
        frame.render_widget(Paragraph::new(line), Rect { height: 1, ..area });
        return;
    }
    let block = frame_of(state, pane, focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    body(state, frame, pane, inner);
}

fn frame_of(state: &State, pane: PaneId, focused: bool) -> Block<'static> {
    let theme = state.theme();
    let (border, title) = if focused {
        (Style::new().fg(theme.border_focused), Style::new().fg(theme.title_focused).add_modifier(Modifier::BOLD))
    } else {
        (Style::new().fg(theme.border), Style::new().fg(theme.title))
    };
    let mut title_spans = vec![Span::styled(format!(" {} {} ", pane.number(), pane.title()), title)];
    let extra = summary(state, pane);
    if !extra.is_empty() {
        title_spans.push(Span::styled(format!("{extra} "), Style::new().fg(theme.muted)));
    }
    Block::new()
        .borders(Borders::ALL)
        .border_type(if focused { BorderType::Thick } else { BorderType::Rounded })
        .border_style(border)
        .title(Line::from(title_spans))
}
