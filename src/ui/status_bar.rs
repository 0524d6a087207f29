//! The bottom line: where ampdeck points, the deploy state, and either the latest notice or
//! key hints.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::text::truncate;
use crate::app::keymap::Keymap;
use crate::app::keymap::Scope;
use crate::app::state::{Driver, PaneId, State};
use crate::domain::health::{CloudStatus, Problem, ProblemKind, Source};
use crate::domain::notice::NoticeLevel;

pub fn draw(state: &State, keys: &Keymap, frame: &mut Frame, area: Rect) {
    let theme = state.theme();
    let base = Style::new().fg(theme.status_bar_fg).bg(theme.status_bar_bg);
    let badge = Style::new().fg(theme.status_bar_bg).bg(theme.accent).add_modifier(Modifier::BOLD);
    let connection = match &state.health.cloud {
        Some(CloudStatus::Connected { account: Some(account), .. }) => format!("{} · {account}", state.ctx.connection),
        _ => state.ctx.connection.clone(),
    };
    let problem = state.worst_problem();
    let cloud_error = problem.map(problem_text);
    let badge = if cloud_error.is_some() { badge.bg(theme.status_failed) } else { badge };
    let mut spans = vec![
        Span::styled(format!(" {connection} "), badge),
        Span::styled(format!(" {} ", state.ctx.environment), base.add_modifier(Modifier::BOLD)),
        Span::styled(driver_label(state), base.fg(theme.muted)),
        Span::styled(format!("│ {} ", super::summary(state, PaneId::Deploy)), base),
    ];
    // Credentials outrank everything: nothing works until they are refreshed.
    let credentials = problem.is_some_and(|p| p.kind == ProblemKind::Credentials);
    // A standing warning (the region's bootstrap) waits while any notice has something to say.
    let standing = problem.is_some_and(|p| p.source == Source::Bootstrap);
    let quiet = state.notice.as_ref().is_none_or(|n| n.level == NoticeLevel::Info && !standing);
    let shown_error = cloud_error.filter(|_| quiet || credentials);
    // A message that would be cut gets the room of what follows first.
    let message = shown_error.clone().or_else(|| state.notice.as_ref().map(|n| n.text.clone()));
    let wanted = message.map_or(24, |m| m.chars().count() + 3);
    let fits = |spans: &[Span], extra: &Span| {
        usize::from(area.width) >= spans.iter().map(Span::width).sum::<usize>() + extra.width() + wanted
    };
    // The app's own address, wherever the user is: the frontend one key away on its page
    // (short: `localhost:5173`; its page and `c` have it whole).
    if let Some((_, address)) = state.panes.processes.address() {
        let short = address.trim_start_matches("http://").trim_end_matches('/');
        let address = Span::styled(format!("│ ▶ {short} "), base.fg(theme.accent));
        if fits(&spans, &address) {
            spans.push(address);
        }
    }
    // The stack name goes first when the line is short (the Resources pane shows it too).
    let stack = Span::styled(format!("│ {} ", state.ctx.stack_name), base);
    if !state.ctx.stack_name.is_empty() && fits(&spans, &stack) {
        spans.insert(2, stack);
    }
    let used: usize = spans.iter().map(Span::width).sum();
    let room = usize::from(area.width).saturating_sub(used + 1);
    let right = match shown_error {
        Some(error) => Span::styled(
            format!("│ {}", truncate(&error, room.saturating_sub(2))),
            base.fg(theme.status_failed).add_modifier(Modifier::BOLD),
        ),
        None => right_side(state, keys, theme, base, room),
    };
    spans.push(right);
    frame.render_widget(Paragraph::new(Line::from(spans)).style(base), area);
}

/// What to do must survive truncation; a short message can lead.
fn problem_text(problem: &Problem) -> String {
    let message = match problem.source {
        Source::Stacks => problem.message.clone(),
        other => format!("{}: {}", other.label(), problem.message),
    };
    if message.chars().count() <= 40 {
        format!("⚠ {message}: {}", problem.hint)
    } else {
        format!("⚠ {} · {message}", problem.hint)
    }
}

/// How deploys run: `warm` (Amplify's deployer kept loaded), or nothing for the command.
fn driver_label(state: &State) -> String {
    match &state.deploy.driver {
        Driver::Warm { .. } => "warm ".into(),
        Driver::Starting => "warming… ".into(),
        Driver::Command | Driver::Fallback { .. } => String::new(),
    }
}

/// The latest notice, else key hints.
fn right_side(
    state: &State,
    keys: &Keymap,
    theme: &crate::model::theme::Theme,
    base: Style,
    room: usize,
) -> Span<'static> {
    match &state.notice {
        Some(notice) => {
            let colour = match notice.level {
                NoticeLevel::Info => theme.status_bar_fg,
                NoticeLevel::Warn => theme.status_in_progress,
                NoticeLevel::Error => theme.status_failed,
            };
            Span::styled(
                format!("│ {}", cut_notice(&notice.text, keys, room.saturating_sub(2))),
                base.fg(colour).add_modifier(Modifier::BOLD),
            )
        }
        None => {
            Span::styled(format!("│ {}", truncate(&hints(state, keys), room.saturating_sub(2))), base.fg(theme.muted))
        }
    }
}

/// A notice as it fits in `room`; one that does not fit says which key shows it whole.
fn cut_notice(text: &str, keys: &Keymap, room: usize) -> String {
    if text.width() <= room {
        return text.to_owned();
    }
    let key = keys.by_id("messages").map(|b| b.first_label()).filter(|k| !k.is_empty());
    let whole = key.map_or_else(|| " · :messages".to_owned(), |k| format!(" · {k} whole"));
    format!("{}{whole}", truncate(text, room.saturating_sub(whole.width())))
}

/// The focused pane's keys first, then the global ones: `/ filter  E errors  ? help  q quit`.
fn hints(state: &State, keys: &Keymap) -> String {
    [Scope::Pane(state.focus), Scope::Global]
        .into_iter()
        .flat_map(|scope| keys.section(scope))
        .filter_map(|b| Some(format!("{} {}", b.first_label(), b.command.hint?)))
        .collect::<Vec<_>>()
        .join("  ")
}
