//! Merged function logs held in memory: a ring buffer bounded by bytes (text plus the record
//! itself) in time order (`store`), with an incrementally maintained view (`filter`: text or
//! regex, errors only, hidden functions; `group`: by invocation) so drawing only touches
//! visible lines, JSON records shown pretty or compact (`json`), Lambda's line formats
//! (`lambda`), the data API's (`appsync`) and per-function figures from REPORT lines (`stats`).

pub mod appsync;
mod filter;
mod group;
mod json;
pub mod lambda;
mod line;
pub mod stats;
mod store;

pub use filter::{Filter, contains_ignore_case};
pub use lambda::{Kind, Level};
pub use line::{DEFAULT_BUDGET, LINE_OVERHEAD, LogLine};
pub use stats::FunctionStats;
pub use store::LogStore;
