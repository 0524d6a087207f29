//! Latency from saving a file to the deploy command running, through the real binary:
//! watcher → debounce → core → runner → child process. The child records when it started.
//! Goal: the debounce time (100 ms default) + 50 ms.
//! Run: `cargo bench --bench save_to_deploy`.

#[path = "../tests/pty/mod.rs"]
mod pty;

use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn now_ns() -> u128 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos())
}

fn main() {
    let project = tempfile::tempdir().expect("tempdir");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo-app");
    for file in ["package.json", "amplify/backend.ts", "amplify/data/resource.ts"] {
        let to = project.path().join(file);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::copy(src.join(file), &to).expect("copy");
    }
    let marks = project.path().join("spawned");
    let command = format!("date +%s%N >> {}", marks.display());
    let dir = project.path().to_string_lossy().into_owned();
    let mut session = pty::Session::start(&["--dir", &dir, "--deploy-command", &command, "--no-deploy-on-start"]);
    session.wait_for("No deploy yet", Duration::from_secs(10));
    let mut latencies = Vec::new();
    for i in 0..20 {
        let before = std::fs::read_to_string(&marks).unwrap_or_default().lines().count();
        let saved = now_ns();
        std::fs::write(project.path().join("amplify/data/resource.ts"), format!("// edit {i}\n")).expect("save");
        let spawned = loop {
            let text = std::fs::read_to_string(&marks).unwrap_or_default();
            if let Some(line) = text.lines().nth(before) {
                break line.trim().parse::<u128>().expect("a timestamp");
            }
            std::thread::sleep(Duration::from_millis(2));
        };
        latencies.push((spawned.saturating_sub(saved)) as f64 / 1e6);
        // The next save waits for this deploy to end (its stack check included), or it would
        // be queued behind it and measure the queue.
        let ended = [format!("#{} ✔", i + 1), format!("#{} ✖", i + 1)];
        while !ended.iter().any(|e| session.screen().contains(e.as_str())) {
            std::thread::sleep(Duration::from_millis(20));
        }
        std::thread::sleep(Duration::from_millis(300));
    }
    session.keys("q");
    latencies.sort_by(f64::total_cmp);
    let pick = |q: f64| latencies[((latencies.len() - 1) as f64 * q).round() as usize];
    println!(
        "save → deploy command started, {} saves, debounce 100 ms: min {:.0} ms, median {:.0} ms, p90 {:.0} ms, max {:.0} ms",
        latencies.len(),
        pick(0.0),
        pick(0.5),
        pick(0.9),
        pick(1.0)
    );
}
