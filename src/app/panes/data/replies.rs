//! What the Data pane hears and asks for: the data API's answers in (live rows arrive above,
//! the selection stays on its record; a refused write reads the record again), an edited
//! record back from the editor; after every event, where the followed environment's models
//! are (looked at again only when news of its stack came in, so a flood of log lines costs
//! nothing here), the table's stream only while shown, and the next page near the end of those
//! read.

use crate::app::Effect;
use crate::app::event::{EditFor, Event};
use crate::app::keymap::Cx;
use crate::app::navigation::clamp_selection;
use crate::app::pages::Page;
use crate::app::panes::page_shown;
use crate::app::state::{PaneId, State};
use crate::domain::data::{DataReply, DataRequest};
use crate::domain::notice::Notice;
use crate::model::data::Source;

pub fn on_event(state: &mut State, event: &Event, cx: &mut Cx) {
    match event {
        Event::Data(reply) => on_data(state, reply.clone(), cx),
        Event::Edited { purpose: purpose @ EditFor::Record { .. }, text } => {
            super::edited(state, purpose.clone(), text.clone(), cx);
        }
        _ => {}
    }
}

fn on_data(state: &mut State, reply: DataReply, cx: &mut Cx) {
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
        state.notice = Some(Notice::failed(what, problem));
    }
    // Live rows arrive above: the selection stays on the record it was on.
    if let Some(i) = selected.and_then(|key| {
        (0..state.panes.data.rows.visible.len()).find(|&i| state.panes.data.rows.get(i).is_some_and(|r| r.key == key))
    }) {
        state.view_mut(PaneId::Data).selected = i;
    }
    clamp_selection(state, PaneId::Data);
    if let Some((table, key)) = conflict {
        cx.push(Effect::Data(DataRequest::Get { table, key }));
    }
}

pub fn refresh(state: &mut State, stack_news: bool, cx: &mut Cx) {
    if stack_news || state.panes.data.source.stack != state.ctx.stack_name {
        follow_source(state);
    }
    let shown = page_shown(state, Page::Content);
    if let Some(tables) = state.panes.data.watch_wanted(shown) {
        cx.push(Effect::WatchTables(tables));
    }
    // The Invoke page makes its events' templates from the schema.
    if state.page() == Page::Functions
        && let Some(request) = state.panes.data.schema_wanted()
    {
        cx.push(Effect::Data(request));
    }
    // A key typed into the filter reads nothing yet: the read starts when it is accepted.
    let typing = state.filter_typed(PaneId::Data).is_some();
    if state.panes.data.to_end {
        follow_to_end(state);
    }
    if shown && !typing {
        let selected = state.view(PaneId::Data).selected;
        state.panes.data.wanted(selected, state.now_ms).into_iter().for_each(|r| cx.push(Effect::Data(r)));
    }
}

/// `G` keeps the selection on the last row while pages come in (unless the user moved it
/// meanwhile), and says when it is done.
fn follow_to_end(state: &mut State) {
    if state.view(PaneId::Data).selected == state.panes.data.to_end_row {
        crate::app::navigation::scroll(state, PaneId::Data, isize::MAX / 2);
        state.panes.data.to_end_row = state.view(PaneId::Data).selected;
    }
    let data = &mut state.panes.data;
    if data.read_to_the_end() {
        data.to_end = false;
        let loaded = data.rows.all.len();
        let text = if data.complete {
            format!("read to the end: {loaded} records")
        } else {
            format!("stopped at {loaded} records, the most G reads: L reads on, or / filters")
        };
        state.notice = Some(Notice::info(text));
    }
}

/// Where the followed environment's data is, from its outputs and resources.
fn follow_source(state: &mut State) {
    let output = |key: &str| state.stack.outputs.iter().find(|o| o.key == key).map(|o| o.value.clone());
    let tables = state
        .stack
        .tree
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
}
