//! The keymap's sections, in the order help and docs/keys.md list them: the global commands,
//! list navigation, each pane's keys and each overlay's. The one place that knows them all,
//! so that the keymap itself knows none.

use std::sync::LazyLock;

use super::keymap::{Command, KeyError, Keymap, Scope};

/// Every section with its commands.
pub fn sections() -> Vec<(Scope, &'static [Command])> {
    Scope::all().into_iter().map(|scope| (scope, commands(scope))).collect()
}

fn commands(scope: Scope) -> &'static [Command] {
    match scope {
        Scope::Global => super::commands::GLOBAL,
        Scope::List => super::navigation::LIST,
        Scope::Pane(pane) => pane.spec().keys,
        Scope::Overlay(overlay) => overlay.keys(),
    }
}

/// The built-in keys with the user's `[keys]` on top.
pub fn keymap(overrides: &[(String, Vec<String>)]) -> Result<Keymap, KeyError> {
    Keymap::new(&sections(), overrides)
}

/// The built-in keys, built once.
pub fn defaults() -> &'static Keymap {
    static DEFAULTS: LazyLock<Keymap> = LazyLock::new(|| match keymap(&[]) {
        Ok(keymap) => keymap,
        // The built-in table is checked by a test; a clash there is a bug, never a user's.
        Err(e) => unreachable!("the built-in key table is inconsistent: {e}"),
    });
    &DEFAULTS
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::app::keymap::verbs::{self, VERBS};
    use crate::app::keymap::{self, Key};

    fn parsed(keys: &[&str]) -> Vec<Key> {
        keys.iter().filter_map(|k| Key::parse(k).ok()).collect()
    }

    /// The sections a user moves through: everywhere, lists, and the panes (an overlay is a
    /// world of its own while it is open).
    fn pane_sections() -> Vec<(Scope, &'static [Command])> {
        sections().into_iter().filter(|(scope, _)| !matches!(scope, Scope::Overlay(_))).collect()
    }

    #[test]
    fn a_verb_has_one_key_in_every_pane() {
        for (scope, commands) in pane_sections() {
            for command in commands {
                if let Some(verb) = verbs::named(command.name) {
                    assert_eq!(
                        parsed(command.keys),
                        parsed(verb.keys),
                        "{}: the verb {} is {:?} everywhere",
                        keymap::id(scope, command.name),
                        verb.name,
                        verb.keys
                    );
                }
            }
        }
    }

    #[test]
    fn a_verbs_key_means_nothing_else_in_any_pane() {
        let verb_keys: HashMap<Key, &str> =
            VERBS.iter().flat_map(|v| parsed(v.keys).into_iter().map(move |k| (k, v.name))).collect();
        assert_eq!(verb_keys.len(), VERBS.iter().map(|v| v.keys.len()).sum::<usize>(), "two verbs share a key");
        for (scope, commands) in pane_sections() {
            for command in commands.iter().filter(|c| verbs::named(c.name).is_none()) {
                for key in parsed(command.keys) {
                    assert!(
                        !verb_keys.contains_key(&key),
                        "{} uses {}, the key of the verb {}",
                        keymap::id(scope, command.name),
                        key.label(),
                        verb_keys[&key]
                    );
                }
            }
        }
    }

    #[test]
    fn a_panes_own_key_means_one_thing_across_the_panes() {
        let mut meaning: HashMap<Key, (&str, String)> = HashMap::new();
        for (scope, commands) in pane_sections() {
            for command in commands {
                for key in parsed(command.keys) {
                    let id = keymap::id(scope, command.name);
                    let (name, first) = meaning.entry(key).or_insert((command.name, id.clone()));
                    assert_eq!(*name, command.name, "{} means {first} and {id}", key.label());
                }
            }
        }
    }
}
