//! Drawing: a pure function of [`State`]. Only visible rows are formatted.

pub mod deploy;
pub mod environments;
pub mod logs;
pub mod overlay;
pub mod resources;
pub mod status_bar;
pub mod workspace;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph, Wrap};

use crate::app::layout;
use crate::app::state::{PaneId, State};
use crate::domain::stack::StatusClass;
use crate::model::theme::Theme;

pub fn draw(state: &State, frame: &mut Frame) {
    let theme = state.theme();
    let full = frame.area();
    frame.render_widget(Block::new().style(Style::new().fg(theme.fg).bg(theme.bg)), full);
    let Some(areas) = layout::areas(state) else {
        return too_small(state, frame, full);
    };
    for (pane, area) in &areas.panes {
        draw_pane(state, frame, *pane, *area);
    }
    status_bar::draw(state, frame, areas.status);
    overlay::draw(state, frame, full);
}

fn too_small(state: &State, frame: &mut Frame, area: Rect) {
    let theme = state.theme();
    let text = vec![
        Line::from(Span::styled(
            "ampdeck: terminal too small",
            Style::new().fg(theme.status_failed).add_modifier(Modifier::BOLD),
        )),
        Line::from(format!("need {}×{}, have {}×{}", layout::MIN_WIDTH, layout::MIN_HEIGHT, area.width, area.height)),
        Line::from(Span::styled("enlarge the window, or press q to quit", Style::new().fg(theme.muted))),
    ];
    let top = area.height.saturating_sub(3) / 2;
    let rect = Rect::new(area.x, area.y + top, area.width, area.height.saturating_sub(top));
    frame.render_widget(Paragraph::new(text).alignment(Alignment::Center).wrap(Wrap { trim: true }), rect);
}

fn draw_pane(state: &State, frame: &mut Frame, pane: PaneId, area: Rect) {
    let theme = state.theme();
    let focused = state.focus == pane;
    if area.height <= layout::SUMMARY_HEIGHT {
        let style = if focused {
            Style::new().fg(theme.title_focused).bg(theme.selection_bg)
        } else {
            Style::new().fg(theme.title)
        };
        let title = format!("{} {} ", pane.index() + 1, pane.title());
        let room = usize::from(area.width).saturating_sub(title.chars().count() + 1);
        let line = Line::from(vec![
            Span::styled(title, style.add_modifier(Modifier::BOLD)),
            Span::styled(truncate(&summary(state, pane), room), style),
        ]);
        frame.render_widget(Paragraph::new(line), Rect { height: 1, ..area });
        return;
    }
    let block = pane_block(state, pane, focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    match pane {
        PaneId::Deploy => deploy::draw(state, frame, inner),
        PaneId::Resources => resources::draw(state, frame, inner),
        PaneId::Logs => logs::draw(state, frame, inner),
        PaneId::Environments => environments::draw(state, frame, inner),
        PaneId::Workspace => workspace::draw(state, frame, inner),
    }
}

fn pane_block(state: &State, pane: PaneId, focused: bool) -> Block<'static> {
    let theme = state.theme();
    let (border, title) = if focused {
        (Style::new().fg(theme.border_focused), Style::new().fg(theme.title_focused).add_modifier(Modifier::BOLD))
    } else {
        (Style::new().fg(theme.border), Style::new().fg(theme.title))
    };
    let mut title_spans = vec![Span::styled(format!(" {} {} ", pane.index() + 1, pane.title()), title)];
    let extra = summary(state, pane);
    if !extra.is_empty() {
        title_spans.push(Span::styled(format!("{extra} "), Style::new().fg(theme.muted)));
    }
    Block::new()
        .borders(Borders::ALL)
        .border_type(if focused { BorderType::Thick } else { BorderType::Rounded })
        .border_style(border)
        .title(Line::from(title_spans))
}

/// The one-line summary of a pane: in its title, and instead of it when space is short.
pub fn summary(state: &State, pane: PaneId) -> String {
    match pane {
        PaneId::Deploy => deploy::summary(state),
        PaneId::Resources => resources::summary(state),
        PaneId::Logs => logs::summary(state),
        PaneId::Environments => environments::summary(state),
        PaneId::Workspace => workspace::summary(state),
    }
}

pub fn status_style(theme: &Theme, status: &str) -> Style {
    let colour = match StatusClass::of(status) {
        StatusClass::Complete => theme.status_complete,
        StatusClass::InProgress => theme.status_in_progress,
        StatusClass::Failed => theme.status_failed,
        StatusClass::RollingBack => theme.status_rolling_back,
        StatusClass::RolledBack => theme.status_rolled_back,
        StatusClass::Deleted | StatusClass::Unknown => theme.status_deleted,
    };
    Style::new().fg(colour)
}

/// The rows `[top, top + height)` of a list of `len` rows keeping `selected` in view.
pub fn window(len: usize, height: usize, offset: usize, selected: usize) -> std::ops::Range<usize> {
    let mut top = offset.min(len.saturating_sub(height));
    if selected < top {
        top = selected;
    } else if height > 0 && selected >= top + height {
        top = selected + 1 - height;
    }
    top..(top + height).min(len)
}

/// The rows of a following list: the newest when following, else from `offset`.
pub fn follow_window(len: usize, height: usize, offset: usize, follow: bool) -> std::ops::Range<usize> {
    let bottom = len.saturating_sub(height);
    let top = if follow { bottom } else { offset.min(bottom) };
    top..(top + height).min(len)
}

/// Cuts `s` to `width` columns, ending with an ellipsis when it had to cut.
pub fn truncate(s: &str, width: usize) -> String {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    if s.width() <= width {
        return s.to_owned();
    }
    let mut used = 0;
    let mut out = String::new();
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// A table cell: `s` cut or padded to `width` columns, the last one a gap.
pub fn cell(s: &str, width: usize) -> String {
    if width == 0 {
        return String::new();
    }
    let mut out = fit(s, width - 1);
    out.push(' ');
    out
}

/// Pads or cuts `s` to exactly `width` columns.
pub fn fit(s: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    let mut out = truncate(s, width);
    let w = out.width();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    out
}

pub fn list_area(area: Rect, header: u16, footer: u16) -> Rect {
    let y = area.y + header.min(area.height);
    let height = area.height.saturating_sub(header + footer);
    Rect { y, height, ..area }
}
