//! Live type checks and the gate they keep: every TypeScript save starts a check; a warm
//! deploy synthesizes meanwhile and deploys only once the check is clean, like ampx, which
//! type-checks between synthesis and deployment.

use super::prelude::*;
use crate::app::state::Gate;
use crate::domain::check::{CheckReport, Scope};

/// Files whose change can change what the compiler says.
pub(super) fn type_relevant(path: &std::path::Path) -> bool {
    path.extension().is_some_and(|e| ["ts", "tsx", "mts", "cts", "js", "mjs", "cjs", "json"].iter().any(|x| e == *x))
}

pub(super) fn start_check(state: &mut State, scope: Scope, effects: &mut Vec<Effect>) {
    if !state.check.on() {
        return;
    }
    state.check.generation += 1;
    state.check.running = Some((state.check.generation, state.now));
    effects.push(Effect::TypeCheck { generation: state.check.generation, scope });
}

/// After a deploy, the warm checker is compared with a full `tsc` (without one, every check
/// already is a full one).
pub(super) fn verify_checks(state: &mut State, effects: &mut Vec<Effect>) {
    let warm = state.check.last.as_ref().is_some_and(|r| r.checker == crate::domain::check::Checker::Warm);
    if warm && state.check.running.is_none() {
        start_check(state, Scope::Verify, effects);
    }
}

pub(super) fn on_checked(state: &mut State, report: CheckReport, effects: &mut Vec<Effect>) {
    if let Some(how) = &report.disagreed {
        // tsc's word on a check already answered warm: it replaces that answer while no newer
        // check has one.
        let latest = state.check.last.as_ref().is_some_and(|l| l.generation == report.generation);
        if latest && state.check.running.is_none() {
            state.notice =
                Some(Notice::warn(format!("the warm type checker disagreed with tsc ({how}): showing tsc's result")));
            state.check.last = Some(report);
        }
        return;
    }
    // A newer save superseded this check: its verdict is the newer one's to give.
    if state.check.running.is_none_or(|(generation, _)| generation != report.generation) {
        return;
    }
    state.check.running = None;
    state.check.last_at_ms = state.now_ms;
    state.check.last = Some(report);
    release(state, effects);
}

/// A code push waits for ampdeck's own check, warm driver or not (nothing else checks it);
/// errors only a synthesis would clear (the `$amplify/env` types) do not stop it.
pub(super) fn gate_for_push(state: &State) -> Result<Gate, Box<CheckReport>> {
    if !state.check.on() {
        return Ok(Gate::Open);
    }
    if state.check.running.is_some() {
        return Ok(Gate::Waiting);
    }
    match state.check.blocking() {
        Some(report) if !only_missing_env(report) => Err(Box::new(report.clone())),
        _ => Ok(Gate::Open),
    }
}

/// The last check found errors that stop a push.
pub(super) fn blocks_push(state: &State) -> bool {
    state.check.blocking().is_some_and(|r| !only_missing_env(r))
}

/// What the gate of a new sandbox deploy is, or the report that blocks it.
pub(super) fn gate_for_new_deploy(state: &State) -> Result<Gate, Box<CheckReport>> {
    if !state.check.on() || !state.deploy.driver.warm() {
        // ampx type-checks by itself.
        return Ok(Gate::Open);
    }
    if state.check.running.is_some() {
        return Ok(Gate::Waiting);
    }
    match state.check.blocking() {
        Some(report) if only_missing_env(report) => Ok(Gate::Recheck),
        Some(report) => Err(Box::new(report.clone())),
        None => Ok(Gate::Open),
    }
}

/// Synthesis finished: a check that only missed the generated function env types runs again.
pub(super) fn on_synthesized(state: &mut State, effects: &mut Vec<Effect>) {
    let Some(run) = state.deploy.current.as_mut().filter(|r| r.running()) else { return };
    run.synthesized = true;
    if run.gate == Gate::Recheck {
        run.gate = Gate::Waiting;
        // Synthesis wrote the `$amplify/env` types: everything is read again.
        start_check(state, Scope::Everything, effects);
    }
}

/// Gives the waiting deploy the verdict of the check that just finished.
fn release(state: &mut State, effects: &mut Vec<Effect>) {
    let Some(report) = state.check.last.clone() else { return };
    let Some(run) = state.deploy.current.as_mut().filter(|r| r.running() && r.gate == Gate::Waiting) else {
        return;
    };
    let seconds = report.elapsed.as_secs_f64();
    let push = run.kind == Some(DeployKind::CodePush);
    if report.clean() || (push && only_missing_env(&report)) {
        run.gate = Gate::Released;
        run.push_output(format!("✔ Type checks (ampdeck) passed in {seconds:.1} seconds"), OutputKind::Success);
        effects.push(Effect::ReleaseDeploy { id: run.id, proceed: true, reason: String::new() });
    } else if only_missing_env(&report) && !run.synthesized {
        run.gate = Gate::Recheck;
    } else {
        run.gate = Gate::Released;
        let error = type_error(&report);
        // The driver reports the error itself (`[ERROR] [SyntaxError] …`); the places go first.
        run.push_output(format!("✖ Type checks (ampdeck) found {} error(s):", report.errors), OutputKind::Error);
        for cause in &error.causes {
            run.push_output(format!("  {cause}"), OutputKind::Error);
        }
        let reason = error.message.clone();
        run.errors.push(error);
        effects.push(Effect::ReleaseDeploy { id: run.id, proceed: false, reason });
    }
}

fn only_missing_env(report: &CheckReport) -> bool {
    report.failure.is_none()
        && !report.diagnostics.is_empty()
        && report.diagnostics.iter().all(crate::domain::check::Diagnostic::is_missing_function_env)
}

/// The error a failed check stands for, named as ampx names it.
pub(super) fn type_error(report: &CheckReport) -> DeployError {
    let message = match &report.failure {
        Some(failure) => format!("TypeScript validation check failed: {failure}"),
        None => format!("TypeScript validation check failed: {} error(s)", report.errors),
    };
    let causes = report
        .diagnostics
        .iter()
        .take(5)
        .map(|d| format!("{} {} {}", d.location(), d.code, first_line(&d.message)))
        .collect();
    DeployError { name: "SyntaxError".into(), message, causes }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

pub(super) fn on_driver(state: &mut State, msg: DriverMsg, effects: &mut Vec<Effect>) {
    match msg {
        DriverMsg::Ready { versions } => state.deploy.driver = Driver::Warm { versions },
        DriverMsg::Renewed { reason } => {
            state.deploy.driver = Driver::Starting;
            state.notice = Some(Notice::info(format!("the warm deploy driver is renewed: {reason}")));
        }
        DriverMsg::Crashed { reason } => {
            state.deploy.driver = Driver::Starting;
            state.notice = Some(Notice::error(format!("the warm deploy driver crashed and restarts: {reason}")));
        }
        DriverMsg::Unavailable { reason, retry } => {
            state.notice = Some(Notice::warn(format!("warm deploys off ({reason}): deploys run the deploy command")));
            state.deploy.driver = Driver::Fallback { reason };
            let Some(run) = state.deploy.current.as_mut().filter(|r| r.running() && Some(r.id) == retry) else {
                return;
            };
            // The deploy was never started: it goes to the deploy command instead.
            run.gate = Gate::Open;
            run.push_output("warm driver unavailable: running the deploy command instead".into(), OutputKind::Warning);
            let changed = match &run.trigger {
                Trigger::Files(files) => files.clone(),
                _ => Vec::new(),
            };
            let action = DeployAction::Sandbox { recreate: false };
            effects.push(Effect::Deploy(DeployRequest {
                id: run.id,
                changed,
                action,
                gate: false,
                express: run.express,
            }));
        }
    }
}
