//! The bottom line: where ampdeck points, the deploy state, and either the latest notice or
//! key hints.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::truncate;
use crate::app::NoticeLevel;
use crate::app::keymap::HINTS;
use crate::app::state::{Driver, PaneId, State};
use crate::cloud::CloudStatus;

pub fn draw(state: &State, frame: &mut Frame, area: Rect) {
    let theme = state.theme();
    let base = Style::new().fg(theme.status_bar_fg).bg(theme.status_bar_bg);
    let badge = Style::new().fg(theme.status_bar_bg).bg(theme.accent).add_modifier(Modifier::BOLD);
    let (connection, cloud_error) = match &state.cloud {
        Some(CloudStatus::Connected { account: Some(account), .. }) => {
            (format!("{} · {account}", state.ctx.connection), None)
        }
        Some(CloudStatus::Error { message, hint }) => {
            // What to do must survive truncation; a short message can lead.
            let text = if message.chars().count() <= 40 {
                format!("⚠ {message}: {hint}")
            } else {
                format!("⚠ {hint} · {message}")
            };
            (state.ctx.connection.clone(), Some(text))
        }
        _ => (state.ctx.connection.clone(), None),
    };
    let badge = if cloud_error.is_some() { badge.bg(theme.status_failed) } else { badge };
    let mut spans = vec![
        Span::styled(format!(" {connection} "), badge),
        Span::styled(format!(" {} ", state.ctx.environment), base.add_modifier(Modifier::BOLD)),
        Span::styled(driver_label(state), base.fg(theme.muted)),
        Span::styled(format!("│ {} ", super::summary(state, PaneId::Deploy)), base),
    ];
    // The stack name is the first thing to go when the line is short: the Resources pane
    // shows it too.
    let stack = Span::styled(format!("│ {} ", state.ctx.stack_name), base);
    let used: usize = spans.iter().map(Span::width).sum::<usize>();
    if usize::from(area.width) >= used + stack.width() + 24 {
        spans.insert(2, stack);
    }
    let used: usize = spans.iter().map(Span::width).sum();
    let room = usize::from(area.width).saturating_sub(used + 1);
    let right = match (&state.notice, cloud_error) {
        (None | Some(crate::app::Notice { level: NoticeLevel::Info, .. }), Some(error)) => Span::styled(
            format!("│ {}", truncate(&error, room.saturating_sub(2))),
            base.fg(theme.status_failed).add_modifier(Modifier::BOLD),
        ),
        _ => right_side(state, theme, base, room),
    };
    spans.push(right);
    frame.render_widget(Paragraph::new(Line::from(spans)).style(base), area);
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
fn right_side(state: &State, theme: &crate::theme::Theme, base: Style, room: usize) -> Span<'static> {
    match &state.notice {
        Some(notice) => {
            let colour = match notice.level {
                NoticeLevel::Info => theme.status_bar_fg,
                NoticeLevel::Warn => theme.status_in_progress,
                NoticeLevel::Error => theme.status_failed,
            };
            Span::styled(
                format!("│ {}", truncate(&notice.text, room.saturating_sub(2))),
                base.fg(colour).add_modifier(Modifier::BOLD),
            )
        }
        None => {
            let hints: Vec<String> = HINTS.iter().map(|(k, d)| format!("{k} {d}")).collect();
            Span::styled(format!("│ {}", truncate(&hints.join("  "), room.saturating_sub(2))), base.fg(theme.muted))
        }
    }
}
