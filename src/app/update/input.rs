//! Keys and the mouse: a key goes to the open overlay, else to the focused pane's keys, then
//! to list navigation, then to the global keys; a click focuses the pane under it (or the
//! page of its tab), the wheel scrolls the pane under the pointer.

use super::intents::carry_out;
use super::prelude::*;
use crate::app::focus::{focus, show_page};
use crate::app::keymap::{Cx, Keymap, Scope};
use crate::app::navigation::scroll;
use crate::app::overlays;

/// Runs the command the key is bound to, then carries out what it asked for.
pub(super) fn on_key(state: &mut State, keys: &Keymap, key: KeyEvent, effects: &mut Vec<Effect>) {
    let mut cx = Cx::new(keys);
    if state.overlay.is_some() {
        overlays::on_key(state, &key, &mut cx);
    } else {
        let scopes = [Scope::Pane(state.focus), Scope::List, Scope::Global];
        if let Some(run) = scopes.into_iter().find_map(|scope| keys.find(scope, &key)).map(|b| b.command.run) {
            run(state, &mut cx);
        }
    }
    carry_out(state, keys, cx.into_intents(), effects);
}

pub(super) fn on_mouse(state: &mut State, mouse: MouseEvent) {
    if let (MouseEventKind::Down(MouseButton::Left), Some(page)) =
        (mouse.kind, layout::tab_at(state, mouse.column, mouse.row))
    {
        state.overlay = None;
        return show_page(state, page);
    }
    let Some(pane) = layout::pane_at(state, mouse.column, mouse.row) else {
        return;
    };
    match mouse.kind {
        MouseEventKind::Down(MouseButton::Left) => {
            focus(state, pane);
            state.overlay = None;
        }
        MouseEventKind::ScrollUp => scroll(state, pane, -3),
        MouseEventKind::ScrollDown => scroll(state, pane, 3),
        _ => {}
    }
}
