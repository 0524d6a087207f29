//! The project folder and the user as ampx sees them: whether the folder is an Amplify Gen 2
//! project (and its backend namespace), and the default sandbox identifier.

use std::path::Path;

use crate::amplify::project::{BACKEND, Project, ProjectError};

/// The Amplify Gen 2 project at `root`, read from its files.
pub fn detect_project(root: &Path) -> Result<Project, ProjectError> {
    if !root.join(BACKEND).is_file() {
        return Err(ProjectError::NoBackend(root.to_path_buf()));
    }
    let path = root.join("package.json");
    let text = std::fs::read_to_string(&path).map_err(|source| ProjectError::Read { path: path.clone(), source })?;
    Project::from_package_json(root.to_path_buf(), &text)
}

/// The sandbox name ampx uses without `--identifier`: the OS user name.
pub fn default_identifier() -> String {
    std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "user".into())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(err.to_string().contains("amplify/backend.ts"));
    }
}
