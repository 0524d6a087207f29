//! The detail view: the focused pane's selected row whole, every field, wrapped and
//! scrollable; `c` copies it. The same key opens it in every pane that has rows.

use crate::app::intent::Intent;
use crate::app::keymap::{Command, Cx};
use crate::app::overlays::OverlaySpec;
use crate::app::state::{Overlay, State};
use crate::domain::notice::Notice;
use crate::domain::secret::SecretText;

pub const SPEC: OverlaySpec =
    OverlaySpec { name: "detail", title: "Reading a row whole", keys: KEYS, other_key: super::close_on_other_key };

const KEYS: &[Command] = &[
    Command { name: "down", keys: &["j", "down"], help: "scroll down", hint: None, run: |s, _| scroll(s, 1) },
    Command { name: "up", keys: &["k", "up"], help: "scroll up", hint: None, run: |s, _| scroll(s, -1) },
    Command { name: "page_down", keys: &["pgdn", "space"], help: "a page down", hint: None, run: |s, _| scroll(s, 10) },
    Command { name: "page_up", keys: &["pgup"], help: "a page up", hint: None, run: |s, _| scroll(s, -10) },
    Command { name: "copy", keys: &["c"], help: "copy it (the address or value, when it has one)", hint: None, run: copy },
    Command {
        name: "close",
        keys: &["esc", "v", "q"],
        help: "close (so does any other key)",
        hint: None,
        run: super::close,
    },
];

/// Opens the detail of the focused pane's selected row, or says there is none.
pub fn open(state: &mut State) {
    let detail = state.focus.spec().detail.and_then(|detail| detail(state));
    match detail {
        Some(detail) => state.overlay = Some(Overlay::Detail(detail)),
        None => state.notice = Some(Notice::info(format!("the {} pane has no row to open whole", state.focus.title()))),
    }
}

fn scroll(state: &mut State, delta: isize) {
    if let Some(Overlay::Detail(d)) = state.overlay.as_mut() {
        d.scroll = d.scroll.saturating_add_signed(delta).min(d.lines.len().saturating_sub(1));
    }
}

fn copy(state: &mut State, cx: &mut Cx) {
    let Some(Overlay::Detail(d)) = &state.overlay else { return };
    let text = d.copy.clone().unwrap_or_else(|| d.lines.join("\n"));
    let what = format!("copied {}", d.title);
    cx.push(Intent::Copy { what, text: SecretText::new(text), secret: d.secret });
}
