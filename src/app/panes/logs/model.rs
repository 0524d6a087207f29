//! What the Logs pane keeps of its own: the buffered log lines and how they are shown.

use crate::model::logs::LogStore;

#[derive(Debug, Clone)]
pub struct LogsPane {
    pub store: LogStore,
    /// Each line shows its time.
    pub times: bool,
    /// Long lines wrap instead of being cut at the pane's edge.
    pub wrap: bool,
    /// The selected row of the functions overlay.
    pub function_cursor: usize,
}

impl Default for LogsPane {
    fn default() -> Self {
        Self { store: LogStore::default(), times: true, wrap: false, function_cursor: 0 }
    }
}
