//! The Result pane: a strip of the session's invocations (the selected one marked), then the
//! selected one in labelled parts: status, error, response, duration, billed, memory, init,
//! request id, and its log tail. Only the lines that fit are laid out.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::state::{PaneId, State};
use crate::domain::invoke::{LocalFacts, Mode};
use crate::model::invocations::{Answer, Invocation, Outcome};
use crate::model::storage::size;
use crate::ui::text::truncate;
use crate::util::sanitize::owned as clean;
use crate::util::timefmt::clock;

/// History rows shown above the result.
const STRIP: usize = 4;

pub fn summary(state: &State) -> String {
    match state.panes.invoke.history.len() {
        0 => String::new(),
        n => format!("{n} this session"),
    }
}

fn outcome_text(i: &Invocation) -> String {
    match &i.outcome {
        Outcome::Running => "running…".into(),
        Outcome::Failed(p) => format!("failed: {}", p.message),
        Outcome::Answered(a) => match (&a.function_error, &a.report) {
            (Some(_), _) => format!("{} threw", a.status),
            (None, Some(_)) => format!("{} · {}", a.status, crate::model::invocations::took(a)),
            (None, None) => format!("{} · {} ms", a.status, a.took_ms),
        },
    }
}

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    let theme = state.theme();
    let muted = Style::new().fg(theme.muted);
    let history = &state.panes.invoke.history;
    let width = usize::from(area.width);
    if history.is_empty() {
        let lines = vec![
            Line::from("Nothing invoked yet."),
            Line::from(Span::styled("Open a function (Enter), then Enter on an event invokes it, h runs it here; I does the last again.", muted)),
        ];
        frame.render_widget(Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }), area);
        return;
    }
    let selected = state.view(PaneId::Result).selected.min(history.len() - 1);
    let start = selected.saturating_sub(STRIP - 1);
    let mut lines: Vec<Line> = history
        .iter()
        .enumerate()
        .skip(start)
        .take(STRIP)
        .map(|(n, i)| {
            let text = format!("{} {} {} · {} · {}", if n == selected { "▶" } else { " " }, clock(i.at_ms), i.function, i.event_label(), outcome_text(i));
            let style = if n == selected { Style::new().add_modifier(Modifier::BOLD) } else { muted };
            Line::from(Span::styled(truncate(&clean(&text), width), style))
        })
        .collect();
    lines.push(Line::from(""));
    let room = usize::from(area.height).saturating_sub(lines.len());
    let chosen = &history[selected];
    let detail = match &chosen.outcome {
        Outcome::Running if matches!(chosen.mode, Mode::Local(_)) => running_here(state, chosen, width),
        Outcome::Running => vec![Line::from(Span::styled("Waiting for Lambda…", muted))],
        Outcome::Failed(p) => {
            let mut lines = wrapped(state, "status", &format!("not invoked: {}", p.message), theme.status_failed, width);
            lines.extend(wrapped(state, "what to do", &p.hint, theme.fg, width));
            lines
        }
        Outcome::Answered(a) => answer_lines(state, a, width),
    };
    lines.extend(detail.into_iter().take(room));
    frame.render_widget(Paragraph::new(lines), area);
}

/// A local run still going: where a debugger attaches, when it waits for one.
fn running_here(state: &State, run: &Invocation, width: usize) -> Vec<Line<'static>> {
    let muted = Style::new().fg(state.theme().muted);
    match &run.inspector {
        Some(address) => {
            let mut lines = wrapped(state, "debugger", &format!("waiting at {address}"), state.theme().status_in_progress, width);
            let how = "attach with chrome://inspect or VS Code's \"Attach\" to 127.0.0.1:9229; it stops where the handler is called (step in); K stops the run";
            lines.extend(wrapped(state, "", how, state.theme().muted, width));
            lines
        }
        None => vec![Line::from(Span::styled("Running here (bundling, then Node.js)… K (in Invoke) stops it", muted))],
    }
}

/// What a local run ran with, and what it did not have of the cloud, each wrapped whole.
fn local_lines(state: &State, facts: &LocalFacts, width: usize) -> Vec<Line<'static>> {
    let theme = state.theme();
    let mut parts = vec![("ran here", facts.node.clone(), theme.fg)];
    if let Some(warning) = &facts.node_warning {
        parts.push(("", format!("⚠ {warning}"), theme.log_warn));
    }
    parts.push(("with", format!("{} · {}", facts.credentials, facts.settings), theme.fg));
    if !facts.unresolved.is_empty() {
        parts.push(("unset", format!("{} (only a deploy resolves them)", facts.unresolved.join(", ")), theme.log_warn));
    }
    if let Some(missing) = &facts.missing {
        parts.push(("missing", format!("{missing} could not load here (a layer's, or native?): install it locally"), theme.status_failed));
    }
    parts.push(("unlike", format!("the cloud: {}", facts.differences.join(" · ")), theme.muted));
    parts.into_iter().flat_map(|(name, value, colour)| wrapped(state, name, &value, colour, width)).collect()
}

/// A labelled value wrapped whole under its label.
fn wrapped(state: &State, name: &str, value: &str, colour: ratatui::style::Color, width: usize) -> Vec<Line<'static>> {
    let text = width.saturating_sub(11).max(10);
    let pieces = crate::ui::text::wrap_words(&clean(value), text);
    pieces.iter().enumerate().map(|(n, piece)| label(state, if n == 0 { name } else { "" }, piece, colour)).collect()
}

fn label(state: &State, name: &str, value: &str, colour: ratatui::style::Color) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{name:>9}  "), Style::new().fg(state.theme().muted)),
        Span::styled(clean(value), Style::new().fg(colour)),
    ])
}

fn answer_lines(state: &State, a: &Answer, width: usize) -> Vec<Line<'static>> {
    let theme = state.theme();
    let text = width.saturating_sub(11);
    let ok = if a.function_error.is_some() { theme.status_failed } else { theme.status_complete };
    let mut lines = vec![label(state, "status", &format!("{}{}", a.status, a.function_error.as_ref().map(|e| format!(" · function error ({e})")).unwrap_or_default()), ok)];
    if let Some(facts) = &a.local {
        lines.extend(local_lines(state, facts, width));
    }
    if let Some(e) = &a.error {
        lines.extend(wrapped(state, "error", &format!("{}: {}", e.kind, e.message), theme.status_failed, width));
        for t in e.trace.iter().skip(1).take(4) {
            lines.push(label(state, "", &truncate(t.trim(), text), theme.muted));
        }
    }
    if let Some(r) = &a.report {
        let mut figures = format!("{:.2} ms", r.duration_ms);
        if let Some(b) = r.billed_ms {
            figures.push_str(&format!(" · billed {b:.0} ms"));
        }
        lines.push(label(state, "duration", &figures, theme.fg));
        if let (Some(used), Some(size)) = (r.max_memory_mb, r.memory_size_mb) {
            lines.push(label(state, "memory", &format!("{used} of {size} MB"), theme.fg));
        }
        if let Some(init) = r.init_ms {
            lines.push(label(state, "init", &format!("{init:.2} ms (cold start)"), theme.fg));
        }
    } else if a.status != 202 {
        lines.push(label(state, "duration", &format!("{} ms round trip (no REPORT line in the tail)", a.took_ms), theme.fg));
    }
    if let Some(id) = &a.request_id {
        lines.push(label(state, "request", &format!("{id} · l shows its log lines"), theme.fg));
    }
    if a.function_error.is_none() && a.status != 202 {
        let cut = if a.response.len() < a.response_bytes { format!(" (first {} of {})", size(a.response.len() as i64), size(a.response_bytes as i64)) } else { String::new() };
        lines.push(label(state, "response", &cut, theme.muted));
        lines.extend(a.response.lines().take(40).map(|l| Line::from(format!("           {}", truncate(&clean(l), text)))));
    }
    if !a.tail.is_empty() {
        lines.push(label(state, "log tail", "", theme.muted));
        lines.extend(a.tail.iter().map(|l| Line::from(Span::styled(format!("           {}", truncate(&clean(l), text)), Style::new().fg(theme.muted)))));
    }
    lines
}
