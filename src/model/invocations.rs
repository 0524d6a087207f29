//! The Invoke page's model: the followed environment's functions, the saved events of the one
//! opened, and the session's invocations (newest first) with what Lambda answered, read into
//! labelled parts: status, error, response, the REPORT line's figures, the log tail.

use serde_json::Value;

use crate::domain::health::Problem;
use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::domain::invoke::{InvokeReply, Invoked, LocalFacts, LocalOptions, Mode};
use crate::model::logs::lambda::{self, Kind, Report};

/// Invocations kept for the session.
const KEEP: usize = 100;
/// Response text kept for showing; the size of the whole is said.
const SHOWN_BYTES: usize = 16 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionRef {
    pub name: String,
    /// The deployed function's name; empty for one the project defines that is not deployed
    /// yet (it runs here with the synthesized template's settings).
    pub target: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payload {
    pub name: String,
    pub text: String,
}

/// A function error's payload (`{"errorType","errorMessage","trace"}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorInfo {
    pub kind: String,
    pub message: String,
    pub trace: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub status: i32,
    pub function_error: Option<String>,
    pub error: Option<ErrorInfo>,
    /// Pretty JSON, or the text as it came, cut at 16 KB.
    pub response: String,
    pub response_bytes: usize,
    pub report: Option<Report>,
    pub request_id: Option<String>,
    pub tail: Vec<String>,
    pub took_ms: i64,
    /// Set when it ran on this machine.
    pub local: Option<Box<LocalFacts>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Running,
    Answered(Box<Answer>),
    Failed(Problem),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Invocation {
    pub id: u64,
    pub function: String,
    pub payload: String,
    pub mode: Mode,
    pub at_ms: i64,
    pub outcome: Outcome,
    /// A local run under the debugger: where it waits for one.
    pub inspector: Option<String>,
}

impl Invocation {
    /// The event's name, and how it was sent when queued.
    pub fn event_label(&self) -> String {
        match self.mode {
            Mode::Wait => self.payload.clone(),
            Mode::Queue => format!("{} (queued)", self.payload),
            Mode::Local(_) => format!("{} (local)", self.payload),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct InvokeModel {
    /// The deployed functions, then those the project defines that are not deployed yet.
    pub functions: Vec<FunctionRef>,
    deployed: Vec<FunctionRef>,
    defined: Vec<String>,
    /// The function whose events are listed (none: the functions are).
    pub opened: Option<String>,
    pub payloads: Vec<Payload>,
    pub payloads_read: bool,
    pub history: Vec<Invocation>,
    /// What `I` invokes again: a function, an event's name, and how (in the cloud, queued,
    /// or here).
    pub last: Option<(String, String, Mode)>,
    /// An invocation waiting for the events to be read again (`I`, or a save).
    pub again: Option<(String, String, Mode)>,
    /// How local runs go (the Invoke pane's toggles).
    pub local: LocalOptions,
    /// Run the last local run again after each save of its code.
    pub again_on_save: bool,
    /// The last local run: what a save runs again.
    pub last_local: Option<(String, String, Mode)>,
    /// Per function, the project's files its last local bundle was built from.
    pub local_inputs: BTreeMap<String, Vec<String>>,
    /// A save came while a local run of the function ran: once more when it ends.
    pub rerun_waiting: bool,
    next_id: u64,
}

impl InvokeModel {
    /// The followed environment's functions; false when nothing changed.
    pub fn set_functions(&mut self, deployed: Vec<FunctionRef>) -> bool {
        if deployed == self.deployed {
            return false;
        }
        self.deployed = deployed;
        self.merge();
        true
    }

    /// The functions the project's sources define; false when nothing changed.
    pub fn set_defined(&mut self, mut defined: Vec<String>) -> bool {
        defined.sort();
        defined.dedup();
        if defined == self.defined {
            return false;
        }
        self.defined = defined;
        self.merge();
        true
    }

    fn merge(&mut self) {
        let undeployed = self.defined.iter().filter(|d| !self.deployed.iter().any(|f| &f.name == *d));
        let mut functions = self.deployed.clone();
        functions.extend(undeployed.map(|name| FunctionRef { name: name.clone(), target: String::new() }));
        if self.opened.as_ref().is_some_and(|o| !functions.iter().any(|f| &f.name == o)) {
            self.close();
        }
        self.functions = functions;
    }

    pub fn function(&self, name: &str) -> Option<&FunctionRef> {
        self.functions.iter().find(|f| f.name == name)
    }

    pub fn open(&mut self, function: &str) {
        self.opened = Some(function.to_owned());
        self.payloads.clear();
        self.payloads_read = false;
    }

    pub fn close(&mut self) {
        self.opened = None;
        self.payloads.clear();
    }

    pub fn set_payloads(&mut self, function: &str, mut payloads: Vec<Payload>) {
        if self.opened.as_deref() == Some(function) {
            payloads.sort_by(|a, b| a.name.cmp(&b.name));
            self.payloads = payloads;
            self.payloads_read = true;
        }
    }

    /// Rows of the list: functions, or the opened function's events.
    pub fn rows(&self) -> usize {
        if self.opened.is_some() { self.payloads.len() } else { self.functions.len() }
    }

    /// Records an invocation about to be sent; its id.
    pub fn start(&mut self, function: &str, payload: &str, mode: Mode, at_ms: i64) -> u64 {
        self.next_id += 1;
        let id = self.next_id;
        let (function, payload) = (function.to_owned(), payload.to_owned());
        self.last = Some((function.clone(), payload.clone(), mode));
        if matches!(mode, Mode::Local(_)) {
            self.last_local = Some((function.clone(), payload.clone(), mode));
        }
        self.history
            .insert(0, Invocation { id, function, payload, mode, at_ms, outcome: Outcome::Running, inspector: None });
        self.history.truncate(KEEP);
        id
    }

    pub fn running(&self) -> bool {
        self.history.iter().any(|i| i.outcome == Outcome::Running)
    }

    /// Marks the local runs still going as stopped by the user; how many there were.
    pub fn stop_local(&mut self) -> usize {
        let mut stopped = 0;
        for run in self.history.iter_mut().filter(|i| matches!(i.mode, Mode::Local(_)) && i.outcome == Outcome::Running)
        {
            run.outcome = Outcome::Failed(Problem {
                source: crate::domain::health::Source::Invoke,
                kind: crate::domain::health::ProblemKind::Refused,
                message: "stopped (K)".into(),
                hint: "h runs it again".into(),
            });
            stopped += 1;
        }
        self.rerun_waiting = false;
        stopped
    }

    fn running_here(&self, function: &str) -> bool {
        self.history
            .iter()
            .any(|i| i.function == function && matches!(i.mode, Mode::Local(_)) && i.outcome == Outcome::Running)
    }

    /// Whether a save of `paths` runs the last local run again, and which: asked for, one to
    /// repeat, a changed file among those its bundle was built from (before a bundle said
    /// which: any TypeScript under `amplify/`), and no run of it still going — then it waits
    /// for that one to end (`rerun_waiting`).
    pub fn rerun_on_save(&mut self, paths: &[PathBuf]) -> Option<(String, String, Mode)> {
        let (function, event, mode) = self.last_local.clone().filter(|_| self.again_on_save)?;
        let inputs = self.local_inputs.get(&function);
        let touches = |p: &PathBuf| match inputs {
            Some(inputs) => inputs.iter().any(|i| p.as_path() == std::path::Path::new(i)),
            None => p.starts_with("amplify") && p.extension().is_some_and(|e| e == "ts"),
        };
        if !paths.iter().any(touches) {
            return None;
        }
        if self.running_here(&function) {
            self.rerun_waiting = true;
            return None;
        }
        Some((function, event, self.with_current_options(mode)))
    }

    /// A local run ended: the save that came meanwhile runs the last local run again, once no
    /// run of its function is left.
    pub fn rerun_after(&mut self, id: u64) -> Option<(String, String, Mode)> {
        let ended = self.history.iter().find(|i| i.id == id)?;
        let (function, event, mode) = self.last_local.clone()?;
        if !matches!(ended.mode, Mode::Local(_)) || !self.rerun_waiting || self.running_here(&function) {
            return None;
        }
        self.rerun_waiting = false;
        Some((function, event, self.with_current_options(mode)))
    }

    /// A local mode carries the toggles as they are now.
    pub fn with_current_options(&self, mode: Mode) -> Mode {
        match mode {
            Mode::Local(_) => Mode::Local(self.local),
            other => other,
        }
    }

    /// Takes an answer in; returns what to tell the user.
    pub fn apply(&mut self, reply: InvokeReply) -> Option<String> {
        let (id, outcome, line) = match reply {
            InvokeReply::Inspecting { id, address } => {
                let invocation = self.history.iter_mut().find(|i| i.id == id)?;
                invocation.inspector = Some(address.clone());
                return Some(crate::util::sanitize::owned(&format!(
                    "{} waits for a debugger at {address}",
                    invocation.function
                )));
            }
            InvokeReply::Done { id, function, invoked, took_ms } => {
                if let Some(facts) = &invoked.local {
                    self.local_inputs.insert(function.clone(), facts.inputs.clone());
                }
                let answer = read(invoked, took_ms);
                let line = match (&answer.function_error, answer.status) {
                    (Some(_), _) => match &answer.error {
                        Some(e) => crate::util::sanitize::owned(&format!("{function} threw {}: {}", e.kind, e.message)),
                        None => format!("{function} threw: see the result"),
                    },
                    (None, 202) => format!("{function} queued (asynchronous: its logs tell the rest)"),
                    (None, status) if answer.local.is_some() => {
                        format!("{function} ran here: {status} in {}", took(&answer))
                    }
                    (None, status) => format!("{function} answered {status} in {}", took(&answer)),
                };
                (id, Outcome::Answered(Box::new(answer)), line)
            }
            InvokeReply::Failed { id, function, problem } => {
                let line = format!("invoking {function} failed: {} — {}", problem.message, problem.hint);
                (id, Outcome::Failed(problem), line)
            }
        };
        let invocation = self.history.iter_mut().find(|i| i.id == id)?;
        invocation.outcome = outcome;
        Some(line)
    }
}

/// The handler's own duration (the REPORT line's), with decimals when it is short.
pub fn took(answer: &Answer) -> String {
    match answer.report {
        Some(r) if r.duration_ms < 10.0 => format!("{:.2} ms", r.duration_ms),
        Some(r) => format!("{:.0} ms", r.duration_ms),
        None => format!("{} ms", answer.took_ms),
    }
}

/// Lambda's answer in parts.
pub fn read(invoked: Invoked, took_ms: i64) -> Answer {
    let tail: Vec<String> = invoked.log_tail.as_deref().unwrap_or_default().lines().map(str::to_owned).collect();
    let report = tail.iter().rev().find_map(|l| {
        let parsed = lambda::parse(l);
        (parsed.kind == Kind::Report).then_some(parsed.report).flatten()
    });
    let parsed: Option<Value> = serde_json::from_str(&invoked.response).ok();
    let error = invoked.function_error.as_ref().and(parsed.as_ref()).and_then(error_info);
    let response_bytes = invoked.response.len();
    let response = match &parsed {
        Some(value) => serde_json::to_string_pretty(value).unwrap_or_default(),
        None => invoked.response.clone(),
    };
    let response = if response.len() > SHOWN_BYTES {
        let mut cut = SHOWN_BYTES;
        while !response.is_char_boundary(cut) {
            cut -= 1;
        }
        response[..cut].to_owned()
    } else {
        response
    };
    Answer {
        status: invoked.status,
        function_error: invoked.function_error,
        error,
        response,
        response_bytes,
        report,
        request_id: invoked.request_id,
        tail,
        took_ms,
        local: invoked.local,
    }
}

fn error_info(value: &Value) -> Option<ErrorInfo> {
    let text = |k: &str| value.get(k).and_then(Value::as_str).map(str::to_owned);
    let message = text("errorMessage")?;
    let trace = value
        .get("trace")
        .or_else(|| value.get("stackTrace"))
        .and_then(Value::as_array)
        .map(|lines| lines.iter().filter_map(|l| l.as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    Some(ErrorInfo { kind: text("errorType").unwrap_or_else(|| "Error".into()), message, trace })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TAIL: &str = "START RequestId: 7f1c Version: $LATEST\n2026-12-01T12:00:00.000Z\t7f1c\tINFO\thello\nEND RequestId: 7f1c\nREPORT RequestId: 7f1c\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 512 MB\tMax Memory Used: 87 MB\tInit Duration: 201.55 ms\t\n";

    #[test]
    fn the_report_line_of_the_tail_gives_the_figures() {
        let invoked = Invoked {
            status: 200,
            response: "{\"ok\":true}".into(),
            log_tail: Some(TAIL.into()),
            request_id: Some("7f1c".into()),
            ..Invoked::default()
        };
        let answer = read(invoked, 40);
        let report = answer.report.expect("figures");
        assert_eq!(
            (report.duration_ms, report.billed_ms, report.memory_size_mb, report.max_memory_mb, report.init_ms),
            (12.34, Some(13.0), Some(512), Some(87), Some(201.55))
        );
        assert_eq!(answer.response, "{\n  \"ok\": true\n}");
        assert_eq!(answer.tail.len(), 4);
    }

    #[test]
    fn an_error_payload_is_read_into_its_type_message_and_trace_and_text_stays_text() {
        let thrown = r#"{"errorType":"TypeError","errorMessage":"Cannot read properties of undefined (reading 'name')","trace":["TypeError: Cannot read…","    at handler (/var/task/index.mjs:3:30)"]}"#;
        let invoked = Invoked {
            status: 200,
            function_error: Some("Unhandled".into()),
            response: thrown.into(),
            ..Invoked::default()
        };
        let error = read(invoked, 5).error.expect("read");
        assert_eq!((error.kind.as_str(), error.trace.len()), ("TypeError", 2));
        let text = read(Invoked { status: 200, response: "plain words".into(), ..Invoked::default() }, 1);
        assert_eq!(text.response, "plain words");
        let big = read(Invoked { status: 200, response: "x".repeat(100_000), ..Invoked::default() }, 1);
        assert_eq!((big.response.len(), big.response_bytes), (SHOWN_BYTES, 100_000));
    }
}
