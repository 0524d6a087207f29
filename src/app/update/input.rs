//! Keys and the mouse: a key goes to the open overlay, else to the focused pane's keys, then
//! to list navigation, then to the global keys; a click focuses the pane under it (or the
//! page of its tab), the wheel scrolls the pane under the pointer.

use super::*;
use crate::app::commands::{focus, show_page};
use crate::app::keymap::Scope;
use crate::app::navigation::scroll;
use crate::app::overlays;

pub(super) fn on_key(state: &mut State, key: KeyEvent, effects: &mut Vec<Effect>) {
    if state.overlay.is_some() {
        return overlays::on_key(state, &key, effects);
    }
    for scope in [Scope::Pane(state.focus), Scope::List, Scope::Global] {
        if let Some(run) = state.keymap.find(scope, &key).map(|b| b.command.run) {
            return run(state, effects);
        }
    }
}

pub(crate) fn quit(state: &mut State, effects: &mut Vec<Effect>) {
    if state.deploy.running() {
        effects.push(Effect::CancelDeploy);
    }
    state.quit = true;
    effects.push(Effect::Quit);
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
