//! Which lines the Logs pane shows: a text or regex filter (or a search, which only
//! highlights), errors only, hidden functions.

use std::collections::HashSet;
use std::sync::Arc;

use super::{Kind, Level, LogLine};

/// Which lines the pane shows.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub(super) text: String,
    /// Case-insensitive; `None` when `text` is empty or not a valid regex (then a literal).
    regex: Option<regex::Regex>,
    pub errors_only: bool,
    pub hidden: HashSet<Arc<str>>,
    /// Search instead of filter: the text only highlights and `n`/`N` jump between matches;
    /// every line stays visible.
    pub search: bool,
}

impl Filter {
    /// Its text, as typed.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// A filter on text alone (regex when `text` is one).
    pub fn new(text: &str) -> Self {
        let mut filter = Self::default();
        filter.set_text(text);
        filter
    }

    pub(super) fn set_text(&mut self, text: &str) {
        self.text = text.to_owned();
        self.regex =
            (!text.is_empty()).then(|| regex::RegexBuilder::new(text).case_insensitive(true).build().ok()).flatten();
    }

    pub(super) fn matches(&self, line: &LogLine) -> bool {
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
