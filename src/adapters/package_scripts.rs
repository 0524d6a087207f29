//! What the Processes page offers: the `[[processes]]` of the config, or, with none, the
//! project's `package.json` scripts (`dev` first, then `start`), run by the package manager
//! the project's lock file names, never started unasked.

use std::path::Path;

use crate::domain::processes::{Origin, ProcessSpec};

/// Scripts npm runs around others by itself: not worth offering.
const LIFECYCLE: &[&str] =
    &["preinstall", "install", "postinstall", "prepare", "prepublishOnly", "prepack", "postpack"];

pub fn offered(root: &Path, configured: &[ProcessSpec]) -> Vec<ProcessSpec> {
    if !configured.is_empty() {
        return configured.to_vec();
    }
    let Some(scripts) = scripts(root) else { return Vec::new() };
    let runner = runner(root);
    let mut names: Vec<String> = scripts.into_iter().filter(|n| !LIFECYCLE.contains(&n.as_str())).collect();
    names.sort_by_key(|n| (rank(n), n.clone()));
    names
        .into_iter()
        .map(|name| ProcessSpec {
            command: format!("{runner} {}", quoted(&name)),
            name,
            dir: root.to_path_buf(),
            env: Vec::new(),
            autostart: false,
            restart_on_outputs: false,
            log_file: None,
            origin: Origin::Script,
        })
        .collect()
}

/// The script names of `package.json`, when it has any.
fn scripts(root: &Path) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(root.join("package.json")).ok()?;
    let package: serde_json::Value = serde_json::from_str(&text).ok()?;
    Some(package.get("scripts")?.as_object()?.keys().cloned().collect())
}

/// `dev` first, then `start`, then the rest by name.
fn rank(name: &str) -> u8 {
    match name {
        "dev" => 0,
        "start" => 1,
        _ => 2,
    }
}

/// How the project runs a script, by its lock file.
fn runner(root: &Path) -> &'static str {
    let has = |file: &str| root.join(file).exists();
    if has("pnpm-lock.yaml") {
        "pnpm run"
    } else if has("yarn.lock") {
        "yarn run"
    } else if has("bun.lockb") || has("bun.lock") {
        "bun run"
    } else {
        "npm run"
    }
}

/// A script name as one shell word (names may hold `:`, and in hostile repos anything).
fn quoted(name: &str) -> String {
    if name.chars().all(|c| c.is_ascii_alphanumeric() || "-_:.@/".contains(c)) {
        name.to_owned()
    } else {
        format!("'{}'", name.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(package: &str, lock: Option<&str>) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("package.json"), package).expect("package.json");
        if let Some(lock) = lock {
            std::fs::write(dir.path().join(lock), "").expect("lock");
        }
        dir
    }

    #[test]
    fn scripts_are_offered_dev_first_then_start_never_to_start_by_themselves() {
        let dir = project(
            r#"{"scripts":{"build":"vite build","start":"vite preview","dev":"vite","postinstall":"x"}}"#,
            None,
        );
        let offered = offered(dir.path(), &[]);
        let names: Vec<&str> = offered.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["dev", "start", "build"]);
        assert_eq!(offered[0].command, "npm run dev");
        assert!(offered.iter().all(|s| !s.autostart && s.origin == Origin::Script));
    }

    #[test]
    fn the_lock_file_names_the_runner_and_odd_names_stay_one_word() {
        let dir = project(r#"{"scripts":{"dev:web":"next dev","it's; rm -rf ~":"x"}}"#, Some("pnpm-lock.yaml"));
        let commands: Vec<String> = offered(dir.path(), &[]).into_iter().map(|s| s.command).collect();
        assert_eq!(commands, ["pnpm run dev:web", r"pnpm run 'it'\''s; rm -rf ~'"]);
        let dir = project("{\"scripts\":{\"dev\\u001b]0;owned\\u0007\":\"x\"}}", None);
        let offered = offered(dir.path(), &[]);
        assert!(offered[0].command.contains('\u{1b}'), "the script is run by its real name (shown clean)");
    }

    #[test]
    fn configured_processes_replace_the_scripts() {
        let dir = project(r#"{"scripts":{"dev":"vite"}}"#, None);
        let web = ProcessSpec {
            name: "web".into(),
            command: "npm run dev -- --port 5174".into(),
            dir: dir.path().to_path_buf(),
            env: Vec::new(),
            autostart: true,
            restart_on_outputs: true,
            log_file: None,
            origin: Origin::Config,
        };
        assert_eq!(offered(dir.path(), std::slice::from_ref(&web)), vec![web]);
    }
}
