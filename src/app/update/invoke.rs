//! The followed environment's functions and the answers of invocations: which functions can
//! be invoked (the user's, as the follower names them), saved events read from the project,
//! and the schema read for their templates while the Invoke page is shown.

use crate::app::Effect;
use crate::app::keymap::Cx;
use crate::app::navigation::clamp_selection;
use crate::app::pages::Page;
use crate::app::state::{PaneId, State};
use crate::domain::invoke::{InvokeReply, Target};
use crate::domain::notice::Notice;
use crate::model::invocations::{FunctionRef, Payload};

/// The user's functions of the followed stack, named as they named them.
pub(super) fn on_functions(state: &mut State, targets: Vec<Target>) {
    let mut functions: Vec<FunctionRef> =
        targets.into_iter().map(|t| FunctionRef { name: t.name, target: t.function_name }).collect();
    functions.sort_by(|a, b| a.name.cmp(&b.name));
    functions.dedup_by(|a, b| a.name == b.name);
    if functions != state.panes.invoke.functions {
        state.panes.invoke.set_functions(functions);
        clamp_selection(state, PaneId::Invoke);
    }
}

pub(super) fn on_reply(state: &mut State, reply: InvokeReply) {
    let failed = matches!(reply, InvokeReply::Failed { .. });
    if let Some(line) = state.panes.invoke.apply(reply) {
        state.notice = Some(if failed { Notice::error(line) } else { Notice::info(line) });
    }
}

pub(super) fn on_payloads(state: &mut State, function: String, payloads: Vec<Payload>, effects: &mut Cx) {
    state.panes.invoke.set_payloads(&function, payloads);
    clamp_selection(state, PaneId::Invoke);
    crate::app::panes::invoke::read_for_again(state, effects);
}

/// The schema gives the templates of AppSync-resolver events.
pub(super) fn refresh(state: &mut State, effects: &mut Vec<Effect>) {
    if state.page() == Page::Functions
        && let Some(request) = state.panes.data.schema_wanted()
    {
        effects.push(Effect::Data(request));
    }
}
