//! What a deploy changed in `amplify_outputs.json`, the file ampx writes for the frontend:
//! both versions flattened to `a.b[0].c` paths and compared (the file itself is read by
//! `adapters::outputs_file`).

use std::collections::BTreeMap;

use serde_json::Value;

pub const FILE: &str = "amplify_outputs.json";
/// A diff longer than this is cut (with a count of what was left out).
const MAX_CHANGES: usize = 200;

#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Added { path: String, value: String },
    Removed { path: String, value: String },
    Changed { path: String, old: String, new: String },
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutputsDiff {
    /// The file did not exist before (a first deploy).
    pub created: bool,
    pub changes: Vec<Change>,
    /// Changes left out past the cap.
    pub more: usize,
}

impl OutputsDiff {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

pub fn diff(before: Option<&Value>, after: Option<&Value>) -> OutputsDiff {
    let (mut old, mut new) = (BTreeMap::new(), BTreeMap::new());
    if let Some(v) = before {
        flatten(v, String::new(), &mut old);
    }
    if let Some(v) = after {
        flatten(v, String::new(), &mut new);
    }
    let mut changes = Vec::new();
    for (path, value) in &new {
        match old.get(path) {
            None => changes.push(Change::Added { path: path.clone(), value: value.clone() }),
            Some(was) if was != value => {
                changes.push(Change::Changed { path: path.clone(), old: was.clone(), new: value.clone() })
            }
            Some(_) => {}
        }
    }
    for (path, value) in &old {
        if !new.contains_key(path) {
            changes.push(Change::Removed { path: path.clone(), value: value.clone() });
        }
    }
    let more = changes.len().saturating_sub(MAX_CHANGES);
    changes.truncate(MAX_CHANGES);
    OutputsDiff { created: before.is_none() && after.is_some(), changes, more }
}

fn flatten(value: &Value, prefix: String, out: &mut BTreeMap<String, String>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                let path = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                flatten(v, path, out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (i, v) in items.iter().enumerate() {
                flatten(v, format!("{prefix}[{i}]"), out);
            }
        }
        Value::String(s) => {
            out.insert(prefix, crate::util::sanitize::sanitize(s).into_owned());
        }
        other => {
            out.insert(prefix, other.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reports_added_removed_and_changed_leaves() {
        let before = json!({"auth": {"user_pool_id": "a"}, "data": {"url": "u1", "modes": ["A"]}});
        let after = json!({"auth": {"user_pool_id": "a"}, "data": {"url": "u2", "modes": ["A", "B"]}, "storage": {"bucket_name": "b"}});
        let d = diff(Some(&before), Some(&after));
        assert_eq!(
            d.changes,
            vec![
                Change::Added { path: "data.modes[1]".into(), value: "B".into() },
                Change::Changed { path: "data.url".into(), old: "u1".into(), new: "u2".into() },
                Change::Added { path: "storage.bucket_name".into(), value: "b".into() },
            ]
        );
        assert!(diff(Some(&after), Some(&after)).is_empty());
        let removed = diff(Some(&after), Some(&before));
        assert!(removed.changes.contains(&Change::Removed { path: "storage.bucket_name".into(), value: "b".into() }));
    }
}
