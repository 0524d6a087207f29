//! The keymap's sections, in the order help and the README list them: the global commands,
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
