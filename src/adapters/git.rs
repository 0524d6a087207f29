//! Reading the project's git repository with git2 (branches local and remote-tracking,
//! HEAD, upstream ahead/behind, the last commit) and watching `.git` for changes.

use std::path::Path;

use git2::{BranchType, Repository};

use crate::domain::git::{Branch, Head, Repo};
use crate::ports::Sink;

/// Keeps notify watching `.git` (HEAD, refs, packed-refs): checkouts, commits and fetches
/// are noticed as they happen, not by polling.
pub struct GitWatcher {
    _watcher: notify::RecommendedWatcher,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for GitWatcher {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// `None` outside a repository. Must be called inside a tokio runtime.
pub fn watch(dir: &Path, sink: Sink<Repo>) -> Option<GitWatcher> {
    use notify::{RecursiveMode, Watcher as _};
    let repo = Repository::discover(dir).ok()?;
    let (git_dir, common) = (repo.path().to_path_buf(), repo.commondir().to_path_buf());
    let wake = std::sync::Arc::new(tokio::sync::Notify::new());
    let woken = wake.clone();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if event.is_ok_and(|e| !matches!(e.kind, notify::EventKind::Access(_))) {
            woken.notify_one();
        }
    })
    .ok()?;
    watcher.watch(&git_dir, RecursiveMode::NonRecursive).ok()?;
    let _ = watcher.watch(&common, RecursiveMode::NonRecursive);
    let _ = watcher.watch(&common.join("refs"), RecursiveMode::Recursive);
    let dir = dir.to_path_buf();
    let task = tokio::spawn(async move {
        loop {
            wake.notified().await;
            // git writes several files per operation: read once it is done.
            while tokio::time::timeout(std::time::Duration::from_millis(150), wake.notified()).await.is_ok() {}
            let at = dir.clone();
            let Ok(state) = tokio::task::spawn_blocking(move || read(&at)).await else { return };
            if !sink.send(state).await {
                return;
            }
        }
    });
    Some(GitWatcher { _watcher: watcher, task })
}

/// Reads the repository that contains `dir`, if any.
pub fn read(dir: &Path) -> Repo {
    let repo = match Repository::discover(dir) {
        Ok(repo) => repo,
        Err(e) if e.code() == git2::ErrorCode::NotFound => return Repo::NotARepository,
        Err(e) => return Repo::Unreadable(e.message().to_owned()),
    };
    if repo.is_bare() {
        return Repo::Bare;
    }
    match worktree(&repo) {
        Ok(state) => state,
        Err(e) => Repo::Unreadable(e.message().to_owned()),
    }
}

fn worktree(repo: &Repository) -> Result<Repo, git2::Error> {
    let head = match repo.head() {
        Ok(h) if repo.head_detached().unwrap_or(false) => {
            Head::Detached(h.target().map(|id| id.to_string()[..7].to_owned()).unwrap_or_default())
        }
        Ok(h) => Head::Branch(h.shorthand().ok().unwrap_or_default().to_owned()),
        Err(e) if e.code() == git2::ErrorCode::UnbornBranch => Head::Unborn,
        Err(e) => return Err(e),
    };
    let mut branches = Vec::new();
    for item in repo.branches(Some(BranchType::Local))? {
        let (branch, _) = item?;
        let Some(name) = branch.name()?.map(str::to_owned) else { continue };
        let commit = branch.get().peel_to_commit()?;
        let upstream = branch.upstream().ok();
        let (ahead, behind) = match upstream.as_ref().and_then(|u| u.get().target()) {
            Some(theirs) => repo.graph_ahead_behind(commit.id(), theirs)?,
            None => (0, 0),
        };
        branches.push(Branch {
            current: branch.is_head(),
            upstream: upstream.and_then(|u| u.name().ok().flatten().map(str::to_owned)),
            ahead,
            behind,
            summary: crate::util::sanitize::sanitize(commit.summary().ok().flatten().unwrap_or_default()).into_owned(),
            time_ms: commit.time().seconds() * 1000,
            name,
        });
    }
    branches.sort_by(|a, b| b.current.cmp(&a.current).then(a.name.cmp(&b.name)));
    let remotes = repo
        .branches(Some(BranchType::Remote))?
        .filter_map(|b| b.ok()?.0.name().ok().flatten().map(str::to_owned))
        .filter(|n| !n.ends_with("/HEAD"))
        .collect();
    Ok(Repo::Worktree { head, branches, remotes, linked: repo.is_worktree() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use git2::{Signature, build::RepoBuilder};

    fn commit(repo: &Repository, refname: &str, file: &str, message: &str) -> git2::Oid {
        let sig = Signature::now("t", "t@example.invalid").expect("sig");
        let parent = repo.refname_to_id(refname).ok().and_then(|id| repo.find_commit(id).ok());
        let blob = repo.blob(message.as_bytes()).expect("blob");
        let mut tb = git2::build::TreeUpdateBuilder::new();
        tb.upsert(file, blob, git2::FileMode::Blob);
        let base = match &parent {
            Some(p) => p.tree().expect("tree"),
            None => repo.find_tree(repo.treebuilder(None).expect("tb").write().expect("empty tree")).expect("tree"),
        };
        let tree = repo.find_tree(tb.create_updated(repo, &base).expect("update")).expect("tree");
        let parents: Vec<&git2::Commit> = parent.iter().collect();
        repo.commit(Some(refname), &sig, &sig, message, &tree, &parents).expect("commit")
    }

    #[test]
    fn no_repository_and_bare_are_states() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert_eq!(read(dir.path()), Repo::NotARepository);
        Repository::init_bare(dir.path().join("b.git")).expect("bare");
        assert_eq!(read(&dir.path().join("b.git")), Repo::Bare);
        let fresh = dir.path().join("fresh");
        Repository::init(&fresh).expect("init");
        assert!(matches!(read(&fresh), Repo::Worktree { head: Head::Unborn, .. }));
    }

    #[test]
    fn branches_with_upstream_ahead_behind_and_detached_head() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut opts = git2::RepositoryInitOptions::new();
        opts.bare(true).initial_head("main");
        let origin = Repository::init_opts(dir.path().join("origin.git"), &opts).expect("origin");
        commit(&origin, "refs/heads/main", "a.txt", "first");
        commit(&origin, "refs/heads/main", "a.txt", "second");
        let clone = RepoBuilder::new()
            .clone(&dir.path().join("origin.git").to_string_lossy(), &dir.path().join("work"))
            .expect("clone");
        commit(&clone, "refs/heads/main", "b.txt", "local work");
        commit(&origin, "refs/heads/main", "a.txt", "upstream work");
        let mut remote = clone.find_remote("origin").expect("remote");
        remote.fetch(&["main"], None, None).expect("fetch");
        let main_id = clone.refname_to_id("refs/heads/main").expect("main");
        clone.branch("feature/x", &clone.find_commit(main_id).expect("commit"), false).expect("branch");

        let state = read(&dir.path().join("work"));
        assert_eq!(state.head_branch(), Some("main"));
        let main = &state.branches()[0];
        assert_eq!((main.name.as_str(), main.current, main.ahead, main.behind), ("main", true, 1, 1));
        assert_eq!(main.upstream.as_deref(), Some("origin/main"));
        assert_eq!(main.summary, "local work");
        let feature = state.branches().iter().find(|b| b.name == "feature/x").expect("feature");
        assert_eq!((feature.current, feature.upstream.as_deref()), (false, None));

        clone.set_head_detached(main_id).expect("detach");
        assert!(matches!(read(&dir.path().join("work")), Repo::Worktree { head: Head::Detached(_), .. }));
        assert!(read(&dir.path().join("work")).describe().starts_with("detached at "));
    }
}
