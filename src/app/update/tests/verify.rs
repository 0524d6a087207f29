//! A deploy that says it completed ends only when the stack agrees.

use super::helpers::*;
use crate::domain::deploy::StackCheck;
use crate::model::history::Result as RecordResult;

fn verify_request(effects: &[Effect]) -> (u64, String) {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::VerifyStack { deploy, stack } => Some((*deploy, stack.clone())),
            _ => None,
        })
        .expect("the stack is read before the deploy counts as done")
}

fn answer(s: &mut State, deploy: u64, stack: Result<crate::domain::stack::StackEvent, String>) -> Vec<Effect> {
    update(s, Event::Verified(Box::new(StackCheck { deploy, stack })))
}

#[test]
fn completed_then_a_rolled_back_root_stack_ends_as_a_failure() {
    let mut s = deploying();
    let effects = update(&mut s, finished(1, Outcome::Succeeded));
    let (id, stack) = verify_request(&effects);
    assert_eq!((id, stack.as_str()), (1, "amplify-app-root-sandbox-1496b9051c"));
    assert!(s.deploy.running(), "not done until the stack says so");
    assert!(s.deploy.history.is_empty());
    let mut rolled_back = root(&stack, "UPDATE_ROLLBACK_COMPLETE", s.now_ms);
    rolled_back.reason = Some("The following resource(s) failed to update: [storage0EC3F24A].".into());
    let effects = answer(&mut s, 1, Ok(rolled_back));
    let run = s.deploy.current.as_ref().expect("run");
    assert!(matches!(run.outcome, Some(Outcome::Failed { .. })), "{:?}", run.outcome);
    let reason = run.failure_reason().expect("a reason");
    assert!(reason.contains("UPDATE_ROLLBACK_COMPLETE") && reason.contains("storage0EC3F24A"), "{reason}");
    assert_eq!(s.deploy.history[0].result, RecordResult::Failed);
    assert!(effects.iter().any(|e| matches!(e, Effect::RecordHistory(r) if r.result == RecordResult::Failed)));
    assert!(!effects.contains(&Effect::DiffOutputs), "a rolled-back deploy changed no outputs");
}

#[test]
fn a_rollback_left_by_an_earlier_deploy_does_not_fail_this_one() {
    let mut s = deploying();
    let (id, stack) = verify_request(&update(&mut s, finished(1, Outcome::Succeeded)));
    // A hotswap does not touch the stack: its status is as old as the last full deploy.
    let old = root(&stack, "UPDATE_ROLLBACK_COMPLETE", s.now_ms - 3_600_000);
    answer(&mut s, id, Ok(old));
    assert_eq!(s.deploy.history[0].result, RecordResult::Succeeded);
    let run = s.deploy.current.as_ref().expect("run");
    assert!(run.output.iter().any(|l| l.text.contains("from an earlier deploy")));
}

#[test]
fn an_unreadable_stack_leaves_the_success_unconfirmed_not_failed() {
    let mut s = deploying();
    let (id, _) = verify_request(&update(&mut s, finished(1, Outcome::Succeeded)));
    answer(&mut s, id, Err("AccessDenied: not authorized to perform cloudformation:DescribeStacks".into()));
    assert_eq!(s.deploy.history[0].result, RecordResult::Succeeded);
    let run = s.deploy.current.as_ref().expect("run");
    assert!(run.output.iter().any(|l| l.text.contains("not confirmed")));
}

#[test]
fn an_answer_for_another_deploy_is_ignored_and_x_skips_the_check() {
    let mut s = deploying();
    let (id, stack) = verify_request(&update(&mut s, finished(1, Outcome::Succeeded)));
    let now = s.now_ms;
    answer(&mut s, id + 1, Ok(root(&stack, "UPDATE_ROLLBACK_COMPLETE", now)));
    assert!(s.deploy.running());
    update(&mut s, ch('x'));
    assert_eq!(s.deploy.history[0].result, RecordResult::Succeeded);
    answer(&mut s, id, Ok(root(&stack, "UPDATE_ROLLBACK_COMPLETE", now)));
    assert_eq!(s.deploy.history.len(), 1, "a late answer changes nothing");
}

#[test]
fn the_seed_script_and_deletes_are_not_checked() {
    let mut s = state();
    let mut effects = Vec::new();
    super::super::deploys::start_deploy(&mut s, Trigger::Key, DeployAction::Seed, &mut effects);
    let effects = update(&mut s, finished(1, Outcome::Succeeded));
    assert!(!effects.iter().any(|e| matches!(e, Effect::VerifyStack { .. })));
    assert!(!s.deploy.running());
}
