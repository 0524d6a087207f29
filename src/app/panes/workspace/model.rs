//! What the Workspace pane keeps of its own: the files that changed, newest first.

use std::collections::VecDeque;
use std::path::PathBuf;

/// At most this many changes are kept.
pub const MAX_CHANGES: usize = 200;

#[derive(Debug, Clone, PartialEq)]
pub struct FileChange {
    pub at_ms: i64,
    pub path: PathBuf,
    /// The deploy this change went into, once it went into one.
    pub deploy: Option<u64>,
}

#[derive(Debug, Clone, Default)]
pub struct WorkspacePane {
    pub changes: VecDeque<FileChange>,
}
