//! The deploy lifecycle.

use super::helpers::*;
use crate::app::update::deploys::BULK_CHANGE;

#[test]
fn a_change_during_a_deploy_queues_exactly_one_follow_up() {
    let mut s = deploying();
    for _ in 0..3 {
        assert!(
            update(
                &mut s,
                Event::FilesChanged(crate::domain::changes::ChangeSet::files(vec!["amplify/data/resource.ts".into()]))
            )
            .is_empty()
        );
        assert!(update(&mut s, ch('d')).is_empty());
    }
    assert!(s.deploy.queued);
    let effects = succeed(&mut s, 1);
    assert_eq!(deploy_ids(&effects), vec![2]);
    let Some(Effect::Deploy(request)) = effects.iter().find(|e| matches!(e, Effect::Deploy(_))) else {
        panic!("deploy expected")
    };
    assert_eq!(request.changed, vec![PathBuf::from("amplify/data/resource.ts")]);
    assert!(deploy_ids(&succeed(&mut s, 2)).is_empty(), "only one follow-up");
}

#[test]
fn file_changes_deploy_when_auto_and_wait_when_manual() {
    let mut s = state();
    let effects = update(
        &mut s,
        Event::FilesChanged(crate::domain::changes::ChangeSet::files(vec![
            "amplify/functions/say-hello/handler.ts".into(),
        ])),
    );
    assert_eq!(deploy_ids(&effects), vec![1]);
    assert_eq!(s.panes.workspace.changes[0].deploy, Some(1));
    succeed(&mut s, 1);

    update(&mut s, ch('A'));
    assert!(!s.deploy.auto);
    assert!(
        update(&mut s, Event::FilesChanged(crate::domain::changes::ChangeSet::files(vec!["amplify/a.ts".into()])))
            .is_empty()
    );
    assert!(
        update(&mut s, Event::FilesChanged(crate::domain::changes::ChangeSet::files(vec!["amplify/b.ts".into()])))
            .is_empty()
    );
    assert_eq!(s.deploy.pending.len(), 2);
    let effects = update(&mut s, ch('d'));
    let Some(Effect::Deploy(request)) = effects.first() else { panic!("deploy expected") };
    assert_eq!(request.changed.len(), 2);
    assert!(s.deploy.pending.is_empty());
}

#[test]
fn x_cancels_a_running_deploy_and_drops_the_queue() {
    let mut s = deploying();
    update(&mut s, ch('d'));
    assert_eq!(update(&mut s, ch('x')), vec![Effect::CancelDeploy]);
    assert!(!s.deploy.queued);
    assert!(deploy_ids(&update(&mut s, finished(1, Outcome::Cancelled))).is_empty());
    assert_eq!(s.deploy.history[0].result, crate::model::history::Result::Cancelled);
    assert!(update(&mut s, ch('x')).is_empty(), "nothing to cancel");
}

#[test]
fn toolkit_messages_drive_phase_kind_output_and_tree() {
    let mut s = deploying();
    replay(&mut s, 1, include_str!("../../../../assets/cdk-deploy-events/new_deployment.jsonl"));
    let run = s.deploy.current.as_ref().expect("run");
    assert_eq!(run.kind, Some(DeployKind::Full));
    assert_eq!(run.progress.done(), run.progress.total());
    assert!(run.output.iter().any(|l| l.text.contains("Backend synthesized")));
    assert!(!run.output.iter().any(|l| l.text.contains("[sdk info]")), "SDK chatter is hidden");
    assert!(s.panes.resources.rows.len() > 100, "{}", s.panes.resources.rows.len());
    succeed(&mut s, 1);

    update(&mut s, ch('d'));
    replay(&mut s, 2, include_str!("../../../../assets/cdk-deploy-events/hotswap_lambda_data_resources.jsonl"));
    let run = s.deploy.current.as_ref().expect("run");
    assert_eq!((run.kind, run.hotswapped), (Some(DeployKind::Hotswap), 14));
}

#[test]
fn failed_deploy_keeps_the_root_cause() {
    let mut s = deploying();
    replay(&mut s, 1, include_str!("../../../../assets/cdk-deploy-events/failed_auth.jsonl"));
    update(&mut s, finished(1, Outcome::Failed { exit_code: Some(13), message: None }));
    let run = s.deploy.current.as_ref().expect("run");
    let cause = run.progress.root_cause().expect("cause");
    assert!(cause.reason.contains("Amazon SES"));
    assert_eq!(s.notice.as_ref().map(|n| n.level), Some(crate::domain::notice::NoticeLevel::Error));
}

#[test]
fn messages_of_an_old_deploy_are_ignored() {
    let mut s = deploying();
    update(&mut s, toolkit(7, r#"{"code":"TS_STARTED","message":"Backend type checks started"}"#));
    succeed(&mut s, 7);
    assert!(s.deploy.running());
    assert!(s.deploy.current.as_ref().is_some_and(|r| r.output.is_empty()));
}

#[test]
fn plain_output_lines_are_kept() {
    let mut s = deploying();
    update(&mut s, Event::Deploy(DeployMsg::Output { id: 1, line: crate::util::ansi::StyledLine::plain("hello") }));
    assert_eq!(s.deploy.current.as_ref().map(|r| r.output.len()), Some(1));
}

#[test]
fn startup_deploys_only_when_asked() {
    let mut s = state();
    let effects = startup(&mut s);
    assert!(deploy_ids(&effects).is_empty(), "{effects:?}");
    assert!(effects.iter().any(|e| matches!(e, Effect::MapCode(_))), "the project's functions are read at start");
    s.ctx.deploy_on_start = true;
    assert_eq!(deploy_ids(&startup(&mut s)), vec![1]);
    assert_eq!(s.deploy.current.as_ref().map(|r| r.trigger.clone()), Some(Trigger::Startup));
}

#[test]
fn planned_resources_set_the_progress_total() {
    let mut s = deploying();
    update(&mut s, Event::Deploy(DeployMsg::Planned { id: 1, resources: 42 }));
    assert_eq!(s.deploy.current.as_ref().map(|r| r.progress.total()), Some(42));
}

#[test]
fn a_git_checkout_asks_before_deploying_and_no_keeps_changes_pending() {
    let mut s = state();
    assert!(update(&mut s, changes(3, true)).is_empty());
    let lines = s.question().map(|q| q.lines.clone()).unwrap_or_default();
    assert_eq!(lines.first().map(String::as_str), Some("3 files changed with a git checkout, rebase or pull."));
    assert!(update(&mut s, key(KeyCode::Esc)).is_empty());
    assert_eq!((s.overlay.clone(), s.deploy.pending.len()), (None, 3));
    assert_eq!(deploy_ids(&update(&mut s, ch('d'))), vec![1]);
}

#[test]
fn many_files_at_once_ask_and_yes_deploys_them_all() {
    let mut s = state();
    assert!(update(&mut s, changes(BULK_CHANGE, false)).is_empty());
    let effects = update(&mut s, ch('y'));
    let Some(Effect::Deploy(request)) = effects.first() else { panic!("deploy expected") };
    assert_eq!(request.changed.len(), BULK_CHANGE);
    assert_eq!(request.action, DeployAction::Sandbox { recreate: false });
}

#[test]
fn cfn_update_not_supported_offers_to_recreate_default_no() {
    let mut s = deploying();
    let error = "[ERROR] [CFNUpdateNotSupportedError] The sandbox cannot be updated in place";
    update(&mut s, Event::Deploy(DeployMsg::Output { id: 1, line: crate::util::ansi::StyledLine::plain(error) }));
    update(&mut s, finished(1, Outcome::Failed { exit_code: Some(1), message: None }));
    assert_eq!(s.question().map(|q| q.title.as_str()), Some(" Recreate the sandbox? "));
    assert!(update(&mut s, key(KeyCode::Enter)).is_empty(), "Enter is not yes");
    assert_eq!(s.overlay.clone(), None);

    let mut s = deploying();
    update(&mut s, Event::Deploy(DeployMsg::Output { id: 1, line: crate::util::ansi::StyledLine::plain(error) }));
    update(&mut s, finished(1, Outcome::Failed { exit_code: Some(1), message: None }));
    let effects = update(&mut s, ch('y'));
    assert!(
        matches!(effects.as_slice(), [Effect::Deploy(r)] if r.action == DeployAction::Sandbox { recreate: true } && r.id == 2)
    );
}

#[test]
fn finished_deploys_are_recorded_with_phases_for_the_history_file() {
    let mut s = deploying();
    s.now += std::time::Duration::from_secs(2);
    replay(&mut s, 1, include_str!("../../../../assets/cdk-deploy-events/hotswap_lambda_data_resources.jsonl"));
    s.now += std::time::Duration::from_secs(3);
    let effects = succeed(&mut s, 1);
    let Some(Effect::RecordHistory(record)) = effects.first() else { panic!("a history record: {effects:?}") };
    assert_eq!(
        (record.id, record.kind, record.result),
        (1, Some(DeployKind::Hotswap), crate::model::history::Result::Succeeded)
    );
    assert_eq!(record.duration_ms, 5_000);
    let phases: Vec<&str> = record.phases.iter().map(|p| p.phase.as_str()).collect();
    assert_eq!(phases, vec!["synthesizing", "type checking", "deploying", "hotswapping", "checking the stack"]);
    assert_eq!(s.deploy.history.front(), Some(record));
}

#[test]
fn outputs_changes_pop_up_but_a_first_file_is_only_announced() {
    use crate::model::outputs::{Change, OutputsDiff};
    let mut s = state();
    assert!(update(&mut s, ch('o')).is_empty());
    assert_eq!(s.overlay.clone(), None, "nothing to show yet");
    let first = OutputsDiff {
        created: true,
        changes: vec![Change::Added { path: "version".into(), value: "1.4".into() }],
        more: 0,
    };
    update(&mut s, Event::OutputsChanged(first));
    assert_eq!(s.overlay.clone(), None);
    assert!(s.notice.as_ref().is_some_and(|n| n.text.contains("o shows them")));
    update(&mut s, ch('o'));
    assert_eq!(s.overlay.clone(), Some(Overlay::Outputs));
    update(&mut s, key(KeyCode::Esc));
    let change = Change::Changed { path: "data.url".into(), old: "a".into(), new: "b".into() };
    update(&mut s, Event::OutputsChanged(OutputsDiff { created: false, changes: vec![change], more: 0 }));
    assert_eq!(s.overlay.clone(), Some(Overlay::Outputs));
}

#[test]
fn a_finished_deploy_is_announced_and_a_success_diffs_the_outputs() {
    let mut s = deploying();
    let effects = succeed(&mut s, 1);
    assert!(effects.contains(&Effect::DiffOutputs));
    assert!(effects.iter().any(|e| matches!(e, Effect::Announce { title, .. } if title == "deploy #1 succeeded")));
    let mut s = deploying();
    let effects = update(&mut s, finished(1, Outcome::Failed { exit_code: Some(1), message: None }));
    assert!(!effects.contains(&Effect::DiffOutputs));
}

#[test]
fn after_a_cancel_an_update_still_under_way_is_offered_a_rollback_once() {
    let mut s = deploying();
    let in_progress: Vec<StackEvent> =
        recorded_events(include_str!("../../../../assets/cdk-deploy-events/failed_auth.jsonl"))
            .into_iter()
            .take(2)
            .collect();
    update(&mut s, Event::StackEvents(in_progress.clone()));
    assert_eq!(s.stack.tree.root().map(|r| r.status.as_str()), Some("UPDATE_IN_PROGRESS"));
    update(&mut s, ch('x'));
    update(&mut s, finished(1, Outcome::Cancelled));
    assert_eq!(s.question().map(|q| q.title.as_str()), Some(" Roll back? "));
    assert_eq!(update(&mut s, ch('y')), vec![Effect::CancelUpdateStack]);
    update(&mut s, Event::StackEvents(in_progress));
    assert_eq!(s.overlay.clone(), None, "offered once");
}

#[test]
fn a_rescan_after_lost_events_asks_before_deploying() {
    let mut s = state();
    let paths = vec![PathBuf::from("amplify/data/resource.ts")];
    let effects =
        update(&mut s, Event::FilesChanged(crate::domain::changes::ChangeSet { paths, git: false, rescan: true }));
    assert!(deploy_ids(&effects).is_empty(), "not deployed at once");
    let first = s.question().and_then(|q| q.lines.first().cloned());
    assert!(first.is_some_and(|l| l.starts_with("1 files changed")), "{:?}", s.overlay);
}

const FALLBACK: &str = include_str!("../../../../assets/cdk-deploy-events/hotswap_fallback.jsonl");

#[test]
fn a_hotswap_that_fell_back_says_why_and_counts_as_the_full_deploy_it_was() {
    let mut s = deploying();
    replay(&mut s, 1, FALLBACK);
    let run = s.deploy.current.as_ref().expect("run");
    assert!(run.fell_back);
    assert_eq!(run.kind, Some(DeployKind::Full), "the ETA uses the kind that really runs");
    // Told twice (the toolkit's details, then its result), counted once.
    assert_eq!(run.rejected.len(), 3);
    let lines = crate::app::panes::deploy::fallback(&s);
    assert_eq!(lines.len(), 3);
    assert!(lines[0].contains("fell back to a full deployment") && lines[0].contains("+1 more"), "{lines:?}");
    assert_eq!(
        lines[1].trim(),
        "Custom::AmplifyDynamoDBTable PostTable (attributeDefinitions, globalSecondaryIndexes): \
         This resource type is not supported for hotswap deployments"
    );
    assert!(lines[2].contains("was created by this deployment"), "{lines:?}");
    replay(&mut s, 1, include_str!("../../../../assets/cdk-deploy-events/update_amplify_outputs.jsonl"));
    succeed(&mut s, 1);
    let record = &s.deploy.history[0];
    assert_eq!(record.kind, Some(DeployKind::Full));
    let reasons = record.fallback.as_ref().expect("the history keeps the reasons");
    assert_eq!(
        reasons.iter().map(|r| r.logical_id.as_str()).collect::<Vec<_>>(),
        ["PostTable", "PostauthorIdIndexResolverF8A2B3C1", "awsAppsyncApiEndpoint"]
    );
    let line = serde_json::to_string(record).expect("json");
    assert_eq!(&serde_json::from_str::<crate::model::history::Record>(&line).expect("read back"), record);
}

#[test]
fn a_real_hotswap_claims_no_fallback() {
    let mut s = deploying();
    replay(&mut s, 1, include_str!("../../../../assets/cdk-deploy-events/hotswap_lambda_data_resources.jsonl"));
    succeed(&mut s, 1);
    assert!(crate::app::panes::deploy::fallback(&s).is_empty());
    assert_eq!(s.deploy.history[0].kind, Some(DeployKind::Hotswap));
    assert_eq!(s.deploy.history[0].fallback, None);
}

#[test]
fn ampx_text_output_of_a_fallback_is_read_too() {
    let mut s = deploying();
    for line in [
        "9:13:18 PM Starting hotswap deployment",
        "   resource: sayhelloLambda5A2A8F6A, type: AWS::Lambda::Function, rejected changes: Timeout, reason: resource properties 'Timeout' are not hotswappable on this resource type",
        "9:13:19 PM Falling back to doing a full deployment",
    ] {
        update(&mut s, Event::Deploy(DeployMsg::Output { id: 1, line: crate::util::ansi::StyledLine::plain(line) }));
    }
    let run = s.deploy.current.as_ref().expect("run");
    assert!(run.fell_back);
    assert_eq!(run.kind, Some(DeployKind::Full));
    assert_eq!(run.rejected[0].properties, ["Timeout"]);
}

#[test]
fn express_mode_goes_with_sandbox_deploys_only() {
    let mut s = state();
    s.deploy.express = true;
    let effects = update(&mut s, ch('d'));
    let Some(Effect::Deploy(request)) = effects.first() else { panic!("deploy expected: {effects:?}") };
    assert!(request.express);
    succeed(&mut s, 1);
    assert!(s.deploy.history[0].express, "the history says which mode ran");
    let mut effects = Vec::new();
    super::super::deploys::start_deploy(&mut s, Trigger::Key, DeployAction::Seed, &mut effects);
    let Some(Effect::Deploy(request)) = effects.iter().find(|e| matches!(e, Effect::Deploy(_))) else {
        panic!("seed expected")
    };
    assert!(!request.express);
}

#[test]
fn a_deploy_that_ended_before_ampx_said_anything_shows_the_runners_reason_under_the_gauge() {
    let mut s = deploying();
    let message = "the warm deploy driver stopped (killed by SIGKILL); it restarts: press d to deploy again";
    update(&mut s, finished(1, Outcome::Failed { exit_code: None, message: Some(message.into()) }));
    assert_eq!(s.deploy.current.as_ref().and_then(|r| r.failure_reason()).as_deref(), Some(message));
    assert!(crate::app::panes::deploy::failure_shown(&s));
}

#[test]
fn a_seed_and_a_sandbox_delete_say_what_they_did_not_deployed() {
    let mut s = state();
    s.project.seed_script = true;
    let mut effects = Vec::new();
    super::super::deploys::start_deploy(&mut s, Trigger::Key, DeployAction::Seed, &mut effects);
    update(&mut s, finished(1, Outcome::Succeeded));
    assert_eq!(s.deploy.history[0].done.as_deref(), Some("seeded"));
    assert_eq!(s.deploy.current.as_ref().map(|r| r.done), Some("seeded"), "the Deploy pane says ✔ seeded");

    let delete =
        DeployAction::DeleteSandbox { stack: "amplify-app-bob-sandbox-1".into(), identifier: "bob".into(), own: false };
    super::super::deploys::start_deploy(&mut s, Trigger::Key, delete, &mut effects);
    update(&mut s, finished(2, Outcome::Succeeded));
    assert_eq!(s.deploy.history[0].done.as_deref(), Some("deleted"));

    let mut effects = update(&mut s, ch('d'));
    effects.extend(succeed(&mut s, 3));
    assert_eq!(s.deploy.history[0].done, None, "a deploy is a deploy");
}

#[test]
fn history_keeps_its_selection_when_a_deploy_is_added() {
    let mut s = state();
    for id in 1..=3 {
        let mut effects = update(&mut s, ch('d'));
        effects.extend(succeed(&mut s, id));
    }
    crate::app::focus::focus(&mut s, PaneId::History);
    update(&mut s, ch('j'));
    let chosen = s.deploy.history[s.view(PaneId::History).selected].id;
    assert_eq!(chosen, 2);
    let mut effects = update(&mut s, ch('d'));
    effects.extend(succeed(&mut s, 4));
    assert_eq!(s.deploy.history[s.view(PaneId::History).selected].id, chosen, "still on #2");
}
