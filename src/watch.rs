//! The workspace watcher: notify on the watched folders, minus paths no deploy depends on
//! (dependencies, build output, editor temp files), debounced until the folder has been
//! quiet for the debounce time, so a burst of thousands of writes becomes one change set.
//!
//! No ticking debouncer thread: while nothing changes, nothing runs.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};
use tokio::sync::Notify;
use tokio::sync::mpsc::Sender;

use crate::app::{Event, Notice};

const IGNORED_DIRS: &[&str] = &["node_modules", ".amplify", "cdk.out", ".git"];

/// True for paths (relative to the project root) that must not trigger a deploy.
pub fn ignored(relative: &Path) -> bool {
    let dir_hit = relative
        .components()
        .any(|c| matches!(c, Component::Normal(n) if IGNORED_DIRS.iter().any(|d| n == *d)));
    let name = relative
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
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
    paths: Mutex<BTreeSet<PathBuf>>,
    wake: Notify,
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

/// Watches `dirs` (relative to `root`); changed files arrive as `Event::FilesChanged`.
/// Must be called inside a tokio runtime.
pub fn spawn(
    root: &Path,
    dirs: &[String],
    debounce: Duration,
    tx: Sender<Event>,
) -> Result<Watcher, notify::Error> {
    let base = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let pending = Arc::new(Pending::default());
    let sink = pending.clone();
    let error_tx = tx.clone();
    let event_base = base.clone();
    let mut watcher =
        notify::recommended_watcher(move |result: notify::Result<notify::Event>| match result {
            Ok(event) if !matches!(event.kind, EventKind::Access(_)) => {
                let relevant: Vec<PathBuf> = event
                    .paths
                    .iter()
                    .filter(|p| !p.is_dir())
                    .filter_map(|p| p.strip_prefix(&event_base).ok())
                    .filter(|p| !ignored(p))
                    .map(Path::to_path_buf)
                    .collect();
                if !relevant.is_empty() {
                    if let Ok(mut set) = sink.paths.lock() {
                        set.extend(relevant);
                    }
                    sink.wake.notify_one();
                }
            }
            Ok(_) => {}
            Err(e) => {
                let _ =
                    error_tx.try_send(Event::Notice(Notice::error(format!("file watcher: {e}"))));
            }
        })?;
    for dir in dirs {
        watcher.watch(&base.join(dir), RecursiveMode::Recursive)?;
    }
    let task = tokio::spawn(debounce_loop(pending, debounce, tx));
    Ok(Watcher {
        _watcher: watcher,
        task,
    })
}

async fn debounce_loop(pending: Arc<Pending>, quiet: Duration, tx: Sender<Event>) {
    loop {
        pending.wake.notified().await;
        // Wait until no event arrived for `quiet`.
        while tokio::time::timeout(quiet, pending.wake.notified())
            .await
            .is_ok()
        {}
        let paths: Vec<PathBuf> = match pending.paths.lock() {
            Ok(mut set) => std::mem::take(&mut *set).into_iter().collect(),
            Err(_) => return,
        };
        if !paths.is_empty() && tx.send(Event::FilesChanged(paths)).await.is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_dependencies_build_output_and_editor_files() {
        for p in [
            "amplify/node_modules/x/index.js",
            "amplify/.amplify/artifacts/cdk.out/manifest.json",
            "amplify_outputs.json",
            "amplify/data/.resource.ts.swp",
            "amplify/data/resource.ts~",
            "amplify/data/.#resource.ts",
            "amplify/data/4913",
        ] {
            assert!(ignored(Path::new(p)), "{p}");
        }
        assert!(!ignored(Path::new("amplify/data/resource.ts")));
    }
}
