//! The Secrets pane: each secret the backend reads or the environment has, whether it is set
//! (for the environment, or shared), masked unless the user asked to see it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use crate::app::state::{PaneId, State};
use crate::model::secrets::SecretRow;
use crate::ui::widgets::table::{Cell, Column, Table};
use crate::util::sanitize::owned as clean;
use crate::util::timefmt::age;

pub fn summary(state: &State) -> String {
    let secrets = &state.panes.secrets;
    if secrets.paths.is_none() {
        return String::new();
    }
    let missing = secrets.missing().len();
    let set = secrets.rows.iter().filter(|r| r.effective().is_some()).count();
    let counts = match (secrets.listed, missing) {
        (false, _) => "reading…".into(),
        (true, 0) => format!("{set} set"),
        (true, n) => format!("{set} set · {n} MISSING"),
    };
    if state.deploy.redeploy.is_some() { format!("{counts} · redeploy needed") } else { counts }
}

fn columns(width: usize, longest: usize) -> Vec<Column> {
    let modified = if width >= 60 { 9 } else { 0 };
    let state = 14;
    let name = (longest + 2).clamp(8, (width / 2).max(8));
    vec![
        Column { title: "Secret".into(), width: name },
        Column { title: "State".into(), width: state },
        Column { title: "Value".into(), width: width.saturating_sub(name + state + modified) },
        Column { title: "Changed".into(), width: modified },
    ]
}

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    let theme = state.theme();
    let muted = Style::new().fg(theme.muted);
    let secrets = &state.panes.secrets;
    let mut empty = match (&secrets.paths, secrets.listed) {
        (None, _) => vec![Line::from("This stack is not an Amplify backend: it has no secrets.")],
        (Some(_), false) => vec![Line::from(Span::styled("Reading secrets…", muted))],
        (Some(_), true) => vec![
            Line::from("No secrets: the backend reads none (secret('NAME')) and none are set."),
            Line::from(Span::styled("a sets one by name.", muted)),
        ],
    };
    if let Some(line) = problem_line(state) {
        empty.push(line);
    }
    let table = Table::of(
        state,
        PaneId::Secrets,
        columns(usize::from(area.width), secrets.rows.iter().map(|r| r.name.chars().count()).max().unwrap_or(0)),
        empty,
    );
    let detail = |i: usize| {
        problem_line(state).and_then(|l| l.spans.into_iter().next()).or_else(|| {
            let row = secrets.rows.get(i)?;
            if let Some(value) = secrets.value_of(row) {
                let text = format!("{} = {}", row.name, value.expose());
                return Some(Span::styled(clean(&text), Style::new().fg(state.theme().accent)));
            }
            let text = match row.effective() {
                Some(entry) => format!("{} · version {}", entry.path, entry.version),
                None => format!("not set: e sets {} at {}", row.name, secrets.paths.as_ref()?.path(&row.name)),
            };
            Some(Span::styled(clean(&text), muted))
        })
    };
    table.draw(state, frame, area, |i| secrets.rows.get(i).map(|r| cells(state, r)).unwrap_or_default(), detail);
}

fn problem_line(state: &State) -> Option<Line<'static>> {
    let (what, problem) = state.panes.secrets.problem.as_ref()?;
    let text = format!("✖ {what}: {} — {}", problem.message, problem.hint);
    Some(Line::from(Span::styled(text, Style::new().fg(state.theme().status_failed))))
}

fn cells(state: &State, row: &SecretRow) -> Vec<Cell> {
    let theme = state.theme();
    let (label, style) = match (row.missing(), &row.own, &row.shared, row.needed) {
        (true, ..) => ("MISSING", Style::new().fg(theme.status_failed).add_modifier(Modifier::BOLD)),
        (_, Some(_), _, true) => ("set", Style::new().fg(theme.status_complete)),
        (_, None, Some(_), true) => ("set (shared)", Style::new().fg(theme.status_complete)),
        _ => ("not read", Style::new().fg(theme.muted)),
    };
    let value = match (state.panes.secrets.value_of(row), row.effective()) {
        (Some(value), _) => (clean(value.expose()), Style::new().fg(theme.accent)),
        (None, Some(_)) => ("•••• (Space)".into(), Style::new().fg(theme.muted)),
        (None, None) => (String::new(), Style::new()),
    };
    let changed = row.effective().map(|e| age((state.now_ms - e.modified_ms) / 1000)).unwrap_or_default();
    vec![(clean(&row.name), Style::new()), (label.into(), style), value, (changed, Style::new().fg(theme.muted))]
}
