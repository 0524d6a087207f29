//! Invoking a deployed function: what the core asks, and the answer as Lambda gives it
//! (status, function error, response bytes as text, the 4 KB log tail, the request id).

use crate::domain::health::Problem;

/// A function the user defined, deployed: as they named it, and its Lambda name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub name: String,
    pub function_name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `RequestResponse` with `LogType=Tail`: the response and the log tail.
    Wait,
    /// `Event`: queued, answered with 202 only.
    Queue,
}

#[derive(Debug, Clone, PartialEq)]
pub struct InvokeRequest {
    pub id: u64,
    /// The name the user gave it (`say-hello`).
    pub function: String,
    /// The deployed function's name.
    pub target: String,
    /// The saved event's name.
    pub event: String,
    pub payload: String,
    pub mode: Mode,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Invoked {
    pub status: i32,
    /// `Unhandled` or `Handled` when the function threw.
    pub function_error: Option<String>,
    pub response: String,
    /// The last 4 KB of the invocation's log, decoded.
    pub log_tail: Option<String>,
    pub request_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum InvokeReply {
    Done { id: u64, function: String, invoked: Invoked, took_ms: i64 },
    Failed { id: u64, function: String, problem: Problem },
}
