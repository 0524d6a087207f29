//! The Deploy pane: the running (or last) deploy's phase, progress, root cause and output.

use super::PaneSpec;
use crate::app::keymap::Command;
use crate::app::navigation::toggle_follow;
use crate::app::pages::Page;
use crate::app::panes::PaneId;
use crate::app::state::{DeployRun, State};

pub const SPEC: PaneSpec = PaneSpec {
    name: "deploy",
    title: "Deploy",
    page: Page::Dev,
    follows: true,
    len: |s| s.deploy.current.as_ref().map_or(0, |r| r.output.len()),
    header: |s| 3 + 2 * u16::from(failure_shown(s)) + u16::from(attention_shown(s)) + fallback_rows(s),
    footer: 0,
    keys: KEYS,
    room: 2,
    detail: Some(detail),
    ..PaneSpec::PLAIN
};

const KEYS: &[Command] = &[
    Command {
        name: "follow",
        keys: &["f"],
        help: "follow new output lines on/off",
        hint: Some("follow"),
        run: |s, _| toggle_follow(s, PaneId::Deploy),
    },
    Command {
        name: "again",
        keys: &["I"],
        help: "invoke the last function event again (after a hotswap: the new code)",
        hint: None,
        run: super::invoke::again,
    },
    super::timeline::OPEN,
];

/// A failure's reason (its root cause, or the deploy command's error) has two banner lines
/// under the gauge: exactly when `DeployRun::failure_reason` has one.
pub fn failure_shown(state: &State) -> bool {
    state.deploy.current.as_ref().is_some_and(DeployRun::has_failure_reason)
}

/// Reasons shown under the gauge; the rest are in the timeline.
const FALLBACK_REASONS: usize = 2;

fn fallback_rows(state: &State) -> u16 {
    match state.deploy.current.as_ref().filter(|r| r.fell_back) {
        Some(run) => 1 + run.rejected.len().min(FALLBACK_REASONS) as u16,
        None => 0,
    }
}

/// Why the deploy was not a hotswap, when one was tried: a title, then the toolkit's reasons.
pub fn fallback(state: &State) -> Vec<String> {
    let Some(run) = state.deploy.current.as_ref().filter(|r| r.fell_back) else { return Vec::new() };
    let more = run.rejected.len().saturating_sub(FALLBACK_REASONS);
    let title = match (run.rejected.len(), more) {
        (0, _) => "↯ hotswap fell back to a full deployment (the toolkit named no change)".to_owned(),
        (_, 0) => "↯ hotswap fell back to a full deployment: not hotswappable".to_owned(),
        (_, more) => format!("↯ hotswap fell back to a full deployment: not hotswappable (+{more} more: t timeline)"),
    };
    std::iter::once(title)
        .chain(run.rejected.iter().take(FALLBACK_REASONS).map(|r| format!("  {}", r.summary())))
        .collect()
}

/// Whether [`attention`] has something to say, without saying it (layout asks often).
pub fn attention_shown(state: &State) -> bool {
    bootstrap(state).is_some() || state.panes.secrets.any_missing() || state.deploy.redeploy.is_some()
}

fn bootstrap(state: &State) -> Option<&crate::domain::health::Problem> {
    state.health.problems.iter().find(|p| p.source == crate::domain::health::Source::Bootstrap)
}

/// What the followed environment needs before a deploy can work (the region's bootstrap) or
/// its functions work as written: secrets the backend reads that are not set, or a change
/// only a deploy applies.
pub fn attention(state: &State) -> Option<String> {
    if let Some(p) = bootstrap(state) {
        return Some(format!("⚠ {}: {}", p.message, p.hint));
    }
    let missing = state.panes.secrets.missing();
    if !missing.is_empty() {
        let names = missing.join(", ");
        let (what, them) = if missing.len() == 1 { ("secret", "it") } else { ("secrets", "them") };
        return Some(format!("⚠ {what} {names} not set: functions reading {them} fail (:secrets sets {them})"));
    }
    let own = state.ctx.stack_name == state.project.own_stack;
    let how = if own { "d deploys" } else { "deploy that environment again" };
    state.deploy.redeploy.as_ref().map(|why| format!("⚠ redeploy needed: {why} · {how}"))
}

/// The deploy whole: what failed first (its root cause, every error with its causes), then
/// every line it printed.
fn detail(state: &State) -> Option<crate::app::state::Detail> {
    let run = state.deploy.current.as_ref()?;
    let mut lines = Vec::new();
    if let Some(reason) = run.failure_reason() {
        lines.push(format!("root cause: {reason}"));
    }
    for error in &run.errors {
        lines.push(format!("[{}] {}", error.name, error.message));
        lines.extend(error.causes.iter().map(|c| format!("  ∟ {c}")));
    }
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.extend(run.output.iter().map(|l| l.text.clone()));
    let copy = run.failure_reason().unwrap_or_default();
    Some(crate::app::state::Detail::new(format!("Deploy #{}", run.id), lines).copying(copy))
}
