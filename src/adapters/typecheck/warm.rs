//! The warm checker: `checker.mjs` run by the project's Node.js with the project's own
//! TypeScript kept loaded, asked to check again what the watcher saw change. It answers in
//! tens of milliseconds where a cold `tsc` takes seconds (docs/performance.md).

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

/// A checker that has not loaded the program by then is not going to: cold checks take over.
/// TypeScript 5.9 loads the sample app in 12 s on two cores.
const START_LIMIT: std::time::Duration = std::time::Duration::from_secs(120);
/// A warm answer takes tens of milliseconds; one that takes this long is a hung checker.
const ANSWER_LIMIT: std::time::Duration = std::time::Duration::from_secs(60);

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
        let (asks, mut rx) = mpsc::unbounded_channel();
        let (dir, node, shared, group) = (dir.to_owned(), node.to_owned(), status.clone(), pgid.clone());
        tokio::spawn(async move {
            let reason = match start(&dir, &node) {
                Ok(child) => {
                    group.store(child.id().and_then(|p| i32::try_from(p).ok()).unwrap_or(0), Ordering::SeqCst);
                    run(child, &mut rx, &shared, &told).await
                }
                Err(e) => e,
            };
            // Gone before the asks still queued are dropped: their cold answers say why.
            let words = store(&shared, Status::Gone { reason });
            drop(rx);
            // The leader is killed with its handle; a compiler it started, hung or not, goes too.
            let pgid = group.swap(0, Ordering::SeqCst);
            if pgid > 1 {
                group::reap(pgid, std::time::Duration::from_millis(200)).await;
            }
            told.send(CheckerChanged(words)).await;
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

    /// Asks for a check; false when the checker is gone (the owner checks cold). While it
    /// starts, the ask waits for it: a cold tsc beside a loading compiler would do the same
    /// work twice on the same cores, and if it fails to start the ask is answered cold.
    pub fn ask(&self, ask: Ask) -> bool {
        !matches!(self.status(), Status::Gone { .. }) && self.asks.send(ask).is_ok()
    }

    pub fn status(&self) -> Status {
        self.status.lock().map(|s| s.clone()).unwrap_or(Status::Gone { reason: "poisoned".into() })
    }
}

/// Sets the status; returns it in the Workspace pane's words.
fn store(shared: &Mutex<Status>, status: Status) -> String {
    let words = super::describe(Some(&status));
    if let Ok(mut s) = shared.lock() {
        *s = status;
    }
    words
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
    asks: &mut mpsc::UnboundedReceiver<Ask>,
    status: &Mutex<Status>,
    told: &Sink<CheckerChanged>,
) -> String {
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        return "no pipes to the checker".into();
    };
    let mut lines = BufReader::new(stdout).lines();
    match tokio::time::timeout(START_LIMIT, read(&mut lines)).await {
        Ok(Some(Reply::Ready { version })) => {
            let version = crate::util::sanitize::sanitize(&version).into_owned();
            told.send(CheckerChanged(store(status, Status::Ready { version }))).await;
        }
        // Its first line: a Node.js error goes on with its require stack.
        Ok(Some(Reply::Unavailable { reason })) => {
            return crate::util::sanitize::sanitize(reason.lines().next().unwrap_or_default()).into_owned();
        }
        Ok(_) => return "the warm checker did not start".into(),
        Err(_) => return format!("the warm checker did not start in {} s", START_LIMIT.as_secs()),
    }
    while let Some(ask) = asks.recv().await {
        let files: Vec<String> = ask.files.iter().map(|f| f.to_string_lossy().into_owned()).collect();
        let request = serde_json::json!({"op": "check", "generation": ask.generation, "files": files, "all": ask.all});
        if stdin.write_all(format!("{request}\n").as_bytes()).await.is_err() {
            return "the warm checker stopped".into();
        }
        match tokio::time::timeout(ANSWER_LIMIT, read(&mut lines)).await.unwrap_or(None) {
            Some(Reply::Result { generation, diagnostics, ms }) => {
                let _ = ask.done.send(report(generation, diagnostics, ms));
            }
            Some(Reply::Failed { generation, reason }) => {
                let failure = Some(format!("warm checker: {}", crate::util::sanitize::sanitize(&reason)));
                let _ =
                    ask.done.send(CheckReport { generation, failure, checker: Checker::Warm, ..Default::default() });
            }
            // Dropping `done` tells the owner to check cold; a checker that hangs is
            // ended with this task (`kill_on_drop`).
            _ => return "the warm checker stopped answering".into(),
        }
    }
    "ampdeck quit".into()
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
