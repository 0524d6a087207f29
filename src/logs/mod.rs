//! Merged function logs held in memory: a ring buffer bounded by line count and bytes, with
//! an incrementally maintained filter so drawing only touches visible lines.

pub mod lambda;

use std::collections::VecDeque;

pub use lambda::Level;

use crate::cloud::LogEvent;
use crate::sanitize::sanitize;

#[derive(Debug, Clone, PartialEq)]
pub struct LogLine {
    pub seq: u64,
    pub timestamp_ms: i64,
    pub function: std::sync::Arc<str>,
    pub level: Level,
    pub text: String,
    /// A later line of a multi-line message.
    pub continuation: bool,
}

#[derive(Debug, Clone)]
pub struct LogStore {
    lines: VecDeque<LogLine>,
    next_seq: u64,
    bytes: usize,
    max_lines: usize,
    max_bytes: usize,
    evicted: u64,
    filter: String,
    /// Sequence numbers of lines matching `filter` (all lines when it is empty).
    matches: VecDeque<u64>,
}

impl Default for LogStore {
    fn default() -> Self {
        Self::new(20_000, 16 << 20)
    }
}

impl LogStore {
    pub fn new(max_lines: usize, max_bytes: usize) -> Self {
        Self {
            lines: VecDeque::new(),
            next_seq: 0,
            bytes: 0,
            max_lines: max_lines.max(1),
            max_bytes,
            evicted: 0,
            filter: String::new(),
            matches: VecDeque::new(),
        }
    }

    pub fn push(&mut self, event: &LogEvent) {
        let function: std::sync::Arc<str> = sanitize(&event.function).into();
        let parsed = lambda::parse(&event.message);
        for (i, text) in parsed.text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
            let line = LogLine {
                seq: self.next_seq,
                timestamp_ms: event.timestamp_ms,
                function: function.clone(),
                level: parsed.level,
                text: sanitize(text).into_owned(),
                continuation: i > 0,
            };
            self.next_seq += 1;
            self.bytes += line.text.len();
            if self.matches_filter(&line) {
                self.matches.push_back(line.seq);
            }
            self.lines.push_back(line);
        }
        self.evict();
    }

    fn evict(&mut self) {
        while self.lines.len() > self.max_lines || (self.bytes > self.max_bytes && self.lines.len() > 1) {
            let Some(old) = self.lines.pop_front() else {
                break;
            };
            self.bytes -= old.text.len();
            self.evicted += 1;
            while self.matches.front().is_some_and(|&s| s <= old.seq) {
                self.matches.pop_front();
            }
        }
    }

    fn matches_filter(&self, line: &LogLine) -> bool {
        self.filter.is_empty()
            || contains_ignore_case(&line.text, &self.filter)
            || contains_ignore_case(&line.function, &self.filter)
    }

    /// Recomputes the match list: O(lines) once per filter change, never per frame.
    pub fn set_filter(&mut self, filter: &str) {
        self.filter = filter.to_owned();
        self.matches = self.lines.iter().filter(|l| self.matches_filter(l)).map(|l| l.seq).collect();
    }

    pub fn filter(&self) -> &str {
        &self.filter
    }

    /// Lines shown (matching the filter).
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

    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// The `i`-th shown line.
    pub fn get(&self, i: usize) -> Option<&LogLine> {
        let seq = *self.matches.get(i)?;
        let front = self.lines.front()?.seq;
        self.lines.get(usize::try_from(seq - front).ok()?)
    }

    pub fn last(&self) -> Option<&LogLine> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }
}

/// ASCII case-insensitive substring test without allocating.
pub fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(msg: &str) -> LogEvent {
        LogEvent { function: "say-hello".into(), timestamp_ms: 0, message: msg.into() }
    }

    #[test]
    fn bounded_by_lines_and_counts_what_it_evicts() {
        let mut store = LogStore::new(3, 1 << 20);
        for i in 0..5 {
            store.push(&event(&format!("line {i}")));
        }
        assert_eq!(store.len(), 3);
        assert_eq!(store.evicted(), 2);
        assert_eq!(store.get(0).map(|l| l.text.as_str()), Some("line 2"));
    }

    #[test]
    fn bounded_by_bytes() {
        let mut store = LogStore::new(1000, 100);
        for _ in 0..10 {
            store.push(&event(&"x".repeat(30)));
        }
        assert!(store.bytes() <= 100, "{}", store.bytes());
        assert_eq!(store.len(), 3);
    }

    #[test]
    fn filter_tracks_new_and_evicted_lines() {
        let mut store = LogStore::new(4, 1 << 20);
        store.push(&event("ok"));
        store.push(&event("ERROR boom"));
        store.set_filter("error");
        assert_eq!(store.len(), 1);
        store.push(&event("another error"));
        store.push(&event("fine"));
        assert_eq!(store.len(), 2);
        store.push(&event("more"));
        store.push(&event("more"));
        store.push(&event("more"));
        assert_eq!(store.len(), 0, "both matches evicted");
        store.set_filter("");
        assert_eq!(store.len(), 4);
    }

    #[test]
    fn multi_line_messages_become_continuation_lines() {
        let mut store = LogStore::default();
        store.push(&event("Error: bad\n    at handler (index.js:1)\n"));
        assert_eq!(store.len(), 2);
        assert!(store.get(1).is_some_and(|l| l.continuation));
    }

    #[test]
    fn escapes_never_reach_the_store() {
        let mut store = LogStore::default();
        store.push(&event("\x1b]0;title\x07hi \x1b[31mred"));
        assert_eq!(store.get(0).map(|l| l.text.as_str()), Some("hi red"));
    }
}
