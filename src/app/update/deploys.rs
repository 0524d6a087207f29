//! The deploy lifecycle: file changes, the ampx latch, start, messages, finish, history.

use super::checks::{gate_for_new_deploy, on_synthesized, start_check, type_error, type_relevant, verify_checks};
use super::environments::follow;
use super::prelude::*;
use super::stacks::{apply_stack_event, offer_rollback};
use crate::app::state::Gate;
use crate::domain::deploy::{CodeMap, PushTarget};
use crate::domain::env::EnvKind;
use crate::util::sanitize::owned as clean;

/// From this many files in one change set, a deploy is asked for, not started.
pub(crate) const BULK_CHANGE: usize = 20;

pub(super) fn on_files_changed(state: &mut State, changes: ChangeSet, effects: &mut Vec<Effect>) {
    if changes.paths.is_empty() {
        return;
    }
    let typed: Vec<std::path::PathBuf> = changes.paths.iter().filter(|p| type_relevant(p)).cloned().collect();
    if !typed.is_empty() {
        start_check(state, crate::domain::check::Scope::Changed(typed), effects);
    }
    if changes.paths.iter().any(|p| p.ends_with("amplify/seed/seed.ts")) {
        state.project.seed_script = true;
    }
    for path in &changes.paths {
        if state.panes.workspace.changes.len() == MAX_CHANGES {
            state.panes.workspace.changes.pop_back();
        }
        state.panes.workspace.changes.push_front(FileChange { at_ms: state.now_ms, path: path.clone(), deploy: None });
        if !state.deploy.pending.contains(path) {
            state.deploy.pending.push(path.clone());
        }
    }
    if !state.deploy.auto {
        let n = state.deploy.pending.len();
        state.notice =
            Some(Notice::info(format!("{n} changed file(s) waiting: press d to deploy (auto-deploy is off)")));
    } else if changes.git || changes.rescan || changes.paths.len() >= BULK_CHANGE {
        // A branch switch must not thrash the sandbox: ask first.
        let files = state.deploy.pending.len();
        confirm::open(state, bulk_question(files, changes.git));
    } else {
        forget_pushed(state, &changes.paths);
        let action = code_push(state).unwrap_or(DeployAction::Sandbox { recreate: false });
        request(state, Trigger::Files(changes.paths), action, effects);
    }
    // What the next save's code is built from.
    if state.deploy.code_push {
        effects.push(map_code(state));
    }
}

/// The pending changes are all functions' own code (none read by the backend definition),
/// in the user's own sandbox, with those functions deployed: a code push, not a deploy.
fn code_push(state: &State) -> Option<DeployAction> {
    let deploy = &state.deploy;
    let own_sandbox = state.ctx.stack_name == state.project.own_stack
        && state.stack.functions_of == state.ctx.stack_name
        && crate::amplify::stack_name::parse_stack_name(&state.ctx.stack_name)
            .is_some_and(|p| p.kind == EnvKind::Sandbox);
    // A secret set since the last deploy, or a deploy that did not go through: the sandbox
    // lags the workspace by more than this save, and only a deploy brings it level.
    if !deploy.code_push || deploy.push_off.is_some() || deploy.redeploy.is_some() || !own_sandbox {
        return None;
    }
    let names = deploy.code_map.as_ref()?.push_only(&deploy.pending)?;
    let functions = names
        .iter()
        .map(|name| {
            let target = state.stack.functions.iter().find(|t| &t.name == name)?;
            Some(PushTarget { name: name.clone(), function_name: target.function_name.clone() })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(DeployAction::CodePush { functions })
}

/// Asks for the code map to be read again.
pub(super) fn map_code(state: &mut State) -> Effect {
    state.deploy.map_generation += 1;
    Effect::MapCode(state.deploy.map_generation)
}

/// A newer code map than the one held (maps are read concurrently; an older one may answer
/// last).
pub(super) fn on_code_map(state: &mut State, map: CodeMap) {
    if state.deploy.code_map.as_ref().is_none_or(|held| held.generation <= map.generation) {
        state.deploy.code_map = Some(map);
    }
}

/// A save of a pushed function's code: the next deploy uploads newer code than was pushed, so
/// there is nothing to compare for it any more.
fn forget_pushed(state: &mut State, paths: &[std::path::PathBuf]) {
    let Some(map) = &state.deploy.code_map else { return };
    let touched: Vec<String> = map.owners(paths);
    state.deploy.pushed.retain(|f| !touched.contains(f));
}

/// The last synthesis's assets against what was pushed: the same is the expected case; a
/// difference is said, and saves deploy the normal way until a deploy made them agree.
pub(super) fn on_push_compared(state: &mut State, differs: Option<String>) {
    if let Some(what) = differs {
        let what = clean(&what);
        state.notice = Some(Notice::warn(format!(
            "the pushed code differs from what a deploy uploads: {what}; the next deploy is a normal one"
        )));
        state.deploy.push_off = Some(what);
    }
}

/// Many files changed at once (a checkout, rebase or pull): deploy them?
fn bulk_question(files: usize, git: bool) -> Question {
    let lines = vec![
        if git {
            format!("{files} files changed with a git checkout, rebase or pull.")
        } else {
            format!("{files} files changed at once.")
        },
        "Deploy them to the sandbox now? (No keeps them pending: d deploys later)".into(),
    ];
    let wait = Notice::info("the changed files wait: press d to deploy them").into();
    Question::new(" Deploy? ", lines).yes([Intent::Deploy(Trigger::Key)]).no([wait])
}

/// Starts a deploy, or queues exactly one follow-up while one runs.
pub(crate) fn request_deploy(state: &mut State, trigger: Trigger, effects: &mut Vec<Effect>) {
    request(state, trigger, DeployAction::Sandbox { recreate: false }, effects);
}

/// Starts `action` (a sandbox deploy or a code push), or queues one sandbox deploy while one
/// runs: a queued follow-up deploys whatever collected.
fn request(state: &mut State, trigger: Trigger, action: DeployAction, effects: &mut Vec<Effect>) {
    if let Some(problem) = &state.ctx.project_problem {
        state.notice = Some(Notice::error(problem.clone()));
        return;
    }
    if state.deploy.running() {
        state.deploy.queued = true;
        state.notice = Some(Notice::info("deploy queued: it starts when the running one ends"));
        return;
    }
    start_deploy(state, trigger, action, effects);
}

pub(crate) fn start_deploy(state: &mut State, trigger: Trigger, action: DeployAction, effects: &mut Vec<Effect>) {
    // The panes show the stack the deploy changes.
    let target = action.other_stack().map_or_else(|| state.project.own_stack.clone(), str::to_owned);
    if !target.is_empty() && state.ctx.stack_name != target {
        let row = state.panes.environments.rows.iter().find(|r| r.stack_name() == Some(target.as_str())).cloned();
        match row {
            Some(row) => follow(state, &row, effects),
            None => {
                state.ctx.stack_name = target.clone();
                state.stack.tree = Default::default();
                rebuild_rows(state);
                effects.push(Effect::Follow(target));
            }
        }
        if matches!(action, DeployAction::Sandbox { .. }) {
            state.notice = Some(Notice::info("deploying your sandbox: following it again"));
        }
    }
    let id = state.deploy.next_id;
    state.deploy.next_id += 1;
    let sandbox = matches!(action, DeployAction::Sandbox { .. } | DeployAction::CodePush { .. });
    // Changed files go into a deploy of the sandbox; other actions leave them pending.
    let changed = if sandbox { std::mem::take(&mut state.deploy.pending) } else { Vec::new() };
    if sandbox {
        for change in state.panes.workspace.changes.iter_mut().filter(|c| c.deploy.is_none()) {
            change.deploy = Some(id);
        }
    }
    let trigger = match trigger {
        Trigger::Files(_) | Trigger::Key if !changed.is_empty() => Trigger::Files(changed.clone()),
        other => other,
    };
    let gate = match &action {
        DeployAction::Sandbox { recreate: false } => gate_for_new_deploy(state),
        DeployAction::CodePush { .. } => super::checks::gate_for_push(state),
        _ => Ok(Gate::Open),
    };
    // The logs of each version are easy to tell apart.
    state.panes.logs.store.push_marker(state.now_ms, &format!("── deploy #{id} started: {} ──", trigger.label()));
    let mut run = DeployRun::new(id, trigger, state.now, state.now_ms);
    run.target = state.ctx.stack_name.clone();
    run.seed = action == DeployAction::Seed;
    run.done = action.done();
    if let DeployAction::CodePush { functions } = &action {
        run.kind = Some(DeployKind::CodePush);
        run.pushed = functions.iter().map(|f| f.name.clone()).collect();
    }
    run.gate = *gate.as_ref().unwrap_or(&Gate::Released);
    // ampx has express mode for sandbox deploys only.
    let express = state.deploy.express && matches!(action, DeployAction::Sandbox { .. });
    run.express = express;
    run.checks_stack = matches!(action, DeployAction::Sandbox { .. } | DeployAction::Branch { .. });
    state.deploy.current = Some(run);
    state.deploy.queued = false;
    *state.view_mut(PaneId::Deploy) = Default::default();
    match gate {
        Ok(gate) => {
            let gate = gate != Gate::Open;
            effects.push(Effect::Deploy(DeployRequest { id, changed, action, gate, express }));
        }
        Err(report) => block(state, &report, effects),
    }
}

/// Known type errors stop a deploy before it starts, as ampx's own type check would.
fn block(state: &mut State, report: &crate::domain::check::CheckReport, effects: &mut Vec<Effect>) {
    let Some(run) = state.deploy.current.as_mut() else { return };
    let error = type_error(report);
    run.push_output(format!("[ERROR] [{}] {}", error.name, error.message), OutputKind::Error);
    for cause in &error.causes {
        run.push_output(format!("  ∟ {cause}"), OutputKind::Error);
    }
    run.push_output("Resolution: Fix the type errors the Workspace pane lists, then save.".into(), OutputKind::Plain);
    let message = Some(error.message.clone());
    run.errors.push(error);
    finish(state, Outcome::Failed { exit_code: None, message }, effects);
}

pub(crate) fn cancel(state: &mut State, effects: &mut Vec<Effect>) {
    state.deploy.queued = false;
    match state.deploy.current.as_mut().filter(|r| r.running()) {
        // The deploy itself is over: only the check of its result is left to skip.
        Some(run) if run.verifying => {
            run.push_output("stack status check skipped".into(), OutputKind::Warning);
            finish(state, Outcome::Succeeded, effects);
        }
        Some(run) => {
            run.cancelling = true;
            effects.push(Effect::CancelDeploy);
            state.notice = Some(Notice::warn("cancelling the deploy…"));
        }
        None => state.notice = Some(Notice::info("no deploy is running")),
    }
}

pub(super) fn on_deploy(state: &mut State, msg: DeployMsg, effects: &mut Vec<Effect>) {
    let id = match &msg {
        DeployMsg::Planned { id, .. }
        | DeployMsg::Toolkit { id, .. }
        | DeployMsg::Output { id, .. }
        | DeployMsg::Finished { id, .. } => *id,
    };
    let now = state.now;
    let Some(run) = state.deploy.current.as_mut().filter(|r| r.id == id && r.running()) else {
        return;
    };
    match msg {
        DeployMsg::Planned { resources, .. } => run.progress.set_planned(resources),
        DeployMsg::Output { line, .. } => on_output(run, line, now),
        DeployMsg::Toolkit { message, .. } => {
            let synthesized = message.code == "TS_STARTED";
            if let Some(event) = on_toolkit(run, *message, now) {
                apply_stack_event(state, &event);
            }
            if synthesized {
                on_synthesized(state, effects);
            }
        }
        DeployMsg::Finished { outcome: Outcome::Succeeded, .. } if run.checks_stack => {
            super::verify::check(state, effects)
        }
        DeployMsg::Finished { outcome, .. } => finish(state, outcome, effects),
    }
}

/// A line of the deploy command's text output: phases, progress and errors as ampx prints
/// them.
pub(super) fn on_output(run: &mut DeployRun, line: crate::util::ansi::StyledLine, now: std::time::Instant) {
    let kind = match classify(&line.text) {
        LineKind::Phase(phase) => {
            run.enter_phase(phase, now);
            if phase == Phase::Hotswapping {
                run.kind = Some(DeployKind::Hotswap);
            }
            OutputKind::Phase
        }
        LineKind::Success => OutputKind::Success,
        LineKind::Warning => OutputKind::Warning,
        LineKind::Error { name, message } => {
            // The same error told twice (ampdeck's type check, then the driver) counts once.
            if !run.errors.iter().any(|e| e.name == name && e.message == message) {
                run.errors.push(DeployError { name, message, causes: Vec::new() });
            }
            OutputKind::Error
        }
        LineKind::Cause(cause) => {
            if let Some(last) = run.errors.last_mut() {
                last.causes.push(cause);
            }
            OutputKind::Error
        }
        LineKind::StackActivity { done, total, .. } => {
            run.enter_phase(Phase::Deploying, now);
            // CloudFormation is updating the stack: whatever was tried, this is a full deploy.
            run.kind = Some(DeployKind::Full);
            run.cdk_progress = Some((done, total));
            OutputKind::Plain
        }
        LineKind::Hotswapped => {
            run.hotswapped += 1;
            OutputKind::Success
        }
        LineKind::NotHotswappable(rejection) => {
            run.reject([rejection]);
            OutputKind::Warning
        }
        LineKind::FellBack => {
            run.fall_back([], now);
            OutputKind::Warning
        }
        LineKind::Plain => OutputKind::Plain,
    };
    run.push_styled(line, kind);
}

/// Updates the run; returns the stack event the message carried, for the resource tree.
pub(super) fn on_toolkit(run: &mut DeployRun, message: ToolkitMessage, now: std::time::Instant) -> Option<StackEvent> {
    if let Some(phase) = message.phase() {
        run.enter_phase(phase, now);
    }
    match message.code.as_str() {
        "CDK_TOOLKIT_I5400" => run.kind = Some(DeployKind::Hotswap),
        // Stack monitoring starts only for a CloudFormation deployment, even after a hotswap try.
        "CDK_TOOLKIT_I5501" => run.kind = Some(DeployKind::Full),
        "CDK_TOOLKIT_I5403" => run.hotswapped += 1,
        "CDK_TOOLKIT_I5900" if message.message.contains("(no changes)") => run.kind = Some(DeployKind::NoChanges),
        _ => {}
    }
    if let Some(attempt) = &message.hotswap {
        if attempt.fell_back {
            run.fall_back(attempt.rejected.iter().cloned(), now);
        } else {
            run.reject(attempt.rejected.iter().cloned());
        }
    }
    if let Some(event) = &message.event {
        run.apply_event(event, now);
    }
    if message.progress.is_some() {
        run.cdk_progress = message.progress;
    }
    if !message.is_noise() && message.event.is_none() {
        let kind = if message.is_error() {
            OutputKind::Error
        } else if message.is_warning() {
            OutputKind::Warning
        } else if message.phase().is_some() || message.code.ends_with("_FINISHED") {
            OutputKind::Phase
        } else if message.code == "CDK_TOOLKIT_I5403" || message.code == "CDK_TOOLKIT_I5900" {
            OutputKind::Success
        } else {
            OutputKind::Plain
        };
        for line in message.message.lines().filter(|l| !l.trim().is_empty()) {
            run.push_output(line.trim_end().to_owned(), kind);
        }
    }
    message.event
}

pub(super) fn finish(state: &mut State, outcome: Outcome, effects: &mut Vec<Effect>) {
    // "Quit while a deploy runs?" stays the user's to answer, now without the danger.
    if let Some(Overlay::Confirm(question)) = state.overlay.as_mut()
        && question.yes == [Intent::Quit]
    {
        question.lines = vec!["The deploy ended: quitting loses nothing now. Quit?".into()];
    }
    let now = state.now;
    let Some(run) = state.deploy.current.as_mut() else {
        return;
    };
    run.finished = Some(now);
    run.outcome = Some(outcome.clone());
    let record = record_of(run, &outcome, now);
    let id = record.id;
    let word = match &outcome {
        Outcome::Succeeded => run.done,
        Outcome::Failed { .. } => "failed",
        Outcome::Cancelled => "cancelled",
    };
    state.panes.logs.store.push_marker(state.now_ms, &format!("── deploy #{id} {word} ──"));
    if state.deploy.history.len() == MAX_HISTORY {
        state.deploy.history.pop_back();
    }
    state.deploy.history.push_front(record.clone());
    let seed = run.seed;
    effects.push(Effect::RecordHistory(record));
    if outcome == Outcome::Succeeded && seed {
        // What the seed script made is in the pool and the tables now.
        state.panes.users.reload_all();
        state.panes.data.reload();
    } else if outcome == Outcome::Succeeded {
        effects.push(Effect::DiffOutputs);
        if run.target == state.ctx.stack_name {
            state.deploy.redeploy = None;
            state.panes.data.recheck_schema();
        }
    }
    let (title, body) = match &outcome {
        Outcome::Succeeded => (format!("deploy #{id} succeeded"), run.trigger.label()),
        Outcome::Failed { .. } => (format!("deploy #{id} failed"), run.failure_reason().unwrap_or_default()),
        Outcome::Cancelled => (format!("deploy #{id} cancelled"), String::new()),
    };
    effects.push(Effect::Announce { title, body });
    let seed = run.seed;
    state.notice = Some(match &outcome {
        Outcome::Succeeded if seed => Notice::info("seed complete: the Users pane reads the pool again"),
        Outcome::Succeeded => Notice::info(format!("deploy #{id} complete")),
        Outcome::Failed { .. } => {
            Notice::error("deploy failed: the Deploy pane shows the root cause; fix it and save, or press d")
        }
        Outcome::Cancelled => Notice::warn("deploy cancelled"),
    });
    after_push_or_synthesis(state, &outcome, effects);
    let update_not_supported = state.deploy.current.as_ref().is_some_and(|r| {
        r.errors
            .iter()
            .any(|e| e.name == "CFNUpdateNotSupportedError" || e.message.contains("CFNUpdateNotSupportedError"))
    });
    if update_not_supported {
        state.deploy.queued = false;
        let lines = vec![
            "CloudFormation cannot apply this change in place (CFNUpdateNotSupportedError).".into(),
            "Delete the sandbox, with all its data, and deploy it anew?".into(),
        ];
        let recreate = Intent::Start { trigger: Trigger::Key, action: DeployAction::Sandbox { recreate: true } };
        let keep = Notice::info("sandbox kept; the deploy stays failed").into();
        confirm::open(state, Question::new(" Recreate the sandbox? ", lines).yes([recreate]).no([keep]));
    } else if outcome == Outcome::Cancelled {
        offer_rollback(state);
    } else if state.deploy.queued && outcome != Outcome::Cancelled {
        start_deploy(state, Trigger::Key, DeployAction::Sandbox { recreate: false }, effects);
    }
    keep_history_selection(state);
    recheck_bootstrap(state, effects);
    if outcome == Outcome::Succeeded {
        verify_checks(state, effects);
    }
}

/// A push that failed falls back to a deploy, saying why; one that worked is remembered, so
/// the next synthesis's assets are compared with it. A deploy that synthesized compares them,
/// and once it succeeded, pushes are on again.
fn after_push_or_synthesis(state: &mut State, outcome: &Outcome, effects: &mut Vec<Effect>) {
    let Some(run) = state.deploy.current.as_ref() else { return };
    let (pushed, synthesized) = (run.pushed.clone(), run.synthesized);
    let changed = match &run.trigger {
        Trigger::Files(paths) => paths.clone(),
        _ => Vec::new(),
    };
    let type_errors = super::checks::blocks_push(state);
    match outcome {
        // Type errors stop a push as they stop a deploy: nothing to fall back to.
        Outcome::Failed { .. } if !pushed.is_empty() && type_errors => {
            state.notice =
                Some(Notice::error("not pushed: the type check found errors (the Workspace pane lists them)"));
        }
        Outcome::Failed { message, .. } if !pushed.is_empty() => {
            let why = clean(message.as_deref().unwrap_or("it failed"));
            state.notice = Some(Notice::warn(format!("code push failed ({why}): deploying the normal way")));
            for path in changed {
                if !state.deploy.pending.contains(&path) {
                    state.deploy.pending.push(path);
                }
            }
            state.deploy.queued = false;
            start_deploy(state, Trigger::Files(Vec::new()), DeployAction::Sandbox { recreate: false }, effects);
        }
        Outcome::Succeeded if !pushed.is_empty() => {
            state.notice = Some(Notice::info(format!("live without a deploy: {} pushed", pushed.join(", "))));
            for f in pushed {
                if !state.deploy.pushed.contains(&f) {
                    state.deploy.pushed.push(f);
                }
            }
        }
        _ => {
            if synthesized && !state.deploy.pushed.is_empty() {
                effects.push(Effect::ComparePushed(std::mem::take(&mut state.deploy.pushed)));
            }
            let sandbox = run.target == state.project.own_stack && run.done == "deployed";
            match outcome {
                Outcome::Succeeded if sandbox => state.deploy.push_off = None,
                Outcome::Failed { .. } | Outcome::Cancelled if sandbox => {
                    state.deploy.push_off = Some("the last deploy did not go through".into());
                }
                _ => {}
            }
        }
    }
}

/// A deploy was added on top: the History pane stays on the deploy the user chose; left
/// alone, it shows the newest.
fn keep_history_selection(state: &mut State) {
    let history = state.view(PaneId::History).selected;
    if history > 0 || state.focus == PaneId::History {
        let last = state.deploy.history.len().saturating_sub(1);
        state.view_mut(PaneId::History).selected = (history + 1).min(last);
    }
}

pub(super) fn record_of(run: &DeployRun, outcome: &Outcome, now: std::time::Instant) -> Record {
    let (result, exit_code) = match outcome {
        Outcome::Succeeded => (RecordResult::Succeeded, Some(0)),
        Outcome::Failed { exit_code, .. } => (RecordResult::Failed, *exit_code),
        Outcome::Cancelled => (RecordResult::Cancelled, None),
    };
    Record {
        id: run.id,
        started_ms: run.started_ms,
        duration_ms: u64::try_from(run.elapsed(now).as_millis()).unwrap_or(u64::MAX),
        result,
        exit_code,
        kind: run.kind,
        done: (run.done != "deployed").then(|| run.done.to_owned()),
        trigger: run.trigger.label(),
        changed: match &run.trigger {
            Trigger::Files(files) => files.clone(),
            _ => Vec::new(),
        },
        phases: run
            .phases
            .iter()
            .map(|(p, at)| PhaseTime {
                phase: p.label().into(),
                at_ms: u64::try_from(at.as_millis()).unwrap_or(u64::MAX),
            })
            .collect(),
        fallback: run.fell_back.then(|| run.rejected.clone()),
        express: run.express,
        timeline: (!run.timeline.is_empty()).then(|| run.timeline.summary().clone()),
    }
}

/// A missing-bootstrap warning is read again after each deploy: the user may have run
/// `cdk bootstrap` since, and a warning that outlives its cause is one nobody trusts.
fn recheck_bootstrap(state: &mut State, effects: &mut Vec<Effect>) {
    if state.health.problems.iter().any(|p| p.source == crate::domain::health::Source::Bootstrap) {
        state.deploy.bootstrap_checked = None;
        super::stacks::check_bootstrap(state, effects);
    }
}
