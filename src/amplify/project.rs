//! Finding an Amplify Gen 2 project: a folder with `amplify/backend.ts` and a `package.json`
//! whose `name` becomes the backend namespace.

use std::path::{Path, PathBuf};

use super::stack_name::{DeploymentType, stack_name};

#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    pub root: PathBuf,
    /// `package.json#name`, the backend namespace.
    pub namespace: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error("{0} has no amplify/backend.ts: not an Amplify Gen 2 project (use --dir or --stack)")]
    NoBackend(PathBuf),
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path} has no \"name\" string (ampx uses it as the backend namespace)")]
    NoName { path: PathBuf },
}

impl Project {
    pub fn detect(root: &Path) -> Result<Self, ProjectError> {
        if !root.join("amplify").join("backend.ts").is_file() {
            return Err(ProjectError::NoBackend(root.to_path_buf()));
        }
        let path = root.join("package.json");
        let text =
            std::fs::read_to_string(&path).map_err(|source| ProjectError::Read { path: path.clone(), source })?;
        let namespace = serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| v.get("name")?.as_str().map(str::to_owned))
            .ok_or(ProjectError::NoName { path })?;
        Ok(Self { root: root.to_path_buf(), namespace })
    }

    pub fn sandbox_stack(&self, identifier: &str) -> String {
        stack_name(&self.namespace, identifier, DeploymentType::Sandbox)
    }
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
        let project = Project::detect(&root).expect("demo app is a project");
        assert_eq!(project.namespace, "app");
        assert_eq!(project.sandbox_stack("root"), "amplify-app-root-sandbox-1496b9051c");
    }

    #[test]
    fn a_folder_without_backend_ts_is_not_a_project() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = Project::detect(dir.path()).expect_err("not a project");
        assert!(err.to_string().contains("amplify/backend.ts"));
    }
}
