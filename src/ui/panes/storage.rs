//! The Storage pane: which bucket and folder, then the folder's entries as a table (folders
//! first, as S3 lists them), with size, age and type.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::state::{PaneId, State};
use crate::domain::storage::{Entry, content_type};
use crate::model::storage::size;
use crate::ui::widgets::table::{Cell, Column, Table};
use crate::util::sanitize::owned as clean;
use crate::util::timefmt::age;

pub fn summary(state: &State) -> String {
    let storage = &state.panes.storage;
    let Some(bucket) = storage.bucket() else { return String::new() };
    let read = match (storage.loading && storage.entries.is_empty(), storage.next.is_some()) {
        (true, _) => "reading…".to_owned(),
        (false, true) => format!("{} listed · more", storage.entries.len()),
        (false, false) if storage.entries.len() == 1 => "1 entry".to_owned(),
        (false, false) => crate::util::plural::count(storage.entries.len(), "entry", "entries"),
    };
    format!("{} · {read}{}", bucket.name, crate::ui::text::kept(storage.kept, storage.loading))
}

fn columns(width: usize) -> Vec<Column> {
    let (size, modified, kind) = (10, if width >= 60 { 9 } else { 0 }, if width >= 90 { 18 } else { 0 });
    vec![
        Column { title: "Name".into(), width: width.saturating_sub(size + modified + kind) },
        Column { title: "Size".into(), width: size },
        Column { title: "Modified".into(), width: modified },
        Column { title: "Type".into(), width: kind },
    ]
}

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    if area.height == 0 {
        return;
    }
    let theme = state.theme();
    let muted = Style::new().fg(theme.muted);
    let storage = &state.panes.storage;
    let place = match storage.bucket() {
        Some(b) => {
            let others = if storage.buckets.len() > 1 {
                format!("   b next bucket ({})", storage.buckets.len())
            } else {
                String::new()
            };
            format!("{} › /{}{others}", b.name, storage.prefix)
        }
        None => String::new(),
    };
    frame.render_widget(
        Paragraph::new(Span::styled(clean(&place), Style::new().fg(theme.accent))),
        Rect { height: 1, ..area },
    );
    let rest = Rect { y: area.y + 1, height: area.height - 1, ..area };
    let mut empty = match (storage.bucket(), storage.listed) {
        _ if state.stack.outputs.is_empty() => vec![Line::from(Span::styled(super::data::waiting(state), muted))],
        (None, _) => vec![Line::from("This backend has no storage: no defineStorage in amplify/storage/resource.ts.")],
        (Some(_), false) => vec![Line::from(Span::styled("Listing…", muted))],
        (Some(_), true) => {
            vec![Line::from("This folder is empty."), Line::from(Span::styled("u uploads a local file here.", muted))]
        }
    };
    if let Some(line) = problem_line(state) {
        empty.push(line);
    }
    let table = Table::of(state, PaneId::Storage, columns(usize::from(area.width)), empty);
    let row = |i: usize| storage.entries.get(i).map(|e| cells(state, e)).unwrap_or_default();
    let detail = |i: usize| {
        problem_line(state).and_then(|l| l.spans.into_iter().next()).or_else(|| {
            let entry = storage.entries.get(i)?;
            let text = match entry {
                Entry::Folder { .. } => format!(
                    "Enter opens · Backspace goes up · bucket {}",
                    storage.bucket().map_or("", |b| b.bucket.as_str())
                ),
                Entry::Object { key, .. } => format!("{key} · D downloads it · c copies a link · X deletes"),
            };
            Some(Span::styled(clean(&text), muted))
        })
    };
    table.draw(state, frame, rest, row, detail);
}

fn problem_line(state: &State) -> Option<Line<'static>> {
    let (what, problem) = state.panes.storage.problem.as_ref()?;
    let text = clean(&format!("✖ {what}: {} — {}", problem.message, problem.hint));
    Some(Line::from(Span::styled(text, Style::new().fg(state.theme().status_failed))))
}

fn cells(state: &State, entry: &Entry) -> Vec<Cell> {
    let theme = state.theme();
    let name = clean(entry.label(&state.panes.storage.prefix));
    match entry {
        Entry::Folder { .. } => vec![(name, Style::new().fg(theme.accent).add_modifier(Modifier::BOLD))],
        Entry::Object { key, size: bytes, modified_ms } => vec![
            (name, Style::new()),
            (size(*bytes), Style::new().fg(theme.muted)),
            (age((state.now_ms - modified_ms) / 1000), Style::new().fg(theme.muted)),
            (content_type(key).to_owned(), Style::new().fg(theme.muted)),
        ],
    }
}
