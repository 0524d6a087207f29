//! The truth after "completed": ampx has reported success while CloudFormation was still
//! rolling the stack back (amplify-backend #169, #3327), so a successful deploy of a stack
//! ends only once the stack's own status agrees.

use super::prelude::*;
use crate::domain::deploy::StackCheck;
use crate::domain::stack::StatusClass;

/// A stack status older than the deploy by more than this was left by an earlier one (a
/// hotswap does not touch the stack); the margin covers clocks that disagree a little.
const CLOCK_SKEW_MS: i64 = 60_000;

/// The deploy command said it succeeded: read the stack before saying so.
pub(super) fn check(state: &mut State, effects: &mut Vec<Effect>) {
    let now = state.now;
    let Some(run) = state.deploy.current.as_mut() else { return };
    run.verifying = true;
    run.enter_phase(Phase::Verifying, now);
    run.push_output("reported success: reading the stack's status once more".into(), OutputKind::Phase);
    effects.push(Effect::VerifyStack { deploy: run.id, stack: run.target.clone() });
}

enum Verdict {
    Confirmed,
    /// Success, with something the user should know.
    Note(String),
    Failed {
        status: String,
        reason: Option<String>,
    },
}

/// What the stack's status says of the deploy that reported success: how it ends, or
/// `None` when the answer is for no deploy waiting for one.
pub(super) fn on_verified(state: &mut State, check: StackCheck) -> Option<Outcome> {
    let run = state.deploy.current.as_mut().filter(|r| r.id == check.deploy && r.verifying && r.running())?;
    run.verifying = false;
    match verdict(run, &check.stack) {
        Verdict::Confirmed => {
            let status = check.stack.map(|s| s.status).unwrap_or_default();
            run.push_output(format!("✔ the stack is {status}"), OutputKind::Success);
            Some(Outcome::Succeeded)
        }
        Verdict::Note(text) => {
            run.push_output(text, OutputKind::Warning);
            Some(Outcome::Succeeded)
        }
        Verdict::Failed { status, reason } => {
            let reason = reason.unwrap_or_else(|| "CloudFormation gave no reason".into());
            let what = if status.contains("ROLLBACK") { "CloudFormation rolled it back" } else { "the stack failed" };
            let message = format!("reported success, but {what}: {reason}");
            run.push_output(format!("[ERROR] [{status}] {message}"), OutputKind::Error);
            run.errors.insert(0, DeployError { name: status, message: message.clone(), causes: Vec::new() });
            Some(Outcome::Failed { exit_code: None, message: Some(message) })
        }
    }
}

fn verdict(run: &DeployRun, stack: &Result<StackEvent, String>) -> Verdict {
    let stack = match stack {
        Ok(stack) => stack,
        Err(why) => return Verdict::Note(format!("the stack's status could not be read ({why}): not confirmed")),
    };
    let status = stack.status.as_str();
    let stale = stack.timestamp_ms > 0 && stack.timestamp_ms.saturating_add(CLOCK_SKEW_MS) < run.started_ms;
    match StatusClass::of(status) {
        StatusClass::Complete => Verdict::Confirmed,
        StatusClass::InProgress if status.contains("_COMPLETE_CLEANUP_") => Verdict::Confirmed,
        StatusClass::Failed | StatusClass::RollingBack | StatusClass::RolledBack if stale => {
            Verdict::Note(format!("the stack still shows {status} from an earlier deploy (this one did not update it)"))
        }
        StatusClass::Failed | StatusClass::RollingBack | StatusClass::RolledBack => {
            Verdict::Failed { status: status.to_owned(), reason: stack.reason.clone() }
        }
        StatusClass::InProgress if run.express => Verdict::Note(format!(
            "the stack is still {status}: express mode returns before every resource has stabilized"
        )),
        StatusClass::InProgress | StatusClass::Deleted | StatusClass::Unknown => {
            Verdict::Note(format!("the stack is {status}, not complete: watch the Resources pane"))
        }
    }
}
