//! `amplify_outputs.json` before and after a deploy.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::model::outputs::{FILE, OutputsDiff, diff};

/// Remembers the file as it was before a deploy.
#[derive(Debug)]
pub struct OutputsTracker {
    path: PathBuf,
    before: Option<Value>,
}

impl OutputsTracker {
    pub fn new(project: &Path) -> Self {
        Self { path: project.join(FILE), before: None }
    }

    pub fn snapshot(&mut self) {
        self.before = read(&self.path);
    }

    /// The change since the last snapshot; the current file becomes the new baseline.
    pub fn diff(&mut self) -> OutputsDiff {
        let after = read(&self.path);
        let result = diff(self.before.as_ref(), after.as_ref());
        self.before = after;
        result
    }
}

fn read(path: &Path) -> Option<Value> {
    serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracker_compares_with_the_file_before_the_deploy() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut tracker = OutputsTracker::new(dir.path());
        tracker.snapshot();
        std::fs::write(dir.path().join(FILE), r#"{"version":"1.4","auth":{"aws_region":"us-east-1"}}"#).expect("write");
        let first = tracker.diff();
        assert_eq!((first.created, first.changes.len()), (true, 2), "first outputs: everything is new");
        tracker.snapshot();
        assert!(tracker.diff().is_empty());
    }
}
