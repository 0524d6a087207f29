//! The demo workspace: the bundled sample Amplify app copied into a temporary git
//! repository with a few branches, so the watcher, the panes and git all have real input.

use std::path::{Path, PathBuf};

use git2::{FileMode, Repository, RepositoryInitOptions, Signature, build::TreeUpdateBuilder};

const FILES: &[(&str, &str)] = &[
    ("package.json", include_str!("../../assets/demo-app/package.json")),
    ("ampdeck.toml", include_str!("../../assets/demo-app/ampdeck.toml")),
    ("web/dev-server.mjs", include_str!("../../assets/demo-app/web/dev-server.mjs")),
    ("amplify/backend.ts", include_str!("../../assets/demo-app/amplify/backend.ts")),
    ("amplify/package.json", include_str!("../../assets/demo-app/amplify/package.json")),
    ("amplify/tsconfig.json", include_str!("../../assets/demo-app/amplify/tsconfig.json")),
    ("amplify/auth/resource.ts", include_str!("../../assets/demo-app/amplify/auth/resource.ts")),
    ("amplify/data/resource.ts", include_str!("../../assets/demo-app/amplify/data/resource.ts")),
    ("amplify/storage/resource.ts", include_str!("../../assets/demo-app/amplify/storage/resource.ts")),
    (
        "amplify/functions/say-hello/resource.ts",
        include_str!("../../assets/demo-app/amplify/functions/say-hello/resource.ts"),
    ),
    (
        "amplify/functions/say-hello/handler.ts",
        include_str!("../../assets/demo-app/amplify/functions/say-hello/handler.ts"),
    ),
    // Only in the demo workspace: it needs `@aws-amplify/seed`, which the sample app does not
    // install, so in `scripts/sample-app` it would fail the type check.
    ("amplify/seed/seed.ts", include_str!("../../assets/demo-seed/seed.ts")),
    // Saved events for the Invoke page, outside amplify/ so editing one never deploys.
    ("ampdeck/events/say-hello/hello.json", include_str!("../../assets/demo-app/ampdeck/events/say-hello/hello.json")),
    (
        "ampdeck/events/say-hello/no-name.json",
        include_str!("../../assets/demo-app/ampdeck/events/say-hello/no-name.json"),
    ),
    (".gitignore", "node_modules/\n.amplify/\namplify_outputs*\n"),
];

/// The demo's identifier, so its stack name is the one in the recorded sample
/// (`amplify-app-root-sandbox-1496b9051c`) whatever the user's name.
pub const IDENTIFIER: &str = "root";

/// Removed (with everything in it) when dropped.
pub struct DemoWorkspace {
    dir: tempfile::TempDir,
}

impl DemoWorkspace {
    pub fn create() -> Result<Self, DemoError> {
        let dir = tempfile::Builder::new().prefix("ampdeck-demo-").tempdir()?;
        for (path, text) in FILES {
            let full = dir.path().join(path);
            if let Some(parent) = full.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(full, text)?;
        }
        init_repository(dir.path())?;
        Ok(Self { dir })
    }

    pub fn root(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("cannot create the demo workspace: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot create the demo git repository: {0}")]
    Git(#[from] git2::Error),
}

/// `main` with the app, plus branches that differ from it: one ahead, one with an auth change.
fn init_repository(root: &Path) -> Result<(), git2::Error> {
    let mut opts = RepositoryInitOptions::new();
    opts.initial_head("main");
    let repo = Repository::init_opts(root, &opts)?;
    let sig = Signature::now("ampdeck demo", "demo@ampdeck.invalid")?;
    let mut index = repo.index()?;
    index.add_all(["*"], git2::IndexAddOption::DEFAULT, None)?;
    index.write()?;
    let tree = repo.find_tree(index.write_tree()?)?;
    let main = repo.commit(Some("HEAD"), &sig, &sig, "Amplify Gen 2 sample app", &tree, &[])?;
    let main = repo.find_commit(main)?;
    let branch = |name: &str, path: &str, text: &str, message: &str| -> Result<(), git2::Error> {
        let blob = repo.blob(text.as_bytes())?;
        let mut update = TreeUpdateBuilder::new();
        update.upsert(path, blob, FileMode::Blob);
        let tree = repo.find_tree(update.create_updated(&repo, &main.tree()?)?)?;
        repo.commit(Some(&format!("refs/heads/{name}")), &sig, &sig, message, &tree, &[&main])?;
        Ok(())
    };
    branch(
        "feature/profile-page",
        "amplify/functions/say-hello/handler.ts",
        &FILES[8].1.replace("Hello, ", "Welcome back, "),
        "Greet returning users",
    )?;
    branch(
        "fix/todo-auth",
        "amplify/auth/resource.ts",
        &FILES[4].1.replace("email: true", "email: true,\n    phone: true"),
        "Allow phone sign-in",
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workspace_is_a_project_and_a_git_repository_with_branches() {
        let ws = DemoWorkspace::create().expect("created");
        let root = ws.root();
        assert!(crate::adapters::workspace::detect_project(&root).is_ok());
        let repo = Repository::open(&root).expect("a repository");
        assert_eq!(repo.head().ok().and_then(|h| h.shorthand().ok().map(str::to_owned)).as_deref(), Some("main"));
        let branches: Vec<String> = repo
            .branches(Some(git2::BranchType::Local))
            .expect("branches")
            .filter_map(|b| b.ok()?.0.name().ok()?.map(str::to_owned))
            .collect();
        assert_eq!(branches.len(), 3, "{branches:?}");
        assert!(repo.statuses(None).expect("status").is_empty(), "work tree is clean");
        drop(ws);
        assert!(!root.exists(), "removed on drop");
    }
}
