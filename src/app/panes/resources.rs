//! The Resources pane: the live tree of stacks, nested stacks and resources (or the stack
//! outputs), filtered by name, type or status.

pub mod model;

use super::{PaneSpec, rows};
use crate::app::intent::Intent;
use crate::app::keymap::{Command, Cx};
use crate::app::navigation::clamp_selection;
use crate::app::overlays::prompt;
use crate::app::pages::Page;
use crate::app::panes::PaneId;
use crate::app::state::State;
use crate::domain::notice::Notice;

pub const SPEC: PaneSpec = PaneSpec {
    name: "resources",
    title: "Resources",
    page: Page::Dev,
    len: |s| s.panes.resources.rows.len(),
    header: rows::<1>,
    footer: 1,
    keys: KEYS,
    filter: Some(&FILTER),
    room: 2,
    detail: Some(detail),
    ..PaneSpec::PLAIN
};

const KEYS: &[Command] = &[
    Command { name: "open", keys: &["enter"], help: "expand or collapse the selected stack", hint: None, run: fold },
    Command {
        name: "filter",
        keys: &["/"],
        help: "filter the tree by name, type or status",
        hint: Some("filter"),
        run: |s, _| prompt::open(s),
    },
    Command {
        name: "view",
        keys: &["V"],
        help: "stack outputs / resource tree",
        hint: Some("outputs/tree"),
        run: |s, _| s.panes.resources.show_outputs = !s.panes.resources.show_outputs,
    },
    Command {
        name: "copy",
        keys: &["c"],
        help: "copy the AWS console URL of the selected resource",
        hint: Some("console URL"),
        run: console_url,
    },
];

const FILTER: prompt::Target =
    prompt::Target { current: |s| s.panes.resources.filter.clone(), apply: set_filter, toggle_mode: None };

fn set_filter(state: &mut State, text: &str) {
    state.panes.resources.filter = text.to_owned();
    rebuild_rows(state);
}

/// The rows of the tree, folded and filtered as the user left them.
pub fn rebuild_rows(state: &mut State) {
    state.panes.resources.rows = state.stack.tree.rows(&state.panes.resources.collapsed);
    if !state.panes.resources.filter.is_empty() {
        let needle = state.panes.resources.filter.as_str();
        state.panes.resources.rows.retain(|r| {
            [&r.label, &r.resource_type, &r.status]
                .iter()
                .any(|t| crate::model::logs::contains_ignore_case(t, needle))
        });
    }
    clamp_selection(state, PaneId::Resources);
}

fn fold(state: &mut State, _: &mut Cx) {
    let Some(row) = state.panes.resources.rows.get(state.view(PaneId::Resources).selected) else { return };
    if row.stack.is_none() {
        return;
    }
    let key = row.key.clone();
    if !state.panes.resources.collapsed.remove(&key) {
        state.panes.resources.collapsed.insert(key);
    }
    rebuild_rows(state);
}

/// The console address of the selected resource: shown, and copied to the clipboard.
fn console_url(state: &mut State, cx: &mut Cx) {
    if state.panes.resources.show_outputs {
        state.notice = Some(Notice::info("v shows every output whole; c there copies them"));
        return;
    }
    let Some(row) = state.panes.resources.rows.get(state.view(PaneId::Resources).selected) else {
        state.notice = Some(Notice::info("no resource to open: the tree is empty"));
        return;
    };
    let region = state.health.region.clone().unwrap_or_else(|| "us-east-1".into());
    let url = crate::amplify::console::url(&row.stack_id, &row.resource_type, &row.physical_id, &region);
    let text = crate::domain::secret::SecretText::new(url);
    cx.push(Intent::Copy { what: "copied the console URL".into(), text, secret: false });
}

/// The selected resource whole: its names, status and reason, and its console URL.
fn detail(state: &State) -> Option<crate::app::state::Detail> {
    if state.panes.resources.show_outputs {
        let lines: Vec<String> =
            state.stack.outputs.iter().map(|o| format!("{} = {}", o.key, crate::util::sanitize::owned(&o.value))).collect();
        let all = lines.join("\n");
        return Some(crate::app::state::Detail::new("Stack outputs", lines).copying(all));
    }
    let row = state.panes.resources.rows.get(state.view(PaneId::Resources).selected)?;
    let clean = crate::util::sanitize::owned;
    let region = state.health.region.clone().unwrap_or_else(|| "us-east-1".into());
    let url = crate::amplify::console::url(&row.stack_id, &row.resource_type, &row.physical_id, &region);
    let mut lines = vec![
        format!("logical id: {}", clean(&row.label)),
        format!("type: {}", clean(&row.resource_type)),
        format!("status: {}", clean(&row.status)),
        format!("physical id: {}", clean(&row.physical_id)),
        format!("stack: {}", clean(&row.stack_id)),
    ];
    if let Some(reason) = &row.reason {
        lines.push(format!("reason: {}", clean(reason)));
    }
    lines.push(format!("console: {url}"));
    Some(crate::app::state::Detail::new(format!("Resource {}", clean(&row.label)), lines).copying(url))
}
