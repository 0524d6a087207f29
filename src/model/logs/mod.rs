//! Merged function logs held in memory: a ring buffer bounded by bytes (text plus the record
//! itself), with an incrementally maintained view (text or regex filter, errors only, hidden
//! functions) so drawing only touches visible lines, and per-function figures from REPORT
//! lines.

pub mod lambda;
pub mod stats;

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::Arc;

pub use lambda::{Kind, Level};
pub use stats::FunctionStats;

use crate::domain::logs::LogEvent;
use crate::util::sanitize::sanitize;

/// Default memory budget of the buffered lines.
pub const DEFAULT_BUDGET: usize = 64 << 20;

/// What one buffered line costs besides its text: the record and its place in the view,
/// each in a ring that is half again as big as its content on average, and the text's heap
/// block. Measured: 200 B resident per line of a typical 64-byte message, 191 B counted
/// (`cargo bench --bench workbench`): the budget is what the lines really take, within 5 %.
pub const LINE_OVERHEAD: usize = std::mem::size_of::<LogLine>() * 3 / 2 + std::mem::size_of::<u64>() * 3 / 2 + 16;

#[derive(Debug, Clone, PartialEq)]
pub struct LogLine {
    pub seq: u64,
    pub timestamp_ms: i64,
    pub function: Arc<str>,
    pub level: Level,
    pub kind: Kind,
    pub request_id: Option<Arc<str>>,
    pub text: String,
    /// A later line of a multi-line message (stack trace, pretty-printed object).
    pub continuation: bool,
}

/// Which lines the pane shows.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    text: String,
    /// Case-insensitive; `None` when `text` is empty or not a valid regex (then a literal).
    regex: Option<regex::Regex>,
    pub errors_only: bool,
    pub hidden: HashSet<Arc<str>>,
    /// Search instead of filter: the text only highlights and `n`/`N` jump between matches;
    /// every line stays visible.
    pub search: bool,
}

impl Filter {
    /// A filter on text alone (regex when `text` is one).
    pub fn new(text: &str) -> Self {
        let mut filter = Self::default();
        filter.set_text(text);
        filter
    }

    fn set_text(&mut self, text: &str) {
        self.text = text.to_owned();
        self.regex =
            (!text.is_empty()).then(|| regex::RegexBuilder::new(text).case_insensitive(true).build().ok()).flatten();
    }

    fn matches(&self, line: &LogLine) -> bool {
        if line.kind == Kind::Marker {
            return true;
        }
        if self.errors_only && line.level != Level::Error || self.hidden.contains(&line.function) {
            return false;
        }
        self.search || self.line_matches(line)
    }

    /// The text matches the line: its text, its function's name or its request id (so a
    /// request id shows one invocation's lines, runtime lines included).
    pub fn line_matches(&self, line: &LogLine) -> bool {
        self.text_matches(&line.text)
            || (!self.text.is_empty()
                && (self.text_matches(&line.function)
                    || line.request_id.as_deref().is_some_and(|r| self.text_matches(r))))
    }

    pub fn text_matches(&self, text: &str) -> bool {
        match &self.regex {
            _ if self.text.is_empty() => true,
            Some(re) => re.is_match(text),
            None => contains_ignore_case(text, &self.text),
        }
    }

    /// Byte ranges of the matches in `text`, for highlighting.
    pub fn ranges(&self, text: &str) -> Vec<(usize, usize)> {
        match &self.regex {
            _ if self.text.is_empty() => Vec::new(),
            Some(re) => re.find_iter(text).filter(|m| !m.is_empty()).map(|m| (m.start(), m.end())).collect(),
            None => literal_ranges(text, &self.text),
        }
    }
}

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

    pub fn push(&mut self, event: &LogEvent) {
        let function = self.function_name(&event.function);
        if event.internal && !self.stats.contains_key(&function) {
            // Amplify's own functions are listed but hidden until the user shows them.
            self.filter.hidden.insert(function.clone());
        }
        let parsed = lambda::parse(&event.message);
        let stats = self.stats.entry(function.clone()).or_default();
        stats.internal = event.internal;
        stats.record(parsed.kind, parsed.level, parsed.report.as_ref());
        let request_id: Option<Arc<str>> = parsed.request_id.map(|r| sanitize(r).into());
        let text = match parsed.kind {
            Kind::Json if self.pretty_json => pretty(&parsed.text).map_or(parsed.text, Into::into),
            _ => parsed.text,
        };
        for (i, text) in text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
            let line = LogLine {
                seq: 0,
                timestamp_ms: event.timestamp_ms,
                function: function.clone(),
                level: parsed.level,
                kind: parsed.kind,
                request_id: request_id.clone(),
                // Indentation is kept: stack traces and pretty-printed objects read as written.
                text: sanitize(text.trim_end()).into_owned(),
                continuation: i > 0,
            };
            self.append(line);
        }
        self.evict();
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
        };
        self.append(line);
        self.evict();
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
        self.matches = self.lines.iter().filter(|l| self.filter.matches(l)).map(|l| l.seq).collect();
        self.regroup = false;
        if !self.grouped {
            return;
        }
        // An invocation's lines sit where its first line arrived; lines without a request
        // id keep their own place.
        let mut first: HashMap<&str, u64> = HashMap::new();
        for line in &self.lines {
            if let Some(id) = line.request_id.as_deref() {
                first.entry(id).or_insert(line.seq);
            }
        }
        let front = self.lines.front().map_or(0, |l| l.seq);
        let key = |seq: u64| {
            let line = usize::try_from(seq - front).ok().and_then(|i| self.lines.get(i));
            line.and_then(|l| l.request_id.as_deref()).and_then(|id| first.get(id)).copied().unwrap_or(seq)
        };
        let mut ordered: Vec<u64> = self.matches.drain(..).collect();
        ordered.sort_by_key(|&seq| (key(seq), seq));
        self.matches = ordered.into();
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
        let mut lines = old.into_iter().peekable();
        while let Some(first) = lines.next() {
            if first.kind != Kind::Json {
                self.append(first);
                continue;
            }
            let mut text = first.text.clone();
            while let Some(next) = lines.next_if(|l| l.continuation && l.seq > first.seq && l.kind == Kind::Json) {
                text.push('\n');
                text.push_str(&next.text);
            }
            let shaped = if self.pretty_json { pretty(&text) } else { compact(&text) }.unwrap_or(text);
            for (i, line) in shaped.lines().enumerate() {
                self.append(LogLine { text: line.to_owned(), continuation: i > 0, ..first.clone() });
            }
        }
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

fn pretty(json: &str) -> Option<String> {
    serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(json).ok()?).ok()
}

fn compact(json: &str) -> Option<String> {
    serde_json::to_string(&serde_json::from_str::<serde_json::Value>(json).ok()?).ok()
}

fn cost(line: &LogLine) -> usize {
    line.text.len() + LINE_OVERHEAD
}

/// ASCII case-insensitive substring test without allocating.
pub fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

fn literal_ranges(text: &str, needle: &str) -> Vec<(usize, usize)> {
    if needle.is_empty() || !needle.is_ascii() {
        return Vec::new();
    }
    let (h, n) = (text.as_bytes(), needle.as_bytes());
    let mut out = Vec::new();
    let mut at = 0;
    while at + n.len() <= h.len() {
        if h[at..at + n.len()].eq_ignore_ascii_case(n)
            && text.is_char_boundary(at)
            && text.is_char_boundary(at + n.len())
        {
            out.push((at, at + n.len()));
            at += n.len();
        } else {
            at += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(msg: &str) -> LogEvent {
        LogEvent { function: "say-hello".into(), timestamp_ms: 0, message: msg.into(), internal: false }
    }

    #[test]
    fn bounded_by_bytes_and_counts_what_it_evicts() {
        let mut store = LogStore::new(3 * (LINE_OVERHEAD + 6));
        for i in 0..5 {
            store.push(&event(&format!("line {i}")));
        }
        assert_eq!(store.len(), 3);
        assert_eq!(store.evicted(), 2);
        assert_eq!(store.get(0).map(|l| l.text.as_str()), Some("line 2"));
        assert!(store.bytes() <= store.max_bytes());
    }

    #[test]
    fn filter_tracks_new_and_evicted_lines() {
        let mut store = LogStore::new(4 * (LINE_OVERHEAD + 13));
        store.push(&event("ok"));
        store.push(&event("ERROR boom"));
        store.set_filter("error");
        assert_eq!(store.len(), 1);
        store.push(&event("another error"));
        store.push(&event("fine"));
        assert_eq!(store.len(), 2);
        for _ in 0..4 {
            store.push(&event("more"));
        }
        assert_eq!(store.len(), 0, "both matches evicted");
        store.set_filter("");
        assert_eq!(store.len(), store.total());
    }

    #[test]
    fn a_filter_can_be_a_regex_and_an_invalid_one_is_a_literal() {
        let mut store = LogStore::default();
        for m in ["took 12 ms", "took 1200 ms", "a (b", "nothing"] {
            store.push(&event(m));
        }
        store.set_filter(r"took \d{4} ms");
        assert_eq!(store.len(), 1);
        assert_eq!(store.view().ranges("took 1200 ms"), [(0, 12)]);
        store.set_filter("a (b");
        assert_eq!(store.len(), 1, "not a valid regex: matched literally");
    }

    #[test]
    fn json_lines_go_pretty_and_back_buffered_ones_too() {
        let mut store = LogStore::default();
        store.push(&event(r#"{"level":"INFO","msg":"greeting","user":{"id":7}}"#));
        store.push(&event("plain"));
        store.toggle_pretty_json();
        let texts: Vec<&str> = (0..store.len()).filter_map(|i| store.get(i)).map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "{",
                r#"  "level": "INFO","#,
                r#"  "msg": "greeting","#,
                r#"  "user": {"#,
                r#"    "id": 7"#,
                "  }",
                "}",
                "plain"
            ]
        );
        store.push(&event(r#"{"level":"WARN","msg":"new"}"#));
        assert_eq!(store.last().map(|l| l.text.as_str()), Some("}"), "new lines pretty too");
        store.toggle_pretty_json();
        let texts: Vec<&str> = (0..store.len()).filter_map(|i| store.get(i)).map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [r#"{"level":"INFO","msg":"greeting","user":{"id":7}}"#, "plain", r#"{"level":"WARN","msg":"new"}"#]
        );
    }

    #[test]
    fn grouping_puts_each_invocations_lines_together() {
        let mut store = LogStore::default();
        for m in [
            "START RequestId: a Version: $LATEST",
            "START RequestId: b Version: $LATEST",
            "2026-11-29T03:09:36.161Z\ta\tINFO\tfrom a",
            "2026-11-29T03:09:36.162Z\tb\tINFO\tfrom b",
            "no request id",
            "END RequestId: a",
            "END RequestId: b",
        ] {
            store.push(&event(m));
        }
        store.toggle_grouped();
        let texts: Vec<&str> = (0..store.len()).filter_map(|i| store.get(i)).map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "START RequestId: a Version: $LATEST",
                "from a",
                "END RequestId: a",
                "START RequestId: b Version: $LATEST",
                "from b",
                "END RequestId: b",
                "no request id"
            ]
        );
        store.push(&event("2026-11-29T03:09:37.000Z\ta\tWARN\tlate line of a"));
        store.settle();
        assert_eq!(store.get(3).map(|l| l.text.as_str()), Some("late line of a"));
        store.toggle_grouped();
        assert_eq!(store.last().map(|l| l.text.as_str()), Some("late line of a"), "as they came again");
    }

    #[test]
    fn search_keeps_every_line_and_finds_the_matches() {
        let mut store = LogStore::default();
        for m in ["a", "needle 1", "b", "c", "needle 2"] {
            store.push(&event(m));
        }
        store.set_filter("needle");
        store.toggle_search();
        assert_eq!(store.len(), 5, "nothing hidden");
        assert_eq!(store.next_match(0, true), Some(1));
        assert_eq!(store.next_match(1, true), Some(4));
        assert_eq!(store.next_match(4, true), None);
        assert_eq!(store.next_match(4, false), Some(1));
        store.toggle_search();
        assert_eq!(store.len(), 2, "a filter again");
    }

    #[test]
    fn errors_only_and_hidden_functions() {
        let mut store = LogStore::default();
        store.push(&event("2026-11-29T03:09:36.161Z\tr1\tERROR\tboom"));
        store.push(&event("fine"));
        store.push(&LogEvent {
            function: "TableManager".into(),
            timestamp_ms: 1,
            message: "internal".into(),
            internal: true,
        });
        assert_eq!(store.len(), 2, "Amplify's own functions are hidden at first");
        store.toggle_function("TableManager");
        assert_eq!(store.len(), 3);
        store.toggle_errors_only();
        assert_eq!(store.len(), 1);
        assert_eq!(store.get(0).map(|l| l.request_id.as_deref()), Some(Some("r1")));
        store.toggle_errors_only();
        store.set_filter("r1");
        assert_eq!(store.len(), 1, "a request id shows its invocation's lines, though the text does not name it");
    }

    #[test]
    fn multi_line_messages_keep_their_indentation() {
        let mut store = LogStore::default();
        store.push(&event("Error: bad\n    at handler (index.js:1)\n"));
        assert_eq!(store.len(), 2);
        let second = store.get(1).expect("second");
        assert!(second.continuation);
        assert_eq!(second.text, "    at handler (index.js:1)");
    }

    #[test]
    fn markers_stay_visible_whatever_the_filter() {
        let mut store = LogStore::default();
        store.push(&event("hello"));
        store.push_marker(5, "── deploy #3 started ──");
        store.set_filter("nothing matches this");
        assert_eq!(store.len(), 1);
        assert_eq!(store.get(0).map(|l| l.kind), Some(Kind::Marker));
    }

    #[test]
    fn escapes_never_reach_the_store() {
        let mut store = LogStore::default();
        store.push(&event("\x1b]0;title\x07hi \x1b[31mred\x1b[2J\x1b[10;5H!"));
        assert_eq!(store.get(0).map(|l| l.text.as_str()), Some("hi red!"));
    }

    #[test]
    fn clear_empties_the_view_but_keeps_the_figures() {
        let mut store = LogStore::default();
        store.push(&event("REPORT RequestId: a\tDuration: 2.00 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t"));
        store.clear();
        assert_eq!((store.len(), store.total(), store.bytes()), (0, 0, 0));
        assert_eq!(store.functions().get("say-hello").map(|s| s.invocations), Some(1));
    }
}
