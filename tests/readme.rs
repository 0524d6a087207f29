//! The README's promises that code can check: its key tables are the keymap's, section by
//! section, and its two commands are there.

use ampdeck::app::keymap::Scope;
use ampdeck::app::keymap::markdown::tables;

#[test]
fn readme_lists_every_key_binding() {
    let readme = include_str!("../README.md");
    let keymap = ampdeck::app::keys::defaults().clone();
    for scope in Scope::all() {
        for b in keymap.section(scope) {
            let row = format!("| {} | {} | `{}` |", b.label().replace('|', "\\|"), b.command.help, b.id());
            assert!(readme.contains(&row), "README key table lacks: {row}");
        }
    }
    let expected = tables(&keymap);
    let start = readme.find("<!-- keys -->").map(|i| i + "<!-- keys -->\n".len());
    let end = readme.find("<!-- /keys -->");
    let found = start.zip(end).map(|(s, e)| &readme[s..e]);
    assert_eq!(found, Some(expected.as_str()), "the README's key tables are generated: put this between the markers");
}

#[test]
fn readme_has_the_two_commands_and_ci_runs_the_test_one() {
    let readme = include_str!("../README.md");
    assert!(readme.contains("cargo run --release -- --demo"));
    assert!(readme.contains("scripts/test"));
    assert!(include_str!("../.ci/run").contains("scripts/test"));
}
