//! The table every table-shaped pane draws: a header of column titles, the visible window of
//! rows around the selection (only those rows are formatted), the selection highlighted
//! while the pane has focus, and a detail line for the selected row.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::state::{State, View};
use crate::ui::text::{cell, list_area, truncate, window};

/// A column: its title and how many cells it takes (0 hides it).
pub struct Column {
    pub title: std::borrow::Cow<'static, str>,
    pub width: usize,
}

/// One cell of a row: its text and style.
pub type Cell = (String, Style);

pub struct Table<'a> {
    pub columns: Vec<Column>,
    pub len: usize,
    pub view: View,
    pub focused: bool,
    /// Lines shown instead of the table while it has no rows.
    pub empty: Vec<Line<'a>>,
}

impl<'a> Table<'a> {
    /// The table of `pane`: its rows, its view, whether it has focus.
    pub fn of(state: &State, pane: crate::app::state::PaneId, columns: Vec<Column>, empty: Vec<Line<'a>>) -> Self {
        Self { columns, len: state.list_len(pane), view: *state.view(pane), focused: state.focus == pane, empty }
    }

    /// Draws rows `row(i)` for the visible `i`, and `detail(selected)` on the last line.
    pub fn draw(
        self,
        state: &State,
        frame: &mut Frame,
        area: Rect,
        row: impl Fn(usize) -> Vec<Cell>,
        detail: impl Fn(usize) -> Option<Span<'static>>,
    ) {
        let theme = state.theme();
        if self.len == 0 {
            frame.render_widget(Paragraph::new(self.empty), area);
            return;
        }
        let head: String = self.columns.iter().map(|c| cell(&c.title, c.width)).collect();
        let head_style = Style::new().fg(theme.muted).add_modifier(Modifier::BOLD);
        frame.render_widget(Paragraph::new(Span::styled(head, head_style)), Rect { height: 1, ..area });
        let list = list_area(area, 1, 1);
        let selected = self.view.selected;
        let lines: Vec<Line> = window(self.len, usize::from(list.height), self.view.offset, selected)
            .map(|i| {
                let spans: Vec<Span> = row(i)
                    .into_iter()
                    .zip(&self.columns)
                    .map(|((text, style), column)| Span::styled(cell(&text, column.width), style))
                    .collect();
                let line = Line::from(spans);
                if self.focused && i == selected { line.style(Style::new().bg(theme.selection_bg)) } else { line }
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), list);
        if let Some(span) = detail(selected) {
            let text = truncate(&span.content, usize::from(area.width));
            let line_area = Rect { y: area.y + area.height.saturating_sub(1), height: 1, ..area };
            frame.render_widget(Paragraph::new(Span::styled(text, span.style)), line_area);
        }
    }
}
