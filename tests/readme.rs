//! The README's promises that code can check: every key binding is in its table.

use ampdeck::app::keymap::BINDINGS;

#[test]
fn readme_lists_every_key_binding() {
    let readme = include_str!("../README.md");
    for b in BINDINGS {
        let row = format!("| {} | {} |", b.label, b.help);
        assert!(readme.contains(&row), "README key table lacks: {row}");
    }
}

#[test]
fn readme_has_the_two_commands_and_ci_runs_the_test_one() {
    let readme = include_str!("../README.md");
    assert!(readme.contains("cargo run --release -- --demo"));
    assert!(readme.contains("scripts/test"));
    assert!(include_str!("../.ci/run").contains("scripts/test"));
}
