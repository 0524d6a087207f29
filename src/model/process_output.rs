//! A process's output as the Processes page keeps it: its lines with their colours, bounded by
//! bytes (the oldest go first, counted), filtered or searched like the Logs pane, with the
//! matches kept as lines arrive so a frame costs the same however much was read.

use std::collections::VecDeque;

use crate::model::logs::Filter;
use crate::util::ansi::StyledLine;

/// What one process's output may hold, by default.
pub const DEFAULT_BYTES: usize = 2 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct ProcessOutput {
    lines: VecDeque<StyledLine>,
    /// The number of the oldest line kept (lines are numbered from 0 as they arrive).
    first: u64,
    /// The numbers of the lines holding the filter's text, oldest first.
    matches: VecDeque<u64>,
    bytes: usize,
    max_bytes: usize,
    /// Lines dropped to stay in bounds (not those cleared).
    dropped: u64,
    /// The Logs pane's: a text, or a regex when it is one, case-insensitive.
    filter: Filter,
    /// Search: every line shown, the matches marked and `n`/`N` jump between them.
    pub search: bool,
}

impl Default for ProcessOutput {
    fn default() -> Self {
        Self::new(DEFAULT_BYTES)
    }
}

impl ProcessOutput {
    pub fn new(max_bytes: usize) -> Self {
        Self {
            lines: VecDeque::new(),
            first: 0,
            matches: VecDeque::new(),
            bytes: 0,
            max_bytes,
            dropped: 0,
            filter: Filter::default(),
            search: false,
        }
    }

    pub fn push(&mut self, line: StyledLine) {
        let number = self.first + self.lines.len() as u64;
        if self.filtered() && self.filter.text_matches(&line.text) {
            self.matches.push_back(number);
        }
        self.bytes += cost(&line);
        self.lines.push_back(line);
        while self.bytes > self.max_bytes && self.lines.len() > 1 {
            self.evict();
        }
    }

    fn evict(&mut self) {
        if let Some(old) = self.lines.pop_front() {
            self.bytes -= cost(&old);
            if self.matches.front() == Some(&self.first) {
                self.matches.pop_front();
            }
            self.first += 1;
            self.dropped += 1;
        }
    }

    /// Lines shown: the matches while filtering, else all.
    pub fn len(&self) -> usize {
        if self.filtering() { self.matches.len() } else { self.lines.len() }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `i`-th line shown.
    pub fn get(&self, i: usize) -> Option<&StyledLine> {
        let at = if self.filtering() { (*self.matches.get(i)? - self.first) as usize } else { i };
        self.lines.get(at)
    }

    /// Lines read in all, and those dropped to stay in bounds.
    pub fn total(&self) -> u64 {
        self.first + self.lines.len() as u64
    }

    pub fn evicted(&self) -> u64 {
        self.dropped
    }

    /// Lines holding the filter's text.
    pub fn matched(&self) -> usize {
        self.matches.len()
    }

    #[cfg(test)]
    fn bytes(&self) -> usize {
        self.bytes
    }

    pub fn filter(&self) -> &str {
        self.filter.text()
    }

    /// Byte ranges of the filter's matches in `text`, to mark them.
    pub fn ranges(&self, text: &str) -> Vec<(usize, usize)> {
        self.filter.ranges(text)
    }

    fn filtered(&self) -> bool {
        !self.filter.text().is_empty()
    }

    fn filtering(&self) -> bool {
        self.filtered() && !self.search
    }

    /// A filter hides every line there is.
    pub fn filtering_out(&self) -> bool {
        self.filtering() && !self.lines.is_empty() && self.matches.is_empty()
    }

    pub fn set_filter(&mut self, text: &str) {
        self.filter = Filter::new(text);
        self.matches = if text.is_empty() {
            VecDeque::new()
        } else {
            let (first, filter) = (self.first, &self.filter);
            let lines = self.lines.iter().enumerate();
            lines.filter(|(_, l)| filter.text_matches(&l.text)).map(|(i, _)| first + i as u64).collect()
        };
    }

    /// The shown row of the next (or previous) match after `from`, while searching (a filter
    /// shows only matches: there is nothing to jump to).
    pub fn next_match(&self, from: usize, forward: bool) -> Option<usize> {
        if !self.search {
            return None;
        }
        let from = self.first + from as u64;
        // Past the last match, the search goes round to the first (and back from the first).
        let found = if forward {
            self.matches.iter().find(|&&m| m > from).or(self.matches.front())
        } else {
            self.matches.iter().rev().find(|&&m| m < from).or(self.matches.back())
        };
        found.map(|&m| (m - self.first) as usize)
    }

    pub fn clear(&mut self) {
        self.first += self.lines.len() as u64;
        self.lines.clear();
        self.matches.clear();
        self.bytes = 0;
    }

    /// The lines shown, as plain text (what `w` writes).
    pub fn shown_text(&self) -> String {
        (0..self.len()).filter_map(|i| self.get(i)).map(|l| format!("{}\n", l.text)).collect()
    }
}

/// What a line takes: its text and its styles.
fn cost(line: &StyledLine) -> usize {
    let style = std::mem::size_of::<(usize, usize, ratatui::style::Style)>();
    std::mem::size_of::<StyledLine>() + line.text.len() + line.styles.len() * style
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output(lines: &[&str], max: usize) -> ProcessOutput {
        let mut out = ProcessOutput::new(max);
        lines.iter().for_each(|l| out.push(StyledLine::plain(*l)));
        out
    }

    #[test]
    fn the_output_stays_within_its_bytes_dropping_the_oldest() {
        let many: Vec<String> = (0..10_000).map(|i| format!("line {i} of a chatty dev server")).collect();
        let out = output(&many.iter().map(String::as_str).collect::<Vec<_>>(), 64 * 1024);
        assert!(out.bytes() <= 64 * 1024, "{} bytes", out.bytes());
        assert_eq!(out.total(), 10_000);
        assert!(out.evicted() > 0);
        assert_eq!(out.get(out.len() - 1).map(|l| l.text.as_str()), Some("line 9999 of a chatty dev server"));
    }

    #[test]
    fn a_filter_shows_the_matching_lines_kept_as_they_arrive_and_as_old_ones_go() {
        let mut out = output(&["VITE ready", "page reload src/App.tsx", "hmr update /src/App.tsx"], 1 << 20);
        out.set_filter("app.tsx");
        assert_eq!(out.len(), 2);
        out.push(StyledLine::plain("hmr update /src/main.tsx"));
        out.push(StyledLine::plain("page reload src/App.tsx"));
        assert_eq!(out.len(), 3);
        assert_eq!(out.get(2).map(|l| l.text.as_str()), Some("page reload src/App.tsx"));
        out.search = true;
        assert_eq!(out.len(), 5, "searching shows every line");
        out.set_filter("hmr .*tsx");
        assert_eq!(out.next_match(0, true), Some(2), "a regex, as in the Logs pane");
        out.set_filter("app.tsx");
        assert_eq!(out.next_match(1, true), Some(2));
        assert_eq!(out.next_match(2, false), Some(1));
        assert_eq!(out.next_match(4, true), Some(1), "round to the first from the bottom");
    }

    #[test]
    fn eviction_drops_the_matches_of_the_lines_it_drops() {
        let mut out = ProcessOutput::new(300);
        out.set_filter("error");
        for i in 0..20 {
            out.push(StyledLine::plain(format!("error {i}")));
        }
        assert!(out.len() < 20);
        assert_eq!(out.get(out.len() - 1).map(|l| l.text.as_str()), Some("error 19"));
        assert_eq!(out.get(0).map(|l| l.text.clone()), Some(format!("error {}", out.evicted())));
    }
}
