//! Closing the terminal's window under ampdeck (the terminal hangs up: SIGHUP, and the tty
//! answers every read and write with EIO) ends it cleanly: exit status 129, no panic in its
//! log, nothing it started left running. The test owns the pty, so it can really close it.

use std::os::fd::{AsFd, OwnedFd};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use nix::pty::{Winsize, openpty};

struct Terminal {
    master: Option<OwnedFd>,
    output: Arc<Mutex<Vec<u8>>>,
    stop: Arc<AtomicBool>,
    reader: Option<std::thread::JoinHandle<OwnedFd>>,
}

impl Terminal {
    /// `program` as the session leader of a new pty, the pty its controlling terminal.
    fn run(program: &str, args: &[&str], env: &[(&str, &str)]) -> (Terminal, std::process::Child) {
        let size = Winsize { ws_row: 30, ws_col: 100, ws_xpixel: 0, ws_ypixel: 0 };
        let pty = openpty(&size, None).expect("openpty");
        // The child must not inherit the master: it would keep the terminal open itself.
        let cloexec = nix::fcntl::FcntlArg::F_SETFD(nix::fcntl::FdFlag::FD_CLOEXEC);
        nix::fcntl::fcntl(&pty.master, cloexec).expect("close-on-exec");
        let stdio = || Stdio::from(pty.slave.try_clone().expect("slave"));
        let child = Command::new("setsid")
            .arg("--ctty")
            .arg(program)
            .args(args)
            .envs(env.iter().copied())
            .env("TERM", "xterm-256color")
            .stdin(stdio())
            .stdout(stdio())
            .stderr(stdio())
            .spawn()
            .expect("spawn");
        drop(pty.slave);
        let output = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (out, halt, master) = (output.clone(), stop.clone(), pty.master);
        // Polls with a timeout so the test can take the master back and close it.
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while !halt.load(Ordering::SeqCst) {
                let mut fds = [PollFd::new(master.as_fd(), PollFlags::POLLIN)];
                if poll(&mut fds, PollTimeout::from(50u16)).unwrap_or(0) > 0 {
                    match nix::unistd::read(master.as_fd(), &mut buf) {
                        Ok(n) if n > 0 => out.lock().expect("output").extend_from_slice(&buf[..n]),
                        _ => std::thread::sleep(Duration::from_millis(20)),
                    }
                }
            }
            master
        });
        (Terminal { master: None, output, stop, reader: Some(reader) }, child)
    }

    fn wait_for(&self, text: &str, within: Duration) {
        let end = Instant::now() + within;
        while !String::from_utf8_lossy(&self.output.lock().expect("output")).contains(text) {
            assert!(Instant::now() < end, "waited {within:?} for {text:?}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Closes the terminal, as closing its window does.
    fn hang_up(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        self.master = self.reader.take().and_then(|r| r.join().ok());
        drop(self.master.take());
    }
}

fn wait(child: &mut std::process::Child, within: Duration) -> Option<std::process::ExitStatus> {
    let end = Instant::now() + within;
    while Instant::now() < end {
        if let Ok(Some(status)) = child.try_wait() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

#[test]
fn closing_the_terminal_ends_ampdeck_cleanly() {
    let home = tempfile::tempdir().expect("tempdir");
    let home_path = home.path().to_string_lossy().into_owned();
    let env = [
        ("TMPDIR", home_path.as_str()),
        ("XDG_CONFIG_HOME", home_path.as_str()),
        ("XDG_STATE_HOME", home_path.as_str()),
        ("AMPDECK_DEMO_SPEED", "3"),
    ];
    let (mut terminal, mut child) = Terminal::run(env!("CARGO_BIN_EXE_ampdeck"), &["--demo"], &env);
    terminal.wait_for("deploy #1", Duration::from_secs(20));
    terminal.hang_up();
    let status = wait(&mut child, Duration::from_secs(10));
    if status.is_none() {
        let _ = child.kill();
    }
    let status = status.expect("ampdeck ended after the hang-up");
    let log = std::fs::read_to_string(home.path().join("ampdeck/ampdeck.log")).unwrap_or_default();
    assert!(!log.contains("panic"), "no panic: {log}");
    assert_eq!(status.code(), Some(129), "128 + SIGHUP, as shells expect: {status:?}");
}
