//! The demo's data: the sample app's `Todo` model with three dozen records per environment,
//! a trickle of inserts and updates while the Data pane watches, writes refused the way a
//! DynamoDB condition refuses them, and every change on the table's "stream".

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

use crate::domain::data::{Change, DataReply, DataRequest, Expect, Read, Record};
use crate::ports::{Data, Sink};
use crate::util::timefmt::{iso8601, now_epoch_ms};

const SCHEMA: &str = include_str!("../../../assets/demo-data/model-schema.graphql");
const THINGS: &[&str] = &[
    "Write the launch post",
    "Review pull request #42",
    "Book the team offsite",
    "Fix the flaky sign-in test",
    "Rotate the Stripe webhook secret",
    "Try the new ampdeck Data pane",
    "Add an index on Todo.owner",
    "Answer the support ticket from Ana",
    "Order more coffee",
    "Ship the dark mode",
    "Profile the list query",
    "Update the onboarding email",
];

#[derive(Default)]
struct Store {
    tables: HashMap<String, Vec<Record>>,
    /// Changes not yet read from each table's stream.
    stream: HashMap<String, Vec<Change>>,
    ticks: u64,
}

#[derive(Clone)]
pub struct SimData {
    store: Arc<Mutex<Store>>,
    sink: Option<Sink<DataReply>>,
    speed: f64,
    watching: Arc<AtomicU64>,
}

fn todo(n: u64, at_ms: i64) -> Record {
    let content = THINGS[(n as usize * 7) % THINGS.len()];
    // Owned by the pool's confirmed users (alice, bob, erin), as Amplify writes an owner:
    // `<sub>::<username>`.
    let owner = super::users::username([0, 1, 4][(n % 3) as usize]);
    let record = json!({
        "id": format!("{:08x}-demo-4000-8000-{:012x}", n * 2_654_435_761 % 0xffff_ffff, n),
        "content": if n.is_multiple_of(5) { format!("{content} ({n})") } else { content.to_owned() },
        "done": n.is_multiple_of(3),
        "createdAt": iso8601(at_ms),
        "updatedAt": iso8601(at_ms + (n as i64 % 4) * 60_000),
        "owner": format!("{owner}::{owner}"),
        "__typename": "Todo",
    });
    match record {
        Value::Object(map) => map,
        _ => Record::new(),
    }
}

impl SimData {
    pub fn new(sink: Sink<DataReply>, speed: f64) -> Self {
        Self { store: Arc::default(), sink: Some(sink), speed, watching: Arc::default() }
    }

    fn answer(&self, request: DataRequest) -> DataReply {
        let Ok(mut store) = self.store.lock() else {
            return DataReply::Changes { table: String::new(), changes: Vec::new() };
        };
        match request {
            DataRequest::Schema { generation, .. } => DataReply::Schema { generation, text: SCHEMA.to_owned() },
            DataRequest::Page { table, read, start, limit, generation } => {
                let rows = store.table(&table);
                let kept: Vec<&Record> = rows.iter().filter(|r| matches(r, &read)).collect();
                let from =
                    start.and_then(|s| kept.iter().position(|r| r.get("id") == s.get("id"))).map_or(0, |i| i + 1);
                let page: Vec<Record> =
                    kept.iter().skip(from).take(limit.max(1) as usize).map(|r| (*r).clone()).collect();
                let more = from + page.len() < kept.len();
                let next = page.last().filter(|_| more).map(key);
                DataReply::Page { generation, table, records: page, next }
            }
            DataRequest::Get { table, key: k } => {
                let record = store.table(&table).iter().find(|r| r.get("id") == k.get("id")).cloned();
                DataReply::Got { table, record }
            }
            DataRequest::Put { table, record, expect } => {
                let rows = store.table(&table);
                let at = rows.iter().position(|r| r.get("id") == record.get("id"));
                if !holds(at.map(|i| &rows[i]), &expect) {
                    return DataReply::Conflict { key: key(&record), table };
                }
                let change = match at {
                    Some(i) => {
                        rows[i] = record.clone();
                        Change::Modified(record.clone())
                    }
                    None => {
                        rows.insert(0, record.clone());
                        Change::Inserted(record.clone())
                    }
                };
                store.stream.entry(table.clone()).or_default().push(change);
                DataReply::Written { table, record }
            }
            DataRequest::Delete { table, key: k, expect } => {
                let rows = store.table(&table);
                let at = rows.iter().position(|r| r.get("id") == k.get("id"));
                if !holds(at.map(|i| &rows[i]), &expect) || at.is_none() {
                    return DataReply::Conflict { table, key: k };
                }
                let removed = at.map(|i| rows.remove(i)).unwrap_or_default();
                store.stream.entry(table.clone()).or_default().push(Change::Removed(removed));
                DataReply::Deleted { table, key: k }
            }
        }
    }
}

impl Store {
    /// A table, seeded with the demo's records the first time it is read.
    fn table(&mut self, name: &str) -> &mut Vec<Record> {
        self.tables.entry(name.to_owned()).or_insert_with(|| {
            let now = now_epoch_ms();
            (0..36u64).rev().map(|n| todo(n + 1, now - (n as i64 + 1) * 2 * 3_600_000)).collect()
        })
    }

    /// The app at work: every few seconds someone adds a todo or ticks one off.
    fn trickle(&mut self, table: &str) {
        self.ticks += 1;
        let n = self.ticks;
        let now = now_epoch_ms();
        let rows = self.table(table);
        let change = if n.is_multiple_of(3) || rows.is_empty() {
            let record = todo(100 + n, now);
            rows.insert(0, record.clone());
            Change::Inserted(record)
        } else {
            let i = (n as usize * 5) % rows.len();
            let done = rows[i].get("done").and_then(Value::as_bool).unwrap_or(false);
            rows[i].insert("done".into(), Value::Bool(!done));
            rows[i].insert("updatedAt".into(), Value::String(iso8601(now)));
            Change::Modified(rows[i].clone())
        };
        self.stream.entry(table.to_owned()).or_default().push(change);
    }
}

fn key(record: &Record) -> Record {
    record.get("id").map(|v| ("id".to_owned(), v.clone())).into_iter().collect()
}

fn matches(record: &Record, read: &Read) -> bool {
    match read {
        Read::Scan => true,
        Read::Partition { key, value } => record.get(key) == Some(value),
    }
}

fn holds(current: Option<&Record>, expect: &Expect) -> bool {
    match (expect, current) {
        (Expect::Absent { .. }, found) => found.is_none(),
        (Expect::Unchanged { .. }, None) => false,
        (Expect::Unchanged { stamp: Some((field, at)), .. }, Some(r)) => {
            r.get(field).and_then(Value::as_str) == Some(at)
        }
        (Expect::Unchanged { stamp: None, .. }, Some(_)) => true,
    }
}

impl Data for SimData {
    fn request(&mut self, request: DataRequest) {
        let sim = self.clone();
        super::answer_later(self.sink.clone(), 0.15, self.speed, move || sim.answer(request));
    }

    fn watch(&mut self, tables: Vec<String>) {
        let mine = self.watching.fetch_add(1, Ordering::SeqCst) + 1;
        let (Some(sink), Some(table)) = (self.sink.clone(), tables.into_iter().next()) else { return };
        let (store, current) = (self.store.clone(), self.watching.clone());
        let beat = Duration::from_secs_f64(0.5 / self.speed.max(0.01));
        tokio::spawn(async move {
            if !sink.send(DataReply::Live { table: table.clone() }).await {
                return;
            }
            let mut beats = 0u64;
            while current.load(Ordering::SeqCst) == mine {
                tokio::time::sleep(beat).await;
                beats += 1;
                let changes = {
                    let Ok(mut store) = store.lock() else { return };
                    if beats.is_multiple_of(8) {
                        store.trickle(&table);
                    }
                    store.stream.get_mut(&table).map(std::mem::take).unwrap_or_default()
                };
                if !changes.is_empty()
                    && current.load(Ordering::SeqCst) == mine
                    && !sink.send(DataReply::Changes { table: table.clone(), changes }).await
                {
                    return;
                }
            }
        });
    }

    fn shutdown(&mut self) {
        self.watching.fetch_add(1, Ordering::SeqCst);
        self.sink = None;
    }
}
