//! Invoking a function: what the core asks, and the answer as Lambda gives it (status,
//! function error, response bytes as text, the 4 KB log tail, the request id); for a run on
//! this machine, what it ran with and how it differs from the cloud.

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
    /// On this machine: the handler on disk now, bundled as Amplify bundles it, run in the
    /// project's Node.js with the deployed function's settings.
    Local(LocalOptions),
}

/// How a local run goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LocalOptions {
    /// Under the function's own execution role (STS AssumeRole), not the developer's
    /// credentials: a permission it lacks fails here as in the cloud.
    pub as_role: bool,
    /// Under Node's inspector, waiting for a debugger; the timeout is off meanwhile.
    pub inspect: bool,
    /// Another run is coming (again on save): start its process ahead of it.
    pub keep_warm: bool,
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
    /// Set when it ran on this machine.
    pub local: Option<Box<LocalFacts>>,
}

/// What a local run ran with, and what it could not be like the cloud.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LocalFacts {
    /// `node v22.11.0` and how the code was built; a warning when the Node.js major version
    /// is not the function's runtime's.
    pub node: String,
    pub node_warning: Option<String>,
    /// Whose credentials: yours (and from where), or the function's role.
    pub credentials: String,
    /// Where the settings came from: the deployed function, or the synthesized template
    /// (the function is not deployed yet), with the variables it could not resolve.
    pub settings: String,
    pub unresolved: Vec<String>,
    /// What the cloud has that this run did not (VPC, layers, the memory cap, ...).
    pub differences: Vec<String>,
    /// A module the handler imports that could not be loaded here (a layer's, a native one).
    pub missing: Option<String>,
    /// The files the bundle was built from, relative to the project (esbuild's metafile):
    /// a save of one of them runs it again when asked to.
    pub inputs: Vec<String>,
    /// Milliseconds spent bundling.
    pub bundle_ms: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub enum InvokeReply {
    Done {
        id: u64,
        function: String,
        invoked: Invoked,
        took_ms: i64,
    },
    Failed {
        id: u64,
        function: String,
        problem: Problem,
    },
    /// A local run waits for a debugger at this address.
    Inspecting {
        id: u64,
        address: String,
    },
}
