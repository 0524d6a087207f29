//! The keys in effect: the defaults, with the user's `[keys]` applied on top, checked so that
//! no key does two things at once.

use std::collections::HashMap;

use crossterm::event::KeyEvent;

use super::key::Key;
use super::scope::{Scope, id};
use crate::app::intent::Intent;
use crate::app::state::State;

/// What a command does to the workbench: it changes the state it owns and hands the core
/// what it wants done as [`Intent`]s; it never calls the core back.
pub type Run = fn(&mut State, &mut Cx);

/// One thing a key can do.
#[derive(Debug, Clone, Copy)]
pub struct Command {
    /// Its name within its section; the id is `name` for global and list commands and
    /// `section.name` for the others (`logs.errors_only`).
    pub name: &'static str,
    /// The keys bound by default.
    pub keys: &'static [&'static str],
    /// What it does, in full, for help and the palette.
    pub help: &'static str,
    /// A word or two for the status bar, for the commands worth a hint.
    pub hint: Option<&'static str>,
    pub run: Run,
}

/// What a running command has besides the state: the keys in effect (help and the palette
/// list them) and the intents it hands back, carried out by the core in order.
#[derive(Debug)]
pub struct Cx<'k> {
    pub keys: &'k Keymap,
    intents: Vec<Intent>,
}

impl<'k> Cx<'k> {
    pub fn new(keys: &'k Keymap) -> Self {
        Self { keys, intents: Vec::new() }
    }

    /// Asks the core for something: an [`Intent`], or an effect as it is.
    pub fn push(&mut self, intent: impl Into<Intent>) {
        self.intents.push(intent.into());
    }

    pub fn into_intents(self) -> Vec<Intent> {
        self.intents
    }
}

/// A command and the keys it has now.
#[derive(Debug, Clone)]
pub struct Binding {
    pub scope: Scope,
    pub command: &'static Command,
    pub keys: Vec<Key>,
}

impl Binding {
    pub fn id(&self) -> String {
        id(self.scope, self.command.name)
    }

    /// `q Ctrl-C`: every key, as help shows them; a command without keys by its palette name.
    pub fn label(&self) -> String {
        if self.keys.is_empty() {
            return format!(":{}", self.id());
        }
        self.keys.iter().map(Key::label).collect::<Vec<_>>().join(" ")
    }

    /// The first key, as a hint shows it.
    pub fn first_label(&self) -> String {
        self.keys.first().map(Key::label).unwrap_or_default()
    }
}

/// What is wrong with a `[keys]` entry; `action` is the entry's id as written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("unknown action `{action}` in [keys] (the ids are listed in help, `?`)")]
    UnknownAction { action: String },
    #[error("[keys] {action}: {message}")]
    BadKey { action: String, message: String },
    #[error("[keys] {action}: `{key}` is already bound to `{other}` ({section})")]
    Clash { action: String, key: String, other: String, section: String },
}

impl KeyError {
    /// The `[keys]` entry the error is about.
    pub fn action(&self) -> &str {
        match self {
            Self::UnknownAction { action } | Self::BadKey { action, .. } | Self::Clash { action, .. } => action,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Keymap {
    /// The `sections`' default keys with `overrides` (command id → its keys) applied, in order.
    pub fn new(
        sections: &[(Scope, &'static [Command])],
        overrides: &[(String, Vec<String>)],
    ) -> Result<Self, KeyError> {
        let mut bindings = Vec::new();
        for &(scope, commands) in sections {
            for command in commands {
                let keys = command.keys.iter().filter_map(|k| Key::parse(k).ok()).collect();
                bindings.push(Binding { scope, command, keys });
            }
        }
        let mut keymap = Self { bindings };
        let mut rebound = Vec::new();
        for (action, keys) in overrides {
            let index = keymap
                .bindings
                .iter()
                .position(|b| b.id() == *action)
                .ok_or_else(|| KeyError::UnknownAction { action: action.clone() })?;
            let parsed = keys
                .iter()
                .map(|k| Key::parse(k))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|message| KeyError::BadKey { action: action.clone(), message })?;
            keymap.bindings[index].keys = parsed;
            rebound.push(action.clone());
        }
        keymap.check(&rebound)?;
        Ok(keymap)
    }

    /// No key bound twice among sections that act together. The clash is reported on the
    /// entry the user wrote when one of the two is theirs.
    fn check(&self, rebound: &[String]) -> Result<(), KeyError> {
        for group in Scope::together() {
            let mut seen: HashMap<Key, &Binding> = HashMap::new();
            for binding in self.bindings.iter().filter(|b| group.contains(&b.scope)) {
                for key in &binding.keys {
                    let Some(other) = seen.insert(*key, binding) else { continue };
                    let (mine, theirs) = if rebound.contains(&other.id()) && !rebound.contains(&binding.id()) {
                        (other, binding)
                    } else {
                        (binding, other)
                    };
                    let section = match group.last() {
                        Some(Scope::Pane(pane)) => format!("both act in the {} pane", pane.spec().title),
                        Some(scope) => format!("both act in {}", scope.title().to_lowercase()),
                        None => String::new(),
                    };
                    return Err(KeyError::Clash { action: mine.id(), key: key.label(), other: theirs.id(), section });
                }
            }
        }
        Ok(())
    }

    /// The binding `event` triggers in `scope`.
    pub fn find(&self, scope: Scope, event: &KeyEvent) -> Option<&Binding> {
        let key = Key::of(event);
        self.bindings.iter().find(|b| b.scope == scope && b.keys.contains(&key))
    }

    /// The command whose id is `id`.
    pub fn by_id(&self, id: &str) -> Option<&Binding> {
        self.bindings.iter().find(|b| b.id() == id)
    }

    pub fn bindings(&self) -> impl Iterator<Item = &Binding> {
        self.bindings.iter()
    }

    pub fn section(&self, scope: Scope) -> impl Iterator<Item = &Binding> {
        self.bindings.iter().filter(move |b| b.scope == scope)
    }

    /// The sections, in the order they were given.
    pub fn scopes(&self) -> Vec<Scope> {
        let mut scopes: Vec<Scope> = Vec::new();
        for b in &self.bindings {
            if !scopes.contains(&b.scope) {
                scopes.push(b.scope);
            }
        }
        scopes
    }

    /// The binding of `name` in `scope`, for hints that name a key.
    pub fn get(&self, scope: Scope, name: &str) -> Option<&Binding> {
        self.section(scope).find(|b| b.command.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keys;

    fn rebind(entries: &[(&str, &[&str])]) -> Result<Keymap, KeyError> {
        let overrides: Vec<(String, Vec<String>)> =
            entries.iter().map(|(a, ks)| ((*a).to_owned(), ks.iter().map(|k| (*k).to_owned()).collect())).collect();
        keys::keymap(&overrides)
    }

    #[test]
    fn the_built_in_table_binds_no_key_twice() {
        assert!(keys::keymap(&[]).is_ok());
        for (scope, commands) in keys::sections() {
            for command in commands {
                for key in command.keys {
                    assert!(Key::parse(key).is_ok(), "{}: {key}", id(scope, command.name));
                }
            }
        }
    }

    #[test]
    fn rebinding_replaces_the_keys_of_one_command() {
        let keymap = rebind(&[("deploy", &["f5"]), ("logs.errors_only", &["e", "ctrl-e"])]).expect("valid");
        assert_eq!(keymap.by_id("deploy").map(Binding::label).as_deref(), Some("F5"));
        assert_eq!(keymap.by_id("logs.errors_only").map(Binding::label).as_deref(), Some("e Ctrl-E"));
        let d = KeyEvent::new(crossterm::event::KeyCode::Char('d'), crossterm::event::KeyModifiers::NONE);
        assert!(keymap.find(Scope::Global, &d).is_none(), "the old key no longer deploys");
    }

    #[test]
    fn unknown_actions_bad_keys_and_clashes_are_errors() {
        assert_eq!(
            rebind(&[("logs.bogus", &["b"])]).err(),
            Some(KeyError::UnknownAction { action: "logs.bogus".into() })
        );
        assert!(matches!(rebind(&[("deploy", &["ctrl-"])]), Err(KeyError::BadKey { .. })));
        let clash = rebind(&[("logs.errors_only", &["q"])]).expect_err("q quits");
        assert_eq!(clash.action(), "logs.errors_only");
        assert!(clash.to_string().contains("`q` is already bound to `quit`"), "{clash}");
        assert!(rebind(&[("deploy", &["E"])]).is_err(), "E is the Logs pane's: deploy would clash there");
        let pane_keys = rebind(&[("resources.copy", &["E"])]);
        assert!(pane_keys.is_ok(), "two panes may use one key for two things: {pane_keys:?}");
    }
}
