//! The `:` command palette, like k9s's command mode: every pane, page and command by name,
//! fuzzy-filtered as you type; Enter goes there or runs it.

use crossterm::event::KeyEvent;
use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::app::focus::{focus, show_page};
use crate::app::keymap::{Command, Cx, Keymap, Run, Scope};
use crate::app::overlays::OverlaySpec;
use crate::app::pages::Page;
use crate::app::panes::PaneId;
use crate::app::state::{Input, Overlay, State};
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
            if let Some(Overlay::Palette(q)) = s.overlay.as_mut() {
                q.erase();
            }
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
    /// Its name holds what is typed: Enter may run it without the user choosing it.
    pub named: bool,
}

fn all(keys: &Keymap) -> Vec<Entry> {
    let panes = PaneId::ALL.iter().map(|&p| Entry {
        name: p.spec().name.to_owned(),
        key: p.number().to_string(),
        help: format!("{} pane ({} page)", p.title(), p.page().title()),
        target: Target::Pane(p),
        named: false,
    });
    let pages = Page::ALL.iter().map(|&p| Entry {
        name: p.name().to_owned(),
        key: String::new(),
        help: format!("{} page", p.title()),
        target: Target::Page(p),
        named: false,
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
            named: false,
        });
    panes.chain(pages).chain(commands).collect()
}

/// The entries for what is typed, best first: the name itself, names holding the text, then
/// names matching it fuzzily (ranked by helix's matcher), then descriptions holding it; among equals, the
/// recently used first. With nothing typed, the recently used lead the list.
pub fn entries(state: &State, keys: &Keymap) -> Vec<Entry> {
    let query = typed_text(state).trim().to_lowercase();
    let recency = |name: &str| state.recent.iter().position(|r| r == name).unwrap_or(usize::MAX);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let fuzzy = Atom::new(&query, CaseMatching::Ignore, Normalization::Never, AtomKind::Fuzzy, false);
    let mut buf = Vec::new();
    let mut ranked: Vec<(u8, std::cmp::Reverse<u16>, usize, usize, Entry)> = all(keys)
        .into_iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let (tier, score) = if query.is_empty() || e.name == query {
                (0, 0)
            } else if e.name.contains(&query) {
                (1, fuzzy.score(Utf32Str::new(&e.name, &mut buf), &mut matcher).unwrap_or(0))
            } else if let Some(score) = fuzzy.score(Utf32Str::new(&e.name, &mut buf), &mut matcher) {
                (2, score)
            } else if e.help.to_lowercase().contains(&query) {
                (3, 0)
            } else {
                return None;
            };
            Some((tier, std::cmp::Reverse(score), recency(&e.name), i, e))
        })
        .collect();
    ranked.sort_by_key(|r| (r.0, r.1, r.2, r.3));
    ranked.into_iter().map(|(tier, .., mut e)| {
        e.named = tier <= 1;
        e
    }).collect()
}

fn step(state: &mut State, keys: &Keymap, delta: isize) {
    let last = entries(state, keys).len().saturating_sub(1);
    if let Some(Overlay::Palette(q)) = state.overlay.as_mut() {
        q.selected = q.selected.saturating_add_signed(delta).min(last);
        q.chosen = true;
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
    if let Some(Overlay::Palette(q)) = state.overlay.as_mut() {
        q.key(key);
    }
}

/// Enter: the chosen entry runs when the user chose it (↑↓) or its name holds what is typed;
/// a fuzzy guess never runs on its own.
fn run(state: &mut State, cx: &mut Cx) {
    let (selected, chosen) = query(state).map_or((0, false), |q| (q.selected, q.chosen));
    let entry = entries(state, cx.keys).into_iter().nth(selected);
    let typed = typed_text(state).trim().to_owned();
    state.overlay = None;
    let Some(entry) = entry.filter(|e| chosen || e.named || typed.is_empty()) else {
        state.notice = Some(Notice::info(format!("no command matches “{typed}”: nothing done (↑↓ choose a close one)")));
        return;
    };
    state.recent.retain(|r| *r != entry.name);
    state.recent.insert(0, entry.name);
    state.recent.truncate(RECENT);
    match entry.target {
        Target::Pane(pane) => focus(state, pane),
        Target::Page(page) => show_page(state, page),
        Target::Command(scope, run) => {
            // A pane's command acts on that pane.
            if let Scope::Pane(pane) = scope {
                focus(state, pane);
            }
            run(state, cx);
        }
    }
}

/// How many recently used entries the palette remembers.
const RECENT: usize = 10;
