//! What the Invoke pane hears: the followed environment's functions (the user's, as the
//! follower names them), the answers of invocations, saved events read from the project or
//! edited. (The data schema its templates come from is read by the Data pane.)

use crate::app::Effect;
use crate::app::event::{EditFor, Event};
use crate::app::keymap::Cx;
use crate::app::navigation::clamp_selection;
use crate::app::state::{PaneId, State};
use crate::domain::invoke::{InvokeReply, Target};
use crate::domain::notice::Notice;
use crate::model::invocations::FunctionRef;

pub fn on_event(state: &mut State, event: &Event, cx: &mut Cx) {
    match event {
        Event::Functions(targets) => on_functions(state, targets.clone()),
        Event::Invoked(reply) => on_reply(state, reply.clone(), cx),
        Event::FilesChanged(changes) => super::saved(state, &changes.paths, cx),
        Event::CodeMap(map) if state.panes.invoke.set_defined(map.functions.iter().map(|(name, _)| name.clone()).collect()) => {
            clamp_selection(state, PaneId::Invoke);
        }
        Event::Payloads { function, payloads } => {
            state.panes.invoke.set_payloads(function, payloads.clone());
            clamp_selection(state, PaneId::Invoke);
            super::read_for_again(state, cx);
        }
        Event::PayloadDeleted { function, name, result } => {
            state.notice = Some(match result {
                Ok(()) => Notice::info(format!("event {name} of {function} deleted")),
                Err(why) => Notice::error(why.clone()),
            });
            cx.push(Effect::ListPayloads { function: function.clone() });
        }
        Event::Edited { purpose: EditFor::Payload { function, name }, text } => {
            super::edited(state, function.clone(), name.clone(), text.clone(), cx);
        }
        _ => {}
    }
}

/// The user's functions of the followed stack, named as they named them.
fn on_functions(state: &mut State, targets: Vec<Target>) {
    let mut functions: Vec<FunctionRef> =
        targets.into_iter().map(|t| FunctionRef { name: t.name, target: t.function_name }).collect();
    functions.sort_by(|a, b| a.name.cmp(&b.name));
    functions.dedup_by(|a, b| a.name == b.name);
    if state.panes.invoke.set_functions(functions) {
        clamp_selection(state, PaneId::Invoke);
    }
}

fn on_reply(state: &mut State, reply: InvokeReply, cx: &mut Cx) {
    let failed = matches!(reply, InvokeReply::Failed { .. });
    let ended = match &reply {
        InvokeReply::Done { id, .. } | InvokeReply::Failed { id, .. } => Some(*id),
        InvokeReply::Inspecting { .. } => None,
    };
    if let Some(line) = state.panes.invoke.apply(reply) {
        state.notice = Some(if failed { Notice::error(line) } else { Notice::info(line) });
    }
    if let Some((function, name, mode)) = ended.and_then(|id| state.panes.invoke.rerun_after(id)) {
        super::again_with(state, function, name, mode, cx);
    }
}
