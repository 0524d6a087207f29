//! The Jobs pane: the selected branch's builds, newest first, and the selected build's steps
//! under them (status, duration, why one failed).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::builds::{status_style, took};
use crate::app::panes::jobs::STEPS;
use crate::app::state::{PaneId, State};
use crate::domain::hosting::trigger_label;
use crate::ui::text::truncate;
use crate::ui::widgets::table::{Column, Table};
use crate::util::sanitize::owned as clean;
use crate::util::timefmt::age;

pub fn summary(state: &State) -> String {
    match &state.panes.builds.branch {
        Some(branch) => format!("{} · {} read", clean(branch), state.panes.builds.jobs.len()),
        None => String::new(),
    }
}

fn columns(width: usize) -> Vec<Column> {
    let (id, status, started, took, trigger) = (6, 14, 9, 7, if width >= 80 { 12 } else { 0 });
    vec![
        Column { title: "#".into(), width: id },
        Column { title: "Status".into(), width: status },
        Column { title: "Commit".into(), width: width.saturating_sub(id + status + started + took + trigger) },
        Column { title: "Started".into(), width: started },
        Column { title: "Took".into(), width: took },
        Column { title: "Trigger".into(), width: trigger },
    ]
}

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    let muted = Style::new().fg(state.theme().muted);
    let b = &state.panes.builds;
    let empty = match &b.branch {
        None => vec![Line::from(Span::styled("Select a branch in the Builds pane.", muted))],
        Some(_) => vec![Line::from(Span::styled("Reading its builds…", muted))],
    };
    let steps_height = STEPS.min(area.height.saturating_sub(3));
    let list = Rect { height: area.height - steps_height, ..area };
    let table = Table::of(state, PaneId::Jobs, columns(usize::from(area.width)), empty);
    let row = |i: usize| {
        b.jobs
            .get(i)
            .map(|j| {
                vec![
                    (j.id.clone(), Style::new()),
                    (format!("{} {}", j.status.icon(), j.status.label()), status_style(state, &j.status)),
                    (clean(&format!("{} {}", j.commit_id.chars().take(7).collect::<String>(), j.commit_message)), Style::new()),
                    (age((state.now_ms - j.start_ms) / 1000), muted),
                    (took(j, state.now_ms), muted),
                    (trigger_label(&j.job_type).split(' ').next().unwrap_or_default().to_owned(), muted),
                ]
            })
            .unwrap_or_default()
    };
    let detail = |_: usize| Some(Span::styled("Enter: its log (the failed step's) · B builds again · K stops", muted));
    table.draw(state, frame, list, row, detail);
    let steps_area = Rect { y: area.y + list.height, height: steps_height, ..area };
    frame.render_widget(Paragraph::new(step_lines(state, usize::from(area.width))), steps_area);
}

fn step_lines(state: &State, width: usize) -> Vec<Line<'static>> {
    let muted = Style::new().fg(state.theme().muted);
    let selected = crate::app::panes::jobs::selected(state);
    let steps = state.panes.builds.steps.as_ref().filter(|(id, _)| selected.is_some_and(|j| &j.id == id));
    let Some((id, steps)) = steps else {
        return if selected.is_some() { vec![Line::from(Span::styled("Steps: reading…", muted))] } else { Vec::new() };
    };
    let mut lines = vec![Line::from(Span::styled(format!("Steps of build {id}"), muted))];
    for step in steps.iter().take(usize::from(STEPS) - 1) {
        let took = step.end_ms.map(|e| format!(" · {}s", (e - step.start_ms).max(0) / 1000)).unwrap_or_default();
        let why = step.reason.as_ref().map(|r| format!(" · {r}")).unwrap_or_default();
        let text = truncate(&clean(&format!("  {} {:<10} {}{took}{why}", step.status.icon(), step.name, step.status.label())), width);
        lines.push(Line::from(Span::styled(text, status_style(state, &step.status))));
    }
    lines
}
