//! The documentation's promises that code can check: the key tables in `docs/keys.md` and the
//! README's table of verbs are the keymap's, and the README's two commands are there.
//!
//! The tables are generated: `AMPDECK_WRITE_DOCS=1 cargo nextest run --test readme` writes
//! them between their markers.

use std::path::Path;

use ampdeck::app::keymap::Scope;
use ampdeck::app::keymap::markdown::{tables, verbs};

/// Checks that the text between `<!-- name -->` and `<!-- /name -->` in `file` is `expected`,
/// or puts it there when asked to.
fn generated(file: &str, name: &str, expected: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
    let (open, close) = (format!("<!-- {name} -->\n"), format!("<!-- /{name} -->"));
    let start = text.find(&open).map(|i| i + open.len()).unwrap_or_else(|| panic!("{file} lacks {open}"));
    let end = text.find(&close).unwrap_or_else(|| panic!("{file} lacks {close}"));
    if std::env::var_os("AMPDECK_WRITE_DOCS").is_some() {
        let written = format!("{}{expected}{}", &text[..start], &text[end..]);
        std::fs::write(&path, written).unwrap_or_else(|e| panic!("{file}: {e}"));
        return;
    }
    assert_eq!(
        &text[start..end],
        expected,
        "{file}'s {name} table is generated: AMPDECK_WRITE_DOCS=1 cargo nextest run --test readme"
    );
}

#[test]
fn the_key_tables_list_every_binding() {
    let keymap = ampdeck::app::keys::defaults().clone();
    let expected = tables(&keymap);
    for scope in Scope::all() {
        for b in keymap.section(scope) {
            let row = format!("| {} | {} | `{}` |", b.label().replace('|', "\\|"), b.command.help, b.id());
            assert!(expected.contains(&row), "the key table lacks: {row}");
        }
    }
    generated("docs/keys.md", "keys", &expected);
}

#[test]
fn the_readme_lists_the_verbs_with_their_keys() {
    let keymap = ampdeck::app::keys::defaults();
    let expected = verbs(keymap);
    assert!(expected.contains("| X | delete |"), "{expected}");
    generated("README.md", "verbs", &expected);
}

#[test]
fn readme_has_the_two_commands_and_ci_runs_the_test_one() {
    let readme = include_str!("../README.md");
    assert!(readme.contains("cargo run --release -- --demo"));
    assert!(readme.contains("scripts/test"));
    assert!(include_str!("../.ci/run").contains("scripts/test"));
}
