//! Moving in the focused pane's list: scrolling, paging, following the newest line. Every
//! pane's list works the same way; what differs (its length, its header rows, whether it
//! follows) is in its spec.

use super::keymap::Command;
use super::layout;
use super::panes::PaneId;
use super::state::State;
use crate::domain::notice::Notice;

pub const LIST: &[Command] = &[
    Command { name: "down", keys: &["j", "down"], help: "scroll down", hint: None, run: |s, _| by(s, 1) },
    Command { name: "up", keys: &["k", "up"], help: "scroll up", hint: None, run: |s, _| by(s, -1) },
    Command { name: "page_down", keys: &["pgdn"], help: "page down", hint: None, run: |s, _| page_by(s, 1) },
    Command { name: "page_up", keys: &["pgup"], help: "page up", hint: None, run: |s, _| page_by(s, -1) },
    Command { name: "top", keys: &["g", "home"], help: "go to top", hint: None, run: |s, _| by(s, isize::MIN / 2) },
    Command {
        name: "bottom",
        keys: &["G", "end"],
        help: "go to bottom (where a list is read page by page: reads it to the end; Esc stops)",
        hint: None,
        run: bottom,
    },
    Command {
        name: "detail",
        keys: &["v"],
        help: "the selected row whole: every field, wrapped, scrollable, copyable",
        hint: Some("whole"),
        run: |s, _| super::overlays::detail::open(s),
    },
];

fn bottom(state: &mut State, _: &mut super::keymap::Cx) {
    by(state, isize::MAX / 2);
    if let Some(read_to_end) = state.focus.spec().read_to_end {
        read_to_end(state, true);
    }
}

fn by(state: &mut State, delta: isize) {
    scroll(state, state.focus, delta);
}

fn page_by(state: &mut State, pages: isize) {
    let pane = state.focus;
    scroll(state, pane, pages * page(state, pane));
}

pub fn page(state: &State, pane: PaneId) -> isize {
    isize::try_from(layout::list_height(state, pane).max(1)).unwrap_or(1)
}

pub fn scroll(state: &mut State, pane: PaneId, delta: isize) {
    let len = state.list_len(pane);
    let height = layout::list_height(state, pane).max(1);
    let view = state.view_mut(pane);
    if pane.follows() {
        let bottom = len.saturating_sub(height);
        let top = if view.follow { bottom } else { view.offset.min(bottom) };
        view.offset = top.saturating_add_signed(delta).min(bottom);
        view.follow = view.offset >= bottom && delta > 0;
    } else {
        view.selected = view.selected.saturating_add_signed(delta).min(len.saturating_sub(1));
        if view.selected < view.offset {
            view.offset = view.selected;
        } else if view.selected >= view.offset + height {
            view.offset = view.selected + 1 - height;
        }
    }
}

/// Following the newest line of a following pane, on or off.
pub fn toggle_follow(state: &mut State, pane: PaneId) {
    let len = state.list_len(pane);
    let height = layout::list_height(state, pane);
    let view = state.view_mut(pane);
    view.follow = !view.follow;
    view.offset = len.saturating_sub(height);
    let word = if view.follow { "on" } else { "off" };
    state.notice = Some(Notice::info(format!("{}: follow {word}", pane.title())));
}

/// Keeps the selection inside a list that shrank.
pub fn clamp_selection(state: &mut State, pane: PaneId) {
    let len = state.list_len(pane);
    let view = state.view_mut(pane);
    view.selected = view.selected.min(len.saturating_sub(1));
    view.offset = view.offset.min(view.selected);
}
