//! The real binary with the warm driver (Amplify's deployer stubbed) and a stand-in compiler:
//! a type error written into handler.ts shows in the Workspace pane with file:line:col and
//! blocks the deploy; its fix deploys; quitting ends the driver. The same flow against the
//! real deployer, the real compiler and the emulator is `tests/e2e_sample_app.rs`.

mod pty;

use std::path::{Path, PathBuf};
use std::time::Duration;

use pty::Session;

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The demo app with a `node_modules/.bin/tsc`.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = repo("assets/demo-app");
    for entry in walk(&src) {
        let to = dir.path().join(entry.strip_prefix(&src).expect("inside"));
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::copy(&entry, &to).expect("copy");
    }
    let bin = dir.path().join("node_modules/.bin");
    std::fs::create_dir_all(&bin).expect("bin");
    std::fs::copy(repo("tests/warm/fake-tsc.sh"), bin.join("tsc")).expect("tsc");
    std::fs::write(dir.path().join("stub-mode"), "ok").expect("mode");
    dir
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read_dir").flatten() {
        let path = entry.path();
        if path.is_dir() { files.extend(walk(&path)) } else { files.push(path) }
    }
    files
}

fn driver_processes(project: &Path) -> usize {
    let script = project.join(".amplify/ampdeck-driver.mjs").display().to_string();
    std::fs::read_dir("/proc")
        .expect("proc")
        .flatten()
        .filter_map(|e| std::fs::read(e.path().join("cmdline")).ok())
        .filter(|cmd| String::from_utf8_lossy(cmd).contains(&script))
        .count()
}

#[test]
fn a_type_error_blocks_the_warm_deploy_and_its_fix_deploys() {
    let project = project();
    let dir = project.path().to_string_lossy().into_owned();
    let stub = repo("tests/warm/stub-deployer.mjs").display().to_string();
    let mut s = Session::start_env(&["--dir", &dir, "--identifier", "root"], &[("AMPDECK_DRIVER_STUB", &stub)]);
    s.wait_for("types: ✓ no errors", Duration::from_secs(20));
    s.wait_for(" warm ", Duration::from_secs(20));
    assert_eq!(driver_processes(project.path()), 1, "one warm driver runs");

    let handler = project.path().join("amplify/functions/say-hello/handler.ts");
    let original = std::fs::read_to_string(&handler).expect("handler");
    std::fs::write(&handler, format!("{original}\nconst n: number = 'TYPE_ERROR';\n")).expect("write");
    let screen = s.wait_for("handler.ts:", Duration::from_secs(20));
    assert!(screen.contains("types: ✗ 1 error"), "{screen}");
    let screen = s.wait_for("TypeScript validation check failed", Duration::from_secs(20));
    assert!(!screen.contains("deploying... [1/1]"), "nothing reached CloudFormation:\n{screen}");

    std::fs::write(&handler, original).expect("fix");
    s.wait_for("types: ✓ no errors", Duration::from_secs(20));
    let screen = s.wait_for("✔ deployed", Duration::from_secs(20));
    assert!(screen.contains("Type checks (ampdeck) passed"), "{screen}");

    s.keys("q");
    assert_eq!(s.wait_exit(Duration::from_secs(10)), 0);
    s.assert_restored();
    let deadline = std::time::Instant::now() + Duration::from_secs(3);
    while driver_processes(project.path()) > 0 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(driver_processes(project.path()), 0, "quitting ends the driver");
}
