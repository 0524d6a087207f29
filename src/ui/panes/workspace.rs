//! The Workspace pane: where to edit, what is watched, the live type check with its
//! diagnostics (file:line:col, the form terminals and editors open), recent changes and the
//! deploys they started.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::ui::text::{list_area, truncate, window};
use crate::app::state::{PaneId, State};
use crate::domain::check::CheckReport;
use crate::util::timefmt::clock;

/// The type check's state, then as many of its diagnostics as `room` allows.
fn check_lines(state: &State, width: usize, room: usize) -> Vec<Line<'static>> {
    let theme = state.theme();
    let check = &state.check;
    let (text, colour) = match (&check.off, check.running, &check.last) {
        (Some(why), _, _) => (format!("types: off · {why}"), theme.muted),
        (None, Some((_, since)), _) => {
            let secs = state.now.saturating_duration_since(since).as_secs();
            (format!("types: checking… {secs}s"), theme.status_in_progress)
        }
        (None, None, Some(report)) if report.clean() => (
            format!(
                "types: ✓ no errors · {:.1} s {} · {}",
                report.elapsed.as_secs_f64(),
                checker(report, check.checker.as_deref()),
                clock(check.last_at_ms)
            ),
            theme.status_complete,
        ),
        (None, None, Some(report)) => {
            (errors_line(report, check.last_at_ms, check.checker.as_deref()), theme.status_failed)
        }
        (None, None, None) => ("types: waiting for the first check".into(), theme.muted),
    };
    let mut lines = vec![Line::from(Span::styled(truncate(&text, width), Style::new().fg(colour)))];
    let Some(report) = check.last.as_ref().filter(|r| !r.clean() && check.off.is_none()) else { return lines };
    for d in report.diagnostics.iter().take(room) {
        let location = d.location();
        let message = d.message.lines().next().unwrap_or_default();
        let rest = width.saturating_sub(location.chars().count() + d.code.len() + 3);
        lines.push(Line::from(vec![
            Span::styled(format!(" {location} "), Style::new().fg(theme.status_failed).add_modifier(Modifier::BOLD)),
            Span::styled(format!("{} ", d.code), Style::new().fg(theme.muted)),
            Span::raw(truncate(message, rest)),
        ]));
    }
    lines
}

fn errors_line(report: &CheckReport, at_ms: i64, now: Option<&str>) -> String {
    let by = checker(report, now);
    match (&report.failure, report.errors) {
        (Some(failure), _) => format!("types: ✗ the compiler failed: {failure}"),
        (None, 1) => format!("types: ✗ 1 error {by} · {}", clock(at_ms)),
        (None, n) => format!("types: ✗ {n} errors {by} · {}", clock(at_ms)),
    }
}

/// `(warm)`, `(tsc)`, or why a warm checker is not the one that ran; and, when the checker
/// changed since (`now`: the warm one died), what the next check runs on.
fn checker(report: &CheckReport, now: Option<&str>) -> String {
    let ran = match (&report.checker_note, &report.disagreed) {
        (_, Some(_)) => "tsc: the warm checker disagreed".to_owned(),
        (Some(note), None) => note.clone(),
        (None, None) => report.checker.label().to_owned(),
    };
    let changed = now.filter(|now| match &report.checker_note {
        _ if report.disagreed.is_some() => !now.starts_with("warm"),
        Some(note) => note != now,
        None => !now.starts_with(report.checker.label()),
    });
    match changed {
        None => format!("({ran})"),
        Some(now) => format!("({}; now {now})", report.checker.label()),
    }
}

pub fn summary(state: &State) -> String {
    if state.ctx.project_problem.is_some() {
        return "no project".into();
    }
    if let Some(report) = state.check.last.as_ref().filter(|r| !r.clean()) {
        return match report.errors {
            0 => "type check failed".into(),
            1 => "1 type error".into(),
            n => format!("{n} type errors"),
        };
    }
    let pending = state.deploy.pending.len();
    let auto = if state.deploy.auto { "auto-deploy" } else { "manual" };
    match pending {
        0 => match state.panes.workspace.changes.len() {
            1 => format!("{auto} · 1 change"),
            n => format!("{auto} · {n} changes"),
        },
        n => format!("{auto} · {n} pending"),
    }
}

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    let theme = state.theme();
    let width = usize::from(area.width);
    let watching = state.ctx.watching.iter().map(|w| format!("{w}/")).collect::<Vec<_>>().join(" ");
    let auto = if state.deploy.auto { "auto-deploy on" } else { "auto-deploy off (d deploys)" };
    let watching = match state.ctx.project_problem {
        Some(_) => "not watching: not an Amplify project".to_owned(),
        None => format!("watching {watching} · {auto}"),
    };
    let mut header = vec![
        Line::from(Span::styled(
            truncate(&state.ctx.workspace.display().to_string(), width),
            Style::new().fg(theme.accent).add_modifier(Modifier::BOLD),
        )),
        Line::from(Span::styled(
            truncate(&watching, width),
            Style::new().fg(theme.muted),
        )),
    ];
    // The frontend beside the backend: the app's address, its process on the Processes page.
    if let Some((name, address)) = state.panes.processes.address() {
        let text = format!("▶ {address} · {} (Processes page)", crate::util::sanitize::owned(name));
        header.push(Line::from(Span::styled(truncate(&text, width), Style::new().fg(theme.status_complete))));
    }
    let rows = u16::try_from(header.len()).unwrap_or(2);
    frame.render_widget(Paragraph::new(header), Rect { height: rows.min(area.height), ..area });
    if state.ctx.project_problem.is_some() {
        return; // no types to check, no files to change: the Deploy pane says why
    }
    let checks = check_lines(state, width, usize::from(area.height.saturating_sub(3) / 2).max(1));
    let checks_height = u16::try_from(checks.len()).unwrap_or(u16::MAX);
    frame.render_widget(Paragraph::new(checks), list_area(area, rows, 0));
    let list = list_area(area, rows + checks_height, 0);
    if state.panes.workspace.changes.is_empty() {
        let fit = |text: &str| crate::ui::text::truncate(text, usize::from(list.width));
        let mut lines =
            vec![Line::from(Span::styled(fit("No changes yet: edit a file under the watched folders."), Style::new().fg(theme.muted)))];
        if state.ctx.demo {
            for hint in [
                "functions/say-hello/handler.ts → a code push, no synthesis",
                "data/resource.ts → a hotswap that falls back",
                "auth/resource.ts → a failing update",
                "storage/resource.ts → \"completed\", then rolled back",
            ] {
                lines.push(Line::from(Span::styled(fit(&format!("  amplify/{hint}")), Style::new().fg(theme.muted))));
            }
        }
        frame.render_widget(Paragraph::new(lines), list);
        return;
    }
    let view = state.view(PaneId::Workspace);
    let focused = state.focus == PaneId::Workspace;
    let lines: Vec<Line> = window(state.panes.workspace.changes.len(), usize::from(list.height), view.offset, view.selected)
        .map(|i| {
            let change = &state.panes.workspace.changes[i];
            let deploy = change.deploy.map_or_else(|| "pending".to_owned(), |id| format!("→ #{id}"));
            let text = format!("{} {} ", clock(change.at_ms), change.path.display());
            let line = Line::from(vec![
                Span::raw(truncate(&text, width.saturating_sub(deploy.len()))),
                Span::styled(deploy, Style::new().fg(theme.muted)),
            ]);
            if focused && i == view.selected { line.style(Style::new().bg(theme.selection_bg)) } else { line }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}
