//! The Processes pane: each command with its state, its address and its restarts; under the
//! list, what to do with the selected one (or why it stopped).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::app::panes::processes::model::{Entry, RunState};
use crate::app::state::{PaneId, State};
use crate::ui::widgets::table::{Column, Table};
use crate::util::sanitize::owned as clean;

pub fn summary(state: &State) -> String {
    let entries = &state.panes.processes.entries;
    let running = entries.iter().filter(|e| matches!(e.state, RunState::Running { .. })).count();
    match state.panes.processes.address() {
        Some((name, address)) => format!("{address} · {} · {running} running", clean(name)),
        None => format!("{running} of {} running", entries.len()),
    }
}

fn columns(width: usize) -> Vec<Column> {
    let (state, address) = (14, if width >= 48 { 24 } else { 0 });
    vec![
        Column { title: "Process".into(), width: width.saturating_sub(state + address).max(8) },
        Column { title: "State".into(), width: state },
        Column { title: "Address".into(), width: address },
    ]
}

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    let muted = Style::new().fg(state.theme().muted);
    let empty = vec![
        Line::from(Span::styled("Nothing to run: no [[processes]] in ampdeck.toml,", muted)),
        Line::from(Span::styled("and package.json has no scripts.", muted)),
    ];
    let table = Table::of(state, PaneId::Processes, columns(usize::from(area.width)), empty);
    let entries = &state.panes.processes.entries;
    let row = |i: usize| entries.get(i).map(|e| cells(state, e)).unwrap_or_default();
    let detail = |i: usize| entries.get(i).map(|e| Span::styled(clean(&under(e)), muted));
    table.draw(state, frame, area, row, detail);
}

fn cells(state: &State, entry: &Entry) -> Vec<(String, Style)> {
    let theme = state.theme();
    let muted = Style::new().fg(theme.muted);
    let colour = match &entry.state {
        RunState::Running { .. } => theme.status_complete,
        RunState::Starting | RunState::Stopping | RunState::Restarting => theme.status_in_progress,
        RunState::Exited { ended, asked } if *asked || *ended == crate::domain::processes::Ended::Code(0) => theme.muted,
        RunState::Exited { .. } | RunState::Failed(_) => theme.status_failed,
        RunState::Idle => theme.muted,
    };
    let restarts = if entry.restarts > 0 { format!(" ↻{}", entry.restarts) } else { String::new() };
    vec![
        (clean(&entry.spec.name), Style::new().fg(theme.fg)),
        (format!("{}{restarts}", entry.state.label()), Style::new().fg(colour)),
        (entry.address.clone().unwrap_or_default(), Style::new().fg(theme.accent)),
    ]
    .into_iter()
    .map(|(text, style)| if text.is_empty() { (text, muted) } else { (text, style) })
    .collect()
}

/// The line under the list for the selected process: why it stopped, or what keys do.
fn under(entry: &Entry) -> String {
    match &entry.state {
        RunState::Exited { .. } if entry.port_taken.is_some() => {
            format!("{} · space starts it again once that one is stopped", entry.port_taken.as_deref().unwrap_or_default())
        }
        RunState::Failed(error) => error.clone(),
        RunState::Running { pid } if entry.address.is_some() => {
            format!("Enter browse · c copy · space stop · I restart · pid {pid}")
        }
        RunState::Running { pid } => format!("{} · space stop · I restart · pid {pid}", entry.spec.command),
        _ => format!("{} · space starts it", entry.spec.command),
    }
}
