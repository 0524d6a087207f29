//! The History pane: past deploys, newest first, and where the selected one's time went.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::app::state::{PaneId, State};
use crate::model::history::{Record, Result};
use crate::ui::widgets::table::{Cell, Column, Table};
use crate::util::timefmt::{age, elapsed};

pub fn summary(state: &State) -> String {
    let history = &state.deploy.history;
    let Some(last) = history.front() else { return "no deploys yet".into() };
    let failed = history.iter().filter(|r| r.result == Result::Failed).count();
    let failed = if failed > 0 { format!(" · {failed} failed") } else { String::new() };
    format!("{}{failed} · last {} {}", crate::util::plural::count(history.len(), "deploy", "deploys"), mark(last.result), elapsed(last.duration()))
}

fn mark(result: Result) -> &'static str {
    match result {
        Result::Succeeded => "✔",
        Result::Failed => "✖",
        Result::Cancelled => "■",
    }
}

fn columns(width: usize) -> Vec<Column> {
    let started = if width >= 70 { 9 } else { 0 };
    vec![
        Column { title: "#".into(), width: 6 },
        Column { title: "Result".into(), width: 11 },
        Column { title: "Kind".into(), width: 11 },
        Column { title: "Took".into(), width: 8 },
        Column { title: "Started".into(), width: started },
        Column { title: "Trigger".into(), width: width.saturating_sub(36 + started) },
    ]
}

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    let theme = state.theme();
    let muted = Style::new().fg(theme.muted);
    let table = Table::of(
        state,
        PaneId::History,
        columns(usize::from(area.width)),
        vec![
            Line::from("No deploys yet."),
            Line::from(Span::styled("Every deploy is kept here (.amplify/ampdeck/history.jsonl).", muted)),
        ],
    );
    let record = |i: usize| state.deploy.history.get(i);
    table.draw(
        state,
        frame,
        area,
        |i| record(i).map(|r| cells(state, r)).unwrap_or_default(),
        |i| Some(Span::styled(phases(record(i)?), muted)),
    )
}

fn cells(state: &State, r: &Record) -> Vec<Cell> {
    let theme = state.theme();
    let (word, colour) = match r.result {
        Result::Succeeded => (format!("✔ {}", r.done.as_deref().unwrap_or("deployed")), theme.status_complete),
        Result::Failed => ("✖ failed".to_owned(), theme.status_failed),
        Result::Cancelled => ("■ cancelled".to_owned(), theme.status_deleted),
    };
    let muted = Style::new().fg(theme.muted);
    vec![
        (format!("#{}", r.id), muted),
        (word, Style::new().fg(colour)),
        (kind(r), muted),
        (elapsed(r.duration()), Style::new()),
        (ago(state.now_ms - r.started_ms), muted),
        (r.trigger.clone(), Style::new()),
    ]
}

/// `full ↯ ex`: the kind that ran, `↯` when it was a hotswap that fell back, `ex` in express mode.
fn kind(r: &Record) -> String {
    let mut text = r.kind.map(|k| k.label().to_owned()).unwrap_or_default();
    if r.fallback.is_some() {
        text.push_str(" ↯");
    }
    if r.express {
        text.push_str(" ex");
    }
    text
}

fn ago(ms: i64) -> String {
    match age(ms / 1000) {
        now if now == "now" => now,
        age => format!("{age} ago"),
    }
}

/// `synthesizing 0.4s → deploying 2.1s → 16.0s` (each phase began at that time after the start).
fn phases(r: &Record) -> String {
    let mut parts: Vec<String> = r
        .phases
        .iter()
        .map(|p| format!("{} at {}", p.phase, elapsed(std::time::Duration::from_millis(p.at_ms))))
        .collect();
    parts.push(format!("done at {}", elapsed(r.duration())));
    let exit = r.exit_code.filter(|c| *c != 0).map(|c| format!(" · exit {c}")).unwrap_or_default();
    let express = if r.express { " · express" } else { "" };
    let fallback = match r.fallback.as_deref() {
        Some([first]) => format!(" · not hotswapped: {}", first.summary()),
        Some([first, rest @ ..]) => format!(" · not hotswapped: {} (+{} more)", first.summary(), rest.len()),
        Some([]) => " · hotswap fell back".into(),
        None => String::new(),
    };
    format!("#{}: {}{exit}{express}{fallback}", r.id, parts.join(" → "))
}
