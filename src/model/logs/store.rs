//! The log store: a ring buffer of lines bounded by bytes, kept in time order, with the view
//! (the sequence numbers of the lines shown) maintained as lines come and go, so drawing
//! touches only visible lines.

use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;

use super::filter::Filter;
use super::{DEFAULT_BUDGET, FunctionStats, Kind, LINE_OVERHEAD, Level, LogLine, appsync, group, json, lambda};
use crate::domain::logs::{LogEvent, LogSource};
use crate::util::sanitize::sanitize;

#[derive(Debug, Clone)]
pub struct LogStore {
    lines: VecDeque<LogLine>,
    next_seq: u64,
    bytes: usize,
    max_bytes: usize,
    evicted: u64,
    filter: Filter,
    /// Sequence numbers of the lines the view shows.
    matches: VecDeque<u64>,
    /// The sequence numbers of the marker lines still buffered.
    markers: Vec<u64>,
    stats: BTreeMap<Arc<str>, FunctionStats>,
    /// Structured (JSON) lines are shown pretty-printed, one field per line.
    pretty_json: bool,
    /// The lines of one invocation (request id) are shown together, in the order the
    /// invocations started.
    grouped: bool,
    /// Lines arrived or left since the grouped view was last ordered.
    regroup: bool,
}

impl Default for LogStore {
    fn default() -> Self {
        Self::new(DEFAULT_BUDGET)
    }
}

impl LogStore {
    pub fn new(max_bytes: usize) -> Self {
        Self {
            lines: VecDeque::new(),
            markers: Vec::new(),
            next_seq: 0,
            bytes: 0,
            max_bytes,
            evicted: 0,
            filter: Filter::default(),
            matches: VecDeque::new(),
            stats: BTreeMap::new(),
            pretty_json: false,
            grouped: false,
            regroup: false,
        }
    }

    /// One event; see [`LogStore::push_all`].
    pub fn push(&mut self, event: &LogEvent) {
        self.push_all(std::slice::from_ref(event));
    }

    /// A batch of events, oldest first. An event older than lines already shown (CloudWatch
    /// ingests a second Lambda instance's stream seconds later) is merged in at its time, so
    /// the pane reads in time order whatever order the events arrived in.
    pub fn push_all(&mut self, events: &[LogEvent]) {
        let mut late = Vec::new();
        for event in events {
            let lines = self.lines_of(event);
            let in_order = late.is_empty() && self.lines.back().is_none_or(|l| l.timestamp_ms <= event.timestamp_ms);
            if in_order {
                lines.into_iter().for_each(|line| self.append(line));
            } else {
                late.extend(lines);
            }
        }
        if !late.is_empty() {
            self.merge(late);
        }
        self.evict();
    }

    /// An event's lines, its figures counted.
    fn lines_of(&mut self, event: &LogEvent) -> Vec<LogLine> {
        let function = self.function_name(&event.function);
        if event.internal && !self.stats.contains_key(&function) {
            // Amplify's own functions are listed but hidden until the user shows them.
            self.filter.hidden.insert(function.clone());
        }
        let parsed = match event.source {
            LogSource::Lambda | LogSource::Local => lambda::parse(&event.message),
            LogSource::AppSync => appsync::parse(&event.message),
        };
        let stats = self.stats.entry(function.clone()).or_default();
        stats.internal = event.internal;
        // The figures are the cloud's: a run on this machine is not one of its invocations.
        if event.source != LogSource::Local {
            stats.record(parsed.kind, parsed.level, parsed.report.as_ref(), parsed.request_id);
        }
        let request_id: Option<Arc<str>> = parsed.request_id.map(|r| sanitize(r).into());
        let text = match parsed.kind {
            Kind::Json if self.pretty_json && event.source != LogSource::AppSync => {
                json::pretty(&parsed.text).map_or(parsed.text, Into::into)
            }
            _ => parsed.text,
        };
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .enumerate()
            .map(|(i, text)| LogLine {
                seq: 0,
                timestamp_ms: event.timestamp_ms,
                function: function.clone(),
                level: parsed.level,
                kind: parsed.kind,
                request_id: request_id.clone(),
                // Indentation is kept: stack traces and pretty-printed objects read as written.
                text: sanitize(text.trim_end()).into_owned(),
                continuation: i > 0,
                local: event.source == LogSource::Local,
            })
            .collect()
    }

    /// Merges `late` (in time order) into the newest lines: the lines newer than the oldest
    /// late one are taken off, merged with them by time (on a tie, the lines already there
    /// first, so no message is split), and appended again. O(those lines), once per batch.
    fn merge(&mut self, mut late: Vec<LogLine>) {
        late.sort_by_key(|l| l.timestamp_ms);
        let oldest = late.first().map_or(i64::MAX, |l| l.timestamp_ms);
        let at = self.lines.len() - self.lines.iter().rev().take_while(|l| l.timestamp_ms > oldest).count();
        let tail: Vec<LogLine> = self.lines.drain(at..).collect();
        if let Some(first) = tail.first() {
            self.next_seq = first.seq;
            if self.grouped {
                self.regroup = true;
            } else {
                while self.matches.back().is_some_and(|&s| s >= first.seq) {
                    self.matches.pop_back();
                }
            }
        }
        self.bytes -= tail.iter().map(cost).sum::<usize>();
        let (mut tail, mut late) = (tail.into_iter().peekable(), late.into_iter().peekable());
        loop {
            let take_tail = match (tail.peek(), late.peek()) {
                (Some(t), Some(l)) => t.timestamp_ms <= l.timestamp_ms,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            let next = if take_tail { tail.next() } else { late.next() };
            if let Some(line) = next {
                self.append(line);
            }
        }
    }

    /// A line of ampdeck's own, between the functions' lines: a deploy started or ended.
    pub fn push_marker(&mut self, timestamp_ms: i64, text: &str) {
        let line = LogLine {
            seq: 0,
            timestamp_ms,
            function: "ampdeck".into(),
            level: Level::Platform,
            kind: Kind::Marker,
            request_id: None,
            text: sanitize(text).into_owned(),
            continuation: false,
            local: false,
        };
        self.append(line);
        if let Some(seq) = self.lines.back().map(|l| l.seq) {
            self.markers.push(seq);
        }
        self.evict();
        let front = self.lines.front().map_or(0, |l| l.seq);
        self.markers.retain(|&seq| seq >= front);
        self.settle();
    }

    fn function_name(&self, name: &str) -> Arc<str> {
        // One allocation per function, not per line.
        let clean = sanitize(name);
        self.stats.keys().find(|k| ***k == *clean).cloned().unwrap_or_else(|| clean.into())
    }

    fn append(&mut self, mut line: LogLine) {
        line.seq = self.next_seq;
        self.next_seq += 1;
        self.bytes += cost(&line);
        if self.grouped {
            self.regroup = true;
        } else if self.filter.matches(&line) {
            self.matches.push_back(line.seq);
        }
        self.lines.push_back(line);
    }

    fn evict(&mut self) {
        while self.bytes > self.max_bytes && self.lines.len() > 1 {
            let Some(old) = self.lines.pop_front() else { break };
            self.bytes -= cost(&old);
            self.evicted += 1;
            if self.grouped {
                self.regroup = true;
                continue;
            }
            while self.matches.front().is_some_and(|&s| s <= old.seq) {
                self.matches.pop_front();
            }
        }
    }

    /// Orders the grouped view after a batch of lines (once per batch, not per line).
    pub fn settle(&mut self) {
        if self.grouped && self.regroup {
            self.refilter();
        }
    }

    pub fn grouped(&self) -> bool {
        self.grouped
    }

    /// Lines as they came ↔ grouped by invocation.
    pub fn toggle_grouped(&mut self) {
        self.grouped = !self.grouped;
        self.refilter();
    }

    /// Recomputes the view: O(lines) once per filter change, never per frame.
    fn refilter(&mut self) {
        let shown = self.lines.iter().filter(|l| self.filter.matches(l)).map(|l| l.seq);
        self.matches = if self.grouped { group::by_invocation(&self.lines, shown) } else { shown.collect() };
        self.regroup = false;
    }

    pub fn set_filter(&mut self, filter: &str) {
        self.filter.set_text(filter);
        self.refilter();
    }

    pub fn pretty_json(&self) -> bool {
        self.pretty_json
    }

    /// Pretty ↔ compact JSON, for the lines buffered too: each JSON record is rewritten.
    pub fn toggle_pretty_json(&mut self) {
        self.pretty_json = !self.pretty_json;
        let old = std::mem::take(&mut self.lines);
        self.bytes = 0;
        let mut reshaped = Vec::with_capacity(old.len());
        json::reshape(old, self.pretty_json, |line| reshaped.push(line));
        reshaped.into_iter().for_each(|line| self.append(line));
        self.refilter();
    }

    /// Filter ↔ search.
    pub fn toggle_search(&mut self) {
        self.filter.search = !self.filter.search;
        self.refilter();
    }

    /// The next shown line after `from` (before it, going back) that the search text matches.
    pub fn next_match(&self, from: usize, forward: bool) -> Option<usize> {
        if self.filter.text.is_empty() {
            return None;
        }
        let hit = |i: &usize| self.get(*i).is_some_and(|l| l.kind != Kind::Marker && self.filter.line_matches(l));
        if forward { (from + 1..self.len()).find(hit) } else { (0..from.min(self.len())).rev().find(hit) }
    }

    pub fn toggle_errors_only(&mut self) {
        self.filter.errors_only = !self.filter.errors_only;
        self.refilter();
    }

    /// Shows or hides one function's lines.
    pub fn toggle_function(&mut self, function: &str) {
        let Some(name) = self.stats.keys().find(|k| &***k == function).cloned() else { return };
        if !self.filter.hidden.remove(&name) {
            self.filter.hidden.insert(name);
        }
        self.refilter();
    }

    /// Empties the buffer; the figures per function stay.
    pub fn clear(&mut self) {
        self.lines.clear();
        self.matches.clear();
        self.markers.clear();
        self.bytes = 0;
    }

    /// Another environment: its functions, lines and figures start afresh; the filter and the
    /// budget stay.
    pub fn reset(&mut self) {
        self.clear();
        self.stats.clear();
        self.filter.hidden.clear();
        self.evicted = 0;
    }

    pub fn filter(&self) -> &str {
        &self.filter.text
    }

    pub fn view(&self) -> &Filter {
        &self.filter
    }

    /// Lines shown.
    pub fn len(&self) -> usize {
        self.matches.len()
    }

    pub fn is_empty(&self) -> bool {
        self.matches.is_empty()
    }

    /// Lines shown that the filter matched: ampdeck's own markers, shown whatever the
    /// filter, are not matches. Markers are few (two a deploy), so this counts only them.
    pub fn matched(&self) -> usize {
        let front = self.lines.front().map_or(0, |l| l.seq);
        let markers = self.markers.iter().filter(|&&seq| seq >= front).count();
        self.len().saturating_sub(markers)
    }

    pub fn total(&self) -> usize {
        self.lines.len()
    }

    pub fn evicted(&self) -> u64 {
        self.evicted
    }

    /// What the buffered lines take in memory (text and records).
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    pub fn max_bytes(&self) -> usize {
        self.max_bytes
    }

    pub fn set_budget(&mut self, max_bytes: usize) {
        self.max_bytes = max_bytes;
        self.evict();
    }

    /// The functions seen, with their figures, by name.
    pub fn functions(&self) -> &BTreeMap<Arc<str>, FunctionStats> {
        &self.stats
    }

    /// The `i`-th shown line.
    pub fn get(&self, i: usize) -> Option<&LogLine> {
        let seq = *self.matches.get(i)?;
        let front = self.lines.front()?.seq;
        self.lines.get(usize::try_from(seq.checked_sub(front)?).ok()?)
    }

    pub fn last(&self) -> Option<&LogLine> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }

    /// The shown lines as plain text, for saving.
    pub fn shown_text(&self) -> String {
        let mut out = String::new();
        for line in (0..self.len()).filter_map(|i| self.get(i)) {
            let time = crate::util::timefmt::clock(line.timestamp_ms);
            out.push_str(&format!("{time} {} {}\n", line.function, line.text));
        }
        out
    }
}

fn cost(line: &LogLine) -> usize {
    line.text.len() + LINE_OVERHEAD
}

#[cfg(test)]
#[path = "store_tests.rs"]
mod tests;
