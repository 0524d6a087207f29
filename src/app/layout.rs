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
            Page::Dev if w >= WIDE => dev_wide(state, main),
            Page::Dev => dev_narrow(state, main),
            page => any_page(state, main, &page.panes()),
        }
    };
    Some(Areas { tabs, status, panes })
}

/// Deploy and Resources on the left; Logs, Environments and Workspace on the right, each
/// of those by what it has to show.
fn dev_wide(state: &State, main: Rect) -> Vec<(PaneId, Rect)> {
    let [left, right] = Layout::horizontal([Constraint::Percentage(55), Constraint::Fill(1)]).areas(main);
    let [deploy, resources] = Layout::vertical([Constraint::Percentage(45), Constraint::Fill(1)]).areas(left);
    let mut panes = vec![(PaneId::Deploy, deploy), (PaneId::Resources, resources)];
    panes.extend(stacked(state, right, &[PaneId::Logs, PaneId::Environments, PaneId::Workspace]));
    panes
}

/// Deploy on top; below it two columns, Resources over Environments and Logs over
/// Workspace, each pane with the rows its content needs.
fn dev_narrow(state: &State, main: Rect) -> Vec<(PaneId, Rect)> {
    let [deploy, rest] = Layout::vertical([Constraint::Percentage(35), Constraint::Fill(1)]).areas(main);
    let [left, right] = Layout::horizontal([Constraint::Percentage(50), Constraint::Fill(1)]).areas(rest);
    let mut panes = vec![(PaneId::Deploy, deploy)];
    panes.extend(stacked(state, left, &[PaneId::Resources, PaneId::Environments]));
    panes.extend(stacked(state, right, &[PaneId::Logs, PaneId::Workspace]));
    panes.sort_by_key(|(p, _)| p.index());
    panes
}

/// Any other page: side by side when wide, else stacked by content.
fn any_page(state: &State, main: Rect, panes: &[PaneId]) -> Vec<(PaneId, Rect)> {
    if main.width >= WIDE && panes.len() <= 3 {
        let rects = Layout::horizontal(panes.iter().map(|p| Constraint::Fill(p.spec().room))).split(main);
        return panes.iter().copied().zip(rects.iter().copied()).collect();
    }
    stacked(state, main, panes)
}

/// `panes` one under another in `area`, each as tall as its [`Need`] gets it.
fn stacked(state: &State, area: Rect, panes: &[PaneId]) -> Vec<(PaneId, Rect)> {
    let needs: Vec<Need> = panes.iter().map(|&p| Need::of(state, p)).collect();
    let focused = panes.iter().position(|&p| p == state.focus);
    let mut y = area.y;
    heights(area.height, &needs, focused)
        .into_iter()
        .zip(panes)
        .map(|(h, &p)| {
            let rect = Rect::new(area.x, y, area.width, h);
            y += h;
            (p, rect)
        })
        .collect()
}

/// The rows a stacked pane needs: at least its border, header, footer and one row (an empty
/// one: no footer, its header and the line saying why); as many as its content fills. A log
/// wants only its lines too: what nobody wants goes to the focused pane (or the first), so a
/// short log does not starve its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Need {
    pub least: u16,
    pub wants: u16,
    pub room: u16,
}

impl Need {
    fn of(state: &State, pane: PaneId) -> Self {
        let spec = pane.spec();
        let rows = (spec.len)(state);
        let footer = if rows == 0 { 0 } else { spec.footer };
        let least = 3 + (spec.header)(state) + footer;
        let content = if rows == 0 { (spec.empty_rows)(state).max(1) } else { u16::try_from(rows).unwrap_or(u16::MAX) };
        let wants = (least - 1).saturating_add(content);
        Self { least, wants, room: spec.room.max(1) }
    }
}

/// Heights for panes stacked in `height` rows. Every pane whose least fits is drawn whole
/// (the focused one first), the others as one-line summaries; the rows left go one at a time
/// to the shortest whole pane for its `room` among those that want more, and what nobody
/// wants to the focused pane. So no pane shrinks to a summary while another shows rows it
/// has nothing for.
pub fn heights(height: u16, needs: &[Need], focused: Option<usize>) -> Vec<u16> {
    let n = needs.len();
    let mut h = vec![1u16; n];
    let mut free = height.saturating_sub(u16::try_from(n).unwrap_or(u16::MAX));
    let order = focused.into_iter().chain((0..n).filter(|i| Some(*i) != focused));
    for i in order {
        let extra = needs[i].least - 1;
        if extra <= free {
            h[i] = needs[i].least;
            free -= extra;
        }
    }
    let whole: Vec<usize> = (0..n).filter(|&i| h[i] > 1).collect();
    while free > 0 {
        let hungry = whole.iter().copied().filter(|&i| h[i] < needs[i].wants);
        let Some(i) = hungry.min_by_key(|&i| (u32::from(h[i]) * 1000 / u32::from(needs[i].room), Some(i) != focused))
        else {
            break;
        };
        h[i] += 1;
        free -= 1;
    }
    if let Some(i) = focused.filter(|i| whole.contains(i)).or(whole.first().copied()) {
        h[i] += free;
    }
    h
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

#[cfg(test)]
mod tests {
    use super::*;

    fn need(least: u16, wants: u16) -> Need {
        Need { least, wants, room: 1 }
    }

    #[test]
    fn panes_that_all_fit_get_what_they_want_and_the_focused_one_the_rest() {
        // Hosting at 80×24: two branches, five jobs, no log open, three variables.
        let needs = [need(5, 6), need(5, 9), need(5, 5), need(5, 7)];
        assert_eq!(heights(22, &needs, Some(0)), vec![6, 6, 5, 5], "none collapses");
        assert_eq!(heights(40, &needs, Some(2)), vec![6, 9, 18, 7]);
    }

    #[test]
    fn a_pane_collapses_only_when_the_others_fill_their_rows() {
        let needs = [need(5, 30), need(5, 30), need(5, 30), need(5, 30), need(5, 30)];
        let h = heights(22, &needs, Some(4));
        assert_eq!(h.iter().sum::<u16>(), 22);
        assert_eq!(h, vec![5, 5, 5, 1, 6], "the focused one whole, then in order while they fit");
        let log = [need(4, 30), need(5, 6)];
        assert_eq!(heights(14, &log, None), vec![8, 6], "a log takes what the other leaves");
        let short_log = [need(4, 6), need(5, 9)];
        assert_eq!(heights(20, &short_log, None), vec![11, 9], "a short log leaves the other its rows");
    }
}
