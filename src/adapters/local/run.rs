//! One local invocation: Node.js started on `harness.mjs` in a process group of its own, with
//! the function's environment and nothing of ampdeck's; its output read line by line (what
//! the handler logs, as Lambda writes it, reaches the Logs pane as it comes), the function's
//! timeout kept, the group ended when it is over, and the outcome read from the result file.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use serde::Deserialize;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;
use tokio::sync::mpsc;

use crate::adapters::process::group;
use crate::domain::logs::{LogEvent, LogSource};
use crate::ports::{FollowMsg, Sink};
use crate::util::timefmt::now_epoch_ms;

/// Lines of output kept for the Result pane (Lambda's tail is 4 KB; a local run can say more).
const TAIL_LINES: usize = 200;
/// Past the function's timeout, how long a handler that blocks the event loop (so the
/// harness's own timer cannot fire) gets before its group is killed.
const BACKSTOP: Duration = Duration::from_secs(2);

/// What the function's process gets of ampdeck's environment: where programs are, and how
/// this machine reaches the network (a proxy, a company's certificates), which Lambda's own
/// network does not need.
const PASSED_ON: &[&str] = &[
    "PATH",
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "NO_PROXY",
    "no_proxy",
    "NODE_EXTRA_CA_CERTS",
    "AWS_CA_BUNDLE",
];

/// How the function's process is started: the same for every run of the same function with
/// the same settings, so one can be started ahead of the next run.
#[derive(Debug, Clone, PartialEq)]
pub struct Launch {
    pub node: String,
    pub node_flags: Vec<String>,
    pub harness: PathBuf,
    pub cwd: PathBuf,
    pub env: Vec<(String, String)>,
    /// A module to load while waiting for the job (Amplify's banner imports the SSM client).
    pub preload: Option<PathBuf>,
}

/// One invocation.
pub struct Job {
    /// The job's JSON for the harness (one line on its stdin).
    pub spec: String,
    pub result: PathBuf,
    /// The function's name as the user gave it: the Logs pane's.
    pub function: String,
    pub request_id: String,
    /// None: no limit (a debugger holds it).
    pub timeout: Option<Duration>,
    /// How paths in traces and lines are named.
    pub places: Places,
}

/// Paths in what a run says, named as the project's: its absolute path taken out, and a
/// stripped entry's output file (same lines and columns) called by the source's name.
#[derive(Debug, Clone, Default)]
pub struct Places {
    pub root: PathBuf,
    /// (the file run, the source it keeps the positions of, relative).
    pub stripped: Option<(PathBuf, PathBuf)>,
}

impl Places {
    /// `file:///home/me/app/amplify/x.ts:3:9` → `amplify/x.ts:3:9`.
    pub fn name(&self, text: &str) -> String {
        let mut text = text.to_owned();
        if let Some((file, source)) = &self.stripped {
            let (file, source) = (file.to_string_lossy(), source.to_string_lossy());
            if text.contains(file.as_ref()) {
                text = text.replace(&format!("file://{file}"), &source).replace(file.as_ref(), &source);
            }
        }
        relative(&text, &self.root)
    }
}

/// A harness process, started, waiting for its job.
pub struct Started {
    child: tokio::process::Child,
    pgid: i32,
}

impl Drop for Started {
    fn drop(&mut self) {
        // Never used (replaced, or ampdeck quits): the group goes with it.
        if self.pgid > 1 && group::is_registered(self.pgid) {
            group::signal(self.pgid, nix::sys::signal::Signal::SIGKILL);
            group::unregister(self.pgid);
        }
    }
}

/// Starts the harness in a process group of its own; it loads `preload` and waits.
pub fn start(launch: &Launch) -> Result<Started, String> {
    let mut command = Command::new(&launch.node);
    command
        .args(&launch.node_flags)
        .arg("--enable-source-maps")
        .arg(&launch.harness)
        .current_dir(&launch.cwd)
        .env_clear()
        .envs(launch.env.iter().map(|(k, v)| (k, v)))
        .envs(PASSED_ON.iter().filter_map(|k| Some((k, std::env::var_os(k)?))))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .process_group(0);
    if let Some(preload) = &launch.preload {
        command.env("AMPDECK_PRELOAD", preload);
    }
    let child = command.spawn().map_err(|e| format!("cannot run {}: {e}", launch.node))?;
    let pgid = child.id().map_or(0, |p| p as i32);
    group::register(pgid);
    Ok(Started { child, pgid })
}

/// What the harness wrote.
#[derive(Debug, Default, Deserialize)]
pub struct Outcome {
    pub response: Option<String>,
    pub error: Option<serde_json::Value>,
    pub missing: Option<String>,
}

/// How the run ended.
#[derive(Debug)]
pub struct Ran {
    /// None: the process ended without writing one (it crashed, or was killed).
    pub outcome: Option<Outcome>,
    pub tail: Vec<String>,
    pub timed_out: bool,
    /// How it exited when it wrote nothing: the code or signal, and its last words.
    pub exit: String,
}

enum Line {
    Out(String),
    Err(String),
}

/// Hands `job` to the started harness and reads the run to its end.
pub async fn run(
    mut started: Started,
    job: Job,
    logs: &Sink<FollowMsg>,
    inspecting: impl Fn(String),
) -> Result<Ran, String> {
    use tokio::io::AsyncWriteExt;
    let _ = std::fs::remove_file(&job.result);
    let pgid = started.pgid;
    let child = &mut started.child;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(format!("{}\n", job.spec).as_bytes()).await.map_err(|e| format!("the harness is gone: {e}"))?;
    }
    let (tx, mut rx) = mpsc::channel::<Line>(256);
    if let Some(out) = child.stdout.take() {
        let tx = tx.clone();
        tokio::spawn(async move {
            let mut lines = BufReader::new(out).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                if tx.send(Line::Out(line)).await.is_err() {
                    break;
                }
            }
        });
    }
    if let Some(err) = child.stderr.take() {
        tokio::spawn(async move {
            let mut lines = BufReader::new(err).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                if tx.send(Line::Err(line)).await.is_err() {
                    break;
                }
            }
        });
    }
    let mut reader = Reader { job: &job, tail: Vec::new(), last_err: Vec::new(), pending: Vec::new(), done: false };
    let deadline = job.timeout.map(|t| tokio::time::Instant::now() + t + BACKSTOP);
    let mut timed_out = false;
    let status = loop {
        let expired = async {
            match deadline {
                Some(d) => tokio::time::sleep_until(d).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            Some(line) = rx.recv() => {
                reader.take(line, &inspecting);
                while let Ok(more) = rx.try_recv() {
                    reader.take(more, &inspecting);
                }
                reader.flush(logs).await;
                if reader.done {
                    // The harness said it is over; a debugger still attached must not hold it.
                    group::signal(pgid, nix::sys::signal::Signal::SIGKILL);
                    break child.wait().await.ok();
                }
            }
            status = child.wait() => break status.ok(),
            _ = expired => {
                timed_out = true;
                group::signal(pgid, nix::sys::signal::Signal::SIGKILL);
                break child.wait().await.ok();
            }
        }
    };
    // Whatever the handler started is ended with it; then the rest of what was written.
    group::reap(pgid, Duration::from_millis(100)).await;
    while let Ok(Some(line)) = tokio::time::timeout(Duration::from_millis(300), rx.recv()).await {
        reader.take(line, &inspecting);
    }
    reader.flush(logs).await;
    let outcome = std::fs::read_to_string(&job.result).ok().and_then(|r| serde_json::from_str::<Outcome>(&r).ok());
    let exit = match status {
        Some(s) => exit_words(s, &reader.last_err),
        None => "it could not be waited for".into(),
    };
    Ok(Ran { outcome, tail: reader.tail, timed_out, exit })
}

fn exit_words(status: std::process::ExitStatus, last_err: &[String]) -> String {
    use std::os::unix::process::ExitStatusExt;
    let how = match (status.code(), status.signal()) {
        (Some(code), _) => format!("exited with code {code}"),
        (None, Some(signal)) => format!("was ended by signal {signal}"),
        _ => "ended".into(),
    };
    match last_err.last() {
        Some(said) => format!("{how}: {said}"),
        None => how,
    }
}

struct Reader<'a> {
    job: &'a Job,
    tail: Vec<String>,
    last_err: Vec<String>,
    pending: Vec<LogEvent>,
    /// The harness wrote its result and said so.
    done: bool,
}

impl Reader<'_> {
    fn take(&mut self, line: Line, inspecting: &impl Fn(String)) {
        let message = match line {
            Line::Out(text) if text == "\u{1d}" => {
                self.done = true;
                return;
            }
            Line::Out(text) => match text.strip_prefix('\u{1e}') {
                Some(record) => self.console(record),
                None => text,
            },
            Line::Err(text) => {
                if let Some(address) = text.strip_prefix("Debugger listening on ") {
                    inspecting(address.trim().to_owned());
                    return;
                }
                if text.starts_with("For help, see: https://nodejs.org")
                    || text == "Debugger attached."
                    || text == "Waiting for the debugger to disconnect..."
                {
                    return;
                }
                self.last_err.push(text.clone());
                if self.last_err.len() > 5 {
                    self.last_err.remove(0);
                }
                text
            }
        };
        let message = self.job.places.name(&message);
        self.tail.extend(message.lines().map(str::to_owned));
        if self.tail.len() > TAIL_LINES {
            self.tail.drain(..self.tail.len() - TAIL_LINES);
        }
        self.pending.push(LogEvent {
            function: self.job.function.clone(),
            timestamp_ms: now_epoch_ms(),
            message,
            internal: false,
            source: LogSource::Local,
        });
    }

    /// A `console.*` record as Lambda writes it: time, request id, level, message.
    fn console(&self, record: &str) -> String {
        #[derive(Deserialize)]
        struct Record {
            t: String,
            l: String,
            m: String,
        }
        match serde_json::from_str::<Record>(record) {
            Ok(r) => format!("{}\t{}\t{}\t{}", r.t, self.job.request_id, r.l, r.m),
            Err(_) => record.to_owned(),
        }
    }

    async fn flush(&mut self, logs: &Sink<FollowMsg>) {
        if !self.pending.is_empty() {
            logs.send(FollowMsg::Logs(std::mem::take(&mut self.pending))).await;
        }
    }
}

/// The project's absolute path taken out, `file://` and all.
fn relative(text: &str, root: &Path) -> String {
    let root = root.to_string_lossy();
    if root.is_empty() || !text.contains(root.as_ref()) {
        return text.to_owned();
    }
    text.replace(&format!("file://{root}/"), "").replace(&format!("{root}/"), "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traces_name_the_projects_files() {
        let line = "    at handler (file:///home/me/app/amplify/functions/f/handler.ts:5:11)";
        assert_eq!(relative(line, Path::new("/home/me/app")), "    at handler (amplify/functions/f/handler.ts:5:11)");
        assert_eq!(relative("/home/me/app/amplify/x.ts", Path::new("/home/me/app")), "amplify/x.ts");
        assert_eq!(relative("nothing here", Path::new("/home/me/app")), "nothing here");
    }

    #[test]
    fn a_stripped_entry_is_named_by_its_source() {
        let places = Places {
            root: "/home/me/app".into(),
            stripped: Some((
                "/home/me/app/.amplify/artifacts/ampdeck/f/index.mjs".into(),
                "amplify/functions/f/handler.ts".into(),
            )),
        };
        let line = "    at handler (file:///home/me/app/.amplify/artifacts/ampdeck/f/index.mjs:5:11)";
        assert_eq!(places.name(line), "    at handler (amplify/functions/f/handler.ts:5:11)");
    }
}
