//! The Processes page as a user meets it, the real binary in a pseudo-terminal: a dev server
//! from `package.json` started by a key, its address on screen, restarted onto the same port,
//! stopped and started; a second one failing on that port naming the holder; quitting leaves
//! no process of either behind (checked by pid).

mod pty;

use std::path::Path;
use std::time::Duration;

use pty::Session;

const WAIT: Duration = Duration::from_secs(20);

/// A dev server as Vite prints itself: its address, then a line per request; its pid kept in
/// `pids/` so the test can check it is gone.
const SERVER: &str = r#"import { createServer } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
mkdirSync('pids', { recursive: true });
writeFileSync(`pids/${process.pid}`, '');
const server = createServer((req, res) => res.end('hello'));
server.listen(Number(process.env.PORT), '127.0.0.1', () => {
  console.log(`  \x1b[32m➜\x1b[39m  \x1b[1mLocal\x1b[22m:   \x1b[36mhttp://localhost:\x1b[1m${process.env.PORT}\x1b[22m/\x1b[39m`);
});
"#;

fn project(dir: &Path) {
    let scripts = r#"{"name":"web","scripts":{"dev":"node server.mjs","dev:again":"node server.mjs"}}"#;
    std::fs::write(dir.join("package.json"), scripts).expect("package.json");
    std::fs::write(dir.join("server.mjs"), SERVER).expect("server");
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("address").port()
}

fn alive(pid: i32) -> bool {
    nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), None).is_ok()
}

#[test]
fn a_dev_server_from_package_json_runs_restarts_on_its_port_and_ends_with_ampdeck() {
    let dir = tempfile::tempdir().expect("project");
    project(dir.path());
    let port = free_port().to_string();
    let root = dir.path().to_string_lossy().into_owned();
    let mut s = Session::start_env(&["--dir", &root, "--no-deploy-on-start"], &[("PORT", &port)]);
    s.keys(":");
    s.wait_for("Go to", WAIT);
    s.keys("processes\r");
    s.wait_for("dev:again", WAIT);
    let address = format!("http://localhost:{port}/");

    // Offered, not started: space starts it and its address is shown.
    assert!(s.screen().contains("not started"), "{}", s.screen());
    s.keys(" ");
    let screen = s.wait_for(&address, WAIT);
    assert!(screen.contains("running"), "{screen}");

    // A restart waits for the old one to be gone: the new one gets the same port.
    s.keys("I");
    s.wait_for("restart 1", WAIT);
    // The title names the address once the new run printed it (the old one's went with it).
    let screen = s.wait_for(&format!("{address} · dev ·"), WAIT);
    assert!(screen.contains("running ↻1") && !screen.contains("in use"), "{screen}");

    // A second server on the same port fails, and says who holds it.
    s.keys("j ");
    let screen = s.wait_for(&format!("port {port} is in use by"), WAIT);
    assert!(screen.contains("node server.mjs (pid"), "the holder named: {screen}");

    // Stop and start the first again.
    s.keys("k ");
    s.wait_for("stopped ↻1", WAIT);
    s.keys(" ");
    s.wait_for("restart 2", WAIT);

    s.keys("q");
    assert_eq!(s.wait_exit(WAIT), 0);
    let pids: Vec<i32> = std::fs::read_dir(dir.path().join("pids"))
        .expect("the servers wrote their pids")
        .flatten()
        .filter_map(|e| e.file_name().to_string_lossy().parse().ok())
        .collect();
    assert!(pids.len() >= 3, "three servers started at least: {pids:?}");
    std::thread::sleep(Duration::from_millis(200));
    let left: Vec<i32> = pids.into_iter().filter(|&p| alive(p)).collect();
    assert!(left.is_empty(), "no server outlives ampdeck: {left:?} still run");
}
