//! The Environments pane's rows: the deployed environments of the account beside the git
//! branches of the project. A branch and its branch environment (matched by the
//! `amplify:branch-name` tag) share a row; branches without an environment and environments
//! without a local branch both show.

use crate::domain::env::{EnvKind, Environment};
use crate::domain::git::Repo;

#[derive(Debug, Clone, PartialEq)]
pub struct GitSide {
    pub current: bool,
    pub has_upstream: bool,
    pub ahead: usize,
    pub behind: usize,
    /// Last commit: summary and time.
    pub summary: String,
    pub time_ms: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnvRow {
    pub name: String,
    pub kind: EnvKind,
    /// The branch exists only as a remote-tracking branch (`origin/NAME`).
    pub remote_only: bool,
    /// The local branch of a branch row, when there is one.
    pub git: Option<GitSide>,
    /// The deployed environment, when there is one.
    pub env: Option<Environment>,
}

impl EnvRow {
    pub fn stack_name(&self) -> Option<&str> {
        self.env.as_ref().map(|e| e.stack_name.as_str())
    }

    pub fn mine(&self) -> bool {
        self.env.as_ref().is_some_and(|e| e.mine)
    }

    /// The git column: current / ahead / behind / no remote / no environment / no branch.
    pub fn git_state(&self) -> String {
        let Some(git) = &self.git else {
            return match (self.kind, self.remote_only) {
                (EnvKind::Branch, true) => "remote only".into(),
                (EnvKind::Branch, false) => "no local branch".into(),
                _ => String::new(),
            };
        };
        let mut parts = Vec::new();
        if git.current {
            parts.push("current".to_owned());
        }
        match (git.has_upstream, git.ahead, git.behind) {
            (false, ..) => parts.push("no remote".into()),
            (true, 0, 0) => parts.push("in sync".into()),
            (true, a, b) => {
                if a > 0 {
                    parts.push(format!("↑{a} ahead"));
                }
                if b > 0 {
                    parts.push(format!("↓{b} behind"));
                }
            }
        }
        if self.env.is_none() {
            parts.push("no environment".into());
        }
        parts.join(" · ")
    }
}

/// `app_id`, when known (config), keeps other Amplify apps' branch environments out: two
/// apps in one account can both have a `main`.
pub fn rows(envs: &[Environment], repo: &Repo, app_id: Option<&str>) -> Vec<EnvRow> {
    let ours = |e: &&Environment| e.kind != EnvKind::Branch || app_id.is_none() || e.app_id.as_deref() == app_id;
    let envs: Vec<Environment> = envs.iter().filter(ours).cloned().collect();
    let envs = envs.as_slice();
    let remote_only = |name: &str| match repo {
        Repo::Worktree { remotes, .. } => remotes.iter().any(|r| r.split_once('/').is_some_and(|(_, b)| b == name)),
        _ => false,
    };
    let row = |env: &Environment| EnvRow {
        name: env.name.clone(),
        kind: env.kind,
        remote_only: env.kind == EnvKind::Branch && remote_only(&env.name),
        git: None,
        env: Some(env.clone()),
    };
    let mut sandboxes: Vec<EnvRow> = envs.iter().filter(|e| e.kind == EnvKind::Sandbox).map(row).collect();
    sandboxes.sort_by(|a, b| b.mine().cmp(&a.mine()).then(a.name.cmp(&b.name)));

    let mut branches: Vec<EnvRow> = repo
        .branches()
        .iter()
        .map(|b| EnvRow {
            name: b.name.clone(),
            kind: EnvKind::Branch,
            remote_only: false,
            git: Some(GitSide {
                current: b.current,
                has_upstream: b.upstream.is_some(),
                ahead: b.ahead,
                behind: b.behind,
                summary: b.summary.clone(),
                time_ms: b.time_ms,
            }),
            env: envs.iter().find(|e| e.kind == EnvKind::Branch && e.name == b.name).cloned(),
        })
        .collect();
    for env in envs.iter().filter(|e| e.kind == EnvKind::Branch) {
        if !branches.iter().any(|r| r.name == env.name) {
            branches.push(row(env));
        }
    }
    branches.sort_by(|a, b| {
        let current = |r: &EnvRow| r.git.as_ref().is_some_and(|g| g.current);
        current(b).cmp(&current(a)).then(a.name.cmp(&b.name))
    });
    let standalone = envs.iter().filter(|e| e.kind == EnvKind::Standalone).map(row);
    sandboxes.into_iter().chain(branches).chain(standalone).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::git::{Branch, Head};

    fn env(name: &str, kind: EnvKind, mine: bool) -> Environment {
        Environment::sample(name, kind, mine)
    }

    fn branch(name: &str, current: bool, upstream: bool, ahead: usize, behind: usize) -> Branch {
        Branch {
            name: name.into(),
            current,
            upstream: upstream.then(|| format!("origin/{name}")),
            ahead,
            behind,
            summary: String::new(),
            time_ms: 0,
        }
    }

    #[test]
    fn branches_and_environments_meet_in_one_list() {
        let envs = vec![
            env("bob", EnvKind::Sandbox, false),
            env("root", EnvKind::Sandbox, true),
            env("main", EnvKind::Branch, false),
            env("release", EnvKind::Branch, false),
            env("feature/login", EnvKind::Branch, false),
            env("prod", EnvKind::Standalone, false),
        ];
        let repo = Repo::Worktree {
            head: Head::Branch("feature/login".into()),
            branches: vec![
                branch("main", false, true, 0, 2),
                branch("feature/login", true, true, 1, 0),
                branch("spike", false, false, 0, 0),
            ],
            remotes: vec!["origin/release".into()],
            linked: false,
        };
        let rows = rows(&envs, &repo, None);
        let table: Vec<(String, String, bool)> =
            rows.iter().map(|r| (r.name.clone(), r.git_state(), r.env.is_some())).collect();
        assert_eq!(
            table,
            vec![
                ("root".into(), "".into(), true),
                ("bob".into(), "".into(), true),
                ("feature/login".into(), "current · ↑1 ahead".into(), true),
                ("main".into(), "↓2 behind".into(), true),
                ("release".into(), "remote only".into(), true),
                ("spike".into(), "no remote · no environment".into(), false),
                ("prod".into(), "".into(), true),
            ]
        );
    }

    #[test]
    fn a_configured_app_id_keeps_other_apps_branches_out() {
        let mut ours = env("main", EnvKind::Branch, false);
        ours.app_id = Some("d1ours".into());
        let mut theirs = env("main", EnvKind::Branch, false);
        theirs.app_id = Some("d9theirs".into());
        theirs.stack_name = "stack-theirs".into();
        let rows = rows(&[theirs, ours], &Repo::NotARepository, Some("d1ours"));
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].env.as_ref().and_then(|e| e.app_id.as_deref()), Some("d1ours"));
    }

    #[test]
    fn without_a_repository_only_environments_show() {
        let rows = rows(&[env("main", EnvKind::Branch, false)], &Repo::NotARepository, None);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].git_state(), "no local branch");
    }
}
