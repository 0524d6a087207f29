//! The followed stack: its resource tree, events and connection status.

use super::prelude::*;
use crate::domain::health::{Health, Problem, ProblemKind};

/// Events from the poller: the tree always; a running deploy's progress when they belong to
/// it (not older than its start, with a little clock skew allowed).
pub(super) fn on_stack_events(state: &mut State, events: &[StackEvent]) {
    let now = state.now;
    if let Some(run) = state.deploy.current.as_mut().filter(|r| r.running()) {
        let since = run.started_ms - 5_000;
        events.iter().filter(|e| e.timestamp_ms >= since).for_each(|e| run.apply_event(e, now));
    }
    events.iter().for_each(|e| state.stack.tree.apply(e));
    state.stack.missing &= events.is_empty();
    rebuild_rows(state);
    offer_rollback(state);
}

/// Asks for the bootstrap check once the account and region are known, and again when they
/// change (or after an environment switch cleared what was checked).
pub(super) fn check_bootstrap(state: &mut State, effects: &mut Vec<Effect>) {
    let Some(CloudStatus::Connected { region, account }) = &state.health.cloud else { return };
    let place = (account.clone(), region.clone());
    // A sandbox not deployed yet has no stack to read the account from, and its first deploy
    // is the one a missing bootstrap fails: it is checked without the account.
    let known = account.is_some() || state.stack.missing;
    if known && state.deploy.bootstrap_checked.as_ref() != Some(&place) {
        state.deploy.bootstrap_checked = Some(place.clone());
        effects.push(Effect::CheckBootstrap { account: place.0, region: place.1 });
    }
}

pub(super) fn on_cloud(state: &mut State, status: CloudStatus) {
    if let CloudStatus::Connected { region: Some(region), .. } = &status {
        state.health.region = Some(region.clone());
    }
    state.health.cloud = Some(match (status, state.health.cloud.take()) {
        // Keep what an earlier message knew.
        (CloudStatus::Connected { region, account }, Some(CloudStatus::Connected { region: r0, account: a0 })) => {
            CloudStatus::Connected { region: region.or(r0), account: account.or(a0) }
        }
        (status, _) => status,
    });
}

/// One problem per source: a new one replaces the old, a recovery ends it.
pub(super) fn on_health(state: &mut State, health: Health) {
    match health {
        Health::Problem(problem) => {
            state.messages.problem(&problem, state.now_ms);
            state.health.problems.retain(|p| p.source != problem.source);
            state.health.problems.push(problem);
        }
        Health::Recovered(source) => {
            if state.health.problems.iter().any(|p| p.source == source) {
                state.messages.recovered(source, state.now_ms);
            }
            state.health.problems.retain(|p| p.source != source);
            if state.notice.as_ref().is_some_and(|n| n.source == Some(source)) {
                state.notice = None;
            }
        }
    }
}

/// A pane's failure stands; the message log has it already when the notice shown tells of it.
fn stand(state: &mut State, problem: Problem) {
    if state.notice.as_ref().is_none_or(|n| n.source != Some(problem.source)) {
        state.messages.problem(&problem, state.now_ms);
    }
    state.health.problems.retain(|p| p.source != problem.source);
    state.health.problems.push(problem);
}

/// The panes' own failures (a listing, a stream, an action) as their sources' health: a new
/// one stands in the status bar and the message log, and goes when the pane's next success
/// clears it.
pub(super) fn sync_pane_problems(state: &mut State) {
    for spec in PaneId::ALL.iter().map(|p| p.spec()) {
        let Some((source, problem)) = spec.problem else { continue };
        // A refusal (a bad edit, a newer version) says nothing of the source's health.
        let now = problem(state).filter(|p| p.kind != ProblemKind::Refused).cloned();
        match now {
            Some(p) if !state.health.problems.contains(&p) => stand(state, p),
            Some(_) => {}
            None if state.health.problems.iter().any(|p| p.source == source) => {
                on_health(state, Health::Recovered(source));
            }
            None => {}
        }
    }
}

pub(super) fn apply_stack_event(state: &mut State, event: &StackEvent) {
    state.stack.tree.apply(event);
    rebuild_rows(state);
}

/// Killing the deploy command does not stop a CloudFormation update already under way: after
/// a cancel, say so, and offer (once) to roll it back.
pub(super) fn offer_rollback(state: &mut State) {
    let updating =
        state.stack.tree.root().is_some_and(|r| r.status.ends_with("_IN_PROGRESS") && !r.status.contains("ROLLBACK"));
    let Some(run) = state.deploy.current.as_mut() else { return };
    if run.outcome != Some(Outcome::Cancelled) || run.rollback_offered || !updating || state.overlay.is_some() {
        return;
    }
    run.rollback_offered = true;
    state.notice = Some(Notice::warn("the deploy command stopped, but CloudFormation is still updating the stack"));
    let lines = vec![
        "The deploy command stopped, but CloudFormation is still updating the stack.".into(),
        "Cancel the update and roll the stack back (CancelUpdateStack)?".into(),
    ];
    let roll_back = [
        Effect::CancelUpdateStack.into(),
        Notice::warn("asked CloudFormation to cancel the update and roll back").into(),
    ];
    let keep = [Notice::info("CloudFormation keeps updating; the panes follow it").into()];
    confirm::open(state, Question::new(" Roll back? ", lines).yes(roll_back).no(keep));
}
