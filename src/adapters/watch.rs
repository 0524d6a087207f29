//! The workspace watcher: notify on the watched folders, minus paths no deploy depends on
//! (dependencies, build output, editor temp files, `.gitignore`d paths, `--exclude` globs),
//! debounced until the folder has been quiet for the debounce time, so a burst of thousands
//! of writes becomes one change set. It also notices git moving `HEAD` (checkout, rebase,
//! pull), so the core can ask before deploying a branch switch.
//!
//! No ticking debouncer thread: while nothing changes, nothing runs.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};
use tokio::sync::Notify;

use crate::domain::changes::ChangeSet;
use crate::domain::notice::Notice;
use crate::ports::{Sink, WatchReport};

const IGNORED_DIRS: &[&str] = &["node_modules", ".amplify", "cdk.out", ".git"];
/// Files git rewrites when the checked-out commit moves.
const GIT_MARKERS: &[&str] = &["HEAD", "ORIG_HEAD", "FETCH_HEAD"];

/// Which paths never trigger a deploy.
pub struct IgnoreRules {
    gitignore: Gitignore,
}

impl IgnoreRules {
    /// Built-in rules, the project's `.gitignore` files (root and watched folders) and
    /// `exclude` globs (gitignore syntax, relative to the root).
    pub fn new(root: &Path, watched: &[String], exclude: &[String]) -> Result<Self, ignore::Error> {
        let mut builder = GitignoreBuilder::new(root);
        for file in
            std::iter::once(root.join(".gitignore")).chain(watched.iter().map(|w| root.join(w).join(".gitignore")))
        {
            if file.is_file()
                && let Some(e) = builder.add(&file)
            {
                return Err(e);
            }
        }
        for glob in exclude {
            builder.add_line(None, glob)?;
        }
        Ok(Self { gitignore: builder.build()? })
    }

    /// `relative` is relative to the project root.
    pub fn ignored(&self, relative: &Path) -> bool {
        builtin_ignored(relative) || self.gitignore.matched_path_or_any_parents(relative, false).is_ignore()
    }
}

fn builtin_ignored(relative: &Path) -> bool {
    let dir_hit =
        relative.components().any(|c| matches!(c, Component::Normal(n) if IGNORED_DIRS.iter().any(|d| n == *d)));
    let name = relative.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    dir_hit
        || name.starts_with("amplify_outputs")
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with('~')
        || name.starts_with(".#")
        || name == "4913"
}

/// Changed paths waiting for the quiet period; a set, so its size is bounded by the number
/// of distinct files however many events arrive.
#[derive(Default)]
struct Pending {
    changes: Mutex<Changes>,
    wake: Notify,
}

#[derive(Default)]
struct Changes {
    paths: BTreeSet<PathBuf>,
    git: bool,
    /// Paths this window created: one gone again by its end was a tool's temp file
    /// (`sed -i`, an editor's atomic save), not a change.
    created: BTreeSet<PathBuf>,
}

pub struct Watcher {
    _watcher: RecommendedWatcher,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.task.abort();
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error("{0}")]
    Notify(#[from] notify::Error),
    #[error("ignore rules: {0}")]
    Ignore(#[from] ignore::Error),
}

/// Watches `dirs` (relative to `root`); changes arrive as [`WatchReport::Changes`].
/// Must be called inside a tokio runtime.
pub fn spawn(
    root: &Path,
    dirs: &[String],
    exclude: &[String],
    debounce: Duration,
    sink: Sink<WatchReport>,
) -> Result<Watcher, WatchError> {
    let base = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let rules = IgnoreRules::new(&base, dirs, exclude)?;
    let pending = Arc::new(Pending::default());
    let noted = pending.clone();
    let error_sink = sink.clone();
    let event_base = base.clone();
    let mut watcher = notify::recommended_watcher(move |result: notify::Result<notify::Event>| match result {
        Ok(event) if !matches!(event.kind, EventKind::Access(_)) => {
            let mut git = false;
            let mut files = Vec::new();
            for relative in event.paths.iter().filter_map(|p| p.strip_prefix(&event_base).ok()) {
                if is_git_marker(relative) {
                    git = true;
                } else if !rules.ignored(relative) && !event_base.join(relative).is_dir() {
                    files.push(relative.to_path_buf());
                }
            }
            if (git || !files.is_empty())
                && let Ok(mut changes) = noted.changes.lock()
            {
                if matches!(event.kind, EventKind::Create(_)) {
                    let fresh: Vec<PathBuf> = files.iter().filter(|f| !changes.paths.contains(*f)).cloned().collect();
                    changes.created.extend(fresh);
                }
                changes.paths.extend(files);
                changes.git |= git;
                noted.wake.notify_one();
            }
        }
        Ok(_) => {}
        Err(e) => {
            error_sink.try_send(WatchReport::Notice(Notice::error(format!("file watcher: {e}"))));
        }
    })?;
    for dir in dirs {
        watcher.watch(&base.join(dir), RecursiveMode::Recursive)?;
    }
    if base.join(".git").is_dir() {
        watcher.watch(&base.join(".git"), RecursiveMode::NonRecursive)?;
    }
    let task = tokio::spawn(debounce_loop(pending, base, debounce, sink));
    Ok(Watcher { _watcher: watcher, task })
}

fn is_git_marker(relative: &Path) -> bool {
    let mut parts = relative.components();
    matches!(parts.next(), Some(Component::Normal(n)) if n == ".git")
        && matches!((parts.next(), parts.next()), (Some(Component::Normal(n)), None) if GIT_MARKERS.iter().any(|m| n == *m))
}

async fn debounce_loop(pending: Arc<Pending>, base: PathBuf, quiet: Duration, sink: Sink<WatchReport>) {
    loop {
        pending.wake.notified().await;
        // Wait until no event arrived for `quiet`.
        while tokio::time::timeout(quiet, pending.wake.notified()).await.is_ok() {}
        let (paths, git) = match pending.changes.lock() {
            Ok(mut changes) => {
                let Changes { paths, git, created } = std::mem::take(&mut *changes);
                let transient = |p: &PathBuf| created.contains(p) && !base.join(p).exists();
                (paths.into_iter().filter(|p| !transient(p)).collect::<Vec<_>>(), git)
            }
            Err(_) => return,
        };
        // git moving HEAD without touching watched files deploys nothing.
        if !paths.is_empty() && !sink.send(WatchReport::Changes(ChangeSet { paths, git })).await {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_skip_dependencies_build_output_and_editor_files() {
        let rules = IgnoreRules::new(Path::new("/nonexistent"), &[], &[]).expect("rules");
        for p in [
            "amplify/node_modules/x/index.js",
            "amplify/.amplify/artifacts/cdk.out/manifest.json",
            "amplify_outputs.json",
            "amplify/data/.resource.ts.swp",
            "amplify/data/resource.ts~",
            "amplify/data/.#resource.ts",
            "amplify/data/4913",
        ] {
            assert!(rules.ignored(Path::new(p)), "{p}");
        }
        assert!(!rules.ignored(Path::new("amplify/data/resource.ts")));
    }

    #[test]
    fn gitignore_and_exclude_globs_are_honoured() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join(".gitignore"), "amplify/generated/\n*.log\n").expect("write");
        let rules = IgnoreRules::new(dir.path(), &["amplify".into()], &["**/*.test.ts".into()]).expect("rules");
        assert!(rules.ignored(Path::new("amplify/generated/schema.ts")));
        assert!(rules.ignored(Path::new("amplify/debug.log")));
        assert!(rules.ignored(Path::new("amplify/data/resource.test.ts")));
        assert!(!rules.ignored(Path::new("amplify/data/resource.ts")));
    }

    #[test]
    fn git_markers_are_only_head_files_at_the_top_of_dot_git() {
        assert!(is_git_marker(Path::new(".git/HEAD")));
        assert!(is_git_marker(Path::new(".git/ORIG_HEAD")));
        assert!(!is_git_marker(Path::new(".git/refs/heads/main")));
        assert!(!is_git_marker(Path::new("amplify/HEAD")));
    }
}
