//! The Invoke pane: the functions (with how often each was invoked this session), or the
//! opened function's saved events with their first line.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::amplify::payloads::FOLDER;
use crate::app::panes::invoke::no_functions;
use crate::app::state::{PaneId, State};
use crate::ui::widgets::table::{Cell, Column, Table};
use crate::util::sanitize::owned as clean;

/// What the pane lists, then the local runs' toggles that are on (`↻` again on save, the
/// function's role, the debugger): in the title, where they are never cut.
pub fn summary(state: &State) -> String {
    let invoke = &state.panes.invoke;
    let toggles: String = [(invoke.again_on_save, " · ↻ on save"), (invoke.local.as_role, " · as its role"), (invoke.local.inspect, " · debugger")]
        .into_iter()
        .filter_map(|(on, text)| on.then_some(text))
        .collect();
    format!("{}{toggles}", listing(state)).trim_start_matches(" · ").to_owned()
}

fn listing(state: &State) -> String {
    let invoke = &state.panes.invoke;
    match &invoke.opened {
        Some(f) if invoke.payloads.len() == 1 => format!("{f} · 1 event"),
        Some(f) => format!("{f} · {}", crate::util::plural::count(invoke.payloads.len(), "event", "events")),
        None if invoke.functions.is_empty() => String::new(),
        None if invoke.functions.len() == 1 => "1 function".into(),
        None => crate::util::plural::count(invoke.functions.len(), "function", "functions"),
    }
}

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    if area.height == 0 {
        return;
    }
    let theme = state.theme();
    let muted = Style::new().fg(theme.muted);
    let invoke = &state.panes.invoke;
    let place = match &invoke.opened {
        Some(f) => format!("{f} › {FOLDER}/{f}/"),
        None => "Functions".into(),
    };
    frame.render_widget(Paragraph::new(Span::styled(clean(&place), Style::new().fg(theme.accent))), Rect { height: 1, ..area });
    let rest = Rect { y: area.y + 1, height: area.height - 1, ..area };
    let width = usize::from(area.width);
    let (columns, empty) = match &invoke.opened {
        None => (
            vec![Column { title: "Function".into(), width: width.saturating_sub(14) }, Column { title: "Invoked".into(), width: 14 }],
            vec![Line::from(no_functions(state))],
        ),
        Some(f) => (
            vec![Column { title: "Event".into(), width: (width / 3).max(12) }, Column { title: "Starts with".into(), width: width.saturating_sub((width / 3).max(12)) }],
            vec![
                Line::from(format!("No saved events for {} yet.", clean(f))),
                Line::from(Span::styled(format!("a makes one in {FOLDER}/{}/ (a plain JSON file, commit it)", clean(f)), muted)),
            ],
        ),
    };
    let table = Table::of(state, PaneId::Invoke, columns, empty);
    let row = |i: usize| -> Vec<Cell> {
        match &invoke.opened {
            None => invoke.functions.get(i).map_or_else(Vec::new, |f| {
                let count = invoke.history.iter().filter(|h| h.function == f.name).count();
                let count = match count {
                    _ if f.target.is_empty() => "not deployed".to_owned(),
                    0 => String::new(),
                    n => format!("{n}×"),
                };
                vec![(clean(&f.name), Style::new().add_modifier(Modifier::BOLD)), (count, muted)]
            }),
            Some(_) => invoke.payloads.get(i).map_or_else(Vec::new, |p| {
                let first: String = p.text.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(200).collect();
                vec![(clean(&p.name), Style::new()), (clean(&first), muted)]
            }),
        }
    };
    let detail = |i: usize| {
        let text = match &invoke.opened {
            None => invoke.functions.get(i).map(|f| match f.target.as_str() {
                "" => "not deployed yet · Enter opens its events · h runs one here".to_owned(),
                target => format!("{target} · Enter opens its events"),
            }),
            Some(_) => invoke.payloads.get(i).map(|p| format!("{}.json · Enter invokes · h runs it here · Q queues · e edits · I again", p.name)),
        };
        text.map(|t| Span::styled(clean(&t), muted))
    };
    table.draw(state, frame, rest, row, detail);
}
