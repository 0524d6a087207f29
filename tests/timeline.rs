//! The Timeline pane: where a deploy's time went, for a running deploy and a past one, drawn
//! from the recorded real streams at 80×24 and 200×60.

mod common;

use std::time::Duration;

use ampdeck::app::state::PaneId;
use ampdeck::app::testkit::update;
use ampdeck::domain::deploy::Outcome;
use common::*;

const UPDATE: &str = include_str!("../assets/cdk-deploy-events/update_amplify_outputs.jsonl");
const FALLBACK: &str = include_str!("../assets/cdk-deploy-events/hotswap_fallback.jsonl");

/// Starts a deploy and plays `stream` with the clock moving as its events say; ends it with
/// `outcome` a second after the last event.
fn timed(s: &mut ampdeck::app::State, stream: &str, outcome: Option<Outcome>) {
    use ampdeck::domain::deploy::{DeployMsg, ToolkitMessage};
    update(s, key('d'));
    let id = s.deploy.current.as_ref().map_or(0, |r| r.id);
    let start = s.now;
    let mut first = None;
    for line in stream.lines() {
        let message = ToolkitMessage::parse(line).expect("fixture lines parse");
        if let Some(ev) = &message.event {
            let first = *first.get_or_insert(ev.timestamp_ms - 2_000);
            s.now = start + Duration::from_millis(u64::try_from(ev.timestamp_ms - first).unwrap_or(0));
        }
        update(s, ampdeck::app::Event::Deploy(DeployMsg::Toolkit { id, message: Box::new(message) }));
    }
    s.now += Duration::from_secs(1);
    match outcome {
        Some(Outcome::Succeeded) => _ = ampdeck::app::testkit::succeed(s, id),
        Some(outcome) => _ = update(s, ampdeck::app::Event::Deploy(DeployMsg::Finished { id, outcome })),
        None => {}
    }
}

fn on_timeline(s: &mut ampdeck::app::State) -> String {
    ampdeck::app::focus::focus(s, PaneId::Timeline);
    format!("{}", render(s).backend())
}

#[test]
fn a_first_deploy_shows_each_stack_and_the_slowest_resources() {
    for (w, h) in [(80, 24), (200, 60)] {
        let mut s = blank(w, h);
        timed(&mut s, NEW_DEPLOYMENT, Some(Outcome::Succeeded));
        let screen = on_timeline(&mut s);
        assert!(screen.contains("Stacks (") && screen.contains("auth"), "{screen}");
        insta::assert_snapshot!(format!("first_deploy_{w}x{h}"), screen);
    }
}

#[test]
fn a_running_first_deploy_says_what_it_waits_on() {
    let third: String =
        NEW_DEPLOYMENT.lines().take(NEW_DEPLOYMENT.lines().count() / 3).map(|l| format!("{l}\n")).collect();
    for (w, h) in [(80, 24), (200, 60)] {
        let mut s = blank(w, h);
        timed(&mut s, &third, None);
        let screen = on_timeline(&mut s);
        assert!(screen.contains("live") && screen.contains("Waiting on"), "{screen}");
        insta::assert_snapshot!(format!("running_{w}x{h}"), screen);
    }
}

#[test]
fn a_fallback_lists_every_reason_and_the_kind_compares_with_express() {
    let mut s = blank(200, 60);
    deploy(&mut s, NEW_DEPLOYMENT, Some(Outcome::Succeeded), Duration::from_millis(16_200));
    s.deploy.express = true;
    deploy(&mut s, &format!("{FALLBACK}{UPDATE}"), Some(Outcome::Succeeded), Duration::from_millis(31_000));
    s.deploy.express = false;
    timed(&mut s, &format!("{FALLBACK}{UPDATE}"), Some(Outcome::Succeeded));
    let screen = on_timeline(&mut s);
    assert!(screen.contains("Not hotswappable (3)") && screen.contains("awsAppsyncApiEndpoint"), "{screen}");
    assert!(screen.contains("full deploys: standard 31.2s (2) · express 31.0s (1)"), "{screen}");
    insta::assert_snapshot!("fallback_200x60", screen);
    // The History pane's selection picks the deploy shown.
    update(&mut s, key('j'));
    ampdeck::app::focus::focus(&mut s, PaneId::History);
    update(&mut s, key('j'));
    let screen = on_timeline(&mut s);
    assert!(screen.contains("#2 ✔ full, express"), "{screen}");
}

#[test]
fn a_failure_shows_the_failed_stack_in_its_colour_and_a_hotswap_has_no_stacks() {
    let mut s = blank(80, 24);
    timed(&mut s, FAILED_AUTH, Some(Outcome::Failed { exit_code: Some(1), message: None }));
    let screen = on_timeline(&mut s);
    assert!(screen.contains("#1 ✖"), "{screen}");
    insta::assert_snapshot!("failed_auth_80x24", screen);
    deploy(&mut s, HOTSWAP, Some(Outcome::Succeeded), Duration::from_millis(4_300));
    let screen = on_timeline(&mut s);
    assert!(screen.contains("a hotswap changes the functions directly"), "{screen}");
}
