//! The Hosting page's behaviour: nothing read until it is shown, then the app and its
//! branches; a build started, retried or stopped only after a yes; a variable set with the
//! old value beside the new; a failed build's log with its failing lines.

use super::helpers::*;
use crate::app::pages::Page;
use crate::domain::hosting::{App, Branch, HostingReply, HostingRequest, Job, JobStatus, Scope, Step, Variables};

fn requests(effects: &[Effect]) -> Vec<HostingRequest> {
    effects.iter().filter_map(|e| if let Effect::Hosting(r) = e { Some(r.clone()) } else { None }).collect()
}

fn vars(pairs: &[(&str, &str)]) -> Variables {
    Variables(pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect())
}

fn branch(name: &str, stage: &str, own: Variables) -> Branch {
    Branch {
        name: name.into(),
        display_name: name.into(),
        stage: stage.into(),
        source_branch: (stage == "PULL_REQUEST").then(|| "main".into()),
        active_job_id: None,
        total_jobs: 1,
        variables: own,
        stack_arn: None,
    }
}

fn app(id: &str) -> App {
    App {
        id: id.into(),
        name: format!("app {id}"),
        default_domain: format!("{id}.amplifyapp.com"),
        repository: format!("https://github.com/example/{id}"),
        variables: Variables::default(),
        domains: Vec::new(),
    }
}

fn job(id: &str, status: JobStatus) -> Job {
    Job {
        id: id.into(),
        status,
        job_type: "WEB_HOOK".into(),
        commit_id: "3a4f9c2e".into(),
        commit_message: "Profile page".into(),
        start_ms: 1,
        end_ms: None,
    }
}

/// The Hosting page shown, with app `d1`, branches main and pr-7 and one build each.
fn hosting() -> State {
    let mut s = state();
    s.ctx.app_id = Some("d1".into());
    crate::app::focus::show_page(&mut s, Page::Hosting);
    update(&mut s, Event::Tick);
    let app = App {
        id: "d1".into(),
        name: "sample-app".into(),
        default_domain: "d1.amplifyapp.com".into(),
        repository: String::new(),
        variables: vars(&[("API_URL", "https://api"), ("NODE_VERSION", "20")]),
        domains: Vec::new(),
    };
    update(&mut s, Event::Hosting(HostingReply::App(app)));
    let generation = s.panes.builds.generation;
    let branches = vec![
        branch("main", "PRODUCTION", vars(&[])),
        branch("pr-7", "PULL_REQUEST", vars(&[("API_URL", "https://pr")])),
    ];
    update(&mut s, Event::Hosting(HostingReply::Branches { generation, branches, next: None }));
    for (b, j) in [("main", job("3", JobStatus::Failed)), ("pr-7", job("1", JobStatus::Running))] {
        update(
            &mut s,
            Event::Hosting(HostingReply::Jobs { branch: b.into(), generation, first: true, jobs: vec![j], next: None }),
        );
    }
    s
}

#[test]
fn nothing_is_asked_until_the_page_is_shown_then_the_app_and_its_branches() {
    let mut s = state();
    s.ctx.app_id = Some("d1".into());
    assert!(requests(&update(&mut s, Event::Tick)).is_empty(), "the Dev page is shown");
    crate::app::focus::show_page(&mut s, Page::Hosting);
    let asked = requests(&update(&mut s, Event::Tick));
    assert!(asked.contains(&HostingRequest::App { app_id: "d1".into() }), "{asked:?}");
    assert!(asked.iter().any(|r| matches!(r, HostingRequest::Branches { token: None, .. })), "{asked:?}");
}

#[test]
fn a_running_build_shown_is_followed_by_the_clock_and_nothing_is_while_hidden() {
    let mut s = hosting();
    assert_eq!(s.tick_interval(), std::time::Duration::from_secs(1), "pr-7 is building");
    crate::app::focus::show_page(&mut s, Page::Dev);
    assert_eq!(s.tick_interval(), std::time::Duration::from_secs(30), "not shown: no reason to wake");
    s.now_ms += crate::model::builds::FAST_POLL_MS * 3;
    assert!(requests(&update(&mut s, Event::Tick)).is_empty(), "nothing is read while hidden");
}

#[test]
fn starting_a_build_asks_first_and_no_sends_nothing() {
    let mut s = hosting();
    let effects = update(&mut s, ch('B'));
    assert!(requests(&effects).is_empty());
    let Some(question) = s.question().and_then(|q| q.lines.first().cloned()) else {
        panic!("a question: {:?}", s.overlay)
    };
    assert!(question.contains("main"), "{question}");
    assert!(requests(&update(&mut s, ch('n'))).is_empty(), "no is the default");
    update(&mut s, ch('B'));
    let sent = requests(&update(&mut s, ch('y')));
    assert_eq!(sent, vec![HostingRequest::Start { app_id: "d1".into(), branch: "main".into() }]);
}

#[test]
fn retry_is_for_a_failed_build_and_stop_for_a_running_one() {
    let mut s = hosting();
    crate::app::focus::focus(&mut s, PaneId::Jobs);
    update(&mut s, Event::Tick);
    assert_eq!(s.panes.builds.branch.as_deref(), Some("main"));
    let generation = s.panes.builds.generation;
    let jobs = vec![job("3", JobStatus::Failed)];
    update(
        &mut s,
        Event::Hosting(HostingReply::Jobs { branch: "main".into(), generation, first: true, jobs, next: None }),
    );
    update(&mut s, ch('K'));
    assert!(s.overlay.is_none() && s.notice.as_ref().is_some_and(|n| n.text.contains("not running")), "{:?}", s.notice);
    update(&mut s, ch('B'));
    let sent = requests(&update(&mut s, ch('y')));
    assert_eq!(sent, vec![HostingRequest::Retry { app_id: "d1".into(), branch: "main".into(), job_id: "3".into() }]);
}

#[test]
fn a_variable_is_set_after_a_question_showing_the_old_value_beside_the_new() {
    let mut s = hosting();
    crate::app::focus::focus(&mut s, PaneId::Variables);
    update(&mut s, ch('e'));
    let Some(Overlay::Pick(pick)) = &s.overlay else { panic!("picks where: {:?}", s.overlay) };
    assert_eq!(pick.shown().first().copied(), Some("this branch only"), "the narrower change first");
    update(&mut s, key(KeyCode::Enter));
    let Some(Overlay::Ask(ask)) = &s.overlay else { panic!("asks the value: {:?}", s.overlay) };
    assert_eq!(ask.text.value(), "https://api", "the current value to edit");
    let text = crate::app::text_input::TextInput::new("https://staging");
    s.overlay = Some(Overlay::Ask(crate::app::state::Ask { text, ..ask.clone() }));
    update(&mut s, key(KeyCode::Enter));
    let Some(question) = s.question().and_then(|q| q.lines.first().cloned()) else {
        panic!("confirms: {:?}", s.overlay)
    };
    assert!(
        question.contains("https://api (the app's) → https://staging") && question.contains("next build"),
        "{question}"
    );
    let sent = requests(&update(&mut s, ch('y')));
    let [HostingRequest::SetVariable { scope, all, name, value, .. }] = sent.as_slice() else { panic!("{sent:?}") };
    assert_eq!(
        (scope, name.as_str(), value.as_deref()),
        (&Scope::Branch("main".into()), "API_URL", Some("https://staging"))
    );
    assert_eq!(all, &vars(&[]), "the branch's own map, which the API replaces whole");
}

#[test]
fn a_variable_is_removed_from_where_it_is_set_after_a_question() {
    let mut s = hosting();
    crate::app::focus::focus(&mut s, PaneId::Variables);
    update(&mut s, ch('X'));
    let question = s.question().map(|q| q.lines.join(" ")).unwrap_or_default();
    assert!(question.contains("Remove API_URL from the app") && question.contains("every branch"), "{question}");
    let sent = requests(&update(&mut s, ch('y')));
    let [HostingRequest::SetVariable { scope, name, value, .. }] = sent.as_slice() else { panic!("{sent:?}") };
    assert_eq!((scope, name.as_str(), value), (&Scope::App, "API_URL", &None));
}

#[test]
fn the_failed_steps_log_opens_with_its_failing_lines_and_n_jumps_to_them() {
    let mut s = hosting();
    crate::app::focus::focus(&mut s, PaneId::Jobs);
    update(&mut s, Event::Tick);
    let generation = s.panes.builds.generation;
    let jobs = vec![job("3", JobStatus::Failed)];
    update(
        &mut s,
        Event::Hosting(HostingReply::Jobs { branch: "main".into(), generation, first: true, jobs, next: None }),
    );
    let step = |name: &str, status| Step {
        name: name.into(),
        status,
        start_ms: 0,
        end_ms: Some(1),
        reason: None,
        log_url: None,
    };
    let steps = vec![step("BUILD", JobStatus::Failed), step("DEPLOY", JobStatus::Cancelled)];
    update(
        &mut s,
        Event::Hosting(HostingReply::Job { branch: "main".into(), job: job("3", JobStatus::Failed), steps }),
    );
    let sent = requests(&update(&mut s, key(KeyCode::Enter)));
    assert!(
        sent.iter().any(|r| matches!(r, HostingRequest::Log { step, job_id, .. } if step == "BUILD" && job_id == "3")),
        "{sent:?}"
    );
    assert_eq!(s.focus, PaneId::BuildLog);
    let text = "npm run build\nok\n\u{1b}[31merror TS2304: Cannot find name\u{1b}[0m\n!!! Build failed\n".to_owned();
    update(
        &mut s,
        Event::Hosting(HostingReply::Log { job_id: "3".into(), step: "BUILD".into(), text, truncated: false }),
    );
    assert_eq!(s.view(PaneId::BuildLog).selected, 2, "it opens at the first failing line");
    update(&mut s, ch('n'));
    assert_eq!(s.view(PaneId::BuildLog).selected, 3, "n: the next one");
    update(&mut s, ch('n'));
    assert_eq!(s.view(PaneId::BuildLog).selected, 2, "and around");
    update(&mut s, ch('N'));
    assert_eq!(s.view(PaneId::BuildLog).selected, 3, "N: the previous one, around to the last");
    update(&mut s, ch('N'));
    assert_eq!(s.view(PaneId::BuildLog).selected, 2);

    // `/` filters the log; what is typed goes into the filter, not to other keys.
    let auto = s.deploy.auto;
    update(&mut s, ch('/'));
    "TS2304a".chars().for_each(|c| _ = update(&mut s, ch(c)));
    assert_eq!(s.deploy.auto, auto, "an `a` typed into the filter toggles nothing");
    key_back(&mut s);
    update(&mut s, key(KeyCode::Enter));
    assert_eq!(s.panes.builds.log.as_ref().map(|l| l.shown.len()), Some(1), "only the line holding TS2304");
}

fn key_back(s: &mut State) {
    update(s, key(KeyCode::Backspace));
}

#[test]
fn a_failure_shows_what_to_do_and_the_rest_keeps_running() {
    let mut s = hosting();
    let problem = crate::domain::health::Problem {
        source: crate::domain::health::Source::Hosting,
        kind: crate::domain::health::ProblemKind::Throttled,
        message: "LimitExceededException: Rate exceeded".into(),
        hint: "Amplify is throttling: wait a moment, then r".into(),
    };
    update(&mut s, Event::Hosting(HostingReply::Failed { what: "list the builds of main".into(), problem }));
    let notice = s.notice.as_ref().map(|n| n.text.clone()).unwrap_or_default();
    assert!(notice.contains("Rate exceeded") && notice.contains("then r"), "{notice}");
    assert_eq!(s.panes.builds.branches.len(), 2, "what was read stays");
}

#[test]
fn with_no_app_named_the_accounts_apps_are_listed_a_page_at_a_time_and_enter_picks_one() {
    let mut s = state();
    crate::app::focus::show_page(&mut s, Page::Hosting);
    let asked = requests(&update(&mut s, Event::Tick));
    assert_eq!(asked, vec![HostingRequest::Apps { token: None }]);
    let apps = (1..=12).map(|i| app(&format!("d{i}"))).collect();
    update(&mut s, Event::Hosting(HostingReply::Apps { apps, next: Some("t2".into()) }));
    assert!(s.panes.builds.picking(), "several apps: the user picks");
    assert_eq!(s.list_len(PaneId::Builds), 12);
    assert!(requests(&update(&mut s, Event::Tick)).is_empty(), "the next page only when scrolled near it");
    let scrolled: Vec<_> = (0..3).flat_map(|_| requests(&update(&mut s, ch('j')))).collect();
    assert_eq!(scrolled, vec![HostingRequest::Apps { token: Some("t2".into()) }], "near the end of those read");
    let sent = requests(&update(&mut s, key(KeyCode::Enter)));
    assert_eq!(sent.first(), Some(&HostingRequest::App { app_id: "d4".into() }), "{sent:?}");
    assert!(!s.panes.builds.picking());
    s.panes.environments.envs.push(Environment { app_id: Some("dtag".into()), ..env("main", EnvKind::Branch, false) });
    update(&mut s, Event::Tick);
    assert_eq!(s.panes.builds.app_id.as_deref(), Some("d4"), "the pick wins over a stack's tag");
}

#[test]
fn the_accounts_only_app_is_taken_and_p_lists_them_again_to_pick_another() {
    let mut s = state();
    s.ctx.app_id = Some("d1".into());
    crate::app::focus::show_page(&mut s, Page::Hosting);
    update(&mut s, Event::Tick);
    let asked = requests(&update(&mut s, ch('p')));
    assert_eq!(asked, vec![HostingRequest::Apps { token: None }], "the configured app is left");
    update(&mut s, Event::Hosting(HostingReply::Apps { apps: vec![app("d1")], next: None }));
    assert!(s.panes.builds.picking(), "asked for: one app is still a list to pick from");
    let mut fresh = state();
    crate::app::focus::show_page(&mut fresh, Page::Hosting);
    update(&mut fresh, Event::Tick);
    let asked = requests(&update(&mut fresh, Event::Hosting(HostingReply::Apps { apps: vec![app("d9")], next: None })));
    assert_eq!(asked.first(), Some(&HostingRequest::App { app_id: "d9".into() }), "the only app is the project's");
}

#[test]
fn v_reads_a_build_and_a_branch_whole() {
    let mut s = hosting();
    crate::app::focus::focus(&mut s, PaneId::Builds);
    update(&mut s, ch('v'));
    let Some(Overlay::Detail(detail)) = &s.overlay else { panic!("a branch whole: {:?}", s.overlay) };
    assert!(detail.lines.iter().any(|l| l.starts_with("address: https://")), "{:?}", detail.lines);
}

#[test]
fn a_failed_reload_keeps_the_branches_shown_until_the_next_read() {
    let mut s = hosting();
    crate::app::focus::focus(&mut s, PaneId::Builds);
    let before = s.panes.builds.branches.len();
    assert!(before > 0);
    let asked = requests(&update(&mut s, ch('r')));
    assert!(asked.iter().any(|r| matches!(r, HostingRequest::App { .. })), "the app read again: {asked:?}");
    assert_eq!(s.panes.builds.branches.len(), before, "shown while read again");
    let problem = crate::domain::health::Problem {
        source: crate::domain::health::Source::Hosting,
        kind: crate::domain::health::ProblemKind::Throttled,
        message: "LimitExceededException: Rate exceeded".into(),
        hint: "AWS is throttling".into(),
    };
    update(&mut s, Event::Hosting(HostingReply::Failed { what: "list branches".into(), problem }));
    assert_eq!(s.panes.builds.branches.len(), before, "kept after the failure");
    let generation = s.panes.builds.generation;
    let main = branch("main", "PRODUCTION", vars(&[]));
    update(&mut s, Event::Hosting(HostingReply::Branches { generation, branches: vec![main], next: None }));
    assert_eq!(s.panes.builds.branches.len(), 1, "replaced by the new read");
    assert!(s.panes.builds.problem.is_none());
}
