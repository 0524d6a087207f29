//! The task that owns the driver process: it starts one, passes orders and replies, and
//! starts another after a cancel, a crash or a renewal, until the driver cannot load.

use std::collections::VecDeque;
use std::path::Path;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, AtomicU8, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStderr, ChildStdin, ChildStdout, Command};
use tokio::sync::mpsc::UnboundedReceiver;

use super::protocol::{Reply, Request};
use super::{DriverConfig, Order, READY, SCRIPT, SCRIPT_PATH, STARTING, UNAVAILABLE};
use crate::adapters::process::group;
use crate::domain::deploy::{DeployMsg, DriverMsg, Outcome};
use crate::ports::{Activity, DeployReport, Sink};
use crate::util::ansi;

/// So many crashes within a minute, and ampdeck stops restarting the driver.
const CRASH_LIMIT: usize = 3;

/// What the handle reads of the task: its driver's state and process group.
pub(super) struct Shared {
    pub status: Arc<AtomicU8>,
    pub pgid: Arc<AtomicI32>,
}

pub(super) async fn run(
    config: DriverConfig,
    rx: UnboundedReceiver<Order>,
    sink: Sink<DeployReport>,
    shared: Shared,
    activity: Activity,
) {
    let Shared { status, pgid } = shared;
    let actor = Actor { config, rx, sink, status, pgid, activity, crashes: VecDeque::new(), replay: Vec::new() };
    actor.run().await;
}

/// How one driver process ended.
enum Ended {
    /// ampdeck is going away.
    Quit,
    Cancelled,
    Crashed(String),
    /// It grew and asked to be replaced; what it was sent after deciding so goes to the next.
    Recycled {
        reason: String,
        replay: Vec<Order>,
    },
    Unavailable(String),
}

struct Process {
    child: Child,
    pgid: i32,
    stdin: ChildStdin,
    stdout: Lines<BufReader<ChildStdout>>,
    stderr: Lines<BufReader<ChildStderr>>,
}

struct Actor {
    config: DriverConfig,
    rx: UnboundedReceiver<Order>,
    sink: Sink<DeployReport>,
    status: Arc<AtomicU8>,
    pgid: Arc<AtomicI32>,
    activity: Activity,
    crashes: VecDeque<Instant>,
    /// What the previous process was sent but never started.
    replay: Vec<Order>,
}

/// What one process is doing.
#[derive(Default)]
struct Session {
    inflight: Option<u64>,
    cancelled: bool,
    unavailable: Option<String>,
    crash: Option<String>,
    /// The last lines the driver wrote to stderr, for a crash report.
    stderr_tail: VecDeque<String>,
    /// It said it is ready: the warm-up synthesis is sent next.
    warm_due: bool,
    recycled: Option<String>,
    /// The deploy in flight and its verdict, as sent: replayed if the driver recycles itself.
    sent: Vec<Order>,
}

impl Actor {
    async fn run(mut self) {
        loop {
            let process = match self.start() {
                Ok(process) => process,
                Err(reason) => return self.give_up(reason, None).await,
            };
            let (ended, inflight) = self.session(process).await;
            self.pgid.store(0, Ordering::SeqCst);
            self.activity.set(false);
            match ended {
                Ended::Quit => return,
                Ended::Unavailable(reason) => return self.give_up(reason, inflight).await,
                Ended::Cancelled => {
                    if let Some(id) = inflight {
                        self.send(DeployReport::Deploy(DeployMsg::Finished { id, outcome: Outcome::Cancelled })).await;
                    }
                    self.status.store(STARTING, Ordering::SeqCst);
                }
                Ended::Recycled { reason, replay } => {
                    self.replay = replay;
                    self.status.store(STARTING, Ordering::SeqCst);
                    self.send(DeployReport::Driver(DriverMsg::Renewed { reason })).await;
                }
                Ended::Crashed(reason) => {
                    if let Some(id) = inflight {
                        let message = Some(format!(
                            "the warm deploy driver stopped ({reason}); it restarts: press d to deploy again"
                        ));
                        let outcome = Outcome::Failed { exit_code: None, message };
                        self.send(DeployReport::Deploy(DeployMsg::Finished { id, outcome })).await;
                    }
                    let now = Instant::now();
                    self.crashes.retain(|t| now.duration_since(*t) < Duration::from_secs(60));
                    self.crashes.push_back(now);
                    if self.crashes.len() >= CRASH_LIMIT {
                        let reason = format!("the driver crashed {CRASH_LIMIT} times within a minute ({reason})");
                        return self.give_up(reason, None).await;
                    }
                    self.status.store(STARTING, Ordering::SeqCst);
                    self.send(DeployReport::Driver(DriverMsg::Crashed { reason })).await;
                }
            }
        }
    }

    async fn give_up(&mut self, reason: String, retry: Option<u64>) {
        self.status.store(UNAVAILABLE, Ordering::SeqCst);
        // A deploy sent before the driver gave up is still owed to the user: the core
        // retries it with ampx.
        let retry = retry.or_else(|| {
            std::iter::from_fn(|| self.rx.try_recv().ok())
                .filter_map(|c| match c {
                    Order::Deploy { id, .. } => Some(id),
                    _ => None,
                })
                .last()
        });
        self.send(DeployReport::Driver(DriverMsg::Unavailable { reason, retry })).await;
    }

    fn start(&mut self) -> Result<Process, String> {
        let script = self.config.dir.join(SCRIPT_PATH);
        write_script(&script).map_err(|e| format!("cannot write {}: {e}", script.display()))?;
        let mut child = Command::new(&self.config.node)
            // Its heap is measured after a collection, to know when to be replaced.
            .arg("--expose-gc")
            .arg(&script)
            .current_dir(&self.config.dir)
            .process_group(0)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .envs(self.config.env.iter().map(|(k, v)| (k, v)))
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("cannot start `{}`: {e}", self.config.node))?;
        let pgid = child.id().and_then(|p| i32::try_from(p).ok()).ok_or("the driver exited at once")?;
        group::register(pgid);
        self.pgid.store(pgid, Ordering::SeqCst);
        let (Some(stdin), Some(stdout), Some(stderr)) = (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            return Err("the driver's pipes are missing".into());
        };
        let (stdout, stderr) = (BufReader::new(stdout).lines(), BufReader::new(stderr).lines());
        Ok(Process { child, pgid, stdin, stdout, stderr })
    }

    async fn session(&mut self, mut p: Process) -> (Ended, Option<u64>) {
        let mut s = Session::default();
        for order in std::mem::take(&mut self.replay) {
            self.command(&mut p, &mut s, order).await;
        }
        let (mut out_open, mut err_open) = (true, true);
        let status = loop {
            tokio::select! {
                command = self.rx.recv() => match command {
                    None => {
                        let _ = p.stdin.write_all(Request::Quit.line().as_bytes()).await;
                        group::reap(p.pgid, Duration::from_millis(500)).await;
                        return (Ended::Quit, s.inflight);
                    }
                    Some(command) => self.command(&mut p, &mut s, command).await,
                },
                line = p.stdout.next_line(), if out_open => match line {
                    Ok(Some(line)) => {
                        self.reply(&mut s, &line).await;
                        if std::mem::take(&mut s.warm_due) {
                            let _ = p.stdin.write_all(Request::Warm { backend: &self.config.backend }.line().as_bytes()).await;
                        }
                    }
                    _ => out_open = false,
                },
                line = p.stderr.next_line(), if err_open => match line {
                    Ok(Some(line)) => self.stderr(&mut s, line).await,
                    _ => err_open = false,
                },
                status = p.child.wait() => break status,
            }
        };
        // What the driver said last still counts (its `done`, the reason it could not load).
        let drain = async {
            while let Ok(Some(line)) = p.stdout.next_line().await {
                self.reply(&mut s, &line).await;
            }
        };
        let _ = tokio::time::timeout(Duration::from_millis(500), drain).await;
        group::reap(p.pgid, Duration::from_millis(200)).await;
        let ended = if let Some(reason) = s.unavailable.take() {
            Ended::Unavailable(reason)
        } else if let Some(reason) = s.recycled.take() {
            // It exits only with nothing queued: a deploy in flight was sent after it decided.
            let replay = if s.inflight.is_some() { std::mem::take(&mut s.sent) } else { Vec::new() };
            return (Ended::Recycled { reason, replay }, None);
        } else if s.cancelled {
            Ended::Cancelled
        } else {
            Ended::Crashed(crash_reason(status.ok(), s.crash.take(), s.stderr_tail.back().cloned()))
        };
        (ended, s.inflight)
    }

    async fn command(&mut self, p: &mut Process, s: &mut Session, command: Order) {
        let line = match command {
            Order::Deploy { id, gate, express } => {
                s.inflight = Some(id);
                s.sent = vec![Order::Deploy { id, gate, express }];
                self.activity.set(true);
                let (backend, outputs) = (&self.config.backend, &self.config.outputs);
                Request::Deploy { id, backend, gate, express, outputs }.line()
            }
            Order::Release { id, proceed, reason } => {
                let line = Request::Release { id, proceed, reason: &reason }.line();
                s.sent.push(Order::Release { id, proceed, reason });
                line
            }
            Order::Cancel => {
                if s.inflight.is_some() && !s.cancelled {
                    s.cancelled = true;
                    group::interrupt(p.pgid, self.config.grace);
                }
                return;
            }
        };
        // A driver that stopped reading is noticed by its exit, not here.
        let _ = p.stdin.write_all(line.as_bytes()).await;
    }

    async fn reply(&mut self, s: &mut Session, line: &str) {
        match Reply::parse(line) {
            Some(Reply::Ready { versions }) => {
                s.warm_due = true;
                self.status.store(READY, Ordering::SeqCst);
                self.send(DeployReport::Driver(DriverMsg::Ready { versions })).await;
            }
            Some(Reply::Unavailable { reason }) => s.unavailable = Some(reason),
            Some(Reply::Crash { reason }) => s.crash = Some(reason),
            Some(Reply::Recycle { grown_mb, deploys }) => {
                let reason = format!(
                    "its memory grew {grown_mb} MiB over {deploys} deploys (Node.js keeps every synthesis's modules)"
                );
                s.recycled = Some(reason);
            }
            Some(Reply::Message { id, message }) => {
                if let Some(id) = id.or(s.inflight) {
                    self.send(DeployReport::Deploy(DeployMsg::Toolkit { id, message })).await;
                }
            }
            Some(Reply::Done { id, result }) => {
                s.inflight = s.inflight.filter(|&i| i != id);
                s.sent.clear();
                self.activity.set(false);
                let outcome = match result {
                    Ok(()) => Outcome::Succeeded,
                    Err(error) => {
                        for line in error.ampx_lines() {
                            self.output(id, &line).await;
                        }
                        let message = Some(format!("[{}] {}", error.name, error.message));
                        Outcome::Failed { exit_code: None, message }
                    }
                };
                self.send(DeployReport::Deploy(DeployMsg::Finished { id, outcome })).await;
            }
            None => {
                if let Some(id) = s.inflight {
                    self.output(id, line).await;
                }
            }
        }
    }

    async fn stderr(&mut self, s: &mut Session, line: String) {
        if line.trim().is_empty() {
            return;
        }
        if let Some(id) = s.inflight {
            self.output(id, &line).await;
        }
        if s.stderr_tail.len() == 5 {
            s.stderr_tail.pop_front();
        }
        s.stderr_tail.push_back(crate::util::sanitize::sanitize(&line).into_owned());
    }

    async fn output(&self, id: u64, line: &str) {
        self.send(DeployReport::Deploy(DeployMsg::Output { id, line: ansi::parse(line) })).await;
    }

    async fn send(&self, report: DeployReport) {
        self.sink.send(report).await;
    }
}

/// Rewritten only when ampdeck ships a different driver, so the file's age says which.
fn write_script(path: &Path) -> std::io::Result<()> {
    if std::fs::read_to_string(path).is_ok_and(|s| s == SCRIPT) {
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, SCRIPT)
}

/// Why the driver died, in words: its own crash report, else how it ended and, for an exit
/// code, its last line on stderr. A process killed by a signal wrote nothing about it, so its
/// last stderr line (a warning of the synthesis, often) would only mislead.
fn crash_reason(status: Option<std::process::ExitStatus>, crash: Option<String>, last: Option<String>) -> String {
    use std::os::unix::process::ExitStatusExt;
    let signal = status.and_then(|s| s.signal());
    let how = match (status.and_then(|s| s.code()), signal) {
        (Some(code), _) => format!("exit code {code}"),
        (None, Some(n)) => match nix::sys::signal::Signal::try_from(n) {
            Ok(name) => format!("killed by {name}"),
            Err(_) => format!("killed by signal {n}"),
        },
        (None, None) => "it ended".into(),
    };
    match crash.or(last.filter(|_| signal.is_none())) {
        Some(line) => format!("{how}: {line}"),
        None => how,
    }
}
