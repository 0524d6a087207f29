//! The Timeline pane: where the time of one deploy went. It shows the deploy selected in the
//! History pane, or the running one while History's selection is on its first row: phases,
//! a bar per stack, what it still waits on, the slowest resources, why it was not a hotswap,
//! and how deploys of its kind compare with and without express mode.

use super::PaneSpec;
use crate::app::keymap::Command;
use crate::app::pages::Page;
use crate::app::panes::PaneId;
use crate::app::state::{DeployRun, State};
use crate::domain::deploy::{DeployKind, Rejection};
use crate::model::history::{self, Record};
use crate::model::timeline::{ResourceTime, StackBar, Summary, Timeline, Waiting};

pub const SPEC: PaneSpec = PaneSpec {
    name: "timeline",
    title: "Timeline",
    page: Page::Deploys,
    len: |s| shown(s).map_or(0, |d| rows(&d).len()),
    header: |_| 2,
    footer: 0,
    keys: &[],
    room: 3,
    ..PaneSpec::PLAIN
};

/// In the Deploy pane: this deploy's timeline.
pub const OPEN: Command = Command {
    name: "timeline",
    keys: &["t"],
    help: "where this deploy's time goes: stacks, slowest resources, why not a hotswap",
    hint: Some("timeline"),
    run: |s, _| {
        s.view_mut(PaneId::History).selected = 0;
        s.view_mut(PaneId::Timeline).selected = 0;
        crate::app::focus::focus(s, PaneId::Timeline);
    },
};

/// Waiting resources shown.
const WAITING: usize = 6;

/// One deploy as the timeline reads it, running or from the history.
pub struct Shown<'a> {
    pub id: u64,
    /// Running: what it still waits on.
    pub live: Option<&'a Timeline>,
    pub kind: Option<DeployKind>,
    pub express: bool,
    pub total_ms: u64,
    /// Each phase with its start and end.
    pub phases: Vec<(&'a str, u64, u64)>,
    pub summary: &'a Summary,
    pub rejected: &'a [Rejection],
    pub record: Option<&'a Record>,
}

static EMPTY: Summary = Summary { stacks: Vec::new(), slowest: Vec::new() };

pub fn shown(state: &State) -> Option<Shown<'_>> {
    let selected = state.view(PaneId::History).selected;
    match &state.deploy.current {
        Some(run) if run.running() && selected == 0 => Some(live(state, run)),
        _ => state.deploy.history.get(selected).map(past),
    }
}

fn live<'a>(state: &State, run: &'a DeployRun) -> Shown<'a> {
    let total_ms = millis(run.elapsed(state.now));
    let starts: Vec<(&str, u64)> = run.phases.iter().map(|(p, at)| (p.label(), millis(*at))).collect();
    Shown {
        id: run.id,
        live: Some(&run.timeline),
        kind: run.kind,
        express: run.express,
        total_ms,
        phases: spans(&starts, total_ms),
        summary: run.timeline.summary(),
        rejected: if run.fell_back { &run.rejected } else { &[] },
        record: None,
    }
}

fn past(record: &Record) -> Shown<'_> {
    let starts: Vec<(&str, u64)> = record.phases.iter().map(|p| (p.phase.as_str(), p.at_ms)).collect();
    Shown {
        id: record.id,
        live: None,
        kind: record.kind,
        express: record.express,
        total_ms: record.duration_ms,
        phases: spans(&starts, record.duration_ms),
        summary: record.timeline.as_ref().unwrap_or(&EMPTY),
        rejected: record.fallback.as_deref().unwrap_or_default(),
        record: Some(record),
    }
}

fn millis(d: std::time::Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// A phase lasts until the next one starts, the last until the end.
fn spans<'a>(starts: &[(&'a str, u64)], end: u64) -> Vec<(&'a str, u64, u64)> {
    starts
        .iter()
        .enumerate()
        .map(|(i, &(label, at))| (label, at, starts.get(i + 1).map_or(end, |n| n.1).max(at)))
        .collect()
}

/// The timeline's rows, top to bottom.
pub enum Row<'a> {
    Section(String),
    Phase { label: &'a str, start_ms: u64, end_ms: u64 },
    Stack(&'a StackBar),
    Waiting(Waiting<'a>),
    Slow(&'a ResourceTime),
    Reason(&'a Rejection),
    Note(&'static str),
}

/// While it runs, what it waits on comes first; afterwards, where the time went.
pub fn rows<'a>(d: &Shown<'a>) -> Vec<Row<'a>> {
    let mut rows = Vec::new();
    if let Some(live) = d.live.filter(|l| l.waiting_count() > 0) {
        rows.push(Row::Section(format!("Waiting on ({})", live.waiting_count())));
        rows.extend(live.waiting(WAITING).map(Row::Waiting));
    }
    let stacks = &d.summary.stacks;
    rows.push(Row::Section(format!("Stacks ({})", stacks.len())));
    match (stacks.is_empty(), d.kind) {
        (true, Some(DeployKind::Hotswap)) => rows.push(Row::Note("none updated: a hotswap changes the functions directly")),
        (true, Some(DeployKind::NoChanges)) => rows.push(Row::Note("none updated: there were no changes")),
        (true, _) if d.live.is_some() => rows.push(Row::Note("waiting for stack events")),
        (true, _) => rows.push(Row::Note("no stack events recorded")),
        (false, _) => rows.extend(d.summary.tree_order().into_iter().map(Row::Stack)),
    }
    if !d.summary.slowest.is_empty() {
        rows.push(Row::Section("Slowest resources".into()));
        rows.extend(d.summary.slowest.iter().map(Row::Slow));
    }
    if !d.rejected.is_empty() {
        rows.push(Row::Section(format!("Not hotswappable ({}): a full deployment ran", d.rejected.len())));
        rows.extend(d.rejected.iter().map(Row::Reason));
    }
    rows.push(Row::Section("Phases".into()));
    rows.extend(d.phases.iter().map(|&(label, start_ms, end_ms)| Row::Phase { label, start_ms, end_ms }));
    rows
}

/// How deploys of this kind went, standard against express: `full deploys: standard 55.4s
/// (4) · express 31.0s (2)`, the medians of the last five successful ones of each.
pub fn compare(state: &State, d: &Shown) -> String {
    let Some(kind) = d.kind else { return "kind not known yet".into() };
    let mode = |express: bool| {
        let records: Vec<&Record> = state.deploy.history.iter().filter(|r| r.express == express).collect();
        let n = records.iter().filter(|r| r.result == history::Result::Succeeded && r.kind == Some(kind)).count();
        history::typical(records, kind).map(|t| (crate::util::timefmt::elapsed(t), n.min(5)))
    };
    let side = |name: &str, found: Option<(String, usize)>| match found {
        Some((time, n)) => format!("{name} {time} ({n})"),
        None => format!("{name} none yet"),
    };
    let hint = if state.deploy.express { "" } else { " (:express tries it)" };
    let express = mode(true);
    let hint = if express.is_none() { hint } else { "" };
    format!("{} deploys: {} · {}{hint}", kind.label(), side("standard", mode(false)), side("express", express))
}
