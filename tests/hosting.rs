//! The Hosting page as the user sees it, at 80×24 and 200×60: the branches with their newest
//! build and a pull-request preview, a failed build's steps and its log with the failing lines
//! marked, the variables of a branch with the one it overrides; the account's apps to pick
//! from when the project names none.

mod common;

use ampdeck::app::Event;
use ampdeck::app::pages::Page;
use ampdeck::app::state::PaneId;
use ampdeck::app::testkit::update;
use ampdeck::domain::hosting::{App, Branch, HostingReply, Job, JobStatus, Step, Subdomain, Variables};
use common::*;

const NOW_S: i64 = 1_764_590_000;

fn vars(pairs: &[(&str, &str)]) -> Variables {
    Variables(pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect())
}

fn branch(name: &str, stage: &str, own: Variables) -> Branch {
    Branch {
        name: name.into(),
        display_name: name.replace('/', "-"),
        stage: stage.into(),
        source_branch: (stage == "PULL_REQUEST").then(|| "main".into()),
        active_job_id: None,
        total_jobs: 3,
        variables: own,
        stack_arn: Some(format!(
            "arn:aws:cloudformation:us-east-1:123456789012:stack/amplify-d2demo7example-{}-branch-7c1e2a/1",
            name.replace('/', "")
        )),
    }
}

fn job(id: &str, status: JobStatus, message: &str, ago_s: i64, took_s: Option<i64>) -> Job {
    let start_ms = (NOW_S - ago_s) * 1000;
    Job {
        id: id.into(),
        status,
        job_type: "WEB_HOOK".into(),
        commit_id: format!("{id}a4f9c2e1"),
        commit_message: message.into(),
        start_ms,
        end_ms: took_s.map(|t| start_ms + t * 1000),
    }
}

fn hosting(width: u16, height: u16) -> ampdeck::app::State {
    let mut s = settled(width, height);
    s.now_ms = NOW_S * 1000;
    s.ctx.app_id = Some("d2demo7example".into());
    ampdeck::app::focus::show_page(&mut s, Page::Hosting);
    update(&mut s, Event::Tick);
    s.now_ms = NOW_S * 1000;
    let app = App {
        id: "d2demo7example".into(),
        name: "sample-app".into(),
        default_domain: "d2demo7example.amplifyapp.com".into(),
        repository: String::new(),
        variables: vars(&[("API_URL", "https://api.example.com"), ("NODE_VERSION", "20")]),
        domains: vec![Subdomain { branch: "main".into(), host: "sample-app.example.com".into() }],
    };
    let reply = |s: &mut ampdeck::app::State, r| {
        update(s, Event::Hosting(r));
    };
    reply(&mut s, HostingReply::App(app));
    let g = s.panes.builds.generation;
    let branches = vec![
        branch("main", "PRODUCTION", vars(&[])),
        branch("feature/profile-page", "DEVELOPMENT", vars(&[("API_URL", "https://api-staging.example.com")])),
        branch("pr-7", "PULL_REQUEST", vars(&[("PREVIEW", "true")])),
    ];
    reply(&mut s, HostingReply::Branches { generation: g, branches, next: None });
    let latest = [
        ("main", job("14", JobStatus::Succeed, "Merge pull request #6 from feature/todo-auth", 2280, Some(212))),
        ("feature/profile-page", job("3", JobStatus::Failed, "Profile page: show the avatar", 720, Some(87))),
        ("pr-7", job("1", JobStatus::Running, "Dark mode for the todo list", 25, None)),
    ];
    for (b, j) in latest {
        reply(&mut s, HostingReply::Jobs { branch: b.into(), generation: g, first: true, jobs: vec![j], next: None });
    }
    update(&mut s, ampdeck::app::testkit::key(crossterm::event::KeyCode::Down));
    update(&mut s, Event::Tick);
    let jobs = vec![
        job("3", JobStatus::Failed, "Profile page: show the avatar", 720, Some(87)),
        job("2", JobStatus::Succeed, "Profile page skeleton", 18000, Some(205)),
    ];
    reply(
        &mut s,
        HostingReply::Jobs { branch: "feature/profile-page".into(), generation: g, first: true, jobs, next: None },
    );
    let step = |name: &str, status, reason: Option<&str>| Step {
        name: name.into(),
        status,
        start_ms: (NOW_S - 720) * 1000,
        end_ms: Some((NOW_S - 690) * 1000),
        reason: reason.map(str::to_owned),
        log_url: None,
    };
    let steps = vec![
        step("PROVISION", JobStatus::Succeed, None),
        step("BUILD", JobStatus::Failed, Some("Build step failed: npm run build exited with code 2")),
        step("DEPLOY", JobStatus::Cancelled, None),
    ];
    let failed = job("3", JobStatus::Failed, "Profile page: show the avatar", 720, Some(87));
    reply(&mut s, HostingReply::Job { branch: "feature/profile-page".into(), job: failed, steps });
    let text = include_str!("../assets/demo-hosting/build-failed.log").to_owned();
    reply(&mut s, HostingReply::Log { job_id: "3".into(), step: "BUILD".into(), text, truncated: false });
    ampdeck::app::focus::focus(&mut s, PaneId::BuildLog);
    update(&mut s, ampdeck::app::testkit::ch('n'));
    s.now_ms = NOW_S * 1000;
    s
}

#[test]
fn the_hosting_page_at_80x24_and_200x60() {
    for (w, h) in [(80, 24), (200, 60)] {
        let s = hosting(w, h);
        let screen = format!("{}", render(&s).backend());
        assert!(screen.contains("feature/profile-page"), "{screen}");
        insta::assert_snapshot!(format!("hosting_{w}x{h}"), screen);
    }
}

#[test]
fn the_wide_page_shows_the_preview_the_failed_step_and_the_failing_lines() {
    let s = hosting(200, 60);
    let screen = format!("{}", render(&s).backend());
    assert!(screen.contains("PR #7") && screen.contains("⟳ running"), "the preview and its build: {screen}");
    assert!(screen.contains("✖ BUILD") && screen.contains("exited with code 2"), "the failed step and why: {screen}");
    assert!(
        screen.contains("✖ 2026-12-01T09:16:41.019Z [INFO]: Failed to compile."),
        "the first failing line, marked: {screen}"
    );
    assert!(!screen.contains("✖ 2026-12-01T09:14:06.412Z [WARNING]"), "a warning is not marked: {screen}");
    assert!(
        screen.contains("https://api-staging.example.com") && screen.contains("app's: https://api.example.com"),
        "{screen}"
    );
    assert!(screen.contains("https://feature-profile-page.d2demo7example.amplifyapp.com"), "its address: {screen}");
    assert!(screen.contains("stack amplify-d2demo7example-featureprofile-page-branch-7c1e2a"), "its backend: {screen}");
}

#[test]
fn main_is_at_its_custom_domain_and_still_at_amplifys() {
    let mut s = hosting(200, 60);
    ampdeck::app::focus::focus(&mut s, PaneId::Builds);
    update(&mut s, ampdeck::app::testkit::key(crossterm::event::KeyCode::Up));
    s.now_ms = NOW_S * 1000;
    let screen = format!("{}", render(&s).backend());
    assert!(
        screen.contains("https://sample-app.example.com (also https://main.d2demo7example.amplifyapp.com)"),
        "{screen}"
    );
}

#[test]
fn the_accounts_apps_to_pick_from_at_80x24() {
    let mut s = settled(80, 24);
    ampdeck::app::focus::show_page(&mut s, Page::Hosting);
    update(&mut s, Event::Tick);
    let app = |id: &str, name: &str| App {
        id: id.into(),
        name: name.into(),
        default_domain: format!("{id}.amplifyapp.com"),
        repository: format!("https://github.com/example/{name}"),
        variables: Variables::default(),
        domains: Vec::new(),
    };
    let apps = vec![app("d2demo7example", "sample-app"), app("d9marketing01", "marketing-site")];
    update(&mut s, Event::Hosting(HostingReply::Apps { apps, next: None }));
    let screen = format!("{}", render(&s).backend());
    assert!(screen.contains("marketing-site") && screen.contains("enter shows its builds"), "{screen}");
    insta::assert_snapshot!("hosting_apps_80x24", screen);
}
