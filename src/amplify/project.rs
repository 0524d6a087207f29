//! What makes a folder an Amplify Gen 2 project: `amplify/backend.ts` and a `package.json`
//! whose `name` becomes the backend namespace. The folder is read by `adapters::workspace`.

use std::path::PathBuf;

use super::stack_name::stack_name;
use crate::domain::env::EnvKind;

#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    pub root: PathBuf,
    /// `package.json#name`, the backend namespace.
    pub namespace: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error(
        "{0} is not an Amplify Gen 2 project: no amplify/ folder (run ampdeck in your app's folder, or use --dir PATH or --stack NAME)"
    )]
    NoAmplify(PathBuf),
    #[error("{0} has no amplify/backend.ts: not an Amplify Gen 2 project (use --dir or --stack)")]
    NoBackend(PathBuf),
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path} has no \"name\" string (ampx uses it as the backend namespace)")]
    NoName { path: PathBuf },
}

/// Where the project's backend is, relative to its root.
pub const BACKEND: &str = "amplify/backend.ts";

impl Project {
    /// The project at `root` whose `package.json` says `package_json`.
    pub fn from_package_json(root: PathBuf, package_json: &str) -> Result<Self, ProjectError> {
        let namespace = serde_json::from_str::<serde_json::Value>(package_json)
            .ok()
            .and_then(|v| v.get("name")?.as_str().map(str::to_owned))
            .ok_or_else(|| ProjectError::NoName { path: root.join("package.json") })?;
        Ok(Self { root, namespace })
    }

    pub fn sandbox_stack(&self, identifier: &str) -> String {
        stack_name(&self.namespace, identifier, EnvKind::Sandbox)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_package_name_is_the_namespace_of_the_sandbox() {
        let project = Project::from_package_json("/p".into(), r#"{"name":"app","version":"1.0.0"}"#).expect("project");
        assert_eq!(project.namespace, "app");
        assert_eq!(project.sandbox_stack("root"), "amplify-app-root-sandbox-1496b9051c");
        let err = Project::from_package_json("/p".into(), "{}").expect_err("no name");
        assert!(err.to_string().contains("\"name\""), "{err}");
    }
}
