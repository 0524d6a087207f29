//! The Hosting page's reads: what is asked and when, paging, polling, stale answers.

use super::*;
use crate::domain::hosting::{JobStatus, Variables};

fn branch(name: &str) -> Branch {
    Branch {
        name: name.into(),
        display_name: name.into(),
        stage: "DEVELOPMENT".into(),
        source_branch: None,
        active_job_id: None,
        total_jobs: 1,
        variables: Variables::default(),
        stack_arn: None,
    }
}

fn job(id: &str, status: JobStatus, start_ms: i64) -> Job {
    Job {
        id: id.into(),
        status,
        job_type: "WEB_HOOK".into(),
        commit_id: "abc".into(),
        commit_message: "m".into(),
        start_ms,
        end_ms: None,
    }
}

fn loaded() -> Builds {
    let mut b = Builds::default();
    b.set_app(Some("d1".into()));
    let generation = b.generation;
    let _ = b.wanted(true, 1_000, 0, 0);
    b.apply(HostingReply::Branches { generation, branches: vec![branch("main"), branch("pr-7")], next: None });
    b
}

#[test]
fn nothing_is_asked_while_the_page_is_hidden_and_everything_once_when_shown() {
    let mut b = Builds::default();
    b.set_app(Some("d1".into()));
    assert!(b.wanted(false, 1_000, 0, 0).is_empty());
    let first = b.wanted(true, 1_000, 0, 0);
    assert!(first.iter().any(|r| matches!(r, HostingRequest::App { app_id: _ })));
    assert!(first.iter().any(|r| matches!(r, HostingRequest::Branches { token: None, .. })));
    assert!(b.wanted(true, 1_100, 0, 0).is_empty(), "asked once, not again while in flight");
}

#[test]
fn each_branch_gets_its_newest_build_and_a_running_one_is_polled_fast() {
    let mut b = loaded();
    let asked = b.wanted(true, 2_000, 0, 0);
    let jobs: Vec<_> = asked
        .iter()
        .filter_map(|r| if let HostingRequest::Jobs { branch, .. } = r { Some(branch.as_str()) } else { None })
        .collect();
    assert_eq!(jobs, vec!["main", "pr-7"]);
    let g = b.generation;
    b.apply(HostingReply::Jobs {
        branch: "main".into(),
        generation: g,
        first: true,
        jobs: vec![job("3", JobStatus::Succeed, 1)],
        next: None,
    });
    b.apply(HostingReply::Jobs {
        branch: "pr-7".into(),
        generation: g,
        first: true,
        jobs: vec![job("1", JobStatus::Running, 2)],
        next: None,
    });
    // The cadence counts from the first look at the page (1 000).
    assert!(b.wanted(true, 1_000 + FAST_POLL_MS - 10, 0, 0).is_empty(), "not before the cadence");
    let polled = b.wanted(true, 1_000 + FAST_POLL_MS, 0, 0);
    assert!(
        matches!(polled.as_slice(), [HostingRequest::Jobs { branch, .. }] if branch == "pr-7"),
        "only the running one: {polled:?}"
    );
    b.apply(HostingReply::Jobs {
        branch: "pr-7".into(),
        generation: g,
        first: true,
        jobs: vec![job("1", JobStatus::Succeed, 2)],
        next: None,
    });
    assert!(b.wanted(true, 1_000 + 2 * FAST_POLL_MS, 0, 0).is_empty(), "all done: the slow cadence");
    assert_eq!(b.wanted(true, 1_000 + FAST_POLL_MS + SLOW_POLL_MS, 0, 0).len(), 2, "then every branch");
}

#[test]
fn the_selected_branch_lists_its_builds_a_page_at_a_time_and_the_selected_builds_steps() {
    let mut b = loaded();
    let _ = b.wanted(true, 2_000, 0, 0);
    b.select_branch(Some("main".into()));
    let asked = b.wanted(true, 2_100, 0, 0);
    assert!(asked.iter().any(|r| matches!(r, HostingRequest::Jobs { branch, token: None, .. } if branch == "main")));
    let g = b.generation;
    let page: Vec<Job> = (0..12).map(|i| job(&format!("{}", 40 - i), JobStatus::Succeed, 100 - i)).collect();
    b.apply(HostingReply::Jobs {
        branch: "main".into(),
        generation: g,
        first: true,
        jobs: page,
        next: Some("t2".into()),
    });
    let asked = b.wanted(true, 2_200, 0, 0);
    assert!(matches!(asked.as_slice(), [HostingRequest::Job { job_id, .. }] if job_id == "40"), "{asked:?}");
    let near_end = b.wanted(true, 2_300, 0, 5);
    assert!(
        near_end.iter().any(|r| matches!(r, HostingRequest::Jobs { token: Some(t), .. } if t == "t2")),
        "{near_end:?}"
    );
    b.apply(HostingReply::Jobs {
        branch: "main".into(),
        generation: g,
        first: false,
        jobs: vec![job("28", JobStatus::Failed, 80)],
        next: None,
    });
    assert_eq!(b.jobs.len(), 13);
    assert_eq!(b.latest.get("main").map(|j| j.id.as_str()), Some("40"), "a later page is not the newest build");
}

#[test]
fn an_answer_for_an_older_listing_is_dropped() {
    let mut b = loaded();
    let old = b.generation;
    let before = b.branches.clone();
    b.reload();
    b.apply(HostingReply::Branches { generation: old, branches: vec![branch("stale")], next: None });
    assert_eq!(b.branches, before, "the last read's, kept: the stale answer is not taken in");
}

#[test]
fn a_started_build_is_followed_at_once() {
    let mut b = loaded();
    b.select_branch(Some("main".into()));
    let line = b.apply(HostingReply::Started { branch: "main".into(), job: job("4", JobStatus::Pending, 5) });
    assert!(line.is_some_and(|l| l.contains("build 4 of main started")));
    assert_eq!(b.jobs.first().map(|j| j.id.as_str()), Some("4"));
    let polled = b.wanted(true, 10_000, 0, 0);
    assert!(polled.iter().any(|r| matches!(r, HostingRequest::Jobs { branch, .. } if branch == "main")), "{polled:?}");
}
