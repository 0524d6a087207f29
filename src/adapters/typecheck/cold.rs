//! One cold `tsc --noEmit` run of the project: the checker when no warm one can run, and the
//! full check the warm one is compared with.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::io::AsyncReadExt;
use tokio::process::Command;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::diagnostics;
use crate::adapters::process::group;
use crate::domain::check::CheckReport;

/// Output beyond this is not read: the first errors are the ones to fix.
const MAX_OUTPUT: u64 = 1024 * 1024;

/// A running `tsc`: its process group and the task that reads it.
pub struct Run {
    pgid: i32,
    task: JoinHandle<()>,
}

impl Run {
    pub fn stop(self) {
        self.task.abort();
        if group::is_registered(self.pgid) {
            group::signal(self.pgid, nix::sys::signal::Signal::SIGKILL);
            group::unregister(self.pgid);
        }
    }
}

/// Starts `tsc --noEmit -p project` in `dir`; `done` gets its report (at once when it cannot
/// start).
pub fn start(
    tsc: &Path,
    dir: &Path,
    project: &str,
    generation: u64,
    done: oneshot::Sender<CheckReport>,
) -> Option<Run> {
    let started = Instant::now();
    let spawned = Command::new(tsc)
        .args(["--noEmit", "--pretty", "false", "-p", project])
        .current_dir(dir)
        .process_group(0)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn();
    let mut child = match spawned {
        Ok(child) => child,
        Err(e) => {
            let failure = Some(format!("cannot run {}: {e}", tsc.display()));
            let _ = done.send(CheckReport { generation, elapsed: Duration::ZERO, failure, ..CheckReport::default() });
            return None;
        }
    };
    let pgid = child.id().and_then(|p| i32::try_from(p).ok())?;
    group::register(pgid);
    let task = tokio::spawn(async move {
        let (mut out, mut err) = (String::new(), String::new());
        if let (Some(stdout), Some(stderr)) = (child.stdout.take(), child.stderr.take()) {
            let (mut stdout, mut stderr) = (stdout.take(MAX_OUTPUT), stderr.take(MAX_OUTPUT));
            let _ = tokio::join!(stdout.read_to_string(&mut out), stderr.read_to_string(&mut err));
        }
        let status = child.wait().await;
        group::unregister(pgid);
        out.push_str(&err);
        let (diagnostics, errors) = diagnostics::parse(&out);
        let failed = status.as_ref().map_or(true, |s| !s.success());
        let failure = (failed && errors == 0).then(|| failure_text(&out, &status));
        let report =
            CheckReport { generation, diagnostics, errors, elapsed: started.elapsed(), failure, ..Default::default() };
        let _ = done.send(report);
    });
    Some(Run { pgid, task })
}

fn failure_text(output: &str, status: &std::io::Result<std::process::ExitStatus>) -> String {
    let first =
        output.lines().map(str::trim).find(|l| !l.is_empty()).map(|l| crate::util::sanitize::sanitize(l).into_owned());
    match (status, first) {
        (_, Some(line)) => line,
        (Ok(status), None) => format!("tsc stopped ({status})"),
        (Err(e), None) => format!("tsc: {e}"),
    }
}

/// The project's compiler, when it has one.
pub fn find(dir: &Path) -> Option<PathBuf> {
    Some(dir.join("node_modules/.bin/tsc")).filter(|p| p.is_file())
}
