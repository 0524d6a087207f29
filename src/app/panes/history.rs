//! The History pane: every deploy kept in the history file, newest first, with its result,
//! kind, duration, trigger and where its time went by phase.

use super::{PaneSpec, rows};
use crate::app::pages::Page;

pub const SPEC: PaneSpec = PaneSpec {
    name: "history",
    title: "History",
    page: Page::Deploys,
    len: |s| s.deploy.history.len(),
    header: rows::<1>,
    footer: 1,
    keys: &[],
    room: 2,
    detail: Some(detail),
    ..PaneSpec::PLAIN
};

/// The selected deploy whole: its trigger, the files it carried, its phases and why it was
/// not a hotswap.
fn detail(state: &crate::app::state::State) -> Option<crate::app::state::Detail> {
    let clean = crate::util::sanitize::owned;
    let record = state.deploy.history.get(state.view(crate::app::panes::PaneId::History).selected)?;
    let mut lines = vec![
        format!("started: {}", crate::util::timefmt::iso8601(record.started_ms)),
        format!("took: {:.1} s", record.duration_ms as f64 / 1000.0),
        format!("result: {:?}{}", record.result, record.kind.map(|k| format!(" ({k:?})")).unwrap_or_default()),
        format!("trigger: {}", clean(&record.trigger)),
    ];
    lines.extend(record.changed.iter().map(|p| format!("changed: {}", clean(&p.display().to_string()))));
    lines.extend(record.phases.iter().map(|p| format!("at {:.2} s: {}", p.at_ms as f64 / 1000.0, clean(&p.phase))));
    let fallback = record.fallback.iter().flatten();
    lines.extend(fallback.map(|r| format!("not hotswappable: {} {}", clean(&r.logical_id), clean(&r.resource_type))));
    Some(crate::app::state::Detail::new(format!("Deploy #{}", record.id), lines))
}
