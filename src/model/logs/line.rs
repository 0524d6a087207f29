//! One buffered log line, and what one costs in memory.

use std::sync::Arc;

use super::lambda::{Kind, Level};

/// Default memory budget of the buffered lines.
pub const DEFAULT_BUDGET: usize = 64 << 20;

/// What one buffered line costs besides its text: the record and its place in the view,
/// each in a ring that is half again as big as its content on average, and the text's heap
/// block. Measured: 200 B resident per line of a typical 64-byte message, 191 B counted
/// (`cargo bench --bench workbench`): the budget is what the lines really take, within 5 %.
pub const LINE_OVERHEAD: usize = std::mem::size_of::<LogLine>() * 3 / 2 + std::mem::size_of::<u64>() * 3 / 2 + 16;

#[derive(Debug, Clone, PartialEq)]
pub struct LogLine {
    pub seq: u64,
    pub timestamp_ms: i64,
    pub function: Arc<str>,
    pub level: Level,
    pub kind: Kind,
    pub request_id: Option<Arc<str>>,
    pub text: String,
    /// A later line of a multi-line message (stack trace, pretty-printed object).
    pub continuation: bool,
    /// Written by a run on this machine, not by Lambda.
    pub local: bool,
}
