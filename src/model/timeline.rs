//! Where a deploy's time went, from its stack events: one bar per stack (nested ones under
//! their parent's name) with its done/total, the slowest resources, and while it runs what it
//! is still waiting on. Kept up to date event by event, so drawing only reads it; the summary
//! goes into the history record.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::amplify::functions::nested_stack_label;
use crate::domain::stack::{StackEvent, StatusClass};

/// Stacks kept per deploy (Amplify backends have a dozen or two).
pub const MAX_STACKS: usize = 40;
/// Slowest resources kept.
pub const SLOWEST: usize = 8;
/// Event times further than this from the deploy's start are not this clock's: the recorded
/// stream of another day, or a clock far off. Those are placed from the first event on.
const SAME_CLOCK_MS: i64 = 6 * 3_600_000;
const NESTED: &str = "AWS::CloudFormation::Stack";

/// Times are milliseconds since the deploy started.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Summary {
    pub stacks: Vec<StackBar>,
    pub slowest: Vec<ResourceTime>,
}

impl Summary {
    /// The bars as a tree: each stack right after its parent's, nested ones below it in the
    /// order they started, however late a nested stack's first event came. Bars recorded
    /// before parents were kept come in their own order.
    pub fn tree_order(&self) -> Vec<&StackBar> {
        let mut out = Vec::with_capacity(self.stacks.len());
        let mut seen = vec![false; self.stacks.len()];
        let mut pending: Vec<usize> =
            (0..self.stacks.len()).rev().filter(|&i| self.stacks[i].parent.is_none()).collect();
        while let Some(i) = pending.pop() {
            if std::mem::replace(&mut seen[i], true) {
                continue;
            }
            out.push(&self.stacks[i]);
            let children = (0..self.stacks.len()).rev().filter(|&j| self.stacks[j].parent == Some(i));
            pending.extend(children);
        }
        out.extend(self.stacks.iter().zip(&seen).filter(|(_, s)| !**s).map(|(b, _)| b));
        out
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StackBar {
    pub name: String,
    pub depth: u8,
    pub start_ms: u64,
    pub end_ms: u64,
    pub done: u32,
    pub total: u32,
    /// The stack's own last status, when it reported one.
    #[serde(default)]
    pub status: String,
    /// The bar of the stack it is nested in (an index into the same list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourceTime {
    pub logical_id: String,
    pub resource_type: String,
    /// The name of its stack's bar.
    pub stack: String,
    pub ms: u64,
    pub status: String,
}

#[derive(Debug, Clone)]
struct Resource {
    resource_type: String,
    start_ms: u64,
    /// The latest event applied: the poller may repeat older ones after newer ones.
    last_ms: u64,
    status: String,
    done: bool,
}

/// A resource still in progress, as the timeline shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiting<'a> {
    pub logical_id: &'a str,
    pub resource_type: &'a str,
    pub stack: &'a str,
    pub since_ms: u64,
    pub status: &'a str,
}

#[derive(Debug, Clone, Default)]
pub struct Timeline {
    /// The epoch ms that is 0 on this timeline.
    base_ms: Option<i64>,
    summary: Summary,
    stacks: HashMap<String, usize>,
    /// Nested stack id → its name, depth and parent's bar, learned from its parent's resource
    /// event.
    nested: HashMap<String, (String, u8, usize)>,
    resources: HashMap<(usize, String), Resource>,
    /// In progress, oldest first.
    running: BTreeSet<(u64, usize, String)>,
}

impl Timeline {
    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    pub fn is_empty(&self) -> bool {
        self.summary.stacks.is_empty()
    }

    /// `started_ms` is the deploy's start (epoch ms), `elapsed_ms` how long it has run.
    pub fn apply(&mut self, ev: &StackEvent, started_ms: i64, elapsed_ms: u64) {
        let base = *self.base_ms.get_or_insert_with(|| match ev.timestamp_ms - started_ms {
            d if (-60_000..SAME_CLOCK_MS).contains(&d) => started_ms,
            _ => ev.timestamp_ms - i64::try_from(elapsed_ms).unwrap_or(0),
        });
        let at = u64::try_from(ev.timestamp_ms - base).unwrap_or(0);
        let Some(stack) = self.stack(&ev.stack_id, &ev.stack_name, at) else { return };
        let bar = &mut self.summary.stacks[stack];
        bar.start_ms = bar.start_ms.min(at);
        bar.end_ms = bar.end_ms.max(at);
        if ev.is_stack_self() {
            bar.status.clone_from(&ev.status);
            return;
        }
        if ev.resource_type == NESTED && !ev.physical_id.is_empty() {
            let depth = bar.depth.saturating_add(1);
            self.nested
                .entry(ev.physical_id.clone())
                .or_insert_with(|| (nested_stack_label(&ev.logical_id).into(), depth, stack));
        }
        self.resource(stack, ev, at);
    }

    /// The bar of a stack, made on its first event.
    fn stack(&mut self, id: &str, name: &str, at: u64) -> Option<usize> {
        if let Some(&i) = self.stacks.get(id) {
            return Some(i);
        }
        if self.summary.stacks.len() >= MAX_STACKS {
            return None;
        }
        let top = || if self.summary.stacks.is_empty() { "root".to_owned() } else { name.to_owned() };
        let (label, depth, parent) = match self.nested.get(id).cloned() {
            Some((label, depth, parent)) => (label, depth, Some(parent)),
            None => (top(), 0, None),
        };
        self.summary.stacks.push(StackBar {
            name: label,
            depth,
            parent,
            start_ms: at,
            end_ms: at,
            done: 0,
            total: 0,
            status: String::new(),
        });
        self.stacks.insert(id.to_owned(), self.summary.stacks.len() - 1);
        Some(self.summary.stacks.len() - 1)
    }

    fn resource(&mut self, stack: usize, ev: &StackEvent, at: u64) {
        let terminal = StatusClass::of(&ev.status).is_terminal();
        let key = (stack, ev.logical_id.clone());
        let bar = &mut self.summary.stacks[stack];
        let res = self.resources.entry(key).or_insert_with(|| {
            bar.total += 1;
            Resource {
                resource_type: ev.resource_type.clone(),
                start_ms: at,
                last_ms: at,
                status: String::new(),
                done: false,
            }
        });
        if at < res.last_ms {
            return;
        }
        res.last_ms = at;
        res.status.clone_from(&ev.status);
        match (res.done, terminal) {
            (false, true) => {
                bar.done += 1;
                res.done = true;
                self.running.remove(&(res.start_ms, stack, ev.logical_id.clone()));
            }
            (true, false) => {
                // Worked on again (a rollback, a cleanup): a new span.
                bar.done -= 1;
                res.done = false;
                res.start_ms = at;
            }
            _ => {}
        }
        if res.resource_type == NESTED {
            // A nested stack waits on its resources: they are the answer, and it has its bar.
        } else if !res.done {
            self.running.insert((res.start_ms, stack, ev.logical_id.clone()));
        } else {
            let time = ResourceTime {
                logical_id: ev.logical_id.clone(),
                resource_type: res.resource_type.clone(),
                stack: bar.name.clone(),
                ms: at.saturating_sub(res.start_ms),
                status: ev.status.clone(),
            };
            rank(&mut self.summary.slowest, time);
        }
    }

    /// Resources (not nested stacks) still in progress, the longest waiting first.
    pub fn waiting(&self, n: usize) -> impl Iterator<Item = Waiting<'_>> {
        self.running.iter().take(n).filter_map(|(since, stack, id)| {
            let res = self.resources.get(&(*stack, id.clone()))?;
            Some(Waiting {
                logical_id: id,
                resource_type: &res.resource_type,
                stack: &self.summary.stacks.get(*stack)?.name,
                since_ms: *since,
                status: &res.status,
            })
        })
    }

    pub fn waiting_count(&self) -> usize {
        self.running.len()
    }
}

/// Keeps the slowest few, slowest first; a resource is in the list once.
fn rank(slowest: &mut Vec<ResourceTime>, time: ResourceTime) {
    slowest.retain(|t| !(t.logical_id == time.logical_id && t.stack == time.stack));
    let at = slowest.partition_point(|t| t.ms >= time.ms);
    if at < SLOWEST {
        slowest.insert(at, time);
        slowest.truncate(SLOWEST);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::deploy::ToolkitMessage;

    fn build(stream: &str) -> Timeline {
        let mut t = Timeline::default();
        for ev in stream.lines().filter_map(|l| ToolkitMessage::parse(l).ok()?.event) {
            t.apply(&ev, 0, 0);
        }
        t
    }

    #[test]
    fn the_update_has_a_bar_per_stack_under_its_parents_name() {
        let t = build(include_str!("../../assets/cdk-deploy-events/update_amplify_outputs.jsonl"));
        let names: Vec<(&str, u8)> = t.summary().stacks.iter().map(|s| (s.name.as_str(), s.depth)).collect();
        assert_eq!(names, [("root", 0), ("data", 1)]);
        let root = &t.summary().stacks[0];
        assert_eq!((root.done, root.total, root.status.as_str()), (3, 3, "UPDATE_COMPLETE"));
        // 03:26:02.531 → 03:26:30.775
        assert_eq!(root.end_ms - root.start_ms, 28_244);
        let data = &t.summary().stacks[1];
        assert_eq!((data.done, data.total), (4, 4));
        assert_eq!(t.waiting_count(), 0);
    }

    const STREAMS: [&str; 8] = [
        include_str!("../../assets/cdk-deploy-events/new_deployment.jsonl"),
        include_str!("../../assets/cdk-deploy-events/add_function_storage.jsonl"),
        include_str!("../../assets/cdk-deploy-events/delete_function_storage.jsonl"),
        include_str!("../../assets/cdk-deploy-events/update_amplify_outputs.jsonl"),
        include_str!("../../assets/cdk-deploy-events/failed_auth.jsonl"),
        include_str!("../../assets/cdk-deploy-events/hotswap_lambda_data_resources.jsonl"),
        include_str!("../../assets/cdk-deploy-events/noop.jsonl"),
        include_str!("../../assets/cdk-deploy-events/destroy.jsonl"),
    ];

    #[test]
    fn every_recorded_stream_gives_bars_and_times_that_match_its_events() {
        for stream in STREAMS {
            let events: Vec<StackEvent> = stream.lines().filter_map(|l| ToolkitMessage::parse(l).ok()?.event).collect();
            let t = build(stream);
            let first = events.first().map_or(0, |e| e.timestamp_ms);
            let mut per_stack: HashMap<&str, std::collections::HashSet<&str>> = HashMap::new();
            let mut span: HashMap<(&str, &str), (i64, i64)> = HashMap::new();
            for e in &events {
                let times = span.entry((&e.stack_id, &e.logical_id)).or_insert((e.timestamp_ms, e.timestamp_ms));
                times.1 = e.timestamp_ms;
                if !e.is_stack_self() {
                    per_stack.entry(&e.stack_id).or_default().insert(&e.logical_id);
                }
            }
            assert_eq!(
                t.summary().stacks.len(),
                events.iter().map(|e| &e.stack_id).collect::<std::collections::HashSet<_>>().len()
            );
            for (id, &i) in &t.stacks {
                let bar = &t.summary().stacks[i];
                let total = per_stack.get(id.as_str()).map_or(0, |s| s.len());
                assert_eq!(bar.total as usize, total, "{}", bar.name);
                assert!(bar.done <= bar.total);
                let own: Vec<_> = events.iter().filter(|e| &e.stack_id == id).map(|e| e.timestamp_ms - first).collect();
                assert_eq!(
                    (bar.start_ms, bar.end_ms),
                    (own[0] as u64, *own.last().unwrap_or(&0) as u64),
                    "{}",
                    bar.name
                );
            }
            for slow in &t.summary().slowest {
                let longest = span.iter().filter(|((_, id), _)| *id == slow.logical_id).map(|(_, (a, b))| b - a).max();
                assert!(longest.is_some_and(|l| slow.ms as i64 <= l), "{slow:?}");
            }
        }
    }

    #[test]
    fn a_nested_stack_is_drawn_under_its_parent_however_late_it_starts() {
        let bar = |name: &str, depth: u8, parent: Option<usize>| StackBar {
            name: name.into(),
            depth,
            start_ms: 0,
            end_ms: 0,
            done: 0,
            total: 0,
            status: String::new(),
            parent,
        };
        let summary = Summary {
            stacks: vec![
                bar("root", 0, None),
                bar("data", 1, Some(0)),
                bar("storage", 1, Some(0)),
                bar("Person", 2, Some(1)),
            ],
            ..Summary::default()
        };
        let names: Vec<&str> = summary.tree_order().iter().map(|b| b.name.as_str()).collect();
        assert_eq!(names, ["root", "data", "Person", "storage"], "Person under data, not under storage");
    }

    #[test]
    fn a_first_deploy_names_its_slowest_resources() {
        let t = build(include_str!("../../assets/cdk-deploy-events/new_deployment.jsonl"));
        let slowest = &t.summary().slowest;
        assert_eq!(slowest.len(), SLOWEST);
        assert!(slowest.windows(2).all(|w| w[0].ms >= w[1].ms));
        assert!(slowest.iter().all(|r| r.resource_type != NESTED));
        assert!(t.summary().stacks.len() > 5, "{:?}", t.summary().stacks.len());
        assert!(t.summary().stacks.iter().all(|s| s.done == s.total), "all finished");
    }

    #[test]
    fn resources_in_progress_are_what_it_waits_on_oldest_first() {
        let stream = include_str!("../../assets/cdk-deploy-events/new_deployment.jsonl");
        let half: String = stream.lines().take(stream.lines().count() / 3).map(|l| format!("{l}\n")).collect();
        let t = build(&half);
        let waiting: Vec<Waiting> = t.waiting(50).collect();
        assert!(!waiting.is_empty() && waiting.len() == t.waiting_count().min(50));
        assert!(waiting.windows(2).all(|w| w[0].since_ms <= w[1].since_ms));
        assert!(waiting.iter().all(|w| w.status.ends_with("_IN_PROGRESS")), "{waiting:?}");
        assert!(waiting.iter().all(|w| w.resource_type != NESTED), "{waiting:?}");
    }

    #[test]
    fn events_of_another_day_start_where_the_deploy_is() {
        let mut t = Timeline::default();
        let ev = StackEvent::of_stack("s".into(), "s", "UPDATE_IN_PROGRESS", 1_000, None);
        t.apply(&ev, 1_764_000_000_000, 2_500);
        assert_eq!(t.summary().stacks[0].start_ms, 2_500);
    }
}
