//! Environments, git and the actions on them.

use super::helpers::*;

#[test]
fn environments_and_notices_are_stored() {
    let mut s = state();
    let env = Environment {
        name: "root".into(),
        kind: EnvKind::Sandbox,
        stack_name: "s".into(),
        status: String::new(),
        updated_ms: 0,
        mine: true,
        app_id: None,
    };
    update(&mut s, Event::Environments(vec![env]));
    assert_eq!(s.panes.environments.rows.len(), 1);
    update(&mut s, Event::Notice(Notice::error("boom")));
    assert_eq!(s.notice.as_ref().map(|n| n.text.as_str()), Some("boom"));
}

#[test]
fn enter_on_an_environment_follows_it_and_a_deploy_comes_back_to_your_sandbox() {
    let mut s = state();
    s.ctx.stack_name = "stack-root".into();
    s.project.own_stack = "stack-root".into();
    update(
        &mut s,
        Event::Environments(vec![env("root", EnvKind::Sandbox, true), env("alice", EnvKind::Sandbox, false)]),
    );
    update(&mut s, ch('4'));
    update(&mut s, ch('j'));
    assert_eq!(update(&mut s, key(KeyCode::Enter)), vec![Effect::Follow("stack-alice".into())]);
    assert_eq!((s.ctx.stack_name.as_str(), s.ctx.environment.as_str()), ("stack-alice", "sandbox alice"));
    assert!(s.panes.resources.rows.is_empty(), "the old tree is gone");
    assert!(update(&mut s, key(KeyCode::Enter)).is_empty(), "already following");
    let effects = update(&mut s, ch('d'));
    assert_eq!(effects.first(), Some(&Effect::Follow("stack-root".into())));
    assert_eq!(deploy_ids(&effects), vec![1]);
    assert_eq!(s.ctx.stack_name, "stack-root");
}

#[test]
fn with_follow_branch_a_checkout_moves_the_panes_to_the_branch_environment() {
    use crate::domain::git::{Branch, Head, Repo};
    let repo = |head: &str| Repo::Worktree {
        head: Head::Branch(head.into()),
        branches: ["main", "feature"]
            .iter()
            .map(|b| Branch {
                name: (*b).into(),
                current: *b == head,
                upstream: None,
                ahead: 0,
                behind: 0,
                summary: String::new(),
                time_ms: 0,
            })
            .collect(),
        remotes: vec![],
        linked: false,
    };
    let mut s = state();
    s.ctx.follow_branch = true;
    update(
        &mut s,
        Event::Environments(vec![env("main", EnvKind::Branch, false), env("feature", EnvKind::Branch, false)]),
    );
    update(&mut s, Event::Git(repo("main")));
    assert_eq!(s.ctx.stack_name, "stack-main");
    assert_eq!(update(&mut s, Event::Git(repo("feature"))), vec![Effect::Follow("stack-feature".into())]);
    assert!(update(&mut s, Event::Git(repo("feature"))).is_empty(), "no move, no follow");
    s.ctx.follow_branch = false;
    assert!(update(&mut s, Event::Git(repo("main"))).is_empty());
    assert!(s.panes.environments.rows.iter().any(|r| r.name == "main" && r.git_state().contains("current")));
}

#[test]
fn b_deploys_a_branch_environment_after_a_yes_and_keeps_file_changes_pending() {
    let mut s = envs_state();
    update(&mut s, Event::FilesChanged(crate::domain::changes::ChangeSet::files(vec!["amplify/x.ts".into()])));
    succeed(&mut s, 1);
    s.deploy.pending.push("amplify/y.ts".into());
    update(&mut s, ch('B'));
    assert!(
        s.notice.as_ref().is_some_and(|n| n.text.contains("not a deployed branch environment")),
        "root is a sandbox"
    );
    update(&mut s, ch('j'));
    update(&mut s, ch('j'));
    update(&mut s, ch('B'));
    let branch = DeployAction::Branch {
        stack: "amplify-d1app-featurelogin-branch-1a2b3c4d5e".into(),
        branch: "feature/login".into(),
        app_id: "d1app".into(),
    };
    let start = Intent::Start {
        trigger: Trigger::Action("pipeline-deploy of branch feature/login".into()),
        action: branch.clone(),
    };
    assert_eq!(s.question().map(|q| q.yes.clone()), Some(vec![start]));
    let effects = update(&mut s, ch('y'));
    assert_eq!(effects.first(), Some(&Effect::Follow("amplify-d1app-featurelogin-branch-1a2b3c4d5e".into())));
    assert!(matches!(effects.last(), Some(Effect::Deploy(r)) if r.action == branch && r.changed.is_empty()));
    assert_eq!(s.deploy.pending.len(), 1, "the sandbox's changes wait");
}

#[test]
fn deleting_your_sandbox_asks_yes_and_someone_elses_needs_its_name() {
    let mut s = envs_state();
    update(&mut s, ch('X'));
    let yes = s.question().map(|q| q.yes.clone()).unwrap_or_default();
    assert!(matches!(&yes[..], [Intent::Start { action: DeployAction::DeleteSandbox { own: true, .. }, .. }]));
    let effects = update(&mut s, ch('y'));
    assert!(
        matches!(effects.last(), Some(Effect::Deploy(r)) if matches!(r.action, DeployAction::DeleteSandbox { own: true, .. }))
    );
    succeed(&mut s, 1);

    update(&mut s, ch('j'));
    update(&mut s, ch('X'));
    assert!(update(&mut s, ch('y')).is_empty(), "a y is just a letter of the name");
    assert!(update(&mut s, key(KeyCode::Enter)).is_empty(), "wrong name: nothing");
    assert!(s.overlay.is_some());
    update(&mut s, key(KeyCode::Backspace));
    for c in "alice".chars() {
        update(&mut s, ch(c));
    }
    let effects = update(&mut s, key(KeyCode::Enter));
    assert!(matches!(effects.last(), Some(Effect::Deploy(r)) if r.action == DeployAction::DeleteSandbox {
        stack: "amplify-app-alice-sandbox-5b1e0c36d2".into(),
        identifier: "alice".into(),
        own: false,
    }));
    succeed(&mut s, 2);
    update(&mut s, ch('4'));
    update(&mut s, ch('X'));
    update(&mut s, key(KeyCode::Esc));
    assert_eq!(s.overlay, None);
    assert!(s.notice.as_ref().is_some_and(|n| n.text == "nothing deleted"));
}
