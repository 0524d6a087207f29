//! The Users pane: the pool's users (or groups and their members) as a table, what is read
//! so far and whether more exists, and the last failure with what to do.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use crate::app::panes::users::why_no_pool;
use crate::app::state::{PaneId, State};
use crate::domain::users::User;
use crate::model::users::{GroupRow, UsersView};
use crate::ui::widgets::table::{Cell, Column, Table};
use crate::util::sanitize::owned as clean;
use crate::util::timefmt::age;

pub fn summary(state: &State) -> String {
    let users = &state.panes.users;
    let Some(pool) = &users.pool else { return String::new() };
    let read = match (users.view, users.loading, users.next.is_some()) {
        (UsersView::Groups, ..) => crate::util::plural::count(users.groups.len(), "group", "groups"),
        (_, true, _) if users.users.is_empty() => "reading…".into(),
        (_, _, true) => format!("{} read · more", users.users.len()),
        _ if users.users.len() == 1 => "1 user".into(),
        _ => crate::util::plural::count(users.users.len(), "user", "users"),
    };
    let filter = if users.filter.is_empty() { String::new() } else { format!(" · starting {:?}", users.filter) };
    let kept = crate::ui::text::kept(users.kept, users.loading);
    format!("{read}{kept}{filter} · {}", pool.id)
}

fn columns(width: usize, view: UsersView) -> Vec<Column> {
    let created = if width >= 80 { 8 } else { 0 };
    let groups = if width >= 56 { (width / 5).clamp(8, 24) } else { 0 };
    let (status, enabled) = (22, 9);
    let first = if view == UsersView::Groups { "Group / member" } else { "User" };
    vec![
        Column { title: first.into(), width: width.saturating_sub(status + enabled + groups + created) },
        Column { title: "Status".into(), width: status },
        Column { title: "Enabled".into(), width: enabled },
        Column { title: (if view == UsersView::Groups { "" } else { "Groups" }).into(), width: groups },
        Column { title: "Created".into(), width: created },
    ]
}

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    let theme = state.theme();
    let muted = Style::new().fg(theme.muted);
    let users = &state.panes.users;
    let empty = match (&users.pool, users.loading) {
        (None, _) => vec![Line::from(why_no_pool(state))],
        (Some(_), true) => vec![Line::from(Span::styled("Reading users…", muted))],
        (Some(_), false) if !users.filter.is_empty() => {
            vec![Line::from(format!("No user's sign-in name starts with {:?}.", users.filter))]
        }
        (Some(_), false) => vec![
            Line::from("No users yet."),
            Line::from(Span::styled("a adds a test user who can sign in at once; S runs the seed script.", muted)),
        ],
    };
    let mut empty = empty;
    if let Some(line) = problem_line(state) {
        empty.push(line);
    }
    let table = Table::of(state, PaneId::Users, columns(usize::from(area.width), users.view), empty);
    let row = |i: usize| match users.view {
        UsersView::Users => users.users.get(i).map(|u| user_cells(state, u, 0)).unwrap_or_default(),
        UsersView::Groups => group_cells(state, i),
    };
    let detail = |i: usize| {
        problem_line(state).map(|l| l.spans.into_iter().next().unwrap_or_default()).or_else(|| detail_of(state, i))
    };
    table.draw(state, frame, area, row, detail);
}

/// The last failure and what to do, in the failure colour.
fn problem_line(state: &State) -> Option<Line<'static>> {
    let (what, problem) = state.panes.users.problem.as_ref()?;
    let text = format!("✖ {what}: {} — {}", problem.message, problem.hint);
    Some(Line::from(Span::styled(text, Style::new().fg(state.theme().status_failed))))
}

fn detail_of(state: &State, i: usize) -> Option<Span<'static>> {
    let muted = Style::new().fg(state.theme().muted);
    let users = &state.panes.users;
    if let Some(user) = users.user_at(i) {
        let more = if users.next.is_some() { " · more below, read as you scroll" } else { "" };
        let pending = if users.pending > 0 { " · working…" } else { "" };
        return Some(Span::styled(format!("username {}{more}{pending}", clean(&user.username)), muted));
    }
    let group = users.group_at(i)?;
    let more = if group.more { format!(" (first {} shown)", group.members.len()) } else { String::new() };
    let text = format!(
        "{} · {}{more}{}",
        clean(&group.name),
        members(group.members.len(), false),
        group.description.as_deref().map(|d| format!(" · {}", clean(d))).unwrap_or_default()
    );
    Some(Span::styled(text, muted))
}

fn user_cells(state: &State, user: &User, indent: usize) -> Vec<Cell> {
    let theme = state.theme();
    let status_colour = match user.status.as_str() {
        "CONFIRMED" => theme.status_complete,
        "FORCE_CHANGE_PASSWORD" | "RESET_REQUIRED" | "UNCONFIRMED" => theme.status_in_progress,
        _ => theme.muted,
    };
    let (enabled, enabled_style) =
        if user.enabled { ("yes", Style::new()) } else { ("DISABLED", Style::new().fg(theme.status_failed)) };
    let groups = state.panes.users.groups_of(user).join(", ");
    let created = if user.created_ms > 0 { age((state.now_ms - user.created_ms) / 1000) } else { String::new() };
    vec![
        (format!("{}{}", " ".repeat(indent), clean(state.panes.users.label(user))), Style::new()),
        (user.status.clone(), Style::new().fg(status_colour)),
        (enabled.into(), enabled_style),
        (clean(&groups), Style::new().fg(theme.accent)),
        (created, Style::new().fg(theme.muted)),
    ]
}

fn group_cells(state: &State, i: usize) -> Vec<Cell> {
    let users = &state.panes.users;
    match users.group_rows.get(i) {
        Some(GroupRow::Group(g)) => {
            let Some(group) = users.groups.get(*g) else { return Vec::new() };
            let precedence = group.precedence.map(|p| format!("precedence {p}")).unwrap_or_default();
            let bold = Style::new().add_modifier(Modifier::BOLD);
            let count = members(group.members.len(), group.more);
            vec![
                (clean(&group.name), bold),
                (count, Style::new()),
                (String::new(), Style::new()),
                (precedence, Style::new().fg(state.theme().muted)),
            ]
        }
        Some(GroupRow::Member(g, m)) => users
            .groups
            .get(*g)
            .and_then(|group| group.members.get(*m))
            .map(|u| user_cells(state, u, 2))
            .unwrap_or_default(),
        None => Vec::new(),
    }
}

fn members(n: usize, more: bool) -> String {
    let plus = if more { "+" } else { "" };
    if n == 1 && !more { "1 member".into() } else { format!("{n}{plus} members") }
}
