//! The Builds pane: each hosted branch of the app with its newest build, previews marked
//! with their pull request's number.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use crate::app::state::{PaneId, State};
use crate::domain::hosting::{Job, JobStatus, trigger_label};
use crate::model::hosting::{default_url, duration_ms, preview_number, url};
use crate::ui::widgets::table::{Cell, Column, Table};
use crate::util::sanitize::owned as clean;
use crate::util::timefmt::age;

pub fn summary(state: &State) -> String {
    let b = &state.panes.builds;
    match (&b.app, b.branches.len()) {
        (None, _) if b.picking() => format!("{}: Enter picks the project's", crate::util::plural::count(b.apps.len(), "app", "apps")),
        (None, _) if b.app_id.is_none() => String::new(),
        (None, _) => "reading the app…".into(),
        (Some(app), n) => {
            let running = b.latest.values().filter(|j| j.status.active()).count();
            let failed = b.latest.values().filter(|j| j.status == JobStatus::Failed).count();
            let kept = crate::ui::text::kept(b.branches_kept, b.problem.is_none());
            format!("{} · {n} branches{kept} · {running} running · {failed} failed", clean(&app.name))
        }
    }
}

pub fn status_style(state: &State, status: &JobStatus) -> Style {
    let theme = state.theme();
    Style::new().fg(match status {
        JobStatus::Succeed => theme.status_complete,
        JobStatus::Failed => theme.status_failed,
        JobStatus::Cancelled | JobStatus::Cancelling | JobStatus::Other(_) => theme.muted,
        _ => theme.status_in_progress,
    })
}

fn columns(width: usize) -> Vec<Column> {
    let (preview, status, started, took) = (8, 14, 9, 7);
    let name = (width / 4).clamp(12, 32);
    let commit = if width >= 90 { width.saturating_sub(name + preview + status + started + took) } else { 0 };
    vec![
        Column { title: "Branch".into(), width: name },
        Column { title: "Preview".into(), width: preview },
        Column { title: "Last build".into(), width: status },
        Column { title: "Commit".into(), width: commit },
        Column { title: "Started".into(), width: started },
        Column { title: "Took".into(), width: took },
    ]
}

pub fn took(job: &Job, now_ms: i64) -> String {
    let secs = duration_ms(job, now_ms) / 1000;
    if secs >= 60 { format!("{}m{:02}s", secs / 60, secs % 60) } else { format!("{secs}s") }
}

/// The account's apps, when the project names none (or the user asked for another).
fn draw_apps(state: &State, frame: &mut Frame, area: Rect) {
    let muted = Style::new().fg(state.theme().muted);
    let apps = &state.panes.builds.apps;
    let width = usize::from(area.width);
    let (name, id) = ((width / 4).clamp(12, 32), 16);
    let columns = vec![
        Column { title: "App".into(), width: name },
        Column { title: "Id".into(), width: id },
        Column { title: "Repository".into(), width: width.saturating_sub(name + id + 4) },
    ];
    let table = Table::of(state, PaneId::Builds, columns, Vec::new());
    let row = |i: usize| {
        apps.get(i)
            .map(|a| {
                vec![
                    (clean(&a.name), Style::new().add_modifier(Modifier::BOLD)),
                    (clean(&a.id), Style::new()),
                    (clean(&a.repository), muted),
                ] as Vec<Cell>
            })
            .unwrap_or_default()
    };
    let detail = |i: usize| {
        let app = apps.get(i)?;
        let line = format!("enter shows its builds · app_id = \"{}\" in ampdeck.toml keeps it · {}", app.id, app.default_domain);
        Some(Span::styled(clean(&line), muted))
    };
    table.draw(state, frame, area, row, detail);
}

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    let theme = state.theme();
    let muted = Style::new().fg(theme.muted);
    let b = &state.panes.builds;
    if b.picking() {
        return draw_apps(state, frame, area);
    }
    let mut empty = match (&b.app_id, &b.app) {
        (None, _) if b.problem.is_some() => vec![Line::from("The account's Amplify Hosting apps could not be listed.")],
        (None, _) if !b.apps_read() => vec![Line::from(Span::styled("Listing the account's Amplify apps…", muted))],
        (None, _) => vec![
            Line::from("No Amplify Hosting app found in this account and region."),
            Line::from(Span::styled("It comes from app_id in ampdeck.toml or a branch environment's amplify:app-id tag.", muted)),
        ],
        (Some(_), None) => vec![Line::from(Span::styled("Reading the app…", muted))],
        (Some(_), Some(_)) => vec![Line::from("This app hosts no branches yet: connect one in the Amplify console.")],
    };
    if let Some((what, problem)) = &b.problem {
        let text = clean(&format!("✖ {what}: {}", problem.message));
        empty.push(Line::from(Span::styled(text, Style::new().fg(theme.status_failed))));
        empty.push(Line::from(Span::styled(clean(&format!("  {}", problem.hint)), muted)));
    }
    let table = Table::of(state, PaneId::Builds, columns(usize::from(area.width)), empty);
    let row = |i: usize| b.branches.get(i).map(|branch| {
        let job = b.latest.get(&branch.name);
        let preview = preview_number(branch).map(|n| if n > 0 { format!("PR #{n}") } else { "preview".into() });
        let status = job.map_or(("—".to_owned(), muted), |j| (format!("{} {}", j.status.icon(), j.status.label()), status_style(state, &j.status)));
        vec![
            (clean(&branch.name), Style::new().add_modifier(Modifier::BOLD)),
            (preview.unwrap_or_default(), Style::new().fg(theme.accent)),
            status,
            (job.map(|j| format!("{} {}", j.commit_id.chars().take(7).collect::<String>(), j.commit_message)).unwrap_or_default(), muted),
            (job.map(|j| age((state.now_ms - j.start_ms) / 1000)).unwrap_or_default(), muted),
            (job.map(|j| took(j, state.now_ms)).unwrap_or_default(), muted),
        ] as Vec<Cell>
    }).unwrap_or_default();
    let detail = |i: usize| {
        let branch = b.branches.get(i)?;
        let address = b.app.as_ref().map(|a| url(a, branch)).unwrap_or_default();
        // A custom domain's branch is still served at the default one.
        let also = b.app.as_ref().map(|a| default_url(a, branch)).filter(|d| *d != address);
        let address = also.map_or(address.clone(), |d| format!("{address} (also {d})"));
        let trigger = b.latest.get(&branch.name).map(|j| format!(" · {}", trigger_label(&j.job_type))).unwrap_or_default();
        let source = branch.source_branch.as_ref().map(|s| format!(" · into {s}")).unwrap_or_default();
        // Its backend: the branch environment's stack, as the Environments pane lists it.
        let stack = branch.stack_arn.as_deref().and_then(|a| a.split('/').nth(1)).map(|n| format!(" · stack {n}")).unwrap_or_default();
        Some(Span::styled(clean(&format!("{address}{source}{stack}{trigger} · c copies · B builds")), muted))
    };
    table.draw(state, frame, area, row, detail);
}
