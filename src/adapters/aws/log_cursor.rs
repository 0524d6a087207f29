//! Where a log group's next read starts, and which events it has already delivered.
//!
//! CloudWatch ingests each log stream at its own pace: a second Lambda instance's stream, or
//! a few seconds of ingestion delay, brings events older than the newest one already shown,
//! and an endpoint may return one page grouped by stream rather than by time. So every read
//! starts [`OVERLAP`] before the newest event seen and drops what it delivered before, by
//! event id. The ids kept are bounded ([`MAX_SEEN`]): past that the window narrows instead
//! of memory growing.

use std::collections::{BTreeSet, HashMap};

/// How far back of the newest event each read starts again.
pub const OVERLAP_MS: i64 = 15_000;
/// Event ids remembered per group at most.
pub const MAX_SEEN: usize = 50_000;

#[derive(Debug, Default)]
pub struct Cursor {
    /// The newest timestamp delivered.
    newest_ms: i64,
    /// Nothing older than this is read again: delivered, or too late to show.
    floor_ms: i64,
    /// The ids delivered since `floor_ms`, with their timestamps.
    seen: HashMap<String, i64>,
    /// Milliseconds holding an event the SDK could not read: later reads leave them out.
    unreadable: BTreeSet<i64>,
}

impl Cursor {
    /// A group read for the first time from `since_ms` on.
    pub fn from(since_ms: i64) -> Self {
        Self { newest_ms: since_ms, floor_ms: since_ms, ..Self::default() }
    }

    /// Where the next read starts.
    pub fn start(&self) -> i64 {
        self.floor_ms.max(self.newest_ms - OVERLAP_MS)
    }

    /// What polling can no longer return: older events are never delivered again.
    pub fn floor(&self) -> i64 {
        self.floor_ms
    }

    /// The time ranges of the next read from `start` on (the last one open-ended): the
    /// whole window, less the milliseconds known to be unreadable.
    pub fn ranges(&self) -> Vec<(i64, Option<i64>)> {
        let mut ranges = Vec::new();
        let mut from = self.start();
        for &bad in self.unreadable.range(from..) {
            if bad > from {
                ranges.push((from, Some(bad - 1)));
            }
            from = bad + 1;
        }
        ranges.push((from, None));
        ranges
    }

    /// Whether event `id` at `ts` is new (and from now on, not).
    pub fn fresh(&mut self, id: &str, ts: i64) -> bool {
        if ts < self.floor_ms || self.seen.contains_key(id) {
            return false;
        }
        self.seen.insert(id.to_owned(), ts);
        self.newest_ms = self.newest_ms.max(ts);
        true
    }

    pub fn mark_unreadable(&mut self, ms: i64) {
        self.unreadable.insert(ms);
    }

    /// After a read: what fell out of the window is forgotten.
    pub fn settle(&mut self) {
        self.floor_ms = self.floor_ms.max(self.newest_ms - OVERLAP_MS);
        if self.seen.len() > MAX_SEEN {
            // The newest half stays; the window starts at the oldest of those.
            let mut times: Vec<i64> = self.seen.values().copied().collect();
            let cut = times.len() - MAX_SEEN / 2;
            let (_, kept, _) = times.select_nth_unstable(cut);
            self.floor_ms = self.floor_ms.max(*kept);
        }
        let floor = self.floor_ms;
        self.seen.retain(|_, ts| *ts >= floor);
        self.unreadable.retain(|&ms| ms >= floor);
    }

    pub fn remembered(&self) -> usize {
        self.seen.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_start_back_in_time_and_deliver_each_event_once() {
        let mut cursor = Cursor::from(1_000);
        assert_eq!(cursor.start(), 1_000);
        assert!(cursor.fresh("a", 50_000) && cursor.fresh("b", 50_001));
        cursor.settle();
        assert_eq!(cursor.start(), 50_001 - OVERLAP_MS, "the recent past is read again");
        assert!(!cursor.fresh("a", 50_000), "but not delivered again");
        assert!(cursor.fresh("late", 48_500), "a late event in another stream is delivered");
        assert!(!cursor.fresh("too-old", 1_000), "before the window: already read or too late");
    }

    #[test]
    fn the_ids_kept_are_bounded() {
        let mut cursor = Cursor::from(0);
        for i in 0..(MAX_SEEN as i64 + 10) {
            cursor.fresh(&format!("id-{i}"), 1_000_000 + i / 1000);
        }
        cursor.settle();
        assert!(cursor.remembered() <= MAX_SEEN / 2 + 1000, "{}", cursor.remembered());
        assert!(!cursor.fresh("id-0", 1_000_000), "below the narrowed window");
    }

    #[test]
    fn unreadable_milliseconds_are_left_out_of_the_next_reads() {
        let mut cursor = Cursor::from(100);
        cursor.mark_unreadable(150);
        cursor.mark_unreadable(151);
        cursor.mark_unreadable(300);
        assert_eq!(cursor.ranges(), vec![(100, Some(149)), (152, Some(299)), (301, None)]);
        cursor.fresh("x", 400_000);
        cursor.settle();
        assert_eq!(cursor.ranges(), vec![(400_000 - OVERLAP_MS, None)], "forgotten once out of the window");
    }
}
