//! The key tables of the README and docs/keys.md, generated from the built-in keymap (a test
//! checks the files have exactly these).

use super::verbs::VERBS;
use super::{Keymap, Scope};

/// One `### Section` with a `| key | action | id |` table per section.
pub fn tables(keymap: &Keymap) -> String {
    let mut out = String::new();
    for scope in keymap.scopes() {
        out.push_str(&format!("### {}\n\n| key | action | id |\n|---|---|---|\n", scope.title()));
        for binding in keymap.section(scope) {
            let label = binding.label().replace('|', "\\|");
            out.push_str(&format!("| {label} | {} | `{}` |\n", binding.command.help, binding.id()));
        }
        out.push('\n');
    }
    out
}

/// The verbs, each with its key and the panes that have it (`every list` for list keys).
pub fn verbs(keymap: &Keymap) -> String {
    let mut out = String::from("| key | verb | what it does | where |\n|---|---|---|---|\n");
    for verb in VERBS {
        let bindings: Vec<_> = keymap
            .bindings()
            .filter(|b| matches!(b.scope, Scope::Pane(_) | Scope::List) && b.command.name == verb.name)
            .collect();
        let Some(first) = bindings.first() else { continue };
        let places: Vec<String> = bindings
            .iter()
            .map(|b| match b.scope {
                Scope::Pane(pane) => pane.spec().title.to_owned(),
                _ => "every list".to_owned(),
            })
            .collect();
        let label = first.label().replace('|', "\\|");
        out.push_str(&format!("| {label} | {} | {} | {} |\n", verb.name, verb.means, places.join(", ")));
    }
    out
}
