//! The processes' worker with real child processes: output read as it comes (and appended
//! to the entry's log file), a stop ending the whole group, a restart starting the new one
//! only after the old group is gone, and quitting ending what still runs.

use std::time::Duration;

use ampdeck::adapters::process::processes::LocalProcesses;
use ampdeck::domain::processes::{Ended, Origin, ProcessMsg, ProcessRequest, ProcessSpec};
use ampdeck::ports::{Processes, Sink};
use tokio::sync::mpsc::Receiver;

fn spec(dir: &std::path::Path, command: &str) -> ProcessSpec {
    ProcessSpec {
        name: "web".into(),
        command: command.into(),
        dir: dir.to_path_buf(),
        env: vec![("GREETING".into(), "hello from the entry".into())],
        autostart: true,
        restart_on_outputs: false,
        log_file: Some(dir.join("logs/web.log")),
        origin: Origin::Config,
    }
}

async fn next(rx: &mut Receiver<ProcessMsg>) -> ProcessMsg {
    tokio::time::timeout(Duration::from_secs(10), rx.recv()).await.expect("in time").expect("open")
}

async fn until<T>(rx: &mut Receiver<ProcessMsg>, mut found: impl FnMut(&ProcessMsg) -> Option<T>) -> T {
    loop {
        if let Some(t) = found(&next(rx).await) {
            return t;
        }
    }
}

fn alive(pid: u32) -> bool {
    nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid as i32), None).is_ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_process_is_read_stopped_whole_restarted_after_its_group_and_ended_on_quit() {
    let dir = tempfile::tempdir().expect("dir");
    let (sink, mut rx) = Sink::channel(256);
    let mut worker = LocalProcesses::new(sink);
    // A leader with a child of its own (as npm runs node), printing and then waiting.
    let command = "echo \"$GREETING\"; sleep 60 & echo child $!; wait";
    worker.request(ProcessRequest::Start(spec(dir.path(), command)));
    let pid = until(&mut rx, |m| if let ProcessMsg::Started { pid, .. } = m { Some(*pid) } else { None }).await;
    let mut text = String::new();
    let child: u32 = until(&mut rx, |m| {
        if let ProcessMsg::Output { lines, .. } = m {
            lines.iter().for_each(|l| text.push_str(&format!("{}\n", l.text)));
        }
        text.lines().find_map(|l| l.strip_prefix("child ")?.parse().ok())
    })
    .await;
    assert!(text.contains("hello from the entry"), "the entry's environment: {text}");
    let log = std::fs::read_to_string(dir.path().join("logs/web.log")).unwrap_or_default();
    assert!(log.contains("hello from the entry"), "the log file has it: {log}");

    // A restart: the old group (leader and child) is gone before the new one starts.
    worker.request(ProcessRequest::Restart(spec(dir.path(), command)));
    let ended =
        until(&mut rx, |m| if let ProcessMsg::Exited { ended, asked, .. } = m { Some((*ended, *asked)) } else { None })
            .await;
    assert_eq!(ended, (Ended::Signal(2), true), "SIGINT first, as Ctrl-C would");
    assert!(!alive(pid) && !alive(child), "the old group is gone before the new start");
    let again = until(&mut rx, |m| if let ProcessMsg::Started { pid, .. } = m { Some(*pid) } else { None }).await;
    assert_ne!(again, pid);

    // Quitting ends it, child and all.
    worker.shutdown();
    assert!(!alive(again), "ended on quit");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_command_that_cannot_start_says_why() {
    let (sink, mut rx) = Sink::channel(16);
    let mut worker = LocalProcesses::new(sink);
    let mut bad = spec(std::path::Path::new("/nonexistent/folder"), "true");
    bad.log_file = None;
    worker.request(ProcessRequest::Start(bad));
    let error =
        until(&mut rx, |m| if let ProcessMsg::Failed { error, .. } = m { Some(error.clone()) } else { None }).await;
    assert!(error.contains("/nonexistent/folder"), "{error}");
}
