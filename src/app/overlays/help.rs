//! Help: the focused pane's keys first, then the global ones, navigation, and the keys of
//! prompts and questions, each with its whole description. Typing filters it, like lazygit's
//! `?` menu; Enter runs the chosen command.

use crossterm::event::KeyEvent;

use crate::app::keymap::{Binding, Command, Cx, Keymap, Scope};
use crate::app::overlays::OverlaySpec;
use crate::app::overlays::OverlayKind;
use crate::app::state::{Input, Overlay, State};

pub const SPEC: OverlaySpec = OverlaySpec { name: "help", title: "In help", keys: KEYS, other_key: |s, key, _| typed(s, key) };

pub const KEYS: &[Command] = &[
    Command { name: "close", keys: &["esc", "?", "ctrl-c"], help: "close help", hint: None, run: super::close },
    Command { name: "down", keys: &["down"], help: "next entry", hint: None, run: |s, cx| step(s, cx.keys, 1) },
    Command { name: "up", keys: &["up"], help: "previous entry", hint: None, run: |s, cx| step(s, cx.keys, -1) },
    Command { name: "page_down", keys: &["pgdn"], help: "a page down", hint: None, run: |s, cx| step(s, cx.keys, page(s)) },
    Command { name: "page_up", keys: &["pgup"], help: "a page up", hint: None, run: |s, cx| step(s, cx.keys, -page(s)) },
    Command { name: "run", keys: &["enter"], help: "run the chosen command", hint: None, run },
    Command {
        name: "erase",
        keys: &["backspace"],
        help: "delete a character of the filter",
        hint: None,
        run: |s, _| {
            if let Some(Overlay::Help(q)) = s.overlay.as_mut() {
                q.erase();
            }
        },
    },
];

/// A line of help: a section heading or a key.
pub enum Row<'a> {
    Section(String),
    Entry(&'a Binding),
}

/// The sections in the order help shows them.
fn scopes(state: &State) -> Vec<Scope> {
    let overlays = OverlayKind::ALL.iter().map(|&o| Scope::Overlay(o));
    [Scope::Pane(state.focus), Scope::Global, Scope::List].into_iter().chain(overlays).collect()
}

/// What help shows for the filter typed so far: sections with at least one matching key.
pub fn rows<'k>(state: &State, keys: &'k Keymap) -> Vec<Row<'k>> {
    let needle = query(state).map(|q| q.text.value().to_lowercase()).unwrap_or_default();
    let matches = |b: &Binding| {
        needle.is_empty()
            || [b.label(), b.id(), b.command.help.to_owned()].iter().any(|t| t.to_lowercase().contains(&needle))
    };
    let mut rows = Vec::new();
    for scope in scopes(state) {
        let entries: Vec<&Binding> =
            keys.section(scope).filter(|b| matches(b) && on_this_page(state, b)).collect();
        if !entries.is_empty() {
            rows.push(Row::Section(scope.title()));
            rows.extend(entries.into_iter().map(Row::Entry));
        }
    }
    rows
}

/// `focus_7` is noise on a page of five panes.
fn on_this_page(state: &State, binding: &Binding) -> bool {
    let n = binding.command.name.strip_prefix("focus_").and_then(|n| n.parse::<usize>().ok());
    n.is_none_or(|n| n <= state.page().panes().len())
}

fn entries(state: &State, keys: &Keymap) -> usize {
    rows(state, keys).iter().filter(|r| matches!(r, Row::Entry(_))).count()
}

fn page(state: &State) -> isize {
    isize::try_from(state.size.1.saturating_sub(10).max(1)).unwrap_or(1)
}

fn step(state: &mut State, keys: &Keymap, delta: isize) {
    let last = entries(state, keys).saturating_sub(1);
    if let Some(Overlay::Help(q)) = state.overlay.as_mut() {
        q.selected = q.selected.saturating_add_signed(delta).min(last);
    }
}

/// Help's filter and the chosen entry, while help is open.
pub fn query(state: &State) -> Option<&Input> {
    match &state.overlay {
        Some(Overlay::Help(q)) => Some(q),
        _ => None,
    }
}

/// An editing key edits the filter, which starts the choice over.
pub fn typed(state: &mut State, key: &KeyEvent) {
    if let Some(Overlay::Help(q)) = state.overlay.as_mut() {
        q.key(key);
    }
}

/// Enter: help closes and the chosen command runs, where it would act.
fn run(state: &mut State, cx: &mut Cx) {
    let chosen = rows(state, cx.keys)
        .into_iter()
        .filter_map(|r| match r {
            Row::Entry(b) => Some(b),
            Row::Section(_) => None,
        })
        .nth(query(state).map_or(0, |q| q.selected))
        .filter(|b| !matches!(b.scope, Scope::Overlay(_)))
        .map(|b| b.command.run);
    state.overlay = None;
    if let Some(run) = chosen {
        run(state, cx);
    }
}
