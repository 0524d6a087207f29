//! The log store's behaviour: bounded, filtered, searched, in time order.

use super::*;
use crate::domain::logs::LogEvent;

fn event(msg: &str) -> LogEvent {
    LogEvent::lambda("say-hello", 0, msg)
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
        ..LogEvent::default()
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
    store.push(&event(
        "REPORT RequestId: a\tDuration: 2.00 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 60 MB\t",
    ));
    store.clear();
    assert_eq!((store.len(), store.total(), store.bytes()), (0, 0, 0));
    assert_eq!(store.functions().get("say-hello").map(|s| s.invocations), Some(1));
}

fn at(ts: i64, msg: &str) -> LogEvent {
    LogEvent::lambda("say-hello", ts, msg)
}

fn texts(store: &LogStore) -> Vec<String> {
    (0..store.len()).filter_map(|i| store.get(i)).map(|l| l.text.clone()).collect()
}

#[test]
fn a_late_event_takes_its_place_in_time() {
    let mut store = LogStore::default();
    store.push_all(&[at(1_000, "a at 1.0"), at(3_000, "a at 3.0")]);
    store.push_marker(3_500, "── deploy #2 started ──");
    // A second instance's stream, ingested later: older than what is shown.
    store.push_all(&[at(1_500, "b at 1.5\n    with a second line"), at(4_000, "a at 4.0")]);
    assert_eq!(
        texts(&store),
        ["a at 1.0", "b at 1.5", "    with a second line", "a at 3.0", "── deploy #2 started ──", "a at 4.0"]
    );
    store.set_filter("at");
    assert_eq!(texts(&store), ["a at 1.0", "b at 1.5", "a at 3.0", "── deploy #2 started ──", "a at 4.0"]);
    store.push(&at(2_000, "b at 2.0"));
    assert_eq!(store.get(2).map(|l| l.text.as_str()), Some("b at 2.0"), "the filtered view too");
    store.set_filter("");
    let seqs: Vec<u64> = (0..store.len()).filter_map(|i| store.get(i)).map(|l| l.seq).collect();
    assert!(seqs.windows(2).all(|w| w[1] == w[0] + 1), "lines stay numbered in order: {seqs:?}");
}

#[test]
fn a_carriage_return_in_a_line_is_shown_not_obeyed() {
    let mut store = LogStore::default();
    store.push(&at(0, "abc\rXYZ"));
    assert_eq!(texts(&store), ["abc␍XYZ"]);
}

#[test]
fn markers_are_shown_with_a_filter_but_are_not_matches() {
    let mut store = LogStore::default();
    store.push_marker(0, "── deploy #1 started ──");
    store.push(&LogEvent::lambda("say-hello", 1, "greeting"));
    store.push(&LogEvent::lambda("say-hello", 2, "farewell"));
    store.push_marker(3, "── deploy #1 deployed ──");
    store.set_filter("xyzzy");
    assert_eq!((store.len(), store.matched()), (2, 0), "both markers shown, nothing matched");
    store.set_filter("greet");
    assert_eq!(store.matched(), 1);
    store.clear();
    store.push(&LogEvent::lambda("say-hello", 4, "greeting again"));
    assert_eq!(store.matched(), 1, "cleared markers no longer count");
}
