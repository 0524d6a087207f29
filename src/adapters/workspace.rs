//! The project folder and the user as ampx sees them: whether the folder is an Amplify Gen 2
//! project (and its backend namespace), and the default sandbox identifier.

use std::path::Path;

use crate::amplify::project::{BACKEND, Project, ProjectError};

/// The Amplify Gen 2 project at `root`, read from its files.
pub fn detect_project(root: &Path) -> Result<Project, ProjectError> {
    if !root.join("amplify").is_dir() {
        return Err(ProjectError::NoAmplify(root.to_path_buf()));
    }
    if !root.join(BACKEND).is_file() {
        return Err(ProjectError::NoBackend(root.to_path_buf()));
    }
    let path = root.join("package.json");
    let text = std::fs::read_to_string(&path).map_err(|source| ProjectError::Read { path: path.clone(), source })?;
    Project::from_package_json(root.to_path_buf(), &text)
}

/// The project a command run in `start` belongs to, as npm and ampx find it: the nearest
/// folder, `start` or above, with a `package.json` and an `amplify/` folder (so `npx ampdeck`
/// run inside `amplify/`, which has a `package.json` of its own, still finds the app); else the
/// nearest with a `package.json`; else `start` itself.
pub fn project_root(start: &Path) -> std::path::PathBuf {
    let has = |dir: &Path, name: &str| dir.join(name).exists();
    let ancestors = || start.ancestors();
    ancestors()
        .find(|d| has(d, "package.json") && d.join("amplify").is_dir())
        .or_else(|| ancestors().find(|d| has(d, "package.json")))
        .unwrap_or(start)
        .to_path_buf()
}

/// The sandbox name ampx uses without `--identifier`: the OS account name, read from the
/// password database for the effective user as Node's `os.userInfo().username` does, not
/// `$USER` (tmux, systemd, containers and cron leave it unset or stale, and ampx would then
/// deploy another sandbox than the one ampdeck follows). The variables are a fallback for
/// an account the database does not know.
pub fn default_identifier() -> String {
    let account = nix::unistd::User::from_uid(nix::unistd::geteuid()).ok().flatten().map(|u| u.name);
    account
        .or_else(|| ["USER", "LOGNAME", "USERNAME"].iter().find_map(|v| std::env::var(v).ok()))
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "user".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_project_root_is_found_from_inside_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let app = dir.path().join("app");
        std::fs::create_dir_all(app.join("amplify/functions/say-hello")).expect("folders");
        std::fs::write(app.join("package.json"), "{}").expect("package.json");
        std::fs::write(app.join("amplify/package.json"), r#"{"type":"module"}"#).expect("amplify/package.json");
        assert_eq!(project_root(&app.join("amplify/functions/say-hello")), app, "past amplify/package.json");
        assert_eq!(project_root(&app), app);
        let plain = dir.path().join("web");
        std::fs::create_dir_all(plain.join("src")).expect("folders");
        std::fs::write(plain.join("package.json"), "{}").expect("package.json");
        assert_eq!(project_root(&plain.join("src")), plain, "any package.json without an amplify/ app");
        let nowhere = dir.path().join("empty");
        std::fs::create_dir_all(&nowhere).expect("folder");
        if !dir.path().ancestors().any(|d| d.join("package.json").exists()) {
            assert_eq!(project_root(&nowhere), nowhere, "no package.json anywhere: where it started");
        }
    }

    #[test]
    fn detects_the_demo_app_and_names_its_sandbox() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo-app");
        let project = detect_project(&root).expect("demo app is a project");
        assert_eq!(project.namespace, "app");
        assert_eq!(project.sandbox_stack("root"), "amplify-app-root-sandbox-1496b9051c");
    }

    #[test]
    fn a_folder_without_backend_ts_is_not_a_project() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = detect_project(dir.path()).expect_err("not a project");
        assert!(err.to_string().contains("no amplify/ folder"), "{err}");
        std::fs::create_dir(dir.path().join("amplify")).expect("mkdir");
        let err = detect_project(dir.path()).expect_err("not a project");
        assert!(err.to_string().contains("amplify/backend.ts"));
    }

    #[test]
    fn the_identifier_is_the_account_name_whatever_the_environment_says() {
        let account = std::process::Command::new("id").arg("-un").output().expect("id -un");
        let account = String::from_utf8_lossy(&account.stdout).trim().to_owned();
        assert_eq!(default_identifier(), account, "as os.userInfo().username reads it");
    }
}
