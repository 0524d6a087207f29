//! Where each pane goes, as a pure function of the terminal size and focus/zoom. The core
//! uses it too, for mouse hit-testing and page sizes.

use ratatui::layout::{Constraint, Layout, Position, Rect};

use crate::app::state::{PaneId, State};

pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;
/// From this width the workbench uses two columns.
const WIDE: u16 = 120;
/// A pane this short (or shorter) shows a one-line summary instead of its body.
pub const SUMMARY_HEIGHT: u16 = 2;

#[derive(Debug, Clone, PartialEq)]
pub struct Areas {
    pub status: Rect,
    pub panes: Vec<(PaneId, Rect)>,
}

pub fn too_small(width: u16, height: u16) -> bool {
    width < MIN_WIDTH || height < MIN_HEIGHT
}

pub fn areas(state: &State) -> Option<Areas> {
    let (w, h) = state.size;
    if too_small(w, h) {
        return None;
    }
    let [main, status] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(Rect::new(0, 0, w, h));
    let panes = if state.zoom {
        vec![(state.focus, main)]
    } else if w >= WIDE {
        wide(main, state.env_rows.len())
    } else {
        narrow(main)
    };
    Some(Areas { status, panes })
}

fn wide(main: Rect, env_rows: usize) -> Vec<(PaneId, Rect)> {
    let [left, right] = Layout::horizontal([Constraint::Percentage(55), Constraint::Fill(1)]).areas(main);
    let [deploy, resources] = Layout::vertical([Constraint::Percentage(45), Constraint::Fill(1)]).areas(left);
    let side = if main.height >= 40 { Constraint::Percentage(25) } else { Constraint::Percentage(22) };
    // Every environment when there is room: rows plus header, footer and borders.
    let env_height = u16::try_from(env_rows + 4).unwrap_or(u16::MAX).clamp(5, (main.height * 2 / 5).max(5));
    let [logs, envs, workspace] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(env_height), side]).areas(right);
    in_order([deploy, resources, logs, envs, workspace])
}

fn narrow(main: Rect) -> Vec<(PaneId, Rect)> {
    let bottom = if main.height >= 30 { Constraint::Length(8) } else { Constraint::Length(1) };
    let [deploy, middle, lower] =
        Layout::vertical([Constraint::Percentage(35), Constraint::Fill(1), bottom]).areas(main);
    let [resources, logs] = Layout::horizontal([Constraint::Percentage(50), Constraint::Fill(1)]).areas(middle);
    let [envs, workspace] = Layout::horizontal([Constraint::Percentage(50), Constraint::Fill(1)]).areas(lower);
    in_order([deploy, resources, logs, envs, workspace])
}

/// Rects given in `PaneId::ALL` order, paired with their panes.
fn in_order(rects: [Rect; 5]) -> Vec<(PaneId, Rect)> {
    PaneId::ALL.into_iter().zip(rects).collect()
}

pub fn pane_rect(state: &State, pane: PaneId) -> Option<Rect> {
    areas(state)?.panes.into_iter().find(|(p, _)| *p == pane).map(|(_, r)| r)
}

pub fn pane_at(state: &State, x: u16, y: u16) -> Option<PaneId> {
    areas(state)?.panes.into_iter().find(|(_, r)| r.contains(Position::new(x, y))).map(|(p, _)| p)
}

/// Rows above the list inside a pane's border.
pub fn header_rows(state: &State, pane: PaneId) -> u16 {
    match pane {
        PaneId::Deploy => 3 + 2 * u16::from(failure_shown(state)),
        PaneId::Workspace => 2,
        PaneId::Resources | PaneId::Environments => 1,
        PaneId::Logs => u16::from(filter_shown(state)) + u16::from(stats_shown(state)),
    }
}

/// The Logs pane's strip of figures per function, once a REPORT line gave some.
pub fn stats_shown(state: &State) -> bool {
    state.logs.functions().values().any(|f| f.invocations > 0)
}

/// Rows below the list inside a pane's border.
pub fn footer_rows(pane: PaneId) -> u16 {
    u16::from(matches!(pane, PaneId::Resources | PaneId::Environments))
}

pub fn failure_shown(state: &State) -> bool {
    state.deploy.current.as_ref().is_some_and(|r| r.progress.root_cause().is_some())
}

pub fn filter_shown(state: &State) -> bool {
    !state.logs.filter().is_empty()
        || (state.overlay == Some(crate::app::state::Overlay::Filter) && state.focus == PaneId::Logs)
}

/// How many list rows of `pane` are visible.
pub fn list_height(state: &State, pane: PaneId) -> usize {
    pane_rect(state, pane)
        .filter(|r| r.height > SUMMARY_HEIGHT)
        .map_or(0, |r| usize::from(r.height.saturating_sub(2 + header_rows(state, pane) + footer_rows(pane))))
}
