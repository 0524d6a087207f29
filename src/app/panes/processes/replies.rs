//! The Processes page hears its worker: a listing of the commands, each process's start,
//! output, end and a port it could not take; and a deploy's changed outputs, which restart
//! the processes that ask for it.

use super::model::{Entry, RunState};
use crate::app::keymap::Cx;
use crate::app::state::State;
use crate::app::{Effect, Event};
use crate::domain::notice::Notice;
use crate::domain::processes::{ProcessMsg, ProcessRequest};
use crate::model::dev_server;
use crate::util::sanitize::owned as clean;

pub fn on_event(state: &mut State, event: &Event, cx: &mut Cx) {
    match event {
        Event::ProcessesListed(specs) => listed(state, specs.clone(), cx),
        Event::Process(msg) => heard(state, msg),
        Event::OutputsChanged(_) => restart_readers(state, cx),
        _ => {}
    }
}

/// The commands read again each time the page opens: `package.json` may have new scripts.
/// (The shell lists them once at start, for autostart.)
pub fn refresh(state: &mut State, _stack_news: bool, cx: &mut Cx) {
    let shown = crate::app::panes::page_shown(state, crate::app::pages::Page::Processes);
    if shown && !std::mem::replace(&mut state.panes.processes.shown, true) {
        cx.push(Effect::ListProcesses);
    }
    state.panes.processes.shown = shown;
}

fn listed(state: &mut State, specs: Vec<crate::domain::processes::ProcessSpec>, cx: &mut Cx) {
    let pane = &mut state.panes.processes;
    pane.relist(specs);
    if std::mem::replace(&mut pane.listed, true) || !pane.autostart {
        return;
    }
    let starting: Vec<String> = pane.entries.iter().filter(|e| e.spec.autostart).map(|e| e.spec.name.clone()).collect();
    for name in &starting {
        start(state, name, cx);
    }
    if !starting.is_empty() {
        let shown: Vec<String> = starting.iter().map(|n| clean(n)).collect();
        state.notice = Some(Notice::info(format!("started {}", shown.join(", "))));
    }
}

/// Starts `name` (restarts it when it runs), as asked by a key, autostart or a deploy.
pub fn start(state: &mut State, name: &str, cx: &mut Cx) {
    let Some(entry) = state.panes.processes.get_mut(name) else { return };
    let restart = entry.state.live();
    entry.port_taken = None;
    entry.address = None;
    entry.state = if restart { RunState::Restarting } else { RunState::Starting };
    let spec = entry.spec.clone();
    cx.push(Effect::Processes(if restart { ProcessRequest::Restart(spec) } else { ProcessRequest::Start(spec) }));
}

pub fn stop(state: &mut State, name: &str, cx: &mut Cx) {
    let Some(entry) = state.panes.processes.get_mut(name) else { return };
    if !entry.state.live() {
        state.notice = Some(Notice::info(format!("{} is not running", clean(name))));
        return;
    }
    entry.state = RunState::Stopping;
    state.notice = Some(Notice::info(format!("stopping {}", clean(name))));
    cx.push(Effect::Processes(ProcessRequest::Stop { name: name.to_owned() }));
}

fn heard(state: &mut State, msg: &ProcessMsg) {
    let Some(entry) = state.panes.processes.get_mut(msg.name()) else { return };
    match msg {
        ProcessMsg::Started { pid, .. } => {
            entry.state = RunState::Running { pid: *pid };
            entry.runs += 1;
            entry.restarts = entry.runs - 1;
            // Runs told apart in the output: each starts and ends with a line saying so.
            let run = if entry.restarts == 0 { "started".to_owned() } else { format!("restart {}", entry.restarts) };
            mark(entry, format!("{run} · {} · pid {pid}", crate::util::timefmt::clock(state.now_ms)));
        }
        ProcessMsg::Output { lines, .. } => output(entry, lines),
        ProcessMsg::Exited { ended, asked, name } => {
            let restarting = entry.state == RunState::Restarting;
            entry.address = None;
            let label = RunState::Exited { ended: *ended, asked: *asked }.label();
            mark(entry, format!("{label} · {}", crate::util::timefmt::clock(state.now_ms)));
            if !restarting {
                entry.state = RunState::Exited { ended: *ended, asked: *asked };
            }
            if !asked && !restarting {
                let label = entry.state.label();
                let why = entry.port_taken.clone().map(|p| format!(": {p}")).unwrap_or_default();
                state.notice = Some(Notice::warn(format!("{} {label}{why} (space starts it again)", clean(name))));
            }
        }
        ProcessMsg::Failed { error, .. } => {
            entry.state = RunState::Failed(error.clone());
            state.notice = Some(Notice::error(error.clone()));
        }
        ProcessMsg::PortTaken { port, holder, .. } => {
            // Said when it exits for it: some servers move to the next port by themselves.
            let by = holder.as_deref().unwrap_or("another process");
            entry.port_taken = Some(format!("port {port} is in use by {by}"));
        }
    }
}

fn mark(entry: &mut Entry, text: String) {
    entry.output.push(crate::util::ansi::StyledLine::plain(format!("── {text} ──")));
}

fn output(entry: &mut Entry, lines: &[crate::util::ansi::StyledLine]) {
    for line in lines {
        if entry.address.is_none() {
            entry.address = dev_server::address(&line.text);
        }
        entry.output.push(line.clone());
    }
}

/// After a deploy changed `amplify_outputs.json`: the running processes that read it once.
fn restart_readers(state: &mut State, cx: &mut Cx) {
    let readers: Vec<String> = (state.panes.processes.entries.iter())
        .filter(|e| e.spec.restart_on_outputs && matches!(e.state, RunState::Running { .. }))
        .map(|e| e.spec.name.clone())
        .collect();
    for name in &readers {
        start(state, name, cx);
    }
    if !readers.is_empty() {
        let shown: Vec<String> = readers.iter().map(|n| clean(n)).collect();
        state.notice = Some(Notice::info(format!("amplify_outputs.json changed: restarting {}", shown.join(", "))));
    }
}
