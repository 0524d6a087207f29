//! The loaded records of one model: in the order read (live inserts first), filtered by text
//! or by `field=value`, sorted by a column among those loaded, with what changed lately.
//! Each row keeps its text to match once, so filtering 100 000 rows formats nothing.

use std::cmp::Ordering;

use serde_json::Value;

use crate::domain::data::{Change, Model, Record, key_text, plain};

/// How long a changed cell stays marked.
pub const MARK_MS: i64 = 5_000;

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub record: Record,
    pub key: String,
    haystack: String,
    /// When a live change last touched it, and which fields it changed.
    pub changed_ms: Option<i64>,
    pub changed: Vec<String>,
    /// Inserted while watching.
    pub new: bool,
    /// Deleted while watching: shown struck through.
    pub removed: bool,
}

impl Row {
    fn new(model: &Model, record: Record) -> Self {
        let key = key_text(&model.key_of(&record));
        let haystack = record.values().map(plain).collect::<Vec<_>>().join("\u{1f}").to_lowercase();
        Self { record, key, haystack, changed_ms: None, changed: Vec::new(), new: false, removed: false }
    }

    /// The field changed within the last few seconds.
    pub fn marked(&self, field: &str, now_ms: i64) -> bool {
        self.changed_ms.is_some_and(|at| now_ms - at < MARK_MS) && self.changed.iter().any(|f| f == field)
    }
}

/// What the filter line asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    None,
    Text(String),
    /// `field=value`: the rows whose field is that value.
    Equals(String, String),
}

impl Filter {
    pub fn parse(text: &str, model: Option<&Model>) -> Filter {
        let text = text.trim();
        if text.is_empty() {
            return Filter::None;
        }
        match text.split_once('=') {
            Some((field, value)) if model.is_some_and(|m| m.field(field.trim()).is_some()) => {
                Filter::Equals(field.trim().to_owned(), value.trim().to_owned())
            }
            _ => Filter::Text(text.to_lowercase()),
        }
    }

    fn keeps(&self, row: &Row) -> bool {
        match self {
            Filter::None => true,
            Filter::Text(text) => row.haystack.contains(text.as_str()),
            Filter::Equals(field, value) => row.record.get(field).is_some_and(|v| plain(v) == *value),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Rows {
    pub all: Vec<Row>,
    /// Indexes into `all`, filtered and sorted: what the pane lists.
    pub visible: Vec<usize>,
    filter: Option<Filter>,
    /// The column sorted by, and whether descending.
    pub sort: Option<(String, bool)>,
}

impl Rows {
    pub fn clear(&mut self) {
        self.all.clear();
        self.visible.clear();
    }

    pub fn get(&self, visible: usize) -> Option<&Row> {
        self.all.get(*self.visible.get(visible)?)
    }

    pub fn set_filter(&mut self, filter: Filter) {
        self.filter = Some(filter);
        self.rebuild();
    }

    pub fn filtered(&self) -> bool {
        !matches!(self.filter, None | Some(Filter::None))
    }

    /// Sorts by a column (descending or not); none keeps the order read.
    pub fn set_sort(&mut self, sort: Option<(String, bool)>) {
        self.sort = sort;
        self.rebuild();
    }

    pub fn extend(&mut self, model: &Model, records: Vec<Record>) {
        for record in records {
            let row = Row::new(model, record);
            match self.all.iter().position(|r| r.key == row.key) {
                Some(i) => self.all[i] = row,
                None => self.all.push(row),
            }
        }
        self.rebuild();
    }

    /// A record ampdeck wrote: in its place, or on top when new.
    pub fn put(&mut self, model: &Model, record: Record) {
        let row = Row::new(model, record);
        match self.all.iter().position(|r| r.key == row.key) {
            Some(i) => self.all[i] = row,
            None => self.all.insert(0, row),
        }
        self.rebuild();
    }

    /// Applies live changes; returns how many there were.
    pub fn apply(&mut self, model: &Model, changes: Vec<Change>, now_ms: i64) -> usize {
        let count = changes.len();
        for change in changes {
            let (record, removed) = match change {
                Change::Inserted(r) | Change::Modified(r) => (r, false),
                Change::Removed(r) => (r, true),
            };
            let mut row = Row::new(model, record);
            row.changed_ms = Some(now_ms);
            match self.all.iter().position(|r| r.key == row.key) {
                Some(i) if removed => {
                    self.all[i].removed = true;
                    self.all[i].changed_ms = Some(now_ms);
                }
                Some(i) => {
                    let old = &self.all[i].record;
                    let fields = row.record.keys().chain(old.keys());
                    row.changed = fields.filter(|f| old.get(*f) != row.record.get(*f)).cloned().collect();
                    row.changed.dedup();
                    row.new = self.all[i].new;
                    self.all[i] = row;
                }
                None if removed => {}
                None => {
                    row.new = true;
                    row.changed = row.record.keys().cloned().collect();
                    self.all.insert(0, row);
                }
            }
        }
        self.rebuild();
        count
    }

    /// Records read again by a poll, merged as changes where they differ.
    pub fn merge_polled(&mut self, model: &Model, records: Vec<Record>, now_ms: i64) -> usize {
        let changed: Vec<Change> = records
            .into_iter()
            .filter_map(|record| {
                let key = key_text(&model.key_of(&record));
                match self.all.iter().find(|r| r.key == key) {
                    Some(row) if row.record == record => None,
                    Some(_) => Some(Change::Modified(record)),
                    None => Some(Change::Inserted(record)),
                }
            })
            .collect();
        if changed.is_empty() { 0 } else { self.apply(model, changed, now_ms) }
    }

    pub fn remove(&mut self, key: &str) {
        self.all.retain(|r| r.key != key);
        self.rebuild();
    }

    fn rebuild(&mut self) {
        let filter = self.filter.clone().unwrap_or(Filter::None);
        let mut visible: Vec<usize> = (0..self.all.len()).filter(|&i| filter.keeps(&self.all[i])).collect();
        if let Some((column, descending)) = &self.sort {
            let value = |i: usize| self.all[i].record.get(column);
            visible.sort_by(|&a, &b| {
                let order = compare(value(a), value(b));
                if *descending { order.reverse() } else { order }
            });
        }
        self.visible = visible;
    }
}

/// Numbers by value, text by text, missing and null last.
fn compare(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    let a = a.filter(|v| !v.is_null());
    let b = b.filter(|v| !v.is_null());
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(Value::Number(x)), Some(Value::Number(y))) => {
            x.as_f64().partial_cmp(&y.as_f64()).unwrap_or(Ordering::Equal)
        }
        (Some(x), Some(y)) => plain(x).cmp(&plain(y)),
    }
}
