//! The commands run beside the backend (`ports::Processes`): each by `sh -c` in a process
//! group of its own, stdin closed, its stdout and stderr read as they come (colours kept,
//! lines bounded), a port it could not take traced to its holder, its group ended whole —
//! SIGINT first, as Ctrl-C in its terminal would, then SIGTERM, then SIGKILL — and a restart
//! started only once the old group is gone, so a dev server comes back on its own port.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nix::sys::signal::Signal;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::process::Command;
use tokio::sync::mpsc;

use super::group;
use super::port_holder;
use crate::domain::processes::{Ended, ProcessMsg, ProcessRequest, ProcessSpec};
use crate::model::dev_server;
use crate::ports::{Processes, Sink};
use crate::util::ansi::{self, StyledLine};

/// Between SIGINT, SIGTERM and SIGKILL when the user stops a process: a dev server shuts
/// down its watchers and sockets in well under this.
const GRACE: Duration = Duration::from_secs(3);
/// The same steps on quit, shorter: the user is leaving.
const QUIT_GRACE: Duration = Duration::from_millis(800);
/// A line longer than this is shown in pieces (a minified bundle printed whole).
const MAX_LINE: u64 = 16 * 1024;
/// Lines sent to the core in one message at most.
const BATCH: usize = 256;

#[derive(Clone)]
struct Running {
    pgid: i32,
    /// A stop or restart asked for its end.
    asked: Arc<AtomicBool>,
}

/// The runs by name, and the starts that wait for a run to end (a restart).
#[derive(Default)]
struct Runs {
    running: HashMap<String, Running>,
    waiting: HashMap<String, ProcessSpec>,
}

type Table = Arc<Mutex<Runs>>;

pub struct LocalProcesses {
    sink: Sink<ProcessMsg>,
    runs: Table,
}

impl LocalProcesses {
    pub fn new(sink: Sink<ProcessMsg>) -> Self {
        Self { sink, runs: Arc::default() }
    }
}

impl Processes for LocalProcesses {
    fn request(&mut self, request: ProcessRequest) {
        match request {
            ProcessRequest::Start(spec) => start(spec, self.sink.clone(), self.runs.clone()),
            ProcessRequest::Stop { name } => {
                lock(&self.runs).waiting.remove(&name);
                stop(&self.runs, &name);
            }
            // The new run starts when the old one's end is reported (`start_waiting`); a
            // second restart meanwhile joins the first, a stop cancels it.
            ProcessRequest::Restart(spec) => {
                let name = spec.name.clone();
                let running = lock(&self.runs).running.contains_key(&name);
                if running {
                    lock(&self.runs).waiting.insert(name.clone(), spec);
                    stop(&self.runs, &name);
                } else {
                    start(spec, self.sink.clone(), self.runs.clone());
                }
            }
        }
    }

    fn shutdown(&mut self) {
        let groups: Vec<i32> = {
            let mut runs = lock(&self.runs);
            runs.waiting.clear();
            runs.running.values().map(|r| r.pgid).collect()
        };
        for signal in [Signal::SIGINT, Signal::SIGTERM, Signal::SIGKILL] {
            let alive: Vec<i32> = groups.iter().copied().filter(|&g| still_alive(g)).collect();
            if alive.is_empty() {
                break;
            }
            alive.iter().for_each(|&g| {
                group::signal(g, signal);
            });
            let deadline = Instant::now() + QUIT_GRACE;
            while alive.iter().any(|&g| still_alive(g)) && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        groups.iter().for_each(|&g| group::unregister(g));
    }
}

/// Whether `pgid` still has a live process, reaping its leader (our child) when it exited:
/// on quit the runtime that would reap it is not running, and a zombie counts as alive.
fn still_alive(pgid: i32) -> bool {
    use nix::sys::wait::{WaitPidFlag, waitpid};
    while let Ok(status) = waitpid(nix::unistd::Pid::from_raw(-pgid), Some(WaitPidFlag::WNOHANG)) {
        if status == nix::sys::wait::WaitStatus::StillAlive {
            break;
        }
    }
    group::alive(pgid)
}

fn lock(table: &Table) -> std::sync::MutexGuard<'_, Runs> {
    table.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// SIGINT to its group, then SIGTERM and SIGKILL if it stays.
fn stop(runs: &Table, name: &str) {
    let Some(run) = lock(runs).running.get(name).cloned() else { return };
    run.asked.store(true, Ordering::SeqCst);
    group::interrupt(run.pgid, GRACE);
}

fn start(spec: ProcessSpec, sink: Sink<ProcessMsg>, runs: Table) {
    if lock(&runs).running.contains_key(&spec.name) {
        return;
    }
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(&spec.command)
        .current_dir(&spec.dir)
        // Dev servers drop their colours when not on a terminal; they are kept as styles.
        .env("FORCE_COLOR", "1")
        .envs(spec.env.iter().map(|(k, v)| (k, v)))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .process_group(0);
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) => {
            let said = format!("cannot start `{}` in {}: {e}", spec.command, spec.dir.display());
            let error = crate::util::sanitize::owned(&said);
            tokio::spawn(async move { sink.send(ProcessMsg::Failed { name: spec.name, error }).await });
            return;
        }
    };
    let pid = child.id().unwrap_or(0);
    let run = Running { pgid: pid as i32, asked: Arc::default() };
    group::register(run.pgid);
    lock(&runs).running.insert(spec.name.clone(), run.clone());
    let (lines_tx, lines) = mpsc::channel(1024);
    if let Some(out) = child.stdout.take() {
        tokio::spawn(read_lines(out, lines_tx.clone()));
    }
    if let Some(err) = child.stderr.take() {
        tokio::spawn(read_lines(err, lines_tx));
    }
    tokio::spawn(async move {
        sink.send(ProcessMsg::Started { name: spec.name.clone(), pid }).await;
        let ended = watch(&spec, child, &run, lines, &sink).await;
        let next = {
            let mut runs = lock(&runs);
            runs.running.remove(&spec.name);
            runs.waiting.remove(&spec.name)
        };
        let asked = run.asked.load(Ordering::SeqCst);
        sink.send(ProcessMsg::Exited { name: spec.name, ended, asked }).await;
        if let Some(next) = next {
            start(next, sink, runs);
        }
    });
}

/// Its output to the core (and its log file) until its group is gone; how it ended.
async fn watch(
    spec: &ProcessSpec,
    mut child: tokio::process::Child,
    run: &Running,
    mut lines: mpsc::Receiver<String>,
    sink: &Sink<ProcessMsg>,
) -> Ended {
    let mut log = LogFile::open(spec.log_file.as_deref()).await;
    if let Some(why) = log.1.take() {
        sink.send(ProcessMsg::Output { name: spec.name.clone(), lines: vec![ansi::parse(&why)] }).await;
    }
    let mut port_checked = false;
    let mut ended = None;
    // Once the group is ended, what is still buffered is read for a moment, no longer: a
    // descendant that left the group may hold the pipes open for good.
    let drained = tokio::time::sleep(Duration::MAX);
    tokio::pin!(drained);
    loop {
        tokio::select! {
            first = lines.recv() => {
                let Some(first) = first else { break };
                let mut batch = vec![ansi::parse(&first)];
                while batch.len() < BATCH && let Ok(more) = lines.try_recv() {
                    batch.push(ansi::parse(&more));
                }
                log.write(&batch).await;
                if !port_checked && let Some(port) = batch.iter().find_map(|l| dev_server::port_in_use(&l.text)) {
                    port_checked = true;
                    report_holder(&spec.name, port, sink.clone());
                }
                sink.send(ProcessMsg::Output { name: spec.name.clone(), lines: batch }).await;
            }
            status = child.wait(), if ended.is_none() => {
                ended = Some(status.map(ended_by).unwrap_or(Ended::Code(-1)));
                end_group(run).await;
                drained.as_mut().reset(tokio::time::Instant::now() + Duration::from_millis(500));
            }
            () = &mut drained, if ended.is_some() => break,
        }
    }
    let ended = match ended {
        Some(ended) => ended,
        None => {
            let status = child.wait().await;
            end_group(run).await;
            status.map(ended_by).unwrap_or(Ended::Code(-1))
        }
    };
    // Gone means gone: a restart may take the port only once the last of the group exited
    // (a process another one keeps as a zombie is given 2 s).
    group::gone(run.pgid, Duration::from_secs(2)).await;
    ended
}

/// Its leader is gone; the rest of its group (npm → node → esbuild) follows. After a stop
/// the rest had the same SIGINT and gets the stop's grace to finish; otherwise it is an
/// orphan, ended at once.
async fn end_group(run: &Running) {
    if run.asked.load(Ordering::SeqCst) {
        group::gone(run.pgid, GRACE).await;
    }
    group::reap(run.pgid, Duration::from_millis(300)).await;
}

fn ended_by(status: std::process::ExitStatus) -> Ended {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => Ended::Code(code),
        (None, Some(signal)) => Ended::Signal(signal),
        (None, None) => Ended::Code(-1),
    }
}

fn report_holder(name: &str, port: u16, sink: Sink<ProcessMsg>) {
    let name = name.to_owned();
    tokio::spawn(async move {
        let holder = tokio::task::spawn_blocking(move || port_holder::holder(port)).await.ok().flatten();
        sink.send(ProcessMsg::PortTaken { name, port, holder: holder.map(|h| h.describe()) }).await;
    });
}

/// One stream's lines, as text (not UTF-8 is shown replaced), a long one in pieces.
async fn read_lines(stream: impl AsyncRead + Unpin, lines: mpsc::Sender<String>) {
    let mut reader = BufReader::new(stream);
    let mut line = Vec::new();
    loop {
        line.clear();
        match (&mut reader).take(MAX_LINE).read_until(b'\n', &mut line).await {
            Ok(0) | Err(_) => break,
            Ok(_) => {
                if lines.send(String::from_utf8_lossy(&line).into_owned()).await.is_err() {
                    break;
                }
            }
        }
    }
}

/// The process's output appended to a file, as plain text; a file that cannot be written is
/// said once in the output itself (the second field, until said).
struct LogFile(Option<tokio::fs::File>, Option<String>);

impl LogFile {
    async fn open(path: Option<&Path>) -> Self {
        let Some(path) = path else { return Self(None, None) };
        if let Some(dir) = path.parent() {
            let _ = tokio::fs::create_dir_all(dir).await;
        }
        match tokio::fs::OpenOptions::new().create(true).append(true).open(path).await {
            Ok(file) => Self(Some(file), None),
            Err(e) => Self(None, Some(format!("ampdeck: its log file {} cannot be written: {e}", path.display()))),
        }
    }

    async fn write(&mut self, lines: &[StyledLine]) {
        let Some(file) = &mut self.0 else { return };
        let mut text = String::new();
        for line in lines {
            text.push_str(&line.text);
            text.push('\n');
        }
        // Flushed per batch: tokio's file only queues a write, and another terminal (or an
        // agent) reading the file should see a line as soon as ampdeck shows it.
        if file.write_all(text.as_bytes()).await.is_err() || file.flush().await.is_err() {
            self.0 = None;
        }
    }
}
