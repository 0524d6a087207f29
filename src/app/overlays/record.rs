//! The selected record as pretty JSON in its model's field order, scrollable; from here it
//! can be edited, or its related record jumped to.

use crate::app::keymap::Command;
use crate::app::overlays::OverlaySpec;
use crate::app::panes::data;
use crate::app::state::{Overlay, State};

pub const SPEC: OverlaySpec = OverlaySpec { name: "record", title: "Reading a record", keys: KEYS, other_key: super::close_on_other_key };

pub const KEYS: &[Command] = &[
    Command { name: "down", keys: &["j", "down"], help: "scroll down", hint: None, run: |s, _| scroll(s, 1) },
    Command { name: "up", keys: &["k", "up"], help: "scroll up", hint: None, run: |s, _| scroll(s, -1) },
    Command {
        name: "page_down",
        keys: &["pgdn", "space"],
        help: "scroll a page down",
        hint: None,
        run: |s, _| scroll(s, 10),
    },
    Command { name: "page_up", keys: &["pgup"], help: "scroll a page up", hint: None, run: |s, _| scroll(s, -10) },
    Command {
        name: "edit",
        keys: &["e"],
        help: "edit it in $VISUAL/$EDITOR",
        hint: None,
        run: |s, cx| {
            s.overlay = None;
            data::edit(s, cx);
        },
    },
    Command { name: "jump", keys: &["b"], help: "jump to the record it belongs to", hint: None, run: data::jump },
    Command {
        name: "close",
        keys: &["esc", "q", "enter"],
        help: "close (so does any other key)",
        hint: None,
        run: super::close,
    },
];

fn scroll(state: &mut State, by: isize) {
    let lines = lines(state).len();
    if let Some(Overlay::Record { scroll }) = state.overlay.as_mut() {
        *scroll = scroll.saturating_add_signed(by).min(lines.saturating_sub(1));
    }
}

/// The record's lines as shown: its JSON, then where its relationships lead.
pub fn lines(state: &State) -> Vec<String> {
    let (Some(table), Some(record)) = (state.panes.data.model(), data::selected(state)) else { return Vec::new() };
    let ordered = crate::amplify::records::ordered(&table.model, record);
    let mut lines: Vec<String> =
        serde_json::to_string_pretty(&ordered).unwrap_or_default().lines().map(str::to_owned).collect();
    for field in &table.model.fields {
        let Some(relation) = &field.relation else { continue };
        let refs: Vec<String> = relation
            .references
            .iter()
            .map(|r| record.get(r).map(crate::domain::data::plain).unwrap_or_default())
            .collect();
        let line = match relation.kind {
            crate::domain::data::RelationKind::BelongsTo => {
                format!("{} → {} {}   (b jumps to it)", field.name, relation.model, refs.join(" · "))
            }
            _ => format!(
                "{} → the {} records whose {} is this record's key",
                field.name,
                relation.model,
                relation.references.join(", ")
            ),
        };
        lines.push(line);
    }
    lines
}
