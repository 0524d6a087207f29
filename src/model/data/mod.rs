//! The Data pane's model: the followed environment's models (from its schema document),
//! which table holds each, and the records of the one shown, read a page at a time as the
//! user scrolls, kept live from the table's stream while the pane is shown.

pub mod rows;

use serde_json::Value;

use self::rows::{Filter, Rows};
use crate::domain::data::{DataReply, DataRequest, Model, ModelTable, Read, Record};
use crate::domain::health::Problem;

/// Records per page.
pub const PAGE: i32 = 100;
/// A page is read this many rows before the end of those loaded.
const LOOKAHEAD: usize = 20;
/// How often a table without a stream is read again while shown.
const POLL_MS: i64 = 5_000;
/// How long a failed read waits before it is tried again.
const RETRY_MS: i64 = 5_000;
/// `G` stops reading here: the rows are held in memory, and a table this big is better read
/// with a filter (`L` still reads on, a page at a time).
pub const TO_END_LIMIT: usize = 50_000;

/// Where the data of an environment is: its schema document, its API, its table resources.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Source {
    pub stack: String,
    pub uri: Option<String>,
    pub api_id: Option<String>,
    /// `(logical id, physical id)` of its `Custom::AmplifyDynamoDBTable` resources.
    pub tables: Vec<(String, String)>,
}

#[derive(Debug, Clone, Default)]
pub struct DataModel {
    pub source: Source,
    generation: u64,
    schema_stale: bool,
    pub schema_loading: bool,
    pub schema_read: bool,
    models: Vec<Model>,
    /// The custom queries and mutations a function resolves, for its test events.
    pub resolvers: Vec<crate::amplify::payloads::Resolver>,
    pub tables: Vec<ModelTable>,
    /// The model shown.
    pub current: usize,
    pub rows: Rows,
    pub filter: String,
    read: Read,
    pub next: Option<Record>,
    /// Every page of the current read has arrived.
    pub complete: bool,
    page_stale: bool,
    pub loading: bool,
    /// `G` asked for every page: each is read as soon as the last came.
    pub to_end: bool,
    /// The row `G` put the selection on: while it is still there, it follows the pages in.
    pub to_end_row: usize,
    /// After a failed read: no page is asked for before this time (0: none pending).
    retry_at_ms: i64,
    /// The user asked for one more page although a text filter is set.
    more_wanted: bool,
    /// The table being watched, and whether it turned out to have no stream.
    pub watching: Option<String>,
    pub no_stream: bool,
    /// The watched table's stream is positioned: changes from now on are seen.
    pub live: bool,
    poll: Option<u64>,
    next_poll_ms: i64,
    /// Live changes seen since the pane was opened.
    pub changes: usize,
    pub problem: Option<(String, Problem)>,
    /// Why the shown table's changes are not followed now; gone when its stream reads again.
    pub stream_problem: Option<(String, Problem)>,
    /// The scan read before a key lookup (`id=…`): what clearing the lookup comes back to,
    /// with every page read so far.
    scan: Option<Box<(Rows, Option<Record>, bool)>>,
}

impl DataModel {
    /// Follows the data of `source`; another environment, schema or API starts over.
    pub fn set_source(&mut self, source: Source) {
        if source == self.source {
            return;
        }
        let schema_moved =
            (&source.stack, &source.uri, &source.api_id) != (&self.source.stack, &self.source.uri, &self.source.api_id);
        self.source = source;
        if schema_moved {
            self.models.clear();
            self.tables.clear();
            self.schema_read = false;
            self.current = 0;
            self.reload();
        } else {
            self.resolve();
        }
    }

    /// Which read an answer must belong to.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Reads the schema and the records again.
    pub fn reload(&mut self) {
        self.generation += 1;
        self.schema_stale = self.source.uri.is_some();
        self.schema_loading = false;
        self.restart_read();
    }

    /// A deploy finished: the schema document may have changed under the same address.
    pub fn recheck_schema(&mut self) {
        if self.source.uri.is_some() && self.schema_read {
            self.generation += 1;
            self.schema_stale = true;
            self.loading = false;
            self.page_stale = self.page_stale || self.rows.all.is_empty();
        }
    }

    /// What failed last and stands: a read or a write, else following the changes.
    pub fn problem(&self) -> Option<&(String, Problem)> {
        self.problem.as_ref().or(self.stream_problem.as_ref())
    }

    /// The schema named no data at all: the backend has no `defineData`.
    pub fn no_data(&self) -> bool {
        self.source.uri.is_none() || (self.schema_read && self.models.is_empty())
    }

    pub fn model(&self) -> Option<&ModelTable> {
        self.tables.get(self.current)
    }

    pub fn select(&mut self, index: usize) {
        if index < self.tables.len() && index != self.current {
            self.current = index;
            self.filter.clear();
            self.rows.sort = None;
            self.restart_read();
        }
    }

    pub fn set_filter(&mut self, text: &str) {
        self.filter = text.to_owned();
        let model = self.model().map(|t| &t.model);
        let filter = Filter::parse(text, model);
        let read = match (&filter, model) {
            (Filter::Equals(field, value), Some(m)) if *field == m.partition_key => {
                Read::Partition { key: field.clone(), value: typed(m, field, value) }
            }
            _ => Read::Scan,
        };
        if read != self.read {
            // A key lookup keeps the scan it interrupts; clearing it comes back to that scan.
            let interrupted = (self.read == Read::Scan).then(|| (self.rows.clone(), self.next.clone(), self.complete));
            let kept = self.scan.take();
            let back_to_scan = read == Read::Scan;
            self.read = read;
            self.restart_read();
            match (interrupted, kept) {
                (Some(scan), _) => self.scan = Some(Box::new(scan)),
                (None, Some(scan)) if back_to_scan => {
                    (self.rows, self.next, self.complete) = *scan;
                    // Its next page is read as the selection nears its end, as before.
                    self.page_stale = false;
                }
                // Another lookup (the key typed a character at a time) keeps the same scan.
                (None, kept) => self.scan = kept,
            }
        }
        self.rows.set_filter(filter);
    }

    /// Reads page after page until the end (or [`TO_END_LIMIT`] rows), or stops doing so.
    pub fn read_to_end(&mut self, on: bool) {
        self.to_end = on && !self.read_to_the_end();
    }

    /// Nothing more to read for `G`: the last page is in, or the limit is reached.
    pub fn read_to_the_end(&self) -> bool {
        self.complete || self.rows.all.len() >= TO_END_LIMIT
    }

    /// One more page, even with a text filter set.
    pub fn more(&mut self) -> bool {
        self.more_wanted = self.next.is_some();
        self.more_wanted
    }

    fn restart_read(&mut self) {
        self.to_end = false;
        self.retry_at_ms = 0;
        self.scan = None;
        self.generation += 1;
        self.rows.clear();
        self.next = None;
        self.complete = false;
        self.loading = false;
        self.page_stale = true;
        self.changes = 0;
        self.no_stream = false;
        self.live = false;
        self.poll = None;
        let filter = Filter::parse(&self.filter, self.model().map(|t| &t.model));
        self.rows.set_filter(filter);
    }

    fn resolve(&mut self) {
        let shown = self.model().map(|t| t.table.clone());
        let resources: Vec<(&str, &str, &str)> =
            self.source.tables.iter().map(|(l, p)| (l.as_str(), p.as_str(), "Custom::AmplifyDynamoDBTable")).collect();
        self.tables =
            crate::amplify::data_models::tables(self.models.clone(), &resources, self.source.api_id.as_deref());
        if self.model().map(|t| t.table.clone()) != shown {
            self.current = self.current.min(self.tables.len().saturating_sub(1));
            self.restart_read();
        }
    }

    /// Only the schema, when it is due (the Invoke page's templates read it too).
    pub fn schema_wanted(&mut self) -> Option<DataRequest> {
        if !self.schema_stale {
            return None;
        }
        self.schema_stale = false;
        self.schema_loading = true;
        let uri = self.source.uri.clone().unwrap_or_default();
        Some(DataRequest::Schema { uri, generation: self.generation })
    }

    /// What to ask for now, while the pane is shown: the schema, the first page, the next
    /// page when the selection nears the end of those loaded, a poll of a streamless table.
    pub fn wanted(&mut self, selected: usize, now_ms: i64) -> Vec<DataRequest> {
        if let Some(schema) = self.schema_wanted() {
            return vec![schema];
        }
        let Some(table) = self.model().map(|t| t.table.clone()) else { return Vec::new() };
        if self.loading || now_ms < self.retry_at_ms {
            return Vec::new();
        }
        let near_end = selected + LOOKAHEAD >= self.rows.visible.len();
        let auto = !self.rows.filtered() || matches!(self.read, Read::Partition { .. });
        let next_page = self.next.is_some() && ((near_end && auto) || self.more_wanted || self.to_end);
        if self.page_stale || next_page {
            self.page_stale = false;
            self.more_wanted = false;
            self.loading = true;
            let start = self.next.clone();
            return vec![DataRequest::Page {
                table,
                read: self.read.clone(),
                start,
                limit: PAGE,
                generation: self.generation,
            }];
        }
        if self.no_stream && self.poll.is_none() && now_ms >= self.next_poll_ms {
            self.generation += 1;
            self.poll = Some(self.generation);
            self.next_poll_ms = now_ms + POLL_MS;
            return vec![DataRequest::Page {
                table,
                read: self.read.clone(),
                start: None,
                limit: PAGE,
                generation: self.generation,
            }];
        }
        Vec::new()
    }

    /// The tables to stream while the pane is shown (`None`: no change to what is watched).
    pub fn watch_wanted(&mut self, shown: bool) -> Option<Vec<String>> {
        let want = self.model().map(|t| t.table.clone()).filter(|_| shown);
        if want == self.watching {
            return None;
        }
        if want.is_some() {
            self.changes = 0;
        }
        // A new watch is live once its stream says so; an old one's failure is not its.
        self.live = false;
        self.stream_problem = None;
        self.watching = want.clone();
        Some(want.into_iter().collect())
    }

    /// Takes an answer in; returns what to tell the user.
    pub fn apply(&mut self, reply: DataReply, now_ms: i64) -> Option<String> {
        match reply {
            DataReply::Schema { generation, text } if generation == self.generation => {
                self.schema_loading = false;
                self.schema_read = true;
                self.resolvers = crate::amplify::payloads::resolvers(&text);
                match crate::amplify::data_models::parse(&text) {
                    // Read again after a deploy, and the same: what is shown stays.
                    Ok(models) if models == self.models && !self.tables.is_empty() => return None,
                    Ok(models) => self.models = models,
                    Err(e) => self.problem = Some(("read the model schema".into(), schema_problem(e))),
                }
                self.current = 0;
                self.resolve();
                self.restart_read();
            }
            DataReply::Page { generation, table, records, next } => {
                self.on_page(generation, &table, records, next, now_ms)
            }
            DataReply::Changes { table, changes } if Some(&table) == self.watching.as_ref() => {
                self.live = true;
                self.stream_problem = None;
                let t = self.tables.get(self.current)?;
                self.changes += self.rows.apply(&t.model, changes, now_ms);
            }
            DataReply::Live { table } if Some(&table) == self.watching.as_ref() => {
                self.live = true;
                self.stream_problem = None;
            }
            DataReply::StreamFailed { table, problem } if Some(&table) == self.watching.as_ref() => {
                self.stream_problem = Some((format!("follow the changes of {table}"), problem));
            }
            DataReply::NoStream { table } if Some(&table) == self.watching.as_ref() => {
                self.no_stream = true;
                self.next_poll_ms = now_ms + POLL_MS;
            }
            DataReply::Written { table, record } => {
                let model = self.tables.iter().find(|t| t.table == table)?.model.clone();
                let key = crate::domain::data::key_text(&model.key_of(&record));
                if self.model().is_some_and(|t| t.table == table) {
                    self.rows.put(&model, record);
                }
                return Some(format!("{} {key} saved", model.name));
            }
            DataReply::Deleted { table, key } => {
                let text = crate::domain::data::key_text(&key);
                if self.model().is_some_and(|t| t.table == table) {
                    self.rows.remove(&text);
                }
                return Some(format!("record {text} deleted"));
            }
            DataReply::Got { table, record } => {
                let t = self.tables.get(self.current).filter(|t| t.table == table)?;
                let model = t.model.clone();
                self.rows.extend(&model, record.into_iter().collect());
            }
            DataReply::Conflict { key, .. } => {
                let text = crate::domain::data::key_text(&key);
                self.problem = Some(("save".into(), conflict_problem(&text)));
            }
            DataReply::Failed { generation, what, problem } => {
                if generation.is_some_and(|g| g != self.generation && Some(g) != self.poll) {
                    return None;
                }
                if generation.is_some() {
                    self.loading = false;
                    self.schema_loading = false;
                    self.poll = None;
                    // A failed read is tried again after a pause, not at once and not to the end;
                    // the first page's is asked again, the others' when wanted.
                    self.to_end = false;
                    self.retry_at_ms = now_ms + RETRY_MS;
                    self.page_stale = !self.complete && self.next.is_none();
                }
                self.problem = Some((what, problem));
            }
            _ => {}
        }
        None
    }

    fn on_page(&mut self, generation: u64, table: &str, records: Vec<Record>, next: Option<Record>, now_ms: i64) {
        let Some(t) = self.tables.get(self.current).filter(|t| t.table == table) else { return };
        let model = t.model.clone();
        if Some(generation) == self.poll {
            self.poll = None;
            self.problem = None;
            self.changes += self.rows.merge_polled(&model, records, now_ms);
            return;
        }
        if generation != self.generation {
            return;
        }
        self.loading = false;
        self.problem = None;
        self.retry_at_ms = 0;
        self.complete = next.is_none();
        self.next = next;
        self.rows.extend(&model, records);
    }

    /// Something shown changes with time: marks that fade, a poll that is due (only while
    /// the pane is shown).
    pub fn ticking(&self, now_ms: i64) -> bool {
        let fading =
            || self.rows.all.iter().take(200).any(|r| r.changed_ms.is_some_and(|t| now_ms - t < rows::MARK_MS));
        self.watching.is_some() && (self.no_stream || self.retry_at_ms > 0 || fading())
    }
}

/// The filter's text as the field's type: a number for a number field.
fn typed(model: &Model, field: &str, value: &str) -> Value {
    let numeric = model.field(field).is_some_and(|f| matches!(f.kind.as_str(), "Int" | "Float" | "AWSTimestamp"));
    match value.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
        Some(n) if numeric => value.parse::<i64>().map_or(Value::Number(n), Value::from),
        _ => Value::String(value.to_owned()),
    }
}

fn schema_problem(message: String) -> Problem {
    Problem {
        source: crate::domain::health::Source::Data,
        kind: crate::domain::health::ProblemKind::Other,
        message,
        hint: "deploy the data API again; r reloads".into(),
    }
}

fn conflict_problem(key: &str) -> Problem {
    Problem {
        source: crate::domain::health::Source::Data,
        kind: crate::domain::health::ProblemKind::Refused,
        message: format!("record {key} changed (or appeared) since it was read: nothing written"),
        hint: "its new version is shown; e edits that one".into(),
    }
}
