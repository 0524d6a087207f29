//! Runs the deploy command as a child process in its own process group, streams its output
//! line by line into the core, and cancels it politely, then firmly: SIGINT to the group,
//! SIGTERM after a grace period, SIGKILL last.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};
use tokio::process::{Child, Command};
use tokio::task::JoinHandle;

use super::group;
use crate::domain::deploy::{DeployAction, DeployMsg, Outcome};
use crate::ports::{Activity, DeployReport, Sink};
use crate::util::ansi::{self, StyledLine};

/// Longer lines are cut: one runaway line must not take the memory.
const MAX_LINE: usize = 16 * 1024;

#[derive(Debug, Clone)]
pub struct RunnerConfig {
    /// Run with `sh -c`, in `dir`.
    pub command: String,
    pub dir: PathBuf,
    pub env: Vec<(String, String)>,
    /// Between SIGINT and SIGTERM, and between SIGTERM and SIGKILL.
    pub grace: Duration,
    /// Deletes the user's sandbox; also run before `command` to recreate it.
    pub delete_command: String,
    /// Deploys a branch environment; `{branch}` and `{app_id}` are filled in.
    pub branch_command: String,
    /// Deletes someone else's sandbox; `{identifier}` is filled in.
    pub delete_other_command: String,
    /// Seeds the user's sandbox (`ampx sandbox seed`).
    pub seed_command: String,
}

impl RunnerConfig {
    /// The shell script an action runs; `express` asks ampx for CloudFormation's express mode.
    pub fn script(&self, action: &DeployAction, express: bool) -> String {
        let deploy = match express {
            true if self.command.contains("ampx sandbox") && !self.command.contains("--express") => {
                format!("{} --express", self.command)
            }
            _ => self.command.clone(),
        };
        match action {
            DeployAction::Sandbox { recreate: false } => deploy,
            DeployAction::Sandbox { recreate: true } => format!("{} && {deploy}", self.delete_command),
            DeployAction::Branch { branch, app_id, .. } => {
                self.branch_command.replace("{branch}", &quote(branch)).replace("{app_id}", &quote(app_id))
            }
            DeployAction::DeleteSandbox { own: true, .. } => self.delete_command.clone(),
            DeployAction::DeleteSandbox { identifier, .. } => {
                self.delete_other_command.replace("{identifier}", &quote(identifier))
            }
            DeployAction::Seed => self.seed_command.clone(),
            // A push the pusher could not take (no cloud to push to): a deploy does the same.
            DeployAction::CodePush { .. } => deploy,
        }
    }
}

/// Without the project's ampx, `npx ampx` would ask the registry for a package of that name:
/// at best a download and a puzzling npm error, at worst someone else's code. The lines say
/// what is missing and what to run, in ampx's own error shape so the Deploy pane leads with it.
fn missing_ampx(script: &str, dir: &Path) -> Option<Vec<String>> {
    if !script.contains("npx ampx") || dir.ancestors().any(|d| d.join("node_modules/.bin/ampx").exists()) {
        return None;
    }
    Some(vec![
        format!(
            "[ERROR] [AmpxNotInstalled] ampx is not installed in {}: there is no node_modules/.bin/ampx",
            dir.display()
        ),
        "Resolution: Run `npm install` there (the app's package.json lists @aws-amplify/backend-cli), then deploy again."
            .to_owned(),
    ])
}

/// Deploy `id` ends before any child ran: its lines, the first of them its reason.
fn fail_at_once(sink: &Sink<DeployReport>, id: u64, lines: Vec<String>) {
    let message = lines.first().cloned();
    for line in lines {
        sink.try_send(DeployReport::Deploy(DeployMsg::Output { id, line: StyledLine::plain(line) }));
    }
    let outcome = Outcome::Failed { exit_code: None, message };
    sink.try_send(DeployReport::Deploy(DeployMsg::Finished { id, outcome }));
}

/// Single-quoted for `sh`, whatever a branch name contains.
pub fn quote(s: &str) -> String {
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c)) {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

struct Running {
    pgid: i32,
    cancelled: Arc<AtomicBool>,
    tasks: Vec<JoinHandle<()>>,
}

pub struct ProcessRunner {
    config: RunnerConfig,
    current: Option<Running>,
    /// Busy while a deploy command runs; shared with whoever polls faster meanwhile.
    activity: Activity,
}

impl ProcessRunner {
    pub fn new(config: RunnerConfig, activity: Activity) -> Self {
        Self { config, current: None, activity }
    }

    /// Starts deploy `id` doing `action`.
    pub fn start(&mut self, id: u64, action: &DeployAction, express: bool, sink: Sink<DeployReport>) {
        self.shutdown();
        let script = self.config.script(action, express);
        if let Some(lines) = missing_ampx(&script, &self.config.dir) {
            return fail_at_once(&sink, id, lines);
        }
        let mut cmd = Command::new("sh");
        cmd.arg("-c")
            .arg(&script)
            .current_dir(&self.config.dir)
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            // ampx prints plain lines and never prompts when it believes it runs in CI.
            .env("CI", "1")
            // npx must never fetch and run a registry package the project did not install;
            // the user's own setting wins.
            .env("npm_config_yes", std::env::var("npm_config_yes").unwrap_or_else(|_| "false".into()))
            .envs(self.config.env.iter().map(|(k, v)| (k, v)));
        let child = match cmd.spawn() {
            Ok(child) => child,
            Err(e) => {
                let message = format!("cannot start `{}` in {}: {e}", self.config.command, self.config.dir.display());
                return fail_at_once(&sink, id, vec![message]);
            }
        };
        let Some(pgid) = child.id().and_then(|p| i32::try_from(p).ok()) else {
            return;
        };
        group::register(pgid);
        let cancelled = Arc::new(AtomicBool::new(false));
        self.activity.set(true);
        let task = tokio::spawn(supervise(child, id, pgid, cancelled.clone(), self.activity.clone(), sink));
        self.current = Some(Running { pgid, cancelled, tasks: vec![task] });
    }

    /// SIGINT now; SIGTERM and SIGKILL follow if the group is still there.
    pub fn cancel(&mut self) {
        let Some(run) = self.current.as_mut().filter(|r| group::is_registered(r.pgid)) else {
            return;
        };
        run.cancelled.store(true, Ordering::SeqCst);
        let pgid = run.pgid;
        run.tasks.push(group::interrupt(pgid, self.config.grace));
    }

    /// Ends the running group now (quit, SIGTERM to ampdeck): no orphan survives.
    pub fn shutdown(&mut self) {
        if let Some(run) = self.current.take() {
            if group::is_registered(run.pgid) {
                group::end(run.pgid, Duration::from_secs(1));
                group::unregister(run.pgid);
            }
            run.tasks.iter().for_each(JoinHandle::abort);
        }
    }
}

async fn supervise(
    mut child: Child,
    id: u64,
    pgid: i32,
    cancelled: Arc<AtomicBool>,
    activity: Activity,
    sink: Sink<DeployReport>,
) {
    let readers: Vec<JoinHandle<()>> = [
        child.stdout.take().map(|out| tokio::spawn(pump(out, id, sink.clone()))),
        child.stderr.take().map(|err| tokio::spawn(pump(err, id, sink.clone()))),
    ]
    .into_iter()
    .flatten()
    .collect();
    let status = child.wait().await;
    // Lines still in the pipes come first; a grandchild holding a pipe open must not hold
    // the result back for long.
    let aborts: Vec<_> = readers.iter().map(JoinHandle::abort_handle).collect();
    let drained = tokio::time::timeout(Duration::from_millis(500), futures_util::future::join_all(readers)).await;
    if drained.is_err() {
        aborts.iter().for_each(tokio::task::AbortHandle::abort);
    }
    // Whatever is left of the group now is an orphan of the deploy.
    group::reap(pgid, Duration::from_millis(200)).await;
    activity.set(false);
    let outcome = match status {
        _ if cancelled.load(Ordering::SeqCst) => Outcome::Cancelled,
        Ok(status) if status.success() => Outcome::Succeeded,
        Ok(status) => Outcome::Failed { exit_code: status.code(), message: None },
        Err(e) => Outcome::Failed { exit_code: None, message: Some(e.to_string()) },
    };
    sink.send(DeployReport::Deploy(DeployMsg::Finished { id, outcome })).await;
}

async fn pump(reader: impl AsyncRead + Unpin, id: u64, sink: Sink<DeployReport>) {
    let mut reader = BufReader::new(reader);
    let mut buf = Vec::with_capacity(256);
    loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        buf.truncate(MAX_LINE);
        let line = ansi::parse(&String::from_utf8_lossy(&buf));
        if line.text.trim().is_empty() {
            continue;
        }
        if !sink.send(DeployReport::Deploy(DeployMsg::Output { id, line })).await {
            return;
        }
    }
}
