//! Where everything goes, as a pure function of the terminal size, the page, focus and zoom:
//! the page tabs on the top line, the panes of the page, the status bar. The core uses it too,
//! for mouse hit-testing and page sizes.

use std::ops::Range;

use ratatui::layout::{Constraint, Layout, Position, Rect};

use super::pages::Page;
use super::panes::PaneId;
use super::state::State;

pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;
/// From this width a page shows its panes side by side.
const WIDE: u16 = 120;
/// A pane this short (or shorter) shows a one-line summary instead of its body.
pub const SUMMARY_HEIGHT: u16 = 2;
/// Panes stacked on a narrow screen need at least this many rows each to be of use.
const STACKED_MIN: u16 = 6;

#[derive(Debug, Clone, PartialEq)]
pub struct Areas {
    pub tabs: Rect,
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
    let [tabs, main, status] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1), Constraint::Length(1)])
        .areas(Rect::new(0, 0, w, h));
    let panes = if state.zoom {
        vec![(state.focus, main)]
    } else {
        match state.page() {
            Page::Dev if w >= WIDE => dev_wide(main, state.panes.environments.rows.len()),
            Page::Dev => dev_narrow(main, state.focus),
            page => any_page(main, &page.panes(), state.focus),
        }
    };
    Some(Areas { tabs, status, panes })
}

/// Deploy and Resources on the left; Logs, Environments and Workspace on the right.
fn dev_wide(main: Rect, env_rows: usize) -> Vec<(PaneId, Rect)> {
    let [left, right] = Layout::horizontal([Constraint::Percentage(55), Constraint::Fill(1)]).areas(main);
    let [deploy, resources] = Layout::vertical([Constraint::Percentage(45), Constraint::Fill(1)]).areas(left);
    let side = if main.height >= 40 { Constraint::Percentage(25) } else { Constraint::Percentage(22) };
    // Every environment when there is room: rows plus header, footer and borders.
    let env_height = u16::try_from(env_rows + 4).unwrap_or(u16::MAX).clamp(5, (main.height * 2 / 5).max(5));
    let [logs, envs, workspace] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(env_height), side]).areas(right);
    vec![
        (PaneId::Deploy, deploy),
        (PaneId::Resources, resources),
        (PaneId::Logs, logs),
        (PaneId::Environments, envs),
        (PaneId::Workspace, workspace),
    ]
}

/// Deploy on top, two panes in the middle, two below; when the bottom row is only tall
/// enough for summaries, a focused bottom pane swaps places with the one above it, so the
/// pane being used always has room.
fn dev_narrow(main: Rect, focus: PaneId) -> Vec<(PaneId, Rect)> {
    let roomy = main.height >= 30;
    let bottom = if roomy { Constraint::Length(8) } else { Constraint::Length(1) };
    let [deploy, middle, lower] =
        Layout::vertical([Constraint::Percentage(35), Constraint::Fill(1), bottom]).areas(main);
    let halves = |r: Rect| Layout::horizontal([Constraint::Percentage(50), Constraint::Fill(1)]).areas::<2>(r);
    let [mid_left, mid_right] = halves(middle);
    let [low_left, low_right] = halves(lower);
    let swap = |top: PaneId, below: PaneId| if !roomy && focus == below { (below, top) } else { (top, below) };
    let (left_top, left_below) = swap(PaneId::Resources, PaneId::Environments);
    let (right_top, right_below) = swap(PaneId::Logs, PaneId::Workspace);
    let mut panes = vec![
        (PaneId::Deploy, deploy),
        (left_top, mid_left),
        (right_top, mid_right),
        (left_below, low_left),
        (right_below, low_right),
    ];
    panes.sort_by_key(|(p, _)| p.index());
    panes
}

/// Any other page: side by side when wide, stacked when each gets enough rows, else the
/// focused pane with the others as one-line summaries under it.
fn any_page(main: Rect, panes: &[PaneId], focus: PaneId) -> Vec<(PaneId, Rect)> {
    let n = u32::try_from(panes.len()).unwrap_or(1).max(1);
    let share = |p: &PaneId| Constraint::Fill(p.spec().room);
    if main.width >= WIDE && panes.len() <= 3 {
        let rects = Layout::horizontal(panes.iter().map(share)).split(main);
        return panes.iter().copied().zip(rects.iter().copied()).collect();
    }
    if main.height / u16::try_from(n).unwrap_or(1) >= STACKED_MIN {
        let rects = Layout::vertical(panes.iter().map(share)).split(main);
        return panes.iter().copied().zip(rects.iter().copied()).collect();
    }
    let others = u16::try_from(panes.len().saturating_sub(1)).unwrap_or(0);
    let [big, small] = Layout::vertical([Constraint::Fill(1), Constraint::Length(others)]).areas(main);
    let mut rows = small.rows();
    panes.iter().map(|&p| if p == focus { (p, big) } else { (p, rows.next().unwrap_or(small)) }).collect()
}

/// The columns of each page's tab on the top line.
pub fn tabs(state: &State) -> Vec<(Page, Range<u16>)> {
    // Two spaces each side when every tab fits so, else one.
    let titles: usize = Page::ALL.iter().map(|p| p.title().chars().count() + 1).sum();
    let pad = if titles + 4 * Page::ALL.len() <= usize::from(state.size.0) { 4 } else { 2 };
    let mut x = 0u16;
    Page::ALL
        .iter()
        .map(|&page| {
            let width = u16::try_from(page.title().chars().count() + pad).unwrap_or(u16::MAX);
            let range = x..x.saturating_add(width);
            x = range.end.saturating_add(1);
            (page, range)
        })
        .take_while(|(_, r)| r.end <= state.size.0)
        .collect()
}

pub fn tab_at(state: &State, x: u16, y: u16) -> Option<Page> {
    let row = areas(state)?.tabs.y;
    (y == row).then(|| tabs(state).into_iter().find(|(_, r)| r.contains(&x)).map(|(p, _)| p)).flatten()
}

pub fn pane_rect(state: &State, pane: PaneId) -> Option<Rect> {
    areas(state)?.panes.into_iter().find(|(p, _)| *p == pane).map(|(_, r)| r)
}

pub fn pane_at(state: &State, x: u16, y: u16) -> Option<PaneId> {
    areas(state)?.panes.into_iter().find(|(_, r)| r.contains(Position::new(x, y))).map(|(p, _)| p)
}

/// How many list rows of `pane` are visible.
pub fn list_height(state: &State, pane: PaneId) -> usize {
    let spec = pane.spec();
    pane_rect(state, pane)
        .filter(|r| r.height > SUMMARY_HEIGHT)
        .map_or(0, |r| usize::from(r.height.saturating_sub(2 + (spec.header)(state) + spec.footer)))
}
