//! The followed stack: tree, filter, outputs, console URLs.

use super::helpers::*;

#[test]
fn selection_moves_and_enter_folds_stacks() {
    let mut s = deploying();
    replay(&mut s, 1, include_str!("../../../../assets/cdk-deploy-events/new_deployment.jsonl"));
    update(&mut s, ch('2'));
    let all = s.panes.resources.rows.len();
    update(&mut s, key(KeyCode::Enter));
    assert_eq!(s.panes.resources.rows.len(), 1, "root folded");
    update(&mut s, key(KeyCode::Enter));
    assert_eq!(s.panes.resources.rows.len(), all);
    update(&mut s, ch('j'));
    update(&mut s, key(KeyCode::Down));
    assert_eq!(s.view(PaneId::Resources).selected, 2);
    update(&mut s, ch('G'));
    assert_eq!(s.view(PaneId::Resources).selected, all - 1);
    assert!(s.view(PaneId::Resources).offset > 0);
    update(&mut s, key(KeyCode::PageUp));
    assert!(s.view(PaneId::Resources).selected < all - 1);
    update(&mut s, ch('k'));
    update(&mut s, ch('g'));
    assert_eq!(s.view(PaneId::Resources).selected, 0);
}

#[test]
fn stack_events_from_a_poller_feed_the_tree() {
    let mut s = state();
    let events: Vec<StackEvent> =
        recorded_events(include_str!("../../../../assets/cdk-deploy-events/update_amplify_outputs.jsonl"));
    update(&mut s, Event::StackEvents(events));
    assert!(!s.panes.resources.rows.is_empty());
    assert!(s.stack.tree.root().is_some_and(|r| r.status == "UPDATE_COMPLETE"));
}

#[test]
fn slash_in_resources_filters_the_tree_and_v_shows_outputs() {
    let mut s = deploying();
    replay(&mut s, 1, include_str!("../../../../assets/cdk-deploy-events/new_deployment.jsonl"));
    update(&mut s, ch('2'));
    update(&mut s, ch('/'));
    for c in "lambda::function".chars() {
        update(&mut s, ch(c));
    }
    update(&mut s, key(KeyCode::Enter));
    assert_eq!(s.focus, PaneId::Resources, "the filter stays with the tree");
    assert!(
        !s.panes.resources.rows.is_empty()
            && s.panes.resources.rows.iter().all(|r| r.resource_type == "AWS::Lambda::Function"),
        "{}",
        s.panes.resources.rows.len()
    );
    assert_eq!(s.panes.logs.store.filter(), "", "the logs are not filtered");
    update(&mut s, ch('/'));
    update(&mut s, key(KeyCode::Esc));
    assert!(s.panes.resources.rows.len() > 100);
    update(&mut s, ch('V'));
    assert!(s.panes.resources.show_outputs);
    update(&mut s, ch('V'));
    assert!(!s.panes.resources.show_outputs);
}

#[test]
fn c_copies_the_console_url_of_the_selected_resource() {
    let mut s = deploying();
    replay(&mut s, 1, include_str!("../../../../assets/cdk-deploy-events/new_deployment.jsonl"));
    update(&mut s, ch('2'));
    let lambda =
        s.panes.resources.rows.iter().position(|r| r.resource_type == "AWS::Lambda::Function").expect("a function");
    s.view_mut(PaneId::Resources).selected = lambda;
    let effects = update(&mut s, ch('c'));
    let Some(Effect::Copy(copied)) = effects.first() else { panic!("copy expected: {effects:?}") };
    let url = copied.expose();
    assert!(
        url.starts_with("https://us-west-2.console.aws.amazon.com/lambda/home?region=us-west-2#/functions/"),
        "{url}"
    );
    assert!(s.notice.as_ref().is_some_and(|n| n.text.contains(url)));
    let logged = s.messages.newest_first().next().map(|m| m.text.clone()).unwrap_or_default();
    assert_eq!(logged, format!("copied the console URL: {url}"), "kept whole in the message log");
}

#[test]
fn poller_snapshots_events_and_missing_stacks_reach_the_tree() {
    use crate::domain::health::CloudStatus;
    let mut s = state();
    update(&mut s, Event::StackMissing);
    assert!(s.stack.missing && s.panes.resources.rows.is_empty());
    let events: Vec<StackEvent> =
        recorded_events(include_str!("../../../../assets/cdk-deploy-events/update_amplify_outputs.jsonl"));
    update(&mut s, Event::StackResources(events.clone()));
    assert!(!s.stack.missing && !s.panes.resources.rows.is_empty());
    // A running deploy counts the poller's events that are not older than itself.
    s.now_ms = events[0].timestamp_ms;
    update(&mut s, ch('d'));
    update(&mut s, Event::StackEvents(events));
    assert!(s.deploy.current.as_ref().is_some_and(|r| r.progress.total() > 0));
    update(&mut s, Event::Cloud(CloudStatus::Connected { region: Some("eu-west-1".into()), account: None }));
    update(&mut s, Event::Cloud(CloudStatus::Connected { region: None, account: Some("123456789012".into()) }));
    assert_eq!(
        s.health.cloud,
        Some(CloudStatus::Connected { region: Some("eu-west-1".into()), account: Some("123456789012".into()) })
    );
    assert_eq!(s.health.region.as_deref(), Some("eu-west-1"));
}

#[test]
fn the_bootstrap_is_checked_once_the_account_is_known_and_again_for_each_environment_followed() {
    use crate::domain::health::CloudStatus;
    let mut s = state();
    let connected = || {
        Event::Cloud(CloudStatus::Connected { region: Some("us-east-1".into()), account: Some("123456789012".into()) })
    };
    let checks = |effects: &[Effect]| effects.iter().filter(|e| matches!(e, Effect::CheckBootstrap { .. })).count();
    let effects = update(&mut s, connected());
    assert_eq!(
        effects,
        vec![Effect::CheckBootstrap { account: Some("123456789012".into()), region: Some("us-east-1".into()) }]
    );
    assert_eq!(checks(&update(&mut s, connected())), 0, "not again for the same account and region");
    s.deploy.bootstrap_checked = None;
    assert_eq!(checks(&update(&mut s, connected())), 1);
}

#[test]
fn a_sandbox_not_deployed_yet_has_its_bootstrap_checked_before_its_first_deploy() {
    use crate::domain::health::CloudStatus;
    let mut s = state();
    let region_only = Event::Cloud(CloudStatus::Connected { region: Some("us-east-1".into()), account: None });
    assert!(update(&mut s, region_only).is_empty(), "the stack may still name the account");
    let effects = update(&mut s, Event::StackMissing);
    assert_eq!(effects, vec![Effect::CheckBootstrap { account: None, region: Some("us-east-1".into()) }]);
    assert!(update(&mut s, Event::StackMissing).is_empty(), "once");
}

#[test]
fn a_standing_bootstrap_warning_is_read_again_after_each_deploy_and_clears_once_fixed() {
    use crate::domain::health::{CloudStatus, Health, Source};
    let mut s = state();
    let place = CloudStatus::Connected { region: Some("us-east-1".into()), account: Some("123456789012".into()) };
    update(&mut s, Event::Cloud(place));
    let checks = |effects: &[Effect]| effects.iter().filter(|e| matches!(e, Effect::CheckBootstrap { .. })).count();
    // Bootstrapped: deploys never ask again.
    update(&mut s, Event::Health(Health::Recovered(Source::Bootstrap)));
    update(&mut s, ch('d'));
    assert_eq!(checks(&succeed(&mut s, 1)), 0);
    // Not bootstrapped: the deploy after `cdk bootstrap` asks, and the answer clears it.
    update(&mut s, Event::Health(crate::amplify::bootstrap::verdict(None, Some("123456789012"), Some("us-east-1"))));
    assert!(s.health.problems.iter().any(|p| p.source == Source::Bootstrap));
    update(&mut s, ch('d'));
    let failed = Outcome::Failed { exit_code: Some(1), message: None };
    assert_eq!(checks(&update(&mut s, finished(2, failed))), 1);
    update(&mut s, Event::Health(Health::Recovered(Source::Bootstrap)));
    assert!(!s.health.problems.iter().any(|p| p.source == Source::Bootstrap));
}

#[test]
fn v_shows_the_selected_resource_whole_and_c_copies_its_console_url() {
    let mut s = state();
    update(&mut s, ch('2'));
    let reason = "Resource handler returned message: \"Invalid request provided: the role a-very-long-name cannot be assumed by Lambda; check its trust policy and try again later, after IAM propagates\"";
    let failed = crate::domain::stack::StackEvent {
        reason: Some(reason.into()),
        ..root("amplify-app-root-sandbox-1496b9051c", "UPDATE_FAILED", s.now_ms)
    };
    update(&mut s, Event::StackResources(vec![failed]));
    update(&mut s, ch('v'));
    let Some(Overlay::Detail(detail)) = &s.overlay else { panic!("the detail view: {:?}", s.overlay) };
    assert!(detail.lines.iter().any(|l| l.ends_with("after IAM propagates\"")), "the reason whole: {:?}", detail.lines);
    let effects = update(&mut s, ch('c'));
    assert!(matches!(&effects[..], [Effect::Copy(url)] if url.expose().starts_with("https://")), "{effects:?}");
    update(&mut s, key(KeyCode::Esc));
    assert!(s.overlay.is_none());
    update(&mut s, ch('3'));
    update(&mut s, ch('v'));
    assert!(s.overlay.is_none() && s.notice.as_ref().is_some_and(|n| n.text.contains("has no row to open whole")));
}
