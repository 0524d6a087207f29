//! The lines of each invocation together: an invocation's lines sit where its first line
//! arrived, in the order the invocations started; inside one, START first, its own lines by
//! their time, then END and REPORT (a line that arrived late, from another read, still goes
//! before the END); lines without a request id keep their place.

use std::collections::{HashMap, VecDeque};

use super::LogLine;
use super::lambda::Kind;

/// Where a line goes inside its invocation.
fn place(kind: Kind) -> u8 {
    match kind {
        Kind::Start | Kind::Init => 0,
        Kind::End => 2,
        Kind::Report => 3,
        _ => 1,
    }
}

/// `shown` (sequence numbers into `lines`) ordered by invocation.
pub fn by_invocation(lines: &VecDeque<LogLine>, shown: impl Iterator<Item = u64>) -> VecDeque<u64> {
    let mut first: HashMap<&str, u64> = HashMap::new();
    for line in lines {
        if let Some(id) = line.request_id.as_deref() {
            first.entry(id).or_insert(line.seq);
        }
    }
    let front = lines.front().map_or(0, |l| l.seq);
    let key = |seq: u64| {
        let line = usize::try_from(seq - front).ok().and_then(|i| lines.get(i));
        let group = line.and_then(|l| l.request_id.as_deref()).and_then(|id| first.get(id)).copied();
        match (group, line) {
            (Some(group), Some(l)) => (group, place(l.kind), l.timestamp_ms, seq),
            _ => (seq, 1, 0, seq),
        }
    };
    let mut ordered: Vec<u64> = shown.collect();
    ordered.sort_by_key(|&seq| key(seq));
    ordered.into()
}

#[cfg(test)]
mod tests {
    use super::super::LogStore;
    use crate::domain::logs::LogEvent;

    fn event(msg: &str) -> LogEvent {
        LogEvent::lambda("say-hello", 0, msg)
    }

    #[test]
    fn grouping_puts_each_invocations_lines_together() {
        let mut store = LogStore::default();
        for m in [
            "START RequestId: a Version: $LATEST",
            "START RequestId: b Version: $LATEST",
            "2026-11-29T03:09:36.161Z\ta\tINFO\tfrom a",
            "2026-11-29T03:09:36.162Z\tb\tINFO\tfrom b",
            "no request id",
            "END RequestId: a",
            "END RequestId: b",
        ] {
            store.push(&event(m));
        }
        store.toggle_grouped();
        let texts: Vec<&str> = (0..store.len()).filter_map(|i| store.get(i)).map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "START RequestId: a Version: $LATEST",
                "from a",
                "END RequestId: a",
                "START RequestId: b Version: $LATEST",
                "from b",
                "END RequestId: b",
                "no request id"
            ]
        );
        store.push(&event("2026-11-29T03:09:37.000Z\ta\tWARN\tlate line of a"));
        store.settle();
        assert_eq!(store.get(2).map(|l| l.text.as_str()), Some("late line of a"), "before a's END");
        store.toggle_grouped();
        assert_eq!(store.last().map(|l| l.text.as_str()), Some("late line of a"), "as they came again");
    }
}
