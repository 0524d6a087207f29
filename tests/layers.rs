//! Imports run one way: a module of a lower layer never names one of a higher layer. The
//! layers, lowest first, are the top-level modules of `src/` (see `src/lib.rs` and
//! ARCHITECTURE.md). Comments are ignored; `#[cfg(test)]` code is held to the same rule.

use std::path::{Path, PathBuf};

const LAYERS: &[&str] = &["util", "domain", "amplify", "model", "ports", "adapters", "app", "ui", "shell"];

/// A reference from `file` (its module path under `src/`) to a module of a higher layer.
#[derive(Debug, PartialEq)]
struct Upward {
    file: String,
    line: usize,
    from: String,
    to: String,
}

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| *l == module)
}

/// `src/app/update/input.rs` → `["app", "update", "input"]`; `mod.rs` names its folder.
fn module_path(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if let Some(last) = parts.pop() {
        let stem = last.trim_end_matches(".rs");
        if stem != "mod" && stem != "lib" {
            parts.push(stem.to_owned());
        }
    }
    parts
}

/// The top-level modules `text` names, with the line of each mention.
fn mentions(module: &[String], text: &str) -> Vec<(usize, String)> {
    let ident = |s: &str| s.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect::<String>();
    let mut found = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let code = raw.split("//").next().unwrap_or_default();
        for (i, _) in code.match_indices("crate::") {
            let boundary = i == 0 || !code[..i].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_');
            if boundary {
                found.push((n + 1, ident(&code[i + "crate::".len()..])));
            }
        }
        for (i, _) in code.match_indices("super::") {
            if i > 0 && code[..i].ends_with("super::") {
                continue; // counted from the first `super` of a chain
            }
            let mut rest = &code[i..];
            let mut ups = 0;
            while let Some(after) = rest.strip_prefix("super::") {
                ups += 1;
                rest = after;
            }
            // Only a chain that climbs out of the top-level module can reach another one.
            if ups >= module.len() {
                found.push((n + 1, ident(rest)));
            }
        }
    }
    found.retain(|(_, m)| !m.is_empty());
    found
}

fn upward(files: &[(PathBuf, String)]) -> Vec<Upward> {
    let mut bad = Vec::new();
    for (relative, text) in files {
        let module = module_path(relative);
        let Some(own) = module.first().and_then(|m| layer(m)) else { continue };
        for (line, to) in mentions(&module, text) {
            if layer(&to).is_some_and(|l| l > own) {
                bad.push(Upward { file: relative.display().to_string(), line, from: module[0].clone(), to });
            }
        }
    }
    bad
}

fn sources(dir: &Path, root: &Path, out: &mut Vec<(PathBuf, String)>) {
    for entry in std::fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            sources(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("source is text");
            out.push((path.strip_prefix(root).expect("under src").to_path_buf(), text));
        }
    }
}

#[test]
fn every_top_level_module_has_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for entry in std::fs::read_dir(&src).expect("src") {
        let path = entry.expect("entry").path();
        let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        if name == "lib" || name == "main" {
            continue;
        }
        assert!(layer(&name).is_some(), "src/{name} belongs to no layer: add it to LAYERS and ARCHITECTURE.md");
    }
}

#[test]
fn imports_run_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &src, &mut files);
    assert!(files.len() > 50, "read the sources ({} files)", files.len());
    let bad = upward(&files);
    let report: Vec<String> =
        bad.iter().map(|u| format!("src/{}:{}: {} (layer) uses {}", u.file, u.line, u.from, u.to)).collect();
    assert!(bad.is_empty(), "lower layers import higher ones:\n{}", report.join("\n"));
}

#[test]
fn the_check_catches_an_upward_import() {
    let files = vec![
        (PathBuf::from("domain/stack.rs"), "use crate::util::sanitize::sanitize;\n".to_owned()),
        (PathBuf::from("adapters/aws/poller.rs"), "// crate::app is only mentioned\nuse crate::app::Event;\n".into()),
        (PathBuf::from("model/logs/mod.rs"), "fn f() { crate::ui::draw(); }\n".into()),
        (PathBuf::from("ports/mod.rs"), "use super::shell::Thing;\nuse super::sink::Sink;\n".into()),
        (PathBuf::from("app/update/input.rs"), "use super::super::layout;\n".into()),
    ];
    let found: Vec<(String, usize, String)> = upward(&files).into_iter().map(|u| (u.file, u.line, u.to)).collect();
    assert_eq!(
        found,
        vec![
            ("adapters/aws/poller.rs".into(), 2, "app".into()),
            ("model/logs/mod.rs".into(), 1, "ui".into()),
            ("ports/mod.rs".into(), 1, "shell".into()),
        ]
    );
}
