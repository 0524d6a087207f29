//! The Deploy pane: phase, progress, elapsed, the root cause of a failure, then the output.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::ui::text::{follow_window, list_area, truncate};
use crate::app::panes::deploy::{attention, fallback};
use crate::app::state::{DeployRun, OutputKind, OutputLine, PaneId, State};
use crate::domain::deploy::{DeployKind, Outcome};
use crate::model::history;
use crate::model::theme::Theme;
use crate::util::timefmt::elapsed;
use std::time::Duration;

pub fn summary(state: &State) -> String {
    let Some(run) = &state.deploy.current else {
        let word = if state.ctx.project_problem.is_some() { "no Amplify project here" } else { "no deploy yet" };
        return word.into();
    };
    let time = elapsed(run.elapsed(state.now));
    let queued = if state.deploy.queued { " · 1 queued" } else { "" };
    match &run.outcome {
        None => match run.progress.total() {
            0 => format!("#{} {} · {time}{queued}", run.id, run.phase.label()),
            total => format!("#{} {} {}/{total} · {time}{queued}", run.id, run.phase.label(), run.progress.done()),
        },
        Some(outcome) => format!("#{} {} · {time}{queued}", run.id, outcome_word(outcome, run)),
    }
}

fn outcome_word(outcome: &Outcome, run: &DeployRun) -> String {
    match outcome {
        Outcome::Succeeded if run.kind == Some(DeployKind::CodePush) => "✔ pushed (code push)".into(),
        Outcome::Succeeded if run.done != "deployed" => format!("✔ {}", run.done),
        Outcome::Succeeded => match (run.kind, run.express) {
            (Some(kind), false) => format!("✔ deployed ({})", kind.label()),
            (Some(kind), true) => format!("✔ deployed ({}, express)", kind.label()),
            (None, true) => "✔ deployed (express)".into(),
            (None, false) => "✔ deployed".into(),
        },
        Outcome::Failed { exit_code: Some(code), .. } => format!("✖ failed (exit {code})"),
        Outcome::Failed { .. } => "✖ failed".into(),
        Outcome::Cancelled => "■ cancelled".into(),
    }
}

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    let theme = state.theme();
    let Some(run) = &state.deploy.current else {
        let mut lines = match &state.ctx.project_problem {
            Some(problem) => vec![
                Line::from(Span::styled("Nothing to deploy here.", Style::new().add_modifier(Modifier::BOLD))),
                Line::from(Span::styled(problem.clone(), Style::new().fg(theme.muted))),
            ],
            None => vec![
                Line::from("No deploy yet."),
                Line::from(Span::styled(
                    "Press d to deploy, or save a file under the watched folders.",
                    Style::new().fg(theme.muted),
                )),
            ],
        };
        lines.extend(attention(state).map(|text| Line::from(Span::styled(text, Style::new().fg(theme.status_in_progress)))));
        frame.render_widget(Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }), area);
        return;
    };
    let width = usize::from(area.width);
    let mut header =
        vec![headline(state, run, theme), gauge(run, theme, width), context_line(state, run, theme, width)];
    if let Some(reason) = run.failure_reason() {
        // Two lines: the reason is what the user needs; `z` shows the whole output.
        let banner = Style::new().fg(theme.error_banner_fg).bg(theme.error_banner_bg).add_modifier(Modifier::BOLD);
        let text = format!(" ✖ {reason}");
        let hard = text.char_indices().nth(width).map_or(text.len(), |(i, _)| i);
        let split = match text[..hard].rfind(' ') {
            Some(space) if hard < text.len() && space > hard / 2 => space + 1,
            _ => hard,
        };
        let (first, rest) = text.split_at(split);
        header.push(Line::from(Span::styled(first.to_owned(), banner)));
        header.push(Line::from(Span::styled(truncate(&format!("   {rest}"), width), banner)));
    }
    for text in fallback(state) {
        header.push(Line::from(Span::styled(truncate(&text, width), Style::new().fg(theme.log_warn))));
    }
    if let Some(text) = attention(state) {
        header.push(Line::from(Span::styled(truncate(&text, width), Style::new().fg(theme.status_in_progress))));
    }
    let header_rows = (PaneId::Deploy.spec().header)(state);
    frame.render_widget(Paragraph::new(header), Rect { height: header_rows.min(area.height), ..area });

    let list = list_area(area, header_rows, 0);
    let view = state.view(PaneId::Deploy);
    let rows = follow_window(run.output.len(), usize::from(list.height), view.offset, view.follow);
    let lines: Vec<Line> = run.output.range(rows).map(|l| output_line(l, theme, width)).collect();
    frame.render_widget(Paragraph::new(lines), list);
}

fn headline<'a>(state: &State, run: &DeployRun, theme: &Theme) -> Line<'a> {
    let (word, colour) = match &run.outcome {
        None if run.cancelling => ("● cancelling".to_owned(), theme.status_rolling_back),
        None => (format!("● {}", run.phase.label()), theme.status_in_progress),
        Some(o @ Outcome::Succeeded) => (outcome_word(o, run), theme.status_complete),
        Some(o @ Outcome::Failed { .. }) => (outcome_word(o, run), theme.status_failed),
        Some(o @ Outcome::Cancelled) => (outcome_word(o, run), theme.status_deleted),
    };
    let mut spans = vec![
        Span::styled(word, Style::new().fg(colour).add_modifier(Modifier::BOLD)),
        Span::styled(format!("  deploy #{}", run.id), Style::new().fg(theme.muted)),
    ];
    if let (Some(kind), None) = (run.kind, &run.outcome) {
        spans.push(Span::styled(format!(" · {}", kind.label()), Style::new().fg(theme.muted)));
    }
    if run.express && run.outcome.is_none() {
        spans.push(Span::styled(" · express", Style::new().fg(theme.accent)));
    }
    spans.push(Span::raw(format!("  {}", elapsed(run.elapsed(state.now)))));
    if let (Some(eta), None) = (eta(state, run), &run.outcome) {
        spans.push(Span::styled(format!("  {eta}"), Style::new().fg(theme.muted)));
    }
    if state.deploy.queued {
        spans.push(Span::styled("  +1 queued", Style::new().fg(theme.accent)));
    }
    Line::from(spans)
}

fn gauge<'a>(run: &DeployRun, theme: &Theme, width: usize) -> Line<'a> {
    let (done, total) = (run.progress.done(), run.progress.total());
    let label = if total > 0 {
        let failed = match run.progress.failed() {
            0 => String::new(),
            n => format!(", {n} failed"),
        };
        let rollback = match run.progress.root_status() {
            Some(s) if s.contains("ROLLBACK") && s.ends_with("_COMPLETE") => " · rolled back",
            _ if run.progress.rolling_back() => " · rolling back",
            _ => "",
        };
        format!(" {done}/{total} resources{failed}{rollback}")
    } else if let Some((done, total)) = run.cdk_progress {
        format!(" {done}/{total} root resources")
    } else if run.hotswapped > 0 {
        format!(" {} hotswapped", run.hotswapped)
    } else if run.kind == Some(DeployKind::CodePush) {
        " the functions' code only: no synthesis, no CloudFormation".into()
    } else if run.outcome.is_some() {
        match run.progress.root_status() {
            Some(status) => format!(" {status}"),
            None => " no resource changes seen".into(),
        }
    } else {
        " waiting for stack events".into()
    };
    let bar_width = width.saturating_sub(label.chars().count()).min(40);
    let (done, total) = match (total, run.cdk_progress) {
        (0, Some((d, t))) => (d as usize, t as usize),
        _ => (done, total),
    };
    let filled = match (run.outcome.as_ref(), total) {
        (Some(Outcome::Succeeded), _) => bar_width,
        (_, 0) => 0,
        _ => bar_width * done.min(total) / total,
    };
    Line::from(vec![
        Span::styled("━".repeat(filled), Style::new().fg(theme.gauge_done)),
        Span::styled("━".repeat(bar_width - filled), Style::new().fg(theme.gauge_todo)),
        Span::raw(label),
    ])
}

/// The trigger, then the last few deploys: `#3 ✔ hotswap 4.1s · #2 ✖ 7.4s`.
fn context_line<'a>(state: &State, run: &DeployRun, theme: &Theme, width: usize) -> Line<'a> {
    if !run.target.is_empty() && state.ctx.stack_name != run.target {
        let text = format!(
            "following {} · this deploy was of {}; d deploys your sandbox again",
            state.ctx.environment, run.target
        );
        return Line::from(Span::styled(truncate(&text, width), Style::new().fg(theme.accent)));
    }
    let mut text = format!("trigger: {}", run.trigger.label());
    let recent: Vec<String> = state
        .deploy
        .history
        .iter()
        .filter(|h| h.id != run.id)
        .take(3)
        .map(|h| {
            let mark = match h.result {
                history::Result::Succeeded => "✔",
                history::Result::Failed => "✖",
                history::Result::Cancelled => "■",
            };
            let kind = h.kind.map(|k| format!(" {}", k.label())).unwrap_or_default();
            format!("#{} {mark}{kind} {}", h.id, elapsed(h.duration()))
        })
        .collect();
    if !recent.is_empty() {
        text.push_str(&format!("  ·  before: {}", recent.join(" · ")));
    }
    Line::from(Span::styled(truncate(&text, width), Style::new().fg(theme.muted)))
}

/// `ETA ~12s`, from past successful deploys of the kind this one is (or will be).
pub fn eta(state: &State, run: &DeployRun) -> Option<String> {
    let kind = run.expected_kind()?;
    // Express deploys take their own time: compared with their own kind first.
    let before = || state.deploy.history.iter().filter(|h| h.id != run.id);
    let typical = history::typical(before().filter(|h| h.express == run.express), kind)
        .or_else(|| history::typical(before(), kind))?;
    let spent = run.elapsed(state.now);
    Some(match typical.checked_sub(spent) {
        Some(left) if left >= Duration::from_secs(1) => {
            format!("ETA ~{}", elapsed(Duration::from_secs(left.as_secs())))
        }
        _ => format!("longer than usual ({})", elapsed(typical)),
    })
}

fn output_line<'a>(line: &OutputLine, theme: &Theme, width: usize) -> Line<'a> {
    let base = match line.kind {
        OutputKind::Plain => Style::new().fg(theme.fg),
        OutputKind::Phase => Style::new().fg(theme.accent),
        OutputKind::Success => Style::new().fg(theme.status_complete),
        OutputKind::Warning => Style::new().fg(theme.log_warn),
        OutputKind::Error => Style::new().fg(theme.status_failed).add_modifier(Modifier::BOLD),
    };
    // The command's own colours over the kind's base style; an error line stays the error's.
    let styles = if line.kind == OutputKind::Error { &[][..] } else { &line.styles[..] };
    crate::ui::text::styled_line(&line.text, styles, base, width)
}
