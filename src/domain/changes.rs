//! What the workspace watcher reports.

use std::path::PathBuf;

/// Changed files of one quiet period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChangeSet {
    /// Relative to the project root, sorted.
    pub paths: Vec<PathBuf>,
    /// git moved `HEAD` meanwhile: a checkout, rebase or pull wrote these files.
    pub git: bool,
}

impl ChangeSet {
    pub fn files(paths: Vec<PathBuf>) -> Self {
        Self { paths, git: false }
    }
}
