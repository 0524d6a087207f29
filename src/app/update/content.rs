//! The followed environment's records and files: answers in, and what the Content page
//! needs asked for, lazily: the schema and a model's first page when the page is shown, the
//! next page near the end of those read, the table's stream only while shown.

use crate::amplify::storage::buckets;
use crate::app::Effect;
use crate::app::keymap::Cx;
use crate::app::navigation::clamp_selection;
use crate::app::pages::Page;
use crate::app::state::{EditFor, Overlay, PaneId, State};
use crate::domain::data::DataReply;
use crate::domain::notice::Notice;
use crate::domain::storage::StorageReply;
use crate::model::data::Source;

pub(super) fn on_data(state: &mut State, reply: DataReply, effects: &mut Vec<Effect>) {
    let failed = matches!(&reply, DataReply::Failed { generation: None, .. } | DataReply::Conflict { .. });
    let conflict = match &reply {
        DataReply::Conflict { table, key } => Some((table.clone(), key.clone())),
        _ => None,
    };
    let selected = state.panes.data.rows.get(state.view(PaneId::Data).selected).map(|r| r.key.clone());
    if let Some(line) = state.panes.data.apply(reply, state.now_ms) {
        state.notice = Some(Notice::info(line));
    }
    if let (true, Some((what, problem))) = (failed, &state.panes.data.problem) {
        state.notice = Some(Notice::error(format!("{what} failed: {} — {}", problem.message, problem.hint)));
    }
    // Live rows arrive above: the selection stays on the record it was on.
    if let Some(i) = selected.and_then(|key| {
        (0..state.panes.data.rows.visible.len()).find(|&i| state.panes.data.rows.get(i).is_some_and(|r| r.key == key))
    }) {
        state.view_mut(PaneId::Data).selected = i;
    }
    clamp_selection(state, PaneId::Data);
    if let Some((table, key)) = conflict {
        effects.push(Effect::Data(crate::domain::data::DataRequest::Get { table, key }));
    }
}

pub(super) fn on_storage(state: &mut State, reply: StorageReply, effects: &mut Vec<Effect>) {
    if let StorageReply::Presigned { key, url } = &reply {
        effects.push(Effect::Copy(url.clone()));
        state.notice = Some(Notice::info(format!("link to {key} copied (valid for an hour)")));
    }
    let failed = matches!(&reply, StorageReply::Failed { generation: None, .. });
    if let Some(line) = state.panes.storage.apply(reply) {
        state.notice = Some(Notice::info(line));
    }
    if let (true, Some((what, problem))) = (failed, &state.panes.storage.problem) {
        state.notice = Some(Notice::error(format!("{what} failed: {} — {}", problem.message, problem.hint)));
    }
    clamp_selection(state, PaneId::Storage);
}

pub(super) fn on_edited(state: &mut State, purpose: EditFor, text: Result<String, String>, effects: &mut Cx) {
    match purpose {
        EditFor::Payload { function, name } => crate::app::panes::invoke::edited(state, function, name, text, effects),
        EditFor::Record { .. } => crate::app::panes::data::edited(state, purpose, text, effects),
    }
}

/// After every event: follow the environment the panes show (looked at again only when news
/// of its stack came in, so a flood of log lines costs nothing here), and ask for what is due.
pub(super) fn refresh(state: &mut State, stack_news: bool, effects: &mut Vec<Effect>) {
    if stack_news || state.panes.data.source.stack != state.ctx.stack_name {
        follow_source(state);
    }
    let shown = state.page() == Page::Content && !matches!(state.overlay, Some(Overlay::Palette(_)));
    if let Some(tables) = state.panes.data.watch_wanted(shown) {
        effects.push(Effect::WatchTables(tables));
    }
    // A key typed into the filter reads nothing yet: the read starts when it is accepted.
    let typing = state.filter_typed(PaneId::Data).is_some();
    if shown && !typing {
        let selected = state.view(PaneId::Data).selected;
        effects.extend(state.panes.data.wanted(selected, state.now_ms).into_iter().map(Effect::Data));
    }
    if shown {
        let selected = state.view(PaneId::Storage).selected;
        effects.extend(state.panes.storage.wanted(selected).map(Effect::Storage));
    }
}

/// Where the followed environment's data and files are, from its outputs and resources.
fn follow_source(state: &mut State) {
    let output = |key: &str| state.stack.outputs.iter().find(|o| o.key == key).map(|o| o.value.clone());
    let tables = state
        .stack.tree
        .stacks()
        .iter()
        .flat_map(|s| s.resources())
        .filter(|r| r.resource_type == "Custom::AmplifyDynamoDBTable" && !r.physical_id.is_empty())
        .map(|r| (r.logical_id.clone(), r.physical_id.clone()))
        .collect();
    state.panes.data.set_source(Source {
        stack: state.ctx.stack_name.clone(),
        uri: output("amplifyApiModelSchemaS3Uri").filter(|u| !u.is_empty()),
        api_id: output("awsAppsyncApiId"),
        tables,
    });
    let stack = state.ctx.stack_name.clone();
    state.panes.storage.set_buckets(&stack, buckets(&state.stack.outputs));
}
