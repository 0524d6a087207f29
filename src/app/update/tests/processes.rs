//! The Processes page's behaviour: the commands asked for once, autostart only for configured
//! entries (and only when allowed), space starting and stopping, a restart asked as one, the
//! address read from the start banner, a taken port named, and a changed `amplify_outputs.json`
//! restarting only the processes that ask for it.

use super::helpers::*;
use crate::app::pages::Page;
use crate::domain::processes::{Ended, Origin, ProcessMsg, ProcessRequest, ProcessSpec};
use crate::model::outputs::{Change, OutputsDiff};
use crate::util::ansi::StyledLine;

fn spec(name: &str, origin: Origin, restart_on_outputs: bool) -> ProcessSpec {
    ProcessSpec {
        name: name.into(),
        command: format!("npm run {name}"),
        dir: PathBuf::from("/app"),
        env: Vec::new(),
        autostart: origin == Origin::Config,
        restart_on_outputs,
        log_file: None,
        origin,
    }
}

fn requests(effects: &[Effect]) -> Vec<ProcessRequest> {
    effects.iter().filter_map(|e| if let Effect::Processes(r) = e { Some(r.clone()) } else { None }).collect()
}

fn names(requests: &[ProcessRequest]) -> Vec<String> {
    requests
        .iter()
        .map(|r| match r {
            ProcessRequest::Start(s) => format!("start {}", s.name),
            ProcessRequest::Restart(s) => format!("restart {}", s.name),
            ProcessRequest::Stop { name } => format!("stop {name}"),
        })
        .collect()
}

fn listed(s: &mut State, specs: Vec<ProcessSpec>) -> Vec<Effect> {
    update(s, Event::ProcessesListed(specs))
}

fn said(s: &mut State, name: &str, lines: &[&str]) {
    let lines = lines.iter().map(|l| crate::util::ansi::parse(l)).collect();
    update(s, Event::Process(ProcessMsg::Output { name: name.into(), lines }));
}

#[test]
fn configured_commands_start_by_themselves_and_opening_the_page_reads_them_again() {
    let mut s = state();
    s.panes.processes.autostart = true;
    let effects = listed(&mut s, vec![spec("web", Origin::Config, false), spec("storybook", Origin::Script, false)]);
    assert_eq!(names(&requests(&effects)), ["start web"], "a script never starts unasked");
    assert!(!update(&mut s, Event::Tick).contains(&Effect::ListProcesses), "not read while elsewhere");
    crate::app::focus::show_page(&mut s, Page::Processes);
    assert!(update(&mut s, Event::Tick).contains(&Effect::ListProcesses), "read as the page opens");
    assert!(!update(&mut s, Event::Tick).contains(&Effect::ListProcesses), "once");
    // A second listing (a script added) starts nothing more.
    assert!(requests(&listed(&mut s, vec![spec("web", Origin::Config, false)])).is_empty());
}

#[test]
fn with_processes_off_nothing_starts_but_everything_is_offered() {
    let mut s = state();
    s.panes.processes.autostart = false;
    let effects = listed(&mut s, vec![spec("web", Origin::Config, false)]);
    assert!(requests(&effects).is_empty());
    assert_eq!(s.panes.processes.entries.len(), 1);
}

#[test]
fn space_starts_and_stops_and_i_restarts_the_selected_process() {
    let mut s = state();
    listed(&mut s, vec![spec("dev", Origin::Script, false)]);
    crate::app::focus::show_page(&mut s, Page::Processes);
    crate::app::focus::focus(&mut s, PaneId::Processes);
    assert_eq!(names(&requests(&update(&mut s, ch(' ')))), ["start dev"]);
    update(&mut s, Event::Process(ProcessMsg::Started { name: "dev".into(), pid: 4242 }));
    assert_eq!(names(&requests(&update(&mut s, ch('I')))), ["restart dev"]);
    assert_eq!(names(&requests(&update(&mut s, ch('I')))), ["restart dev"], "a second one joins the first");
    // The old one ends as part of the restart: no warning, the new one is awaited.
    update(&mut s, Event::Process(ProcessMsg::Exited { name: "dev".into(), ended: Ended::Signal(2), asked: true }));
    assert_eq!(s.panes.processes.entries[0].state.label(), "restarting");
    update(&mut s, Event::Process(ProcessMsg::Started { name: "dev".into(), pid: 4343 }));
    assert_eq!(s.panes.processes.entries[0].restarts, 1, "restarts counted as they start");
    assert_eq!(names(&requests(&update(&mut s, ch(' ')))), ["stop dev"]);
    update(&mut s, Event::Process(ProcessMsg::Exited { name: "dev".into(), ended: Ended::Signal(2), asked: true }));
    assert_eq!(s.panes.processes.entries[0].state.label(), "stopped");
}

#[test]
fn the_address_is_read_from_the_banner_and_enter_opens_it_and_c_copies_it() {
    let mut s = state();
    listed(&mut s, vec![spec("dev", Origin::Script, false)]);
    crate::app::focus::show_page(&mut s, Page::Processes);
    crate::app::focus::focus(&mut s, PaneId::Processes);
    update(&mut s, ch(' '));
    update(&mut s, Event::Process(ProcessMsg::Started { name: "dev".into(), pid: 7 }));
    said(
        &mut s,
        "dev",
        &["", "  \x1b[32m➜\x1b[39m  \x1b[1mLocal\x1b[22m:   \x1b[36mhttp://localhost:\x1b[1m5173\x1b[22m/\x1b[39m"],
    );
    assert_eq!(s.panes.processes.address(), Some(("dev", "http://localhost:5173/")));
    assert!(update(&mut s, key(KeyCode::Enter)).contains(&Effect::OpenUrl("http://localhost:5173/".into())));
    let copied = update(&mut s, ch('c'));
    assert!(
        copied.iter().any(|e| matches!(e, Effect::Copy(text) if text.expose() == "http://localhost:5173/")),
        "{copied:?}"
    );
}

#[test]
fn a_process_that_dies_on_a_taken_port_says_who_holds_it() {
    let mut s = state();
    listed(&mut s, vec![spec("dev", Origin::Script, false)]);
    update(&mut s, Event::Process(ProcessMsg::Started { name: "dev".into(), pid: 7 }));
    let holder = Some("node server.mjs (pid 99)".to_owned());
    update(&mut s, Event::Process(ProcessMsg::PortTaken { name: "dev".into(), port: 5173, holder }));
    update(&mut s, Event::Process(ProcessMsg::Exited { name: "dev".into(), ended: Ended::Code(1), asked: false }));
    let notice = s.notice.clone().map(|n| n.text).unwrap_or_default();
    assert!(
        notice.contains("exited 1") && notice.contains("port 5173 is in use by node server.mjs (pid 99)"),
        "{notice}"
    );
}

#[test]
fn changed_outputs_restart_only_the_running_processes_that_ask_for_it() {
    let mut s = state();
    s.panes.processes.autostart = true;
    let specs = vec![
        spec("vite", Origin::Config, false),
        spec("api-mock", Origin::Config, true),
        spec("idle", Origin::Script, true),
    ];
    listed(&mut s, specs);
    for name in ["vite", "api-mock"] {
        update(&mut s, Event::Process(ProcessMsg::Started { name: name.into(), pid: 1 }));
    }
    let diff = OutputsDiff {
        created: false,
        changes: vec![Change::Added { path: "data.url".into(), value: "https://x".into() }],
        more: 0,
    };
    let effects = update(&mut s, Event::OutputsChanged(diff));
    assert_eq!(names(&requests(&effects)), ["restart api-mock"]);
}

#[test]
fn the_output_is_kept_per_process_with_its_colours() {
    let mut s = state();
    listed(&mut s, vec![spec("dev", Origin::Script, false), spec("docs", Origin::Script, false)]);
    said(&mut s, "dev", &["\x1b[31mred\x1b[39m alert"]);
    said(&mut s, "docs", &["other"]);
    let output = &s.panes.processes.entries[0].output;
    assert_eq!(output.len(), 1);
    let line: &StyledLine = output.get(0).expect("a line");
    assert_eq!((line.text.as_str(), line.styles.len()), ("red alert", 1));
}
