//! The Variables pane: what the selected branch builds with, and where each value comes from.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use crate::app::panes::variables::rows_of;
use crate::app::state::{PaneId, State};
use crate::model::hosting::From;
use crate::ui::widgets::table::{Column, Table};
use crate::util::sanitize::owned as clean;

pub fn summary(state: &State) -> String {
    match crate::app::panes::builds::selected(state) {
        Some(b) => format!("{} · {}", clean(&b.name), rows_of(state).len()),
        None => String::new(),
    }
}

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    let theme = state.theme();
    let muted = Style::new().fg(theme.muted);
    let rows = rows_of(state);
    let width = usize::from(area.width);
    let name = (width / 4).clamp(10, 28);
    let value = (width.saturating_sub(name) * 11 / 20).max(10);
    let columns = vec![
        Column { title: "Name".into(), width: name },
        Column { title: "Value".into(), width: value },
        Column { title: "From".into(), width: width.saturating_sub(name + value) },
    ];
    let empty = vec![Line::from(Span::styled("No variables: a adds one to this branch.", muted))];
    let table = Table::of(state, PaneId::Variables, columns, empty);
    let row = |i: usize| {
        rows.get(i)
            .map(|v| {
                let from = match (v.from, &v.shadows) {
                    (From::App, _) => "app".to_owned(),
                    (From::Branch, Some(old)) => format!("branch (app's: {old})"),
                    (From::Branch, None) => "branch".to_owned(),
                };
                vec![
                    (clean(&v.name), Style::new().add_modifier(Modifier::BOLD)),
                    (clean(&v.value), Style::new()),
                    (clean(&from), if v.from == From::Branch { Style::new().fg(theme.accent) } else { muted }),
                ]
            })
            .unwrap_or_default()
    };
    let detail = |_: usize| Some(Span::styled("e sets it (here or on the app) · a adds · X removes · the next build uses them", muted));
    table.draw(state, frame, area, row, detail);
}
