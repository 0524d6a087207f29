//! Which pane has focus: focus moves within a page, and each page remembers its pane.

use super::pages::Page;
use super::pane_id::PaneId;
use super::state::State;

/// Focus moves within the page; the page remembers it.
pub fn focus(state: &mut State, pane: PaneId) {
    state.focus = pane;
    state.page_focus.insert(pane.page(), pane);
}

/// Shows `page` with the pane it had focused last.
pub fn show_page(state: &mut State, page: Page) {
    let pane = state.page_focus.get(&page).copied().or_else(|| page.panes().first().copied());
    if let Some(pane) = pane {
        focus(state, pane);
    }
}
