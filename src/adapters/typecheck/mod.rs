//! Live type checks: the project's own TypeScript, run on `amplify/` after every save, so type
//! errors show moments after the save and a deploy knows whether it may go on.
//!
//! With TypeScript 7 and later the checker stays warm (`warm`: the compiler's own API, kept
//! loaded in the project's Node.js, told which files changed): about 0.1 s per save where a
//! cold `tsc --noEmit` takes 1.6–1.9 s on the sample app. A warm checker that disagreed with
//! tsc would be worse than a slow one, so a full `tsc` runs beside it every few checks, after
//! each deploy and when `tsconfig.json` changes; when they differ, tsc's report replaces the
//! warm one, says so, and the warm checker starts over. Without the API (older TypeScript) or
//! when the warm checker dies, every check is a cold `tsc` run (`cold`), as before.

mod cold;
pub mod diagnostics;
pub mod warm;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::oneshot;

use crate::domain::check::{CheckReport, CheckerChanged, Scope};
use crate::ports::Sink;

/// A full tsc runs beside every this many warm checks.
const VERIFY_EVERY: u32 = 10;

pub struct TypeChecker {
    tsc: PathBuf,
    dir: PathBuf,
    /// The TypeScript project, relative to `dir`.
    project: String,
    warm: Option<warm::Warm>,
    /// The cold run of the latest check, ended by the next one.
    running: Option<cold::Run>,
    since_full: u32,
    /// A full check disagreed: the warm checker rereads everything next time.
    reset: Arc<AtomicBool>,
}

impl TypeChecker {
    /// The project's own compiler and `amplify/tsconfig.json`, or why live checks are off.
    pub fn find(dir: &Path) -> Result<Self, String> {
        let tsc = cold::find(dir).ok_or("no node_modules/.bin/tsc (run npm install)")?;
        if !dir.join("amplify/tsconfig.json").is_file() {
            return Err("no amplify/tsconfig.json".into());
        }
        let reset = Arc::default();
        Ok(Self {
            tsc,
            dir: dir.to_owned(),
            project: "amplify".into(),
            warm: None,
            running: None,
            since_full: 0,
            reset,
        })
    }

    /// Keeps the project's TypeScript warm with `node`, when it can be; `told` hears when it
    /// is ready or gone.
    pub fn start_warm(&mut self, node: &str, told: Sink<CheckerChanged>) {
        self.warm = Some(warm::Warm::spawn(&self.dir, node, told));
    }

    /// Which checker runs: `warm (TypeScript 7.0.2)`, or `tsc` and why not warm.
    pub fn describe(&self) -> String {
        describe(self.warm.as_ref().map(warm::Warm::status).as_ref())
    }

    /// Starts check `generation` of `scope`, ending a cold one still running.
    pub fn check(&mut self, generation: u64, scope: Scope, sink: Sink<CheckReport>) {
        self.stop();
        let (files, everything, verify) = match scope {
            Scope::Changed(files) => {
                let verify = self.since_full + 1 >= VERIFY_EVERY || files.iter().any(|f| is_tsconfig(f));
                (files, false, verify)
            }
            Scope::Everything => (Vec::new(), true, false),
            Scope::Verify => (Vec::new(), false, true),
        };
        let (tx, rx) = oneshot::channel();
        let all = everything || self.reset.swap(false, Ordering::SeqCst);
        let asked = self.warm.as_ref().is_some_and(|w| w.ask(warm::Ask { generation, files, all, done: tx }));
        if !asked {
            self.running = self.cold(generation, sink);
            return;
        }
        self.since_full = if verify { 0 } else { self.since_full + 1 };
        let full = if verify { Some(self.full(generation)) } else { None };
        let fallback = Fallback {
            tsc: self.tsc.clone(),
            dir: self.dir.clone(),
            project: self.project.clone(),
            status: self.warm.as_ref().map(|w| w.status.clone()),
        };
        tokio::spawn(answer(generation, rx, full, fallback, self.reset.clone(), sink));
    }

    fn cold(&self, generation: u64, sink: Sink<CheckReport>) -> Option<cold::Run> {
        let (tx, rx) = oneshot::channel();
        let run = cold::start(&self.tsc, &self.dir, &self.project, generation, tx);
        // Why it is not the warm checker, when there is one.
        let note = self.warm.as_ref().map(|_| self.describe());
        tokio::spawn(async move {
            if let Ok(mut report) = rx.await {
                report.checker_note = note;
                sink.send(report).await;
            }
        });
        run
    }

    fn full(&self, generation: u64) -> (Option<cold::Run>, oneshot::Receiver<CheckReport>) {
        let (tx, rx) = oneshot::channel();
        (cold::start(&self.tsc, &self.dir, &self.project, generation, tx), rx)
    }

    /// Ends a running cold check (superseded, or ampdeck quits).
    pub fn stop(&mut self) {
        if let Some(run) = self.running.take() {
            run.stop();
        }
    }

    /// Ends every checker process: ampdeck quits.
    pub fn shutdown(&mut self) {
        self.stop();
        if let Some(warm) = self.warm.take() {
            warm.shutdown();
        }
    }
}

fn describe(status: Option<&warm::Status>) -> String {
    match status {
        Some(warm::Status::Ready { version }) => format!("warm (TypeScript {version})"),
        Some(warm::Status::Starting) => "tsc (warm checker starting)".into(),
        Some(warm::Status::Gone { reason }) => format!("tsc ({reason})"),
        None => "tsc".into(),
    }
}

/// How a check the warm checker could not answer is answered cold, and why it was cold.
struct Fallback {
    tsc: PathBuf,
    dir: PathBuf,
    project: String,
    status: Option<Arc<std::sync::Mutex<warm::Status>>>,
}

/// Hands on the warm answer, then, when a full tsc ran beside it, tsc's answer if it differs.
async fn answer(
    generation: u64,
    warm: oneshot::Receiver<CheckReport>,
    full: Option<(Option<cold::Run>, oneshot::Receiver<CheckReport>)>,
    fallback: Fallback,
    reset: Arc<AtomicBool>,
    sink: Sink<CheckReport>,
) {
    let Ok(report) = warm.await else {
        // The warm checker died with the check, or could not start: tsc answers instead, and
        // the pane says why (read after tsc's seconds, when the checker has said it is gone).
        let (tx, rx) = oneshot::channel();
        let _run = cold::start(&fallback.tsc, &fallback.dir, &fallback.project, generation, tx);
        if let Ok(mut report) = rx.await {
            let status = fallback.status.as_ref().and_then(|s| s.lock().ok().map(|s| s.clone()));
            report.checker_note = status.map(|s| describe(Some(&s)));
            sink.send(report).await;
        }
        return;
    };
    let warm = keys(&report);
    sink.send(report).await;
    let Some((_run, full)) = full else { return };
    let Ok(mut full) = full.await else { return };
    if let Some(difference) = differ(&warm, &keys(&full)) {
        reset.store(true, Ordering::SeqCst);
        full.disagreed = Some(difference);
        sink.send(full).await;
    }
}

fn is_tsconfig(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n.to_string_lossy().starts_with("tsconfig"))
}

/// What two checks are compared by: each error's place and code (the wording of a message
/// chain may be laid out differently).
fn keys(report: &CheckReport) -> BTreeSet<String> {
    let mut keys: BTreeSet<String> =
        report.diagnostics.iter().map(|d| format!("{} {}", d.location(), d.code)).collect();
    if let Some(failure) = &report.failure {
        keys.insert(format!("failure: {failure}"));
    }
    keys
}

/// How the warm checker's errors differ from tsc's: `tsc also found a.ts:3:1 TS2322`.
fn differ(warm: &BTreeSet<String>, full: &BTreeSet<String>) -> Option<String> {
    let missed: Vec<&String> = full.difference(warm).collect();
    let extra: Vec<&String> = warm.difference(full).collect();
    let list = |v: &[&String]| v.iter().take(3).map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
    match (missed.is_empty(), extra.is_empty()) {
        (true, true) => None,
        (false, true) => Some(format!("tsc also found {}", list(&missed))),
        (true, false) => Some(format!("tsc did not find {}", list(&extra))),
        (false, false) => Some(format!("tsc found {} instead of {}", list(&missed), list(&extra))),
    }
}
