//! The watcher on a real temp dir: bursts collapse, ignore rules hold, git moves are seen.

use std::path::{Path, PathBuf};
use std::time::Duration;

use ampdeck::adapters::watch::spawn;
use ampdeck::app::Event;
use ampdeck::domain::changes::ChangeSet;
use ampdeck::ports::Sink;
use tokio::sync::mpsc;

const DEBOUNCE: Duration = Duration::from_millis(200);

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("amplify/data")).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("amplify/node_modules/pkg")).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("amplify/generated")).expect("mkdir");
    std::fs::write(dir.path().join(".gitignore"), "amplify/generated/\n").expect("write");
    dir
}

async fn next_change(rx: &mut mpsc::Receiver<Event>, within: Duration) -> Option<ChangeSet> {
    loop {
        match tokio::time::timeout(within, rx.recv()).await {
            Ok(Some(Event::FilesChanged(set))) => return Some(set),
            Ok(Some(_)) => continue,
            _ => return None,
        }
    }
}

fn write(root: &Path, rel: &str, text: &str) {
    std::fs::write(root.join(rel), text).expect("write");
}

#[tokio::test]
async fn a_thousand_writes_become_one_change_set() {
    let dir = project();
    let (tx, mut rx) = mpsc::channel(64);
    let _w = spawn(dir.path(), &["amplify".into()], &[], DEBOUNCE, Sink::new(tx)).expect("watch");
    for i in 0..1000 {
        write(dir.path(), &format!("amplify/data/f{}.ts", i % 50), &format!("// {i}"));
    }
    let set = next_change(&mut rx, Duration::from_secs(5)).await.expect("one change set");
    assert_eq!(set.paths.len(), 50);
    assert!(set.paths.contains(&PathBuf::from("amplify/data/f7.ts")));
    assert!(next_change(&mut rx, DEBOUNCE * 3).await.is_none(), "exactly one");
}

#[tokio::test]
async fn ignored_paths_trigger_nothing() {
    let dir = project();
    let (tx, mut rx) = mpsc::channel(64);
    let _w = spawn(dir.path(), &["amplify".into()], &["**/*.test.ts".into()], DEBOUNCE, Sink::new(tx)).expect("watch");
    write(dir.path(), "amplify/node_modules/pkg/index.js", "x");
    write(dir.path(), "amplify/data/.resource.ts.swp", "x");
    write(dir.path(), "amplify/data/resource.ts~", "x");
    write(dir.path(), "amplify/generated/schema.ts", "x");
    write(dir.path(), "amplify/data/resource.test.ts", "x");
    std::fs::create_dir_all(dir.path().join("amplify/empty-dir")).expect("mkdir");
    assert_eq!(next_change(&mut rx, DEBOUNCE * 4).await, None);
    write(dir.path(), "amplify/data/resource.ts", "x");
    let set = next_change(&mut rx, Duration::from_secs(3)).await.expect("a real change");
    assert_eq!(set.paths, vec![PathBuf::from("amplify/data/resource.ts")]);
}

#[tokio::test]
async fn a_moving_head_marks_the_change_set_as_git() {
    let dir = project();
    std::fs::create_dir_all(dir.path().join(".git")).expect("mkdir");
    write(dir.path(), ".git/HEAD", "ref: refs/heads/main\n");
    let (tx, mut rx) = mpsc::channel(64);
    let _w = spawn(dir.path(), &["amplify".into()], &[], DEBOUNCE, Sink::new(tx)).expect("watch");
    write(dir.path(), ".git/HEAD", "ref: refs/heads/feature\n");
    write(dir.path(), "amplify/data/resource.ts", "checked out");
    let set = next_change(&mut rx, Duration::from_secs(3)).await.expect("change set");
    assert!(set.git);
    write(dir.path(), ".git/HEAD", "ref: refs/heads/main\n");
    assert_eq!(next_change(&mut rx, DEBOUNCE * 3).await, None, "HEAD alone deploys nothing");
    write(dir.path(), "amplify/data/resource.ts", "edited");
    assert!(!next_change(&mut rx, Duration::from_secs(3)).await.expect("change set").git, "the flag does not linger");
}

#[tokio::test]
async fn a_temp_file_renamed_over_the_real_one_is_not_a_change_but_a_deleted_file_is() {
    let dir = project();
    write(dir.path(), "amplify/data/resource.ts", "before");
    write(dir.path(), "amplify/data/old.ts", "x");
    let (tx, mut rx) = mpsc::channel(64);
    let _w = spawn(dir.path(), &["amplify".into()], &[], DEBOUNCE, Sink::new(tx)).expect("watch");
    // What `sed -i` and atomic-saving editors do: a fresh temp file, renamed over the file.
    write(dir.path(), "amplify/data/sedXkbosd", "after");
    std::fs::rename(dir.path().join("amplify/data/sedXkbosd"), dir.path().join("amplify/data/resource.ts"))
        .expect("rename");
    std::fs::remove_file(dir.path().join("amplify/data/old.ts")).expect("remove");
    let set = next_change(&mut rx, Duration::from_secs(3)).await.expect("a change");
    assert_eq!(set.paths, vec![PathBuf::from("amplify/data/old.ts"), PathBuf::from("amplify/data/resource.ts")]);
}
