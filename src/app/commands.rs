//! The global commands: they act whichever pane has focus.

use super::focus::{focus, show_page};
use super::intent::Intent;
use super::keymap::{Command, Cx};
use super::overlays::confirm;
use super::pages::Page;
use super::pane_id::PaneId;
use super::state::{Input, Overlay, Question, State, Trigger};
use crate::domain::notice::Notice;

macro_rules! focus_n {
    ($($name:literal $key:literal $n:literal),*) => {
        [$(Command {
            name: $name,
            keys: &[$key],
            help: concat!("focus pane ", $key, " of the page"),
            hint: None,
            run: |s, _| focus_nth(s, $n),
        }),*]
    };
}

const FOCUS: [Command; 9] = focus_n!(
    "focus_1" "1" 1, "focus_2" "2" 2, "focus_3" "3" 3, "focus_4" "4" 4, "focus_5" "5" 5,
    "focus_6" "6" 6, "focus_7" "7" 7, "focus_8" "8" 8, "focus_9" "9" 9
);

pub const GLOBAL: &[Command] = &[
    Command {
        name: "help",
        keys: &["?"],
        help: "this help: the focused pane's keys first, then these; type to filter",
        hint: Some("help"),
        run: |s, _| s.overlay = Some(Overlay::Help(Input::default())),
    },
    Command {
        name: "palette",
        keys: &[":"],
        help: "command palette: a pane, a page or a command by name",
        hint: Some("commands"),
        run: |s, _| s.overlay = Some(Overlay::Palette(Input::default())),
    },
    Command {
        name: "deploy",
        keys: &["d"],
        help: "deploy now (queues one if running)",
        hint: Some("deploy"),
        run: |_, cx| cx.push(Intent::Deploy(Trigger::Key)),
    },
    Command {
        name: "cancel",
        keys: &["x"],
        help: "cancel the running deploy",
        hint: Some("cancel"),
        run: |_, cx| cx.push(Intent::Cancel),
    },
    Command { name: "next_pane", keys: &["tab"], help: "focus the next pane of the page", hint: None, run: next_pane },
    Command {
        name: "prev_pane",
        keys: &["shift-tab"],
        help: "focus the previous pane of the page",
        hint: None,
        run: prev_pane,
    },
    FOCUS[0],
    FOCUS[1],
    FOCUS[2],
    FOCUS[3],
    FOCUS[4],
    FOCUS[5],
    FOCUS[6],
    FOCUS[7],
    FOCUS[8],
    Command { name: "next_page", keys: &["]"], help: "next page", hint: None, run: |s, _| turn_page(s, 1) },
    Command { name: "prev_page", keys: &["["], help: "previous page", hint: None, run: |s, _| turn_page(s, -1) },
    Command {
        name: "zoom",
        keys: &["z"],
        help: "zoom the focused pane",
        hint: Some("zoom"),
        run: |s, _| s.zoom = !s.zoom,
    },
    Command {
        name: "auto_deploy",
        keys: &["A"],
        help: "auto-deploy on file change on/off",
        hint: None,
        run: toggle_auto,
    },
    Command {
        name: "express",
        keys: &[],
        help: "sandbox deploys in CloudFormation's express mode on/off (ampx --express)",
        hint: None,
        run: toggle_express,
    },
    Command {
        name: "outputs",
        keys: &["o"],
        help: "what the last deploy changed in amplify_outputs.json",
        hint: None,
        run: show_outputs,
    },
    Command { name: "close", keys: &["esc"], help: "stop reading a list to the end; unzoom", hint: None, run: close },
    Command {
        name: "quit",
        keys: &["q", "ctrl-c"],
        help: "quit (asks while a deploy runs)",
        hint: Some("quit"),
        run: quit_asking,
    },
    Command { name: "theme", keys: &["T"], help: "next theme", hint: None, run: next_theme },
    Command {
        name: "messages",
        keys: &["M"],
        help: "the message log: every message since start, whole, newest first; type to filter",
        hint: None,
        run: |s, _| super::overlays::messages::open(s),
    },
];

fn quit_asking(state: &mut State, cx: &mut Cx) {
    if state.deploy.running() {
        confirm::open(state, quit_question());
    } else {
        cx.push(Intent::Quit);
    }
}

/// Quit while a deploy runs?
pub fn quit_question() -> Question {
    let lines =
        vec!["A deploy is running.".into(), "Quit and stop it? CloudFormation may keep updating the stack.".into()];
    Question::new(" Quit? ", lines).yes([Intent::Quit])
}

fn focus_nth(state: &mut State, n: usize) {
    if let Some(&pane) = state.page().panes().get(n - 1) {
        focus(state, pane);
    }
}

fn step_pane(state: &mut State, step: isize) {
    let panes = state.page().panes();
    let at = panes.iter().position(|&p| p == state.focus).unwrap_or(0);
    let next = crate::util::step_around(at, step, panes.len());
    if let Some(&pane) = panes.get(next) {
        focus(state, pane);
    }
}

fn next_pane(state: &mut State, _: &mut Cx) {
    step_pane(state, 1);
}

fn prev_pane(state: &mut State, _: &mut Cx) {
    step_pane(state, -1);
}

fn turn_page(state: &mut State, step: isize) {
    let pages = Page::ALL;
    let next = crate::util::step_around(state.page().index(), step, pages.len());
    show_page(state, pages[next]);
}

fn toggle_auto(state: &mut State, _: &mut Cx) {
    state.deploy.auto = !state.deploy.auto;
    let word = if state.deploy.auto { "on: saving a file deploys" } else { "off: press d to deploy changes" };
    state.notice = Some(Notice::info(format!("auto-deploy {word}")));
}

fn toggle_express(state: &mut State, _: &mut Cx) {
    state.deploy.express = !state.deploy.express;
    let word = if state.deploy.express { "on: the next sandbox deploy runs in express mode" } else { "off" };
    state.notice = Some(Notice::info(format!("express deploys {word}")));
}

fn show_outputs(state: &mut State, _: &mut Cx) {
    if state.stack.outputs_diff.is_some() {
        state.overlay = Some(Overlay::Outputs);
    } else {
        state.notice = Some(Notice::info("no change to amplify_outputs.json seen yet"));
    }
}

/// Esc stops what lists do on their own (reading to the end), wherever the focus is, and
/// unzooms.
fn close(state: &mut State, _: &mut Cx) {
    for read_to_end in PaneId::ALL.iter().filter_map(|p| p.spec().read_to_end) {
        read_to_end(state, false);
    }
    state.zoom = false;
}

fn next_theme(state: &mut State, _: &mut Cx) {
    state.themes.current = (state.themes.current + 1) % state.themes.all.len().max(1);
    state.notice = Some(Notice::info(format!("theme: {}", state.theme().name)));
}
