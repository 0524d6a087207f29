//! The Processes pane: the commands run beside the backend — the frontend's dev server first —
//! each with its state and the address it serves; space starts or stops one, Enter opens its
//! address in the browser, `c` copies it.

pub mod model;
pub mod replies;

use self::model::Entry;
use super::{PaneSpec, rows};
use crate::app::keymap::{Command, Cx};
use crate::app::pages::Page;
use crate::app::panes::PaneId;
use crate::app::state::{Detail, State};
use crate::app::Effect;
use crate::app::intent::Intent;
use crate::domain::notice::Notice;
use crate::domain::secret::SecretText;

pub const SPEC: PaneSpec = PaneSpec {
    name: "processes",
    title: "Processes",
    page: Page::Processes,
    len: |s| s.panes.processes.entries.len(),
    header: rows::<1>,
    keys: KEYS,
    room: 4,
    detail: Some(detail),
    on_event: Some(replies::on_event),
    refresh: Some(replies::refresh),
    ..PaneSpec::PLAIN
};

const KEYS: &[Command] = &[
    Command { name: "toggle", keys: &["space"], help: "start the selected process, or stop it", hint: Some("start/stop"), run: toggle },
    Command { name: "stop", keys: &["K"], help: "stop the selected process (SIGINT, then SIGTERM, then SIGKILL)", hint: None, run: stop },
    Command { name: "again", keys: &["I"], help: "restart the selected process (once its old one is gone)", hint: Some("restart"), run: restart },
    Command { name: "restart_all", keys: &["ctrl-r"], help: "restart every running process", hint: None, run: restart_all },
    Command { name: "open", keys: &["enter"], help: "open the selected process's address in the browser", hint: Some("browse"), run: browse },
    Command { name: "copy", keys: &["c"], help: "copy the selected process's address", hint: None, run: copy },
];

pub fn selected(state: &State) -> Option<&Entry> {
    state.panes.processes.entries.get(state.view(PaneId::Processes).selected)
}

fn selected_name(state: &mut State) -> Option<String> {
    let name = selected(state).map(|e| e.spec.name.clone());
    if name.is_none() {
        state.notice = Some(Notice::info("no process: add [[processes]] to ampdeck.toml, or scripts to package.json"));
    }
    name
}

fn toggle(state: &mut State, cx: &mut Cx) {
    let Some(name) = selected_name(state) else { return };
    if selected(state).is_some_and(|e| e.state.live()) {
        replies::stop(state, &name, cx);
    } else {
        replies::start(state, &name, cx);
    }
}

fn stop(state: &mut State, cx: &mut Cx) {
    if let Some(name) = selected_name(state) {
        replies::stop(state, &name, cx);
    }
}

fn restart(state: &mut State, cx: &mut Cx) {
    if let Some(name) = selected_name(state) {
        replies::start(state, &name, cx);
    }
}

fn restart_all(state: &mut State, cx: &mut Cx) {
    let running: Vec<String> = (state.panes.processes.entries.iter())
        .filter(|e| matches!(e.state, model::RunState::Running { .. }))
        .map(|e| e.spec.name.clone())
        .collect();
    if running.is_empty() {
        state.notice = Some(Notice::info("no process is running"));
        return;
    }
    let shown = state.panes.processes.running().join(", ");
    for name in &running {
        replies::start(state, name, cx);
    }
    state.notice = Some(Notice::info(format!("restarting {shown}")));
}

fn address(state: &mut State) -> Option<String> {
    let entry = selected(state)?;
    let found = entry.address.clone();
    if found.is_none() {
        let name = crate::util::sanitize::owned(&entry.spec.name);
        state.notice = Some(Notice::info(format!("{name} has printed no local address (yet)")));
    }
    found
}

fn browse(state: &mut State, cx: &mut Cx) {
    if let Some(url) = address(state) {
        state.notice = Some(Notice::info(format!("opening {url}")));
        cx.push(Effect::OpenUrl(url));
    }
}

fn copy(state: &mut State, cx: &mut Cx) {
    if let Some(url) = address(state) {
        cx.push(Intent::Copy { what: "copied the address".into(), text: SecretText::new(url), secret: false });
    }
}

/// The selected process whole: its command, folder, state, address, restarts.
fn detail(state: &State) -> Option<Detail> {
    let entry = selected(state)?;
    let spec = &entry.spec;
    let clean = crate::util::sanitize::owned;
    let mut lines = vec![
        format!("command: {}", clean(&spec.command)),
        clean(&format!("folder: {}", spec.dir.display())),
        format!("state: {}", entry.state.label()),
        match entry.state {
            model::RunState::Running { pid } => format!("pid: {pid} (its process group: {pid})"),
            _ => "pid: none running".into(),
        },
        format!("address: {}", entry.address.as_deref().unwrap_or("none printed")),
        format!("restarts: {}", entry.restarts),
    ];
    lines.extend(entry.port_taken.iter().map(|p| format!("could not listen: {p}")));
    if let model::RunState::Failed(error) = &entry.state {
        lines.push(format!("error: {error}"));
    }
    lines.extend(spec.env.iter().map(|(k, v)| clean(&format!("env: {k}={v}"))));
    lines.extend(spec.log_file.iter().map(|f| clean(&format!("log file: {}", f.display()))));
    lines.push(format!("restarts when amplify_outputs.json changes: {}", if spec.restart_on_outputs { "yes" } else { "no" }));
    let copied = entry.address.clone().unwrap_or_else(|| spec.command.clone());
    Some(Detail::new(format!("Process {}", clean(&spec.name)), lines).copying(copied))
}
