//! Speed of the hot paths: drawing a frame (must not grow with buffered data), ingesting
//! log lines, and feeding a deploy's stack events through the core.
//! Run: `cargo bench --bench workbench`.

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;

use ampdeck::amplify::toolkit::ToolkitMessage;
use ampdeck::app::{DeployMsg, Event, update};
use ampdeck::cloud::LogEvent;
use ampdeck::logs::LogStore;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn log_events(n: usize) -> Vec<LogEvent> {
    (0..n)
        .map(|i| LogEvent {
            function: if i % 3 == 0 { "table-manager".into() } else { "say-hello".into() },
            timestamp_ms: common::NOW_MS + i as i64,
            message: format!(
                "2025-03-11T03:40:01.000Z\treq-{i}\tINFO\t{{\"level\":\"INFO\",\"msg\":\"greeting\",\"n\":{i}}}"
            ),
        })
        .collect()
}

fn render(c: &mut Criterion) {
    let mut group = c.benchmark_group("render_frame_120x40");
    for lines in [1_000usize, 100_000] {
        let mut state = common::settled(120, 40);
        update(&mut state, Event::Logs(log_events(lines)));
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
        group.bench_with_input(BenchmarkId::new("log_lines", lines), &state, |b, state| {
            b.iter(|| terminal.draw(|f| ampdeck::ui::draw(black_box(state), f)).map(|_| ()))
        });
    }
    group.finish();
}

fn ingest(c: &mut Criterion) {
    let events = log_events(10_000);
    c.bench_function("ingest_10k_log_lines_with_filter", |b| {
        b.iter(|| {
            let mut store = LogStore::new(20_000, 16 << 20);
            store.set_filter("greeting");
            for e in &events {
                store.push(black_box(e));
            }
            store.len()
        })
    });
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
            state.rows.len()
        })
    });
}

criterion_group!(benches, render, ingest, replay);
criterion_main!(benches);
