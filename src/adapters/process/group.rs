//! Process groups of running deploys. Every child runs in a group of its own, so a cancel or
//! a quit reaches its grandchildren too (npx → node → esbuild, ...). The registry lets the
//! panic hook end them as well: nothing the user started outlives ampdeck.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;

static GROUPS: Mutex<Vec<i32>> = Mutex::new(Vec::new());

pub fn register(pgid: i32) {
    if let Ok(mut groups) = GROUPS.lock() {
        groups.push(pgid);
    }
}

pub fn unregister(pgid: i32) {
    if let Ok(mut groups) = GROUPS.lock() {
        groups.retain(|&g| g != pgid);
    }
}

pub fn signal(pgid: i32, signal: Signal) -> bool {
    pgid > 1 && killpg(Pid::from_raw(pgid), signal).is_ok()
}

/// Whether any process of the group is still alive.
pub fn alive(pgid: i32) -> bool {
    pgid > 1 && killpg(Pid::from_raw(pgid), None).is_ok()
}

/// SIGTERM, a short wait, then SIGKILL: used on quit, where waiting long is not an option.
pub fn end(pgid: i32, patience: Duration) {
    if !signal(pgid, Signal::SIGTERM) {
        return;
    }
    let deadline = Instant::now() + patience;
    while alive(pgid) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    signal(pgid, Signal::SIGKILL);
}

/// Ctrl-C for a group: SIGINT now, then SIGTERM and SIGKILL a grace period apart while it
/// stays (the task doing so is returned, for callers that keep it).
pub fn interrupt(pgid: i32, grace: Duration) -> tokio::task::JoinHandle<()> {
    signal(pgid, Signal::SIGINT);
    tokio::spawn(escalate(pgid, grace))
}

/// Until no process of the group is left, or `patience` is over.
pub async fn gone(pgid: i32, patience: Duration) {
    let deadline = Instant::now() + patience;
    while alive(pgid) && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A cancel, after the caller's SIGINT: SIGTERM, then SIGKILL, a grace period apart, as long
/// as the group is still there.
pub async fn escalate(pgid: i32, grace: Duration) {
    for next in [Signal::SIGTERM, Signal::SIGKILL] {
        tokio::time::sleep(grace).await;
        if !is_registered(pgid) || !alive(pgid) {
            return;
        }
        signal(pgid, next);
    }
}

/// The group's leader has exited: whatever is left of the group is an orphan. SIGTERM, a
/// moment, SIGKILL, and the group is forgotten.
pub async fn reap(pgid: i32, patience: Duration) {
    if alive(pgid) {
        signal(pgid, Signal::SIGTERM);
        tokio::time::sleep(patience).await;
        signal(pgid, Signal::SIGKILL);
    }
    unregister(pgid);
}

/// Kills every registered group at once; for the panic hook.
pub fn kill_all() {
    let groups = GROUPS.lock().map(|g| g.clone()).unwrap_or_default();
    for pgid in groups {
        signal(pgid, Signal::SIGKILL);
    }
}

pub fn is_registered(pgid: i32) -> bool {
    GROUPS.lock().map(|g| g.contains(&pgid)).unwrap_or(false)
}
