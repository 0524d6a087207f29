//! Drives the real binary in a pseudo-terminal and reads its screen through vt100.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use std::num::NonZeroU16;

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub struct Session {
    pub child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    pub tmp: tempfile::TempDir,
}

impl Session {
    pub fn start(args: &[&str]) -> Session {
        Self::start_with(args, true, &[])
    }

    /// With extra environment variables.
    pub fn start_env(args: &[&str], env: &[(&str, &str)]) -> Session {
        Self::start_with(args, true, env)
    }

    /// As a user without any AWS credentials (and an empty home, so no ~/.aws either).
    pub fn start_without_credentials(args: &[&str]) -> Session {
        Self::start_with(args, false, &[])
    }

    /// With `remove` taken out of the environment (as a tmux, systemd or cron session has it).
    pub fn start_without(args: &[&str], set: &[(&str, &str)], remove: &[&str]) -> Session {
        Self::start_in_with(tempfile::tempdir().expect("tempdir"), args, true, set, remove)
    }

    /// With `config` as the user's config file (`$XDG_CONFIG_HOME/ampdeck/config.toml`).
    pub fn start_with_config(args: &[&str], config: &str) -> Session {
        let tmp = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(tmp.path().join("ampdeck")).expect("config dir");
        std::fs::write(tmp.path().join("ampdeck/config.toml"), config).expect("config");
        Self::start_in(tmp, args, true, &[])
    }

    fn start_with(args: &[&str], credentials: bool, env: &[(&str, &str)]) -> Session {
        Self::start_in(tempfile::tempdir().expect("tempdir"), args, credentials, env)
    }

    fn start_in(tmp: tempfile::TempDir, args: &[&str], credentials: bool, env: &[(&str, &str)]) -> Session {
        Self::start_in_with(tmp, args, credentials, env, &[])
    }

    /// Another program that starts ampdeck (a launcher, npx), run in `cwd`.
    pub fn start_program(program: &str, args: &[&str], cwd: &Path, env: &[(&str, &str)]) -> Session {
        let mut cmd = CommandBuilder::new(program);
        cmd.cwd(cwd);
        Self::launch(tempfile::tempdir().expect("tempdir"), cmd, args, true, env, &[])
    }

    fn start_in_with(
        tmp: tempfile::TempDir,
        args: &[&str],
        credentials: bool,
        env: &[(&str, &str)],
        remove: &[&str],
    ) -> Session {
        Self::launch(tmp, CommandBuilder::new(env!("CARGO_BIN_EXE_ampdeck")), args, credentials, env, remove)
    }

    fn launch(
        tmp: tempfile::TempDir,
        mut cmd: CommandBuilder,
        args: &[&str],
        credentials: bool,
        env: &[(&str, &str)],
        remove: &[&str],
    ) -> Session {
        let pty =
            native_pty_system().openpty(PtySize { rows: 40, cols: 120, pixel_width: 0, pixel_height: 0 }).expect("pty");
        cmd.args(args);
        cmd.env("TMPDIR", tmp.path());
        cmd.env("XDG_CONFIG_HOME", tmp.path());
        cmd.env("XDG_STATE_HOME", tmp.path());
        cmd.env("AMPDECK_DEMO_SPEED", "3");
        cmd.env("TERM", "xterm-256color");
        // Nothing may leave the machine: fake credentials, no instance metadata, and an AWS
        // endpoint on a closed loopback port.
        cmd.env("AWS_ACCESS_KEY_ID", "test");
        cmd.env("AWS_SECRET_ACCESS_KEY", "test");
        cmd.env("AWS_REGION", "us-east-1");
        cmd.env("AWS_EC2_METADATA_DISABLED", "true");
        cmd.env("AWS_ENDPOINT_URL", "http://127.0.0.1:9");
        cmd.env_remove("AWS_PROFILE");
        if !credentials {
            cmd.env_remove("AWS_ACCESS_KEY_ID");
            cmd.env_remove("AWS_SECRET_ACCESS_KEY");
            cmd.env_remove("AWS_SESSION_TOKEN");
            cmd.env("HOME", tmp.path());
        }
        for (key, value) in env {
            cmd.env(key, value);
        }
        for key in remove {
            cmd.env_remove(key);
        }
        let child = pty.slave.spawn_command(cmd).expect("spawn");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let writer = pty.master.take_writer().expect("writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(40), nz(120), 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (p, r) = (parser.clone(), raw.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().expect("parser").process(&buf[..n]);
                r.lock().expect("raw").extend_from_slice(&buf[..n]);
            }
        });
        Session { child, master: pty.master, writer, parser, raw, tmp }
    }

    pub fn resize(&mut self, rows: u16, cols: u16) {
        self.parser.lock().expect("parser").set_size(nz(rows), nz(cols));
        self.master.resize(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).expect("resize");
    }

    pub fn screen(&self) -> String {
        self.parser.lock().expect("parser").screen().contents()
    }

    pub fn wait_for(&self, what: &str, timeout: Duration) -> String {
        let end = Instant::now() + timeout;
        loop {
            let screen = self.screen();
            if screen.contains(what) {
                return screen;
            }
            assert!(Instant::now() < end, "waited {timeout:?} for {what:?}; screen:\n{screen}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn wait_gone(&self, what: &str, timeout: Duration) -> String {
        let end = Instant::now() + timeout;
        loop {
            let screen = self.screen();
            if !screen.contains(what) {
                return screen;
            }
            assert!(Instant::now() < end, "{what:?} still shown after {timeout:?}:\n{screen}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn keys(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write keys");
        self.writer.flush().expect("flush");
    }

    /// `q` while a deploy runs, `y` to the question: ampdeck exits 0 and leaves the terminal
    /// as it found it.
    pub fn quit_during_deploy(&mut self) {
        self.keys("q");
        self.wait_for("A deploy is running", Duration::from_secs(5));
        self.keys("y");
        assert_eq!(self.wait_exit(Duration::from_secs(10)), 0);
        self.assert_restored();
    }

    /// Every byte ampdeck wrote to the terminal, as text.
    pub fn output(&self) -> String {
        String::from_utf8_lossy(&self.raw.lock().expect("raw")).into_owned()
    }

    pub fn workspace(&self) -> PathBuf {
        std::fs::read_dir(self.tmp.path())
            .expect("tmp")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("ampdeck-demo-")))
            .expect("demo workspace in TMPDIR")
    }

    pub fn wait_exit(&mut self, timeout: Duration) -> u32 {
        let end = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status.exit_code();
            }
            assert!(Instant::now() < end, "ampdeck did not exit; screen:\n{}", self.screen());
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The terminal as ampdeck left it: main screen, cursor visible, mouse reporting off.
    pub fn assert_restored(&self) {
        std::thread::sleep(Duration::from_millis(200));
        let parser = self.parser.lock().expect("parser");
        assert!(!parser.screen().alternate_screen(), "still on the alternate screen");
        assert!(!parser.screen().hide_cursor(), "cursor still hidden");
        assert_eq!(parser.screen().mouse_protocol_mode(), vt100::MouseProtocolMode::None, "mouse still captured");
        let raw = self.raw.lock().expect("raw");
        let tail = String::from_utf8_lossy(&raw);
        let left = tail.rfind("\x1b[?1049l").expect("left the alternate screen");
        assert!(tail.rfind("\x1b[?1049h").is_some_and(|entered| entered < left));
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

pub fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("non-zero size")
}

pub fn append(path: &Path, text: &str) {
    let mut f = std::fs::OpenOptions::new().append(true).open(path).expect("open for edit");
    f.write_all(text.as_bytes()).expect("edit");
}
