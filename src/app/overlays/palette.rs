//! The `:` command palette, like k9s's command mode: every pane, page and command by name,
//! fuzzy-filtered as you type; Enter goes there or runs it.

use crossterm::event::KeyEvent;

use crate::app::focus::{focus, show_page};
use crate::app::keymap::{Command, Cx, Keymap, Run, Scope};
use crate::app::overlays::OverlaySpec;
use crate::app::pages::Page;
use crate::app::panes::PaneId;
use crate::app::state::{Input, Overlay, State};
use crate::app::text_input::TextInput;
use crate::domain::notice::Notice;

pub const SPEC: OverlaySpec = OverlaySpec { name: "palette", title: "In the command palette", keys: KEYS, other_key: |s, key, _| typed(s, key) };

pub const KEYS: &[Command] = &[
    Command {
        name: "run",
        keys: &["enter"],
        help: "go to the chosen pane or page, or run the command",
        hint: None,
        run,
    },
    Command { name: "close", keys: &["esc", "ctrl-c"], help: "close the palette", hint: None, run: super::close },
    Command { name: "down", keys: &["down", "ctrl-n"], help: "next entry", hint: None, run: |s, cx| step(s, cx.keys, 1) },
    Command { name: "up", keys: &["up", "ctrl-p"], help: "previous entry", hint: None, run: |s, cx| step(s, cx.keys, -1) },
    Command {
        name: "erase",
        keys: &["backspace"],
        help: "delete a character",
        hint: None,
        run: |s, _| {
            edit(s, |t| {
                t.erase();
                true
            })
        },
    },
];

#[derive(Clone, Copy)]
pub enum Target {
    Pane(PaneId),
    Page(Page),
    Command(Scope, Run),
}

/// One line of the palette.
pub struct Entry {
    /// What to type: `logs`, `dev`, `deploy`, `logs.errors_only`.
    pub name: String,
    /// The key that does the same, if any.
    pub key: String,
    pub help: String,
    pub target: Target,
}

fn all(keys: &Keymap) -> Vec<Entry> {
    let panes = PaneId::ALL.iter().map(|&p| Entry {
        name: p.spec().name.to_owned(),
        key: p.number().to_string(),
        help: format!("{} pane ({} page)", p.title(), p.page().title()),
        target: Target::Pane(p),
    });
    let pages = Page::ALL.iter().map(|&p| Entry {
        name: p.name().to_owned(),
        key: String::new(),
        help: format!("{} page", p.title()),
        target: Target::Page(p),
    });
    let commands = keys
        .scopes()
        .into_iter()
        .filter(|s| !matches!(s, Scope::Overlay(_)))
        .flat_map(|scope| keys.section(scope))
        .filter(|b| !b.command.name.starts_with("focus_"))
        .map(|b| Entry {
            name: b.id(),
            key: b.label(),
            help: b.command.help.to_owned(),
            target: Target::Command(b.scope, b.command.run),
        });
    panes.chain(pages).chain(commands).collect()
}

/// How well `query` names `name`: lower is better; `None` is no match at all.
fn score(name: &str, help: &str, query: &str) -> Option<u8> {
    let name = name.to_lowercase();
    let words = || name.split(['.', '_', '-']);
    if name == query {
        Some(0)
    } else if name.starts_with(query) {
        Some(1)
    } else if words().any(|w| w.starts_with(query)) {
        Some(2)
    } else if name.contains(query) {
        Some(3)
    } else if subsequence(&name, query) {
        Some(4)
    } else if help.to_lowercase().contains(query) {
        Some(5)
    } else {
        None
    }
}

fn subsequence(text: &str, query: &str) -> bool {
    let mut chars = text.chars();
    query.chars().all(|q| chars.any(|c| c == q))
}

/// The entries that match what is typed, best first.
pub fn entries(state: &State, keys: &Keymap) -> Vec<Entry> {
    let query = typed_text(state).trim().to_lowercase();
    let mut scored: Vec<(u8, usize, Entry)> = all(keys)
        .into_iter()
        .enumerate()
        .filter_map(|(i, e)| Some((if query.is_empty() { 0 } else { score(&e.name, &e.help, &query)? }, i, e)))
        .collect();
    scored.sort_by_key(|(score, i, _)| (*score, *i));
    scored.into_iter().map(|(_, _, e)| e).collect()
}

fn step(state: &mut State, keys: &Keymap, delta: isize) {
    let last = entries(state, keys).len().saturating_sub(1);
    if let Some(Overlay::Palette(q)) = state.overlay.as_mut() {
        q.selected = q.selected.saturating_add_signed(delta).min(last);
    }
}

/// What is typed and the chosen entry, while the palette is open.
pub fn query(state: &State) -> Option<&Input> {
    match &state.overlay {
        Some(Overlay::Palette(q)) => Some(q),
        _ => None,
    }
}

fn typed_text(state: &State) -> String {
    query(state).map(|q| q.text.value().to_owned()).unwrap_or_default()
}

/// An editing key edits what is typed, which starts the choice over.
pub fn typed(state: &mut State, key: &KeyEvent) {
    edit(state, |t| t.key(key));
}

fn edit(state: &mut State, change: impl FnOnce(&mut TextInput) -> bool) {
    if let Some(Overlay::Palette(q)) = state.overlay.as_mut()
        && change(&mut q.text)
    {
        q.selected = 0;
    }
}

fn run(state: &mut State, effects: &mut Cx) {
    let selected = query(state).map_or(0, |q| q.selected);
    let chosen = entries(state, effects.keys).into_iter().nth(selected).map(|e| e.target);
    let typed = typed_text(state);
    state.overlay = None;
    match chosen {
        Some(Target::Pane(pane)) => focus(state, pane),
        Some(Target::Page(page)) => show_page(state, page),
        Some(Target::Command(scope, run)) => {
            // A pane's command acts on that pane.
            if let Scope::Pane(pane) = scope {
                focus(state, pane);
            }
            run(state, effects);
        }
        None => {
            let typed = typed.trim();
            state.notice = Some(Notice::info(format!("no pane, page or command is called “{typed}”")));
        }
    }
}
