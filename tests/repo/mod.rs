//! Real git repositories for tests, made with git2 in a temp dir.
#![allow(dead_code)]

/// A repository on `main` with one empty commit and `branches` pointing at it.
pub fn with_branches(branches: &[&str]) -> (tempfile::TempDir, git2::Repository) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut opts = git2::RepositoryInitOptions::new();
    opts.initial_head("main");
    let repo = git2::Repository::init_opts(dir.path(), &opts).expect("init");
    {
        let sig = git2::Signature::now("t", "t@example.invalid").expect("sig");
        let tree = repo.find_tree(repo.treebuilder(None).expect("tb").write().expect("tree")).expect("tree");
        let first = repo.commit(Some("HEAD"), &sig, &sig, "first", &tree, &[]).expect("commit");
        let first = repo.find_commit(first).expect("commit");
        for b in branches.iter().filter(|b| **b != "main") {
            repo.branch(b, &first, false).expect("branch");
        }
    }
    (dir, repo)
}
