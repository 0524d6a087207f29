//! What the workspace watcher reports.

use std::path::PathBuf;

/// Changed files of one quiet period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChangeSet {
    /// Relative to the project root, sorted.
    pub paths: Vec<PathBuf>,
    /// git moved `HEAD` meanwhile: a checkout, rebase or pull wrote these files.
    pub git: bool,
    /// Events were lost (more changes than the kernel's queue holds): these are every file
    /// of the watched folders, to be treated like a bulk change.
    pub rescan: bool,
}

impl ChangeSet {
    pub fn files(paths: Vec<PathBuf>) -> Self {
        Self { paths, git: false, rescan: false }
    }
}
