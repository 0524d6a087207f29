//! The Result pane: the session's invocations, newest first, and the selected one in labelled
//! parts; from here its request's log lines open in the Logs pane.

use super::PaneSpec;
use crate::app::keymap::{Command, Cx};
use crate::app::pages::Page;
use crate::app::panes::PaneId;
use crate::app::state::State;
use crate::domain::notice::Notice;
use crate::model::invocations::{Invocation, Outcome};

pub const SPEC: PaneSpec = PaneSpec {
    name: "result",
    title: "Result",
    page: Page::Functions,
    len: |s| s.panes.invoke.history.len(),
    header: |_| 0,
    footer: 0,
    keys: KEYS,
    room: 3,
    detail: Some(detail),
    ..PaneSpec::PLAIN
};

const KEYS: &[Command] = &[
    Command {
        name: "logs",
        keys: &["l"],
        help: "this request's log lines in the Logs pane (filtered by its request id)",
        hint: Some("its logs"),
        run: logs,
    },
    Command { name: "again", keys: &["I"], help: "invoke the last event again", hint: Some("again"), run: super::invoke::again },
];

const FILTER_LOGS: &crate::app::overlays::prompt::Target = crate::app::panes::logs::FILTER;

pub fn selected(state: &State) -> Option<&Invocation> {
    state.panes.invoke.history.get(state.view(PaneId::Result).selected)
}

/// Shows the Logs pane filtered to the selected invocation's request id.
fn logs(state: &mut State, _: &mut Cx) {
    let request = selected(state).and_then(|i| match &i.outcome {
        Outcome::Answered(a) => a.request_id.clone(),
        _ => None,
    });
    let Some(request) = request else {
        state.notice = Some(Notice::info("no request id yet for this invocation"));
        return;
    };
    crate::app::focus::focus(state, PaneId::Logs);
    // Filtered, not searched: a search left on in the Logs pane would keep every line.
    if state.panes.logs.store.view().search {
        state.panes.logs.store.toggle_search();
    }
    (FILTER_LOGS.apply)(state, &request);
    state.notice = Some(Notice::info(format!("Logs filtered to request {request}: / changes the filter")));
}

/// The selected invocation whole: its event, status, error with its trace, response, and
/// the tail of its log.
fn detail(state: &State) -> Option<crate::app::state::Detail> {
    let invocation = selected(state)?;
    let mut lines = vec![format!("{} with {}", invocation.function, invocation.event_label())];
    match &invocation.outcome {
        Outcome::Running => {
            lines.push("running…".into());
            lines.extend(invocation.inspector.iter().map(|a| format!("waiting for a debugger at {a} (K in Invoke stops it)")));
        }
        Outcome::Failed(problem) => lines.push(format!("failed: {} — {}", problem.message, problem.hint)),
        Outcome::Answered(answer) => {
            lines.push(format!("status {} · {} ms from asking to the answer", answer.status, answer.took_ms));
            if let Some(facts) = &answer.local {
                lines.push(format!("ran here: {}", facts.node));
                lines.extend(facts.node_warning.iter().map(|w| format!("⚠ {w}")));
                lines.push(format!("with {} · {}", facts.credentials, facts.settings));
                lines.extend(facts.unresolved.iter().map(|v| format!("unset: {v} (only a deploy resolves it)")));
                lines.extend(facts.missing.iter().map(|m| format!("could not load: {m}")));
                lines.push(format!("unlike the cloud: {}", facts.differences.join(" · ")));
                lines.push(format!("built from: {} (in {} ms)", facts.inputs.join(", "), facts.bundle_ms));
            }
            if let Some(id) = &answer.request_id {
                lines.push(format!("request {id}"));
            }
            if let Some(error) = &answer.error {
                lines.push(format!("{}: {}", error.kind, error.message));
                lines.extend(error.trace.iter().map(|t| format!("  {t}")));
            }
            lines.push(String::new());
            lines.extend(answer.response.lines().map(str::to_owned));
            if !answer.tail.is_empty() {
                lines.push(String::new());
                lines.extend(answer.tail.iter().cloned());
            }
        }
    }
    let lines = lines.iter().map(|l| crate::util::sanitize::owned(l)).collect();
    let copy = match &invocation.outcome {
        Outcome::Answered(answer) => answer.response.clone(),
        _ => String::new(),
    };
    Some(crate::app::state::Detail::new(format!("Invocation {}", invocation.id), lines).copying(copy))
}
