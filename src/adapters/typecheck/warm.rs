//! The warm checker: `checker.mjs` run by the project's Node.js with the project's own
//! TypeScript kept loaded, asked to check again what the watcher saw change. It answers in
//! tens of milliseconds where a cold `tsc` takes seconds (README § Performance).

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, Command};
use tokio::sync::{mpsc, oneshot};

use crate::adapters::process::group;
use crate::domain::check::{CheckReport, Checker, CheckerChanged, Diagnostic};
use crate::ports::Sink;

pub const SCRIPT: &str = include_str!("checker.mjs");
/// Where the checker is written, relative to the project.
pub const SCRIPT_PATH: &str = ".amplify/ampdeck-checker.mjs";

/// What the checker is doing, as the owner reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Starting,
    Ready {
        version: String,
    },
    /// It cannot run here (TypeScript without the API, no Node.js) or died: cold checks only.
    Gone {
        reason: String,
    },
}

/// One check the owner asked for; the answer goes to `done` (none if the checker is gone).
pub struct Ask {
    pub generation: u64,
    pub files: Vec<PathBuf>,
    pub all: bool,
    pub done: oneshot::Sender<CheckReport>,
}

pub struct Warm {
    asks: mpsc::UnboundedSender<Ask>,
    pub status: Arc<Mutex<Status>>,
    /// Its process group (Node.js and the compiler it runs), once started.
    pgid: Arc<std::sync::atomic::AtomicI32>,
}

#[derive(serde::Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum Reply {
    Ready { version: String },
    Unavailable { reason: String },
    Result { generation: u64, diagnostics: Vec<RawDiagnostic>, ms: u64 },
    Failed { generation: u64, reason: String },
}

#[derive(serde::Deserialize)]
struct RawDiagnostic {
    file: String,
    line: u32,
    column: u32,
    code: String,
    message: String,
}

impl Warm {
    /// Starts the checker in `dir` with `node`; `told` hears when it is ready or gone.
    pub fn spawn(dir: &Path, node: &str, told: Sink<CheckerChanged>) -> Warm {
        let status = Arc::new(Mutex::new(Status::Starting));
        let pgid = Arc::new(std::sync::atomic::AtomicI32::new(0));
        let (asks, rx) = mpsc::unbounded_channel();
        let (dir, node, shared, group) = (dir.to_owned(), node.to_owned(), status.clone(), pgid.clone());
        tokio::spawn(async move {
            let reason = match start(&dir, &node) {
                Ok(child) => {
                    group.store(child.id().and_then(|p| i32::try_from(p).ok()).unwrap_or(0), Ordering::SeqCst);
                    run(child, rx, &shared, &told).await
                }
                Err(e) => e,
            };
            set(&shared, Status::Gone { reason }, &told).await;
        });
        Warm { asks, status, pgid }
    }

    /// Ends the checker and the compiler it runs (ampdeck quits).
    pub fn shutdown(&self) {
        let pgid = self.pgid.swap(0, Ordering::SeqCst);
        if pgid > 1 {
            group::end(pgid, std::time::Duration::from_millis(300));
            group::unregister(pgid);
        }
    }

    /// Asks for a check; false when the checker cannot take it (the owner checks cold).
    pub fn ask(&self, ask: Ask) -> bool {
        matches!(self.status(), Status::Ready { .. }) && self.asks.send(ask).is_ok()
    }

    pub fn status(&self) -> Status {
        self.status.lock().map(|s| s.clone()).unwrap_or(Status::Gone { reason: "poisoned".into() })
    }
}

async fn set(shared: &Mutex<Status>, status: Status, told: &Sink<CheckerChanged>) {
    let words = super::describe(Some(&status));
    if let Ok(mut s) = shared.lock() {
        *s = status;
    }
    told.send(CheckerChanged(words)).await;
}

fn start(dir: &Path, node: &str) -> Result<Child, String> {
    let script = dir.join(SCRIPT_PATH);
    if let Some(parent) = script.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("cannot write {}: {e}", script.display()))?;
    }
    std::fs::write(&script, SCRIPT).map_err(|e| format!("cannot write {}: {e}", script.display()))?;
    let mut command = Command::new(node);
    // TypeScript 7's compiler is a Go program whose heap, collected at the default GOGC=100,
    // climbs to twice what it keeps: on the sample app 820 MiB rose to 1.3 GiB over 40
    // checks, and at GOGC=25 it stays near 1.0 GiB with the same check times. A GOGC of
    // the user's own is kept.
    if std::env::var_os("GOGC").is_none() {
        command.env("GOGC", "25");
    }
    let child = command
        .arg(&script)
        .current_dir(dir)
        .process_group(0)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("cannot run {node}: {e}"))?;
    if let Some(pgid) = child.id().and_then(|p| i32::try_from(p).ok()) {
        group::register(pgid);
    }
    Ok(child)
}

/// Serves asks one at a time, in order; returns why it stopped.
async fn run(
    mut child: Child,
    mut asks: mpsc::UnboundedReceiver<Ask>,
    status: &Mutex<Status>,
    told: &Sink<CheckerChanged>,
) -> String {
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        return "no pipes to the checker".into();
    };
    let mut lines = BufReader::new(stdout).lines();
    let pgid = child.id().and_then(|p| i32::try_from(p).ok());
    let gone = |why: String| {
        if let Some(pgid) = pgid {
            group::unregister(pgid);
        }
        why
    };
    match read(&mut lines).await {
        Some(Reply::Ready { version }) => {
            let version = crate::util::sanitize::sanitize(&version).into_owned();
            set(status, Status::Ready { version }, told).await;
        }
        Some(Reply::Unavailable { reason }) => return gone(reason),
        _ => return gone("the warm checker did not start".into()),
    }
    while let Some(ask) = asks.recv().await {
        let files: Vec<String> = ask.files.iter().map(|f| f.to_string_lossy().into_owned()).collect();
        let request = serde_json::json!({"op": "check", "generation": ask.generation, "files": files, "all": ask.all});
        if stdin.write_all(format!("{request}\n").as_bytes()).await.is_err() {
            return gone("the warm checker stopped".into());
        }
        match read(&mut lines).await {
            Some(Reply::Result { generation, diagnostics, ms }) => {
                let _ = ask.done.send(report(generation, diagnostics, ms));
            }
            Some(Reply::Failed { generation, reason }) => {
                let failure = Some(format!("warm checker: {}", crate::util::sanitize::sanitize(&reason)));
                let _ =
                    ask.done.send(CheckReport { generation, failure, checker: Checker::Warm, ..Default::default() });
            }
            // Dropping `done` tells the owner to check cold.
            _ => return gone("the warm checker stopped".into()),
        }
    }
    gone("ampdeck quit".into())
}

async fn read(lines: &mut tokio::io::Lines<BufReader<tokio::process::ChildStdout>>) -> Option<Reply> {
    loop {
        let line = lines.next_line().await.ok()??;
        if let Ok(reply) = serde_json::from_str(&line) {
            return Some(reply);
        }
    }
}

fn report(generation: u64, raw: Vec<RawDiagnostic>, ms: u64) -> CheckReport {
    let clean = |s: &str| crate::util::sanitize::sanitize(s).into_owned();
    let errors = raw.len();
    let diagnostics = raw
        .into_iter()
        .take(super::diagnostics::MAX_DIAGNOSTICS)
        .map(|d| Diagnostic {
            file: clean(&d.file),
            line: d.line,
            column: d.column,
            code: clean(&d.code),
            message: clean(&d.message),
        })
        .collect();
    CheckReport {
        generation,
        diagnostics,
        errors,
        elapsed: std::time::Duration::from_millis(ms),
        checker: Checker::Warm,
        ..Default::default()
    }
}
