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

use super::secret_refs;
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
    /// Events were lost (the kernel's queue overflowed): look at every file.
    rescan: bool,
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
    let scope = Arc::new(Scope { rules: IgnoreRules::new(&base, dirs, exclude)?, base, dirs: dirs.to_vec() });
    let pending = Arc::new(Pending::default());
    let (noted, seen, errors) = (pending.clone(), scope.clone(), sink.clone());
    let mut watcher = notify::recommended_watcher(move |result: notify::Result<notify::Event>| match result {
        Ok(event) => note(&event, &seen, &noted),
        Err(e) => {
            errors.try_send(WatchReport::Notice(Notice::error(format!("file watcher: {e}"))));
        }
    })?;
    for dir in dirs {
        watcher.watch(&scope.base.join(dir), RecursiveMode::Recursive)?;
    }
    if scope.base.join(".git").is_dir() {
        watcher.watch(&scope.base.join(".git"), RecursiveMode::NonRecursive)?;
    }
    sink.try_send(WatchReport::SecretRefs(secret_refs::find(&scope.base)));
    let task = tokio::spawn(debounce_loop(pending, scope, debounce, sink));
    Ok(Watcher { _watcher: watcher, task })
}

/// What is watched: the project root, the folders, what to ignore.
struct Scope {
    base: PathBuf,
    dirs: Vec<String>,
    rules: IgnoreRules,
}

/// One notify event into the pending changes. An overflow of the kernel's queue (a burst
/// larger than inotify keeps) loses events: the folders are rescanned instead.
fn note(event: &notify::Event, scope: &Scope, pending: &Pending) {
    if matches!(event.kind, EventKind::Access(_)) {
        return;
    }
    let Ok(mut changes) = pending.changes.lock() else { return };
    if event.need_rescan() {
        changes.rescan = true;
        pending.wake.notify_one();
        return;
    }
    let mut git = false;
    let mut files = Vec::new();
    for relative in event.paths.iter().filter_map(|p| p.strip_prefix(&scope.base).ok()) {
        if is_git_marker(relative) {
            git = true;
        } else if !scope.rules.ignored(relative) && !scope.base.join(relative).is_dir() {
            files.push(relative.to_path_buf());
        }
    }
    if git || !files.is_empty() {
        if matches!(event.kind, EventKind::Create(_)) {
            let fresh: Vec<PathBuf> = files.iter().filter(|f| !changes.paths.contains(*f)).cloned().collect();
            changes.created.extend(fresh);
        }
        changes.paths.extend(files);
        changes.git |= git;
        pending.wake.notify_one();
    }
}

fn is_git_marker(relative: &Path) -> bool {
    let mut parts = relative.components();
    matches!(parts.next(), Some(Component::Normal(n)) if n == ".git")
        && matches!((parts.next(), parts.next()), (Some(Component::Normal(n)), None) if GIT_MARKERS.iter().any(|m| n == *m))
}

/// The change set of the quiet period that just ended, if anything changed.
fn drain(pending: &Pending, scope: &Scope) -> Option<ChangeSet> {
    let Changes { paths, git, created, rescan } = std::mem::take(&mut *pending.changes.lock().ok()?);
    let transient = |p: &PathBuf| created.contains(p) && !scope.base.join(p).exists();
    let mut paths: BTreeSet<PathBuf> = paths.into_iter().filter(|p| !transient(p)).collect();
    if rescan {
        paths.extend(every_file(scope));
    }
    // git moving HEAD without touching watched files deploys nothing.
    (!paths.is_empty()).then(|| ChangeSet { paths: paths.into_iter().collect(), git, rescan })
}

/// Every file under the watched folders that the rules do not ignore.
fn every_file(scope: &Scope) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in &scope.dirs {
        for entry in ignore::WalkBuilder::new(scope.base.join(dir)).hidden(false).build().flatten() {
            let Ok(relative) = entry.path().strip_prefix(&scope.base) else { continue };
            if entry.file_type().is_some_and(|t| t.is_file()) && !scope.rules.ignored(relative) {
                files.push(relative.to_path_buf());
            }
        }
    }
    files
}

async fn debounce_loop(pending: Arc<Pending>, scope: Arc<Scope>, quiet: Duration, sink: Sink<WatchReport>) {
    loop {
        pending.wake.notified().await;
        // Wait until no event arrived for `quiet`.
        while tokio::time::timeout(quiet, pending.wake.notified()).await.is_ok() {}
        let Some(changes) = drain(&pending, &scope) else { continue };
        // A `secret('NAME')` may have come or gone.
        let sources =
            changes.paths.iter().any(|p| p.extension().is_some_and(|x| x == "ts" || x == "tsx" || x == "mts"));
        if !sink.send(WatchReport::Changes(changes)).await {
            return;
        }
        if sources && !sink.send(WatchReport::SecretRefs(secret_refs::find(&scope.base))).await {
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
    fn an_overflowing_event_queue_rescans_the_folders_and_counts_as_many_changes() {
        let dir = tempfile::tempdir().expect("tempdir");
        for file in ["amplify/data/resource.ts", "amplify/auth/resource.ts", "amplify/node_modules/x/i.js"] {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, "x").expect("write");
        }
        let dirs = vec!["amplify".to_owned()];
        let scope =
            Scope { rules: IgnoreRules::new(dir.path(), &dirs, &[]).expect("rules"), base: dir.path().into(), dirs };
        let pending = Pending::default();
        note(&notify::Event::new(EventKind::Other).set_flag(notify::event::Flag::Rescan), &scope, &pending);
        let changes = drain(&pending, &scope).expect("a change set");
        assert!(changes.rescan);
        assert_eq!(
            changes.paths,
            [PathBuf::from("amplify/auth/resource.ts"), PathBuf::from("amplify/data/resource.ts")],
            "every watched file, ignored ones left out"
        );
        assert!(drain(&pending, &scope).is_none(), "once");
    }

    #[test]
    fn git_markers_are_only_head_files_at_the_top_of_dot_git() {
        assert!(is_git_marker(Path::new(".git/HEAD")));
        assert!(is_git_marker(Path::new(".git/ORIG_HEAD")));
        assert!(!is_git_marker(Path::new(".git/refs/heads/main")));
        assert!(!is_git_marker(Path::new("amplify/HEAD")));
    }
}
