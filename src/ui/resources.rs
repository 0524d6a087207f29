//! The Resources pane: the live tree of stacks, nested stacks and resources.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{cell, list_area, status_style, truncate, window};
use crate::app::state::{Overlay, PaneId, State};
use crate::model::stack::tree::TreeRow;
use crate::util::timefmt::age;

pub fn summary(state: &State) -> String {
    if state.overlay == Some(Overlay::Filter) && state.focus == PaneId::Resources {
        return format!("/{}▏ Enter keep · Esc clear", state.filter_input);
    }
    if state.show_outputs {
        return format!("stack outputs ({}) · s: tree", state.stack_outputs.len());
    }
    let Some(root) = state.tree.root() else { return "not deployed yet".into() };
    match state.tree_filter.as_str() {
        "" => format!("{} resources · {}", state.tree.resource_count(), root.status),
        filter => format!("/{filter}: {} of {} · {}", state.rows.len(), state.tree.resource_count(), root.status),
    }
}

struct Columns {
    label: usize,
    kind: usize,
    status: usize,
    age: usize,
}

fn columns(width: usize) -> Columns {
    let age = if width >= 60 { 6 } else { 0 };
    let status = (width / 3).min(26);
    let kind = if width >= 90 { (width / 4).min(30) } else { 0 };
    Columns { label: width.saturating_sub(age + status + kind), kind, status, age }
}

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    let theme = state.theme();
    if state.show_outputs {
        return outputs(state, frame, area);
    }
    if state.rows.is_empty() && !state.tree_filter.is_empty() && !state.tree.is_empty() {
        let text = Span::styled("No resource matches the filter (/ to change it).", Style::new().fg(theme.muted));
        frame.render_widget(Paragraph::new(text), area);
        return;
    }
    if state.rows.is_empty() {
        let lines = vec![
            Line::from(format!("Stack {} is not deployed yet.", state.ctx.stack_name)),
            Line::from(Span::styled(
                "Press d to deploy it; its resources appear here as they are created.",
                Style::new().fg(theme.muted),
            )),
        ];
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    let width = usize::from(area.width);
    let cols = columns(width);
    let head = format!(
        "{}{}{}{}",
        cell("Resource", cols.label),
        cell("Type", cols.kind),
        cell("Status", cols.status),
        cell("Age", cols.age)
    );
    frame.render_widget(
        Paragraph::new(Span::styled(head, Style::new().fg(theme.muted).add_modifier(Modifier::BOLD))),
        Rect { height: 1, ..area },
    );

    let list = list_area(area, 1, 1);
    let view = state.view(PaneId::Resources);
    let focused = state.focus == PaneId::Resources;
    let range = window(state.rows.len(), usize::from(list.height), view.offset, view.selected);
    let lines: Vec<Line> =
        range.map(|i| row_line(state, &state.rows[i], &cols, focused && i == view.selected)).collect();
    frame.render_widget(Paragraph::new(lines), list);

    let detail_area = Rect { y: area.y + area.height.saturating_sub(1), height: 1, ..area };
    if let Some(row) = state.rows.get(view.selected) {
        let text = match &row.reason {
            Some(reason) => format!("{} · {reason}", row.physical_id),
            None => row.physical_id.clone(),
        };
        let style = match &row.reason {
            Some(_) if row.status.ends_with("_FAILED") => Style::new().fg(theme.status_failed),
            _ => Style::new().fg(theme.muted),
        };
        frame.render_widget(Paragraph::new(Span::styled(truncate(&text, width), style)), detail_area);
    }
}

fn row_line<'a>(state: &State, row: &TreeRow, cols: &Columns, selected: bool) -> Line<'a> {
    let theme = state.theme();
    let marker = match row.stack {
        Some(true) => "▸ ",
        Some(false) => "▾ ",
        None => "  ",
    };
    let label = format!("{}{marker}{}", "  ".repeat(usize::from(row.depth)), row.label);
    let kind = row.resource_type.strip_prefix("AWS::").unwrap_or(&row.resource_type);
    let updated = if row.updated_ms > 0 { age((state.now_ms - row.updated_ms) / 1000) } else { String::new() };
    let label_style = if row.stack.is_some() { Style::new().add_modifier(Modifier::BOLD) } else { Style::new() };
    let line = Line::from(vec![
        Span::styled(cell(&label, cols.label), label_style),
        Span::styled(cell(kind, cols.kind), Style::new().fg(theme.muted)),
        Span::styled(cell(&row.status, cols.status), status_style(theme, &row.status)),
        Span::styled(cell(&updated, cols.age), Style::new().fg(theme.muted)),
    ]);
    if selected { line.style(Style::new().bg(theme.selection_bg)) } else { line }
}

/// The stack outputs: key, value, description.
fn outputs(state: &State, frame: &mut Frame, area: Rect) {
    let theme = state.theme();
    if state.stack_outputs.is_empty() {
        let text = Span::styled("No stack outputs (yet). s shows the resource tree.", Style::new().fg(theme.muted));
        frame.render_widget(Paragraph::new(text), area);
        return;
    }
    let width = usize::from(area.width);
    let key_w = state.stack_outputs.iter().map(|o| o.key.chars().count()).max().unwrap_or(10).min(width / 3) + 1;
    let lines: Vec<Line> = state
        .stack_outputs
        .iter()
        .take(usize::from(area.height))
        .map(|o| {
            let value = match &o.description {
                Some(d) => format!("{}  ({d})", o.value),
                None => o.value.clone(),
            };
            Line::from(vec![
                Span::styled(cell(&o.key, key_w), Style::new().fg(theme.accent)),
                Span::raw(truncate(&value, width.saturating_sub(key_w))),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}
