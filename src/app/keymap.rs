//! Keys → actions, as data: the help overlay and the status-bar hints are generated from
//! this table, so they cannot drift from what the keys do.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::state::PaneId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    FocusNext,
    FocusPrev,
    Focus(PaneId),
    Zoom,
    Deploy,
    Cancel,
    ToggleAuto,
    Filter,
    Follow,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Select,
    Close,
    NextTheme,
    Help,
    Outputs,
    StackOutputs,
    ConsoleUrl,
    BranchDeploy,
    DeleteSandbox,
    ErrorsOnly,
    Mark,
    SaveLogs,
    ClearLogs,
    Functions,
    NextMatch,
    PrevMatch,
    PrettyJson,
    Timestamps,
    Wrap,
    Group,
}

pub struct Binding {
    pub label: &'static str,
    pub keys: &'static [(KeyCode, KeyModifiers)],
    pub action: Action,
    pub help: &'static str,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;

macro_rules! binding {
    ($label:expr, [$($key:expr),+], $action:expr, $help:expr) => {
        Binding { label: $label, keys: &[$($key),+], action: $action, help: $help }
    };
}

pub const BINDINGS: &[Binding] = &[
    binding!(
        "q Ctrl-C",
        [(KeyCode::Char('q'), NONE), (KeyCode::Char('c'), CTRL)],
        Action::Quit,
        "quit (asks while a deploy runs)"
    ),
    binding!("Tab", [(KeyCode::Tab, NONE)], Action::FocusNext, "focus next pane"),
    binding!(
        "Shift-Tab",
        [(KeyCode::BackTab, SHIFT), (KeyCode::BackTab, NONE)],
        Action::FocusPrev,
        "focus previous pane"
    ),
    binding!("1", [(KeyCode::Char('1'), NONE)], Action::Focus(PaneId::Deploy), "Deploy pane"),
    binding!("2", [(KeyCode::Char('2'), NONE)], Action::Focus(PaneId::Resources), "Resources pane"),
    binding!("3", [(KeyCode::Char('3'), NONE)], Action::Focus(PaneId::Logs), "Logs pane"),
    binding!("4", [(KeyCode::Char('4'), NONE)], Action::Focus(PaneId::Environments), "Environments pane"),
    binding!("5", [(KeyCode::Char('5'), NONE)], Action::Focus(PaneId::Workspace), "Workspace pane"),
    binding!("z", [(KeyCode::Char('z'), NONE)], Action::Zoom, "zoom the focused pane"),
    binding!("d", [(KeyCode::Char('d'), NONE)], Action::Deploy, "deploy now (queues one if running)"),
    binding!("x", [(KeyCode::Char('x'), NONE)], Action::Cancel, "cancel the running deploy"),
    binding!("a", [(KeyCode::Char('a'), NONE)], Action::ToggleAuto, "auto-deploy on file change on/off"),
    binding!(
        "/",
        [(KeyCode::Char('/'), NONE)],
        Action::Filter,
        "filter logs (in Resources: filter by name, type or status)"
    ),
    binding!("s", [(KeyCode::Char('s'), NONE)], Action::StackOutputs, "stack outputs / resource tree"),
    binding!(
        "u",
        [(KeyCode::Char('u'), NONE)],
        Action::ConsoleUrl,
        "copy the AWS console URL of the selected resource"
    ),
    binding!("f", [(KeyCode::Char('f'), NONE)], Action::Follow, "follow new lines on/off"),
    binding!("j ↓", [(KeyCode::Char('j'), NONE), (KeyCode::Down, NONE)], Action::Down, "scroll down"),
    binding!("k ↑", [(KeyCode::Char('k'), NONE), (KeyCode::Up, NONE)], Action::Up, "scroll up"),
    binding!("PgDn", [(KeyCode::PageDown, NONE)], Action::PageDown, "page down"),
    binding!("PgUp", [(KeyCode::PageUp, NONE)], Action::PageUp, "page up"),
    binding!("g Home", [(KeyCode::Char('g'), NONE), (KeyCode::Home, NONE)], Action::Top, "go to top"),
    binding!(
        "G End",
        [(KeyCode::Char('G'), SHIFT), (KeyCode::Char('G'), NONE), (KeyCode::End, NONE)],
        Action::Bottom,
        "go to bottom"
    ),
    binding!("Enter", [(KeyCode::Enter, NONE)], Action::Select, "select / expand or collapse a stack"),
    binding!("Esc", [(KeyCode::Esc, NONE)], Action::Close, "close overlay / unzoom"),
    binding!(
        "o",
        [(KeyCode::Char('o'), NONE)],
        Action::Outputs,
        "what the last deploy changed in amplify_outputs.json"
    ),
    binding!(
        "p",
        [(KeyCode::Char('p'), NONE)],
        Action::BranchDeploy,
        "deploy the selected branch environment (pipeline-deploy)"
    ),
    binding!(
        "X",
        [(KeyCode::Char('X'), SHIFT), (KeyCode::Char('X'), NONE)],
        Action::DeleteSandbox,
        "delete the selected sandbox (asks; others' need their name)"
    ),
    binding!(
        "E",
        [(KeyCode::Char('E'), SHIFT), (KeyCode::Char('E'), NONE)],
        Action::ErrorsOnly,
        "logs: errors only on/off"
    ),
    binding!(
        "F",
        [(KeyCode::Char('F'), SHIFT), (KeyCode::Char('F'), NONE)],
        Action::Functions,
        "logs: functions, their figures, show/hide each"
    ),
    binding!("n", [(KeyCode::Char('n'), NONE)], Action::NextMatch, "logs: next match (Tab in the / prompt: search)"),
    binding!("N", [(KeyCode::Char('N'), SHIFT), (KeyCode::Char('N'), NONE)], Action::PrevMatch, "logs: previous match"),
    binding!(
        "J",
        [(KeyCode::Char('J'), SHIFT), (KeyCode::Char('J'), NONE)],
        Action::PrettyJson,
        "logs: JSON pretty/compact"
    ),
    binding!("t", [(KeyCode::Char('t'), NONE)], Action::Timestamps, "logs: timestamps on/off"),
    binding!(
        "R",
        [(KeyCode::Char('R'), SHIFT), (KeyCode::Char('R'), NONE)],
        Action::Group,
        "logs: group by invocation (request id)"
    ),
    binding!(
        "W",
        [(KeyCode::Char('W'), SHIFT), (KeyCode::Char('W'), NONE)],
        Action::Wrap,
        "logs: wrap long lines on/off"
    ),
    binding!("m", [(KeyCode::Char('m'), NONE)], Action::Mark, "logs: a marker line, to tell versions apart"),
    binding!("w", [(KeyCode::Char('w'), NONE)], Action::SaveLogs, "logs: save the shown lines to a file"),
    binding!("C", [(KeyCode::Char('C'), SHIFT), (KeyCode::Char('C'), NONE)], Action::ClearLogs, "logs: clear"),
    binding!("T", [(KeyCode::Char('T'), SHIFT), (KeyCode::Char('T'), NONE)], Action::NextTheme, "next theme"),
    binding!("?", [(KeyCode::Char('?'), NONE), (KeyCode::Char('?'), SHIFT)], Action::Help, "this help"),
];

/// Short hints for the status bar.
pub const HINTS: &[(&str, &str)] = &[("?", "help"), ("d", "deploy"), ("x", "cancel"), ("z", "zoom"), ("q", "quit")];

pub fn action_for(key: &KeyEvent) -> Option<Action> {
    BINDINGS
        .iter()
        .find(|b| b.keys.iter().any(|&(code, mods)| code == key.code && mods == key.modifiers))
        .map(|b| b.action)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice() {
        let mut seen = std::collections::HashSet::new();
        for b in BINDINGS {
            for k in b.keys {
                assert!(seen.insert(*k), "{k:?} bound twice");
            }
        }
    }

    #[test]
    fn hints_name_bound_keys() {
        for (key, _) in HINTS {
            assert!(BINDINGS.iter().any(|b| b.label.split(' ').any(|l| l == *key)), "{key}");
        }
    }
}
