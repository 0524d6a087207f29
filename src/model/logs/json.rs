//! JSON log records shown pretty (one field per line) or compact, the buffered ones rewritten
//! too when the user switches.

use std::collections::VecDeque;

use super::{Kind, LogLine};

pub fn pretty(json: &str) -> Option<String> {
    serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(json).ok()?).ok()
}

fn compact(json: &str) -> Option<String> {
    serde_json::to_string(&serde_json::from_str::<serde_json::Value>(json).ok()?).ok()
}

/// `lines` with every JSON record reshaped, each line handed to `append` in order.
pub fn reshape(lines: VecDeque<LogLine>, pretty_json: bool, mut append: impl FnMut(LogLine)) {
    let mut lines = lines.into_iter().peekable();
    while let Some(first) = lines.next() {
        if first.kind != Kind::Json {
            append(first);
            continue;
        }
        let mut text = first.text.clone();
        while let Some(next) = lines.next_if(|l| l.continuation && l.seq > first.seq && l.kind == Kind::Json) {
            text.push('\n');
            text.push_str(&next.text);
        }
        let shaped = if pretty_json { pretty(&text) } else { compact(&text) }.unwrap_or(text);
        for (i, line) in shaped.lines().enumerate() {
            append(LogLine { text: line.to_owned(), continuation: i > 0, ..first.clone() });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::LogStore;
    use crate::domain::logs::LogEvent;

    fn event(msg: &str) -> LogEvent {
        LogEvent::lambda("say-hello", 0, msg)
    }

    #[test]
    fn json_lines_go_pretty_and_back_buffered_ones_too() {
        let mut store = LogStore::default();
        store.push(&event(r#"{"level":"INFO","msg":"greeting","user":{"id":7}}"#));
        store.push(&event("plain"));
        store.toggle_pretty_json();
        let texts: Vec<&str> = (0..store.len()).filter_map(|i| store.get(i)).map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "{",
                r#"  "level": "INFO","#,
                r#"  "msg": "greeting","#,
                r#"  "user": {"#,
                r#"    "id": 7"#,
                "  }",
                "}",
                "plain"
            ]
        );
        store.push(&event(r#"{"level":"WARN","msg":"new"}"#));
        assert_eq!(store.last().map(|l| l.text.as_str()), Some("}"), "new lines pretty too");
        store.toggle_pretty_json();
        let texts: Vec<&str> = (0..store.len()).filter_map(|i| store.get(i)).map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [r#"{"level":"INFO","msg":"greeting","user":{"id":7}}"#, "plain", r#"{"level":"WARN","msg":"new"}"#]
        );
    }
}
