//! Checkouts, commits and fetches are noticed through `.git`, within a second.

mod repo;

use std::time::Duration;

use ampdeck::app::Event;
use ampdeck::domain::git::{Head, Repo};
use ampdeck::ports::Sink;
use tokio::sync::mpsc;

async fn next_git(rx: &mut mpsc::Receiver<Event>, within: Duration) -> Option<Repo> {
    match tokio::time::timeout(within, rx.recv()).await {
        Ok(Some(Event::Git(repo))) => Some(repo),
        _ => None,
    }
}

#[tokio::test]
async fn a_checkout_and_a_new_branch_are_noticed_within_a_second() {
    let (dir, repo) = repo::with_branches(&["feature"]);
    let (tx, mut rx) = mpsc::channel(16);
    let _watch = ampdeck::adapters::git::watch(dir.path(), Sink::new(tx)).expect("a repository to watch");
    repo.set_head("refs/heads/feature").expect("checkout");
    let seen = next_git(&mut rx, Duration::from_secs(1)).await.expect("noticed within a second");
    assert_eq!(seen.head_branch(), Some("feature"));

    let head = repo.head().expect("head").peel_to_commit().expect("commit");
    repo.branch("spike", &head, false).expect("branch");
    let seen = next_git(&mut rx, Duration::from_secs(1)).await.expect("noticed within a second");
    assert!(seen.branches().iter().any(|b| b.name == "spike"));

    repo.set_head_detached(head.id()).expect("detach");
    let seen = next_git(&mut rx, Duration::from_secs(1)).await.expect("noticed within a second");
    assert!(matches!(seen, Repo::Worktree { head: Head::Detached(_), .. }));
}

#[tokio::test]
async fn outside_a_repository_there_is_nothing_to_watch() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (tx, _rx) = mpsc::channel::<Event>(16);
    assert!(ampdeck::adapters::git::watch(dir.path(), Sink::new(tx)).is_none());
}
