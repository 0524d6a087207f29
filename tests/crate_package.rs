//! `cargo install ampdeck` gets what it needs and nothing else: the crate holds the sources and
//! every file they embed, no tests, fixtures, scripts or CI, and says what it is.

use std::path::Path;
use std::process::Command;

fn packaged() -> Vec<String> {
    let out = Command::new(env!("CARGO"))
        .args(["package", "--list", "--allow-dirty", "--offline"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo package --list");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).lines().map(str::to_owned).collect()
}

/// Files `src/` embeds outside its test modules, as paths from the crate root.
fn embedded() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    let mut todo = vec![root.join("src")];
    while let Some(dir) = todo.pop() {
        for entry in std::fs::read_dir(&dir).expect("src dir").filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                todo.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            // What follows a file's test module is compiled only for its tests.
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for marker in ["include_str!(\"", "include_bytes!(\""] {
                for piece in code.split(marker).skip(1) {
                    let Some(relative) = piece.split('"').next() else { continue };
                    let file = dir.join(relative);
                    if let Ok(file) = file.canonicalize() {
                        let relative = file.strip_prefix(root.canonicalize().expect("root")).expect("inside the crate");
                        found.push(relative.display().to_string());
                    }
                }
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

#[test]
fn the_crate_holds_the_sources_and_what_they_embed_and_no_tests() {
    let files = packaged();
    let embedded = embedded();
    assert!(embedded.iter().any(|f| f.starts_with("assets/demo-app/")), "the demo app is embedded: {embedded:?}");
    for file in &embedded {
        assert!(files.contains(file), "{file} is embedded but not packaged");
    }
    for needed in ["Cargo.toml", "Cargo.lock", "README.md", "LICENSE", "src/main.rs", "src/lib.rs"] {
        assert!(files.iter().any(|f| f == needed), "{needed} packaged");
    }
    for left_out in ["tests/", "benches/", "scripts/", ".ci/", ".github/", "npm/", "target/"] {
        assert!(!files.iter().any(|f| f.starts_with(left_out)), "{left_out} left out: {files:?}");
    }
}

#[test]
fn the_manifest_says_what_crates_io_shows() {
    let manifest: toml::Table = include_str!("../Cargo.toml").parse().expect("Cargo.toml");
    let package = manifest["package"].as_table().expect("[package]");
    for key in ["description", "license", "repository", "keywords", "categories", "rust-version", "readme"] {
        assert!(package.contains_key(key), "[package] has {key}");
    }
    assert!(package["keywords"].as_array().is_some_and(|k| k.len() <= 5), "crates.io takes five keywords at most");
}
