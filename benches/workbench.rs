//! Speed of the hot paths: drawing a frame (must not grow with buffered data: 1 000 against
//! 1 000 000 log lines, 60 against 12 000 users read), ingesting log lines, filtering a million of them, and feeding a
//! deploy's stack events through the core. Also prints what a buffered line costs in memory.
//! Run: `cargo bench --bench workbench`.

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;

use ampdeck::app::Event;
use ampdeck::app::testkit::update;
use ampdeck::domain::deploy::{DeployMsg, ToolkitMessage};
use ampdeck::domain::logs::LogEvent;
use ampdeck::model::logs::LogStore;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn log_event(i: usize) -> LogEvent {
    LogEvent {
        function: if i.is_multiple_of(3) { "table-manager".into() } else { "say-hello".into() },
        timestamp_ms: common::NOW_MS + i as i64,
        message: format!(
            "2025-03-11T03:40:01.000Z\treq-{i}\tINFO\t{{\"level\":\"INFO\",\"msg\":\"greeting\",\"n\":{i}}}"
        ),
        internal: false,
        source: Default::default(),
    }
}

fn log_events(n: usize) -> Vec<LogEvent> {
    (0..n).map(log_event).collect()
}

fn render(c: &mut Criterion) {
    let mut group = c.benchmark_group("render_frame_120x40");
    for lines in [1_000usize, 1_000_000] {
        let mut state = common::settled(120, 40);
        state.panes.logs.store.set_budget(1 << 30);
        for chunk in log_events(lines).chunks(10_000) {
            update(&mut state, Event::Logs(chunk.to_vec()));
        }
        assert_eq!(state.panes.logs.store.evicted(), 0, "nothing evicted");
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
        group.bench_with_input(BenchmarkId::new("log_lines", lines), &state, |b, state| {
            b.iter(|| {
                terminal.draw(|f| ampdeck::ui::draw(black_box(state), ampdeck::app::keys::defaults(), f)).map(|_| ())
            })
        });
    }
    group.finish();
}

/// The Users & secrets page with many users read: drawing stays O(visible rows).
fn render_users(c: &mut Criterion) {
    use ampdeck::domain::users::UsersReply;
    let mut group = c.benchmark_group("render_users_120x40");
    for users in [60usize, 12_000] {
        let mut state = common::access(120, 40);
        let generation = state.panes.users.generation;
        for page in 0..users / 60 {
            let batch =
                (0..60).map(|i| common::user(&format!("u{:06}@example.com", page * 60 + i), "CONFIRMED", true, 1));
            update(
                &mut state,
                Event::Users(UsersReply::Page { generation, users: batch.collect(), next: Some("more".into()) }),
            );
        }
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
        group.bench_with_input(BenchmarkId::new("users_read", users), &state, |b, state| {
            b.iter(|| {
                terminal.draw(|f| ampdeck::ui::draw(black_box(state), ampdeck::app::keys::defaults(), f)).map(|_| ())
            })
        });
    }
    group.finish();
}

/// The Data pane with many records loaded: drawing stays O(visible rows), and a live change
/// costs one pass over what is loaded.
fn render_records(c: &mut Criterion) {
    use ampdeck::domain::data::{Change, DataReply};
    let mut group = c.benchmark_group("render_records_120x40");
    for records in [100usize, 100_000] {
        let mut state = common::blank(120, 40);
        ampdeck::app::testkit::with_todos(&mut state, records);
        assert_eq!(state.panes.data.rows.all.len(), records);
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
        group.bench_with_input(BenchmarkId::new("records_loaded", records), &state, |b, state| {
            b.iter(|| {
                terminal.draw(|f| ampdeck::ui::draw(black_box(state), ampdeck::app::keys::defaults(), f)).map(|_| ())
            })
        });
        let mut n = 0;
        group.bench_function(BenchmarkId::new("live_change", records), |b| {
            b.iter(|| {
                n += 1;
                let mut record = ampdeck::app::testkit::todo(n % records);
                record.insert("done".into(), serde_json::Value::Bool(n % 2 == 0));
                let changes = vec![Change::Modified(record)];
                update(&mut state, Event::Data(DataReply::Changes { table: "Todo-api123-NONE".into(), changes }))
            })
        });
    }
    group.finish();
}

fn ingest(c: &mut Criterion) {
    let events = log_events(100_000);
    let mut group = c.benchmark_group("ingest");
    group.throughput(Throughput::Elements(events.len() as u64));
    group.bench_function("100k_log_lines", |b| {
        b.iter(|| {
            let mut store = LogStore::new(1 << 30);
            for e in &events {
                store.push(black_box(e));
            }
            store.len()
        })
    });
    group.bench_function("100k_log_lines_with_filter", |b| {
        b.iter(|| {
            let mut store = LogStore::new(1 << 30);
            store.set_filter("greeting");
            for e in &events {
                store.push(black_box(e));
            }
            store.len()
        })
    });
    // Every line through the terminal parser: a colour, a title sequence and a `\r` each.
    let hostile: Vec<LogEvent> = events
        .iter()
        .map(|e| LogEvent { message: format!("\x1b[31m{}\x1b]0;t\x07\rend", e.message), ..e.clone() })
        .collect();
    group.bench_function("100k_log_lines_with_escapes", |b| {
        b.iter(|| {
            let mut store = LogStore::new(1 << 30);
            for e in &hostile {
                store.push(black_box(e));
            }
            store.len()
        })
    });
    group.finish();
}

/// Runs first, so the resident memory it measures is the store's alone.
fn filter(c: &mut Criterion) {
    let mut store = LogStore::new(1 << 30);
    let rss = resident_bytes();
    // Made one at a time, so only the store's memory grows.
    for i in 0..1_000_000 {
        store.push(&log_event(i));
    }
    let grown = resident_bytes().saturating_sub(rss);
    println!(
        "memory per buffered line: {} B by the store's own count, {} B of resident memory ({} lines)",
        store.bytes() / store.total(),
        grown / store.total(),
        store.total()
    );
    let mut group = c.benchmark_group("filter_1m_lines");
    group.sample_size(10);
    group.bench_function("text", |b| b.iter(|| store.set_filter(black_box("\"n\":99999"))));
    group.bench_function("regex", |b| b.iter(|| store.set_filter(black_box(r"n.:9{5}\b"))));
    group.finish();
}

/// The Timeline pane of a first deploy still running (its stacks, what it waits on, the
/// slowest resources): drawing reads what the events already built.
fn render_timeline(c: &mut Criterion) {
    let mut group = c.benchmark_group("render_timeline");
    let lines: Vec<&str> = common::NEW_DEPLOYMENT.lines().collect();
    let two_thirds: String = lines[..lines.len() * 2 / 3].iter().map(|l| format!("{l}\n")).collect();
    for (w, h) in [(120u16, 40u16), (200, 60)] {
        let mut state = common::blank(w, h);
        common::deploy(&mut state, &two_thirds, None, std::time::Duration::from_secs(90));
        ampdeck::app::focus::focus(&mut state, ampdeck::app::state::PaneId::Timeline);
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        group.bench_with_input(BenchmarkId::new("running_first_deploy", format!("{w}x{h}")), &state, |b, state| {
            b.iter(|| {
                terminal.draw(|f| ampdeck::ui::draw(black_box(state), ampdeck::app::keys::defaults(), f)).map(|_| ())
            })
        });
    }
    group.finish();
}

/// Resident memory of this process (`/proc/self/statm`), 0 where there is none.
fn resident_bytes() -> usize {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<usize>().ok())
        .map_or(0, |pages| pages * 4096)
}

fn replay(c: &mut Criterion) {
    let messages: Vec<ToolkitMessage> =
        common::NEW_DEPLOYMENT.lines().filter_map(|l| ToolkitMessage::parse(l).ok()).collect();
    c.bench_function("update_new_deployment_509_messages", |b| {
        b.iter(|| {
            let mut state = common::blank(120, 40);
            update(&mut state, common::key('d'));
            for message in &messages {
                update(&mut state, Event::Deploy(DeployMsg::Toolkit { id: 1, message: Box::new(message.clone()) }));
            }
            state.panes.resources.rows.len()
        })
    });
}

criterion_group!(benches, filter, render, render_users, render_records, render_timeline, ingest, replay);
criterion_main!(benches);
