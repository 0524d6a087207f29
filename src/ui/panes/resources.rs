//! The Resources pane: the live tree of stacks, nested stacks and resources.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::state::{PaneId, State};
use crate::ui::status_style;
use crate::ui::text::{cell, truncate};
use crate::ui::widgets::table::{Cell, Column, Table};
use crate::model::stack::tree::TreeRow;
use crate::util::timefmt::age;

pub fn summary(state: &State) -> String {
    if let Some(input) = state.filter_typed(PaneId::Resources) {
        return format!("/{} Enter keep · Esc clear", input.with_cursor());
    }
    if state.panes.resources.show_outputs {
        return format!("stack outputs ({}) · V: tree", state.stack.outputs.len());
    }
    let Some(root) = state.stack.tree.root() else {
        let word = if state.ctx.stack_name.is_empty() { "nothing to follow" } else { "not deployed yet" };
        return word.into();
    };
    match state.panes.resources.filter.as_str() {
        "" => format!("{} · {}", crate::util::plural::count(state.stack.tree.resource_count(), "resource", "resources"), root.status),
        filter => format!("/{filter}: {} of {} · {}", state.panes.resources.rows.len(), state.stack.tree.resource_count(), root.status),
    }
}

fn columns(width: usize) -> Vec<Column> {
    let age = if width >= 60 { 6 } else { 0 };
    let status = (width / 3).min(26);
    let kind = if width >= 90 { (width / 4).min(30) } else { 0 };
    let label = width.saturating_sub(age + status + kind);
    vec![
        Column { title: "Resource".into(), width: label },
        Column { title: "Type".into(), width: kind },
        Column { title: "Status".into(), width: status },
        Column { title: "Age".into(), width: age },
    ]
}

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    let theme = state.theme();
    if state.panes.resources.show_outputs {
        return outputs(state, frame, area);
    }
    let muted = Style::new().fg(theme.muted);
    let empty = if !state.panes.resources.filter.is_empty() && !state.stack.tree.is_empty() {
        vec![Line::from(Span::styled("No resource matches the filter (/ to change it).", muted))]
    } else if state.ctx.stack_name.is_empty() {
        vec![Line::from(Span::styled("No stack to follow: see the Deploy pane.", muted))]
    } else {
        vec![
            Line::from(format!("Stack {} is not deployed yet.", state.ctx.stack_name)),
            Line::from(Span::styled("Press d to deploy it; its resources appear here as they are created.", muted)),
        ]
    };
    let table = Table::of(state, PaneId::Resources, columns(usize::from(area.width)), empty);
    table.draw(state, frame, area, |i| row_cells(state, &state.panes.resources.rows[i]), |i| detail(state, state.panes.resources.rows.get(i)?));
}

fn row_cells(state: &State, row: &TreeRow) -> Vec<Cell> {
    let theme = state.theme();
    let marker = match row.stack {
        Some(true) => "▸ ",
        Some(false) => "▾ ",
        None => "  ",
    };
    let label = format!("{}{marker}{}", "  ".repeat(usize::from(row.depth)), row.label);
    let kind = row.resource_type.strip_prefix("AWS::").unwrap_or(&row.resource_type).to_owned();
    let updated = if row.updated_ms > 0 { age((state.now_ms - row.updated_ms) / 1000) } else { String::new() };
    let label_style = if row.stack.is_some() { Style::new().add_modifier(Modifier::BOLD) } else { Style::new() };
    vec![
        (label, label_style),
        (kind, Style::new().fg(theme.muted)),
        (row.status.clone(), status_style(theme, &row.status)),
        (updated, Style::new().fg(theme.muted)),
    ]
}

/// The selected row's physical id, and its reason when it has one.
fn detail(state: &State, row: &TreeRow) -> Option<Span<'static>> {
    let theme = state.theme();
    let text = match &row.reason {
        Some(reason) => format!("{} · {reason}", row.physical_id),
        None => row.physical_id.clone(),
    };
    let style = match &row.reason {
        Some(_) if row.status.ends_with("_FAILED") => Style::new().fg(theme.status_failed),
        _ => Style::new().fg(theme.muted),
    };
    Some(Span::styled(text, style))
}

/// The stack outputs: key, value, description.
fn outputs(state: &State, frame: &mut Frame, area: Rect) {
    let theme = state.theme();
    if state.stack.outputs.is_empty() {
        let text = Span::styled("No stack outputs (yet). V shows the resource tree.", Style::new().fg(theme.muted));
        frame.render_widget(Paragraph::new(text), area);
        return;
    }
    let width = usize::from(area.width);
    let key_w = state.stack.outputs.iter().map(|o| o.key.chars().count()).max().unwrap_or(10).min(width / 3) + 1;
    let lines: Vec<Line> = state
        .stack.outputs
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
