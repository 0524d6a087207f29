//! The README's key tables, generated from the built-in keymap (a test checks the README has
//! exactly these).

use super::Keymap;

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
