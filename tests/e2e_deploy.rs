//! The real binary on a real project (no `--demo`): a save runs the deploy command, its
//! output and failure show, and ending ampdeck ends the command's whole process group.

mod pty;

use std::path::{Path, PathBuf};
use std::time::Duration;

use pty::Session;

/// A minimal Amplify Gen 2 project in a temp dir.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo-app");
    for file in ["package.json", "amplify/backend.ts", "amplify/data/resource.ts", "amplify/auth/resource.ts"] {
        let to = dir.path().join(file);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::copy(src.join(file), &to).expect("copy");
    }
    dir
}

fn tests_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join(rel)
}

fn pid_alive(pid: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| !s.contains(") Z "))
}

#[test]
fn saving_a_file_runs_the_deploy_command_and_shows_its_failure() {
    let project = project();
    let command = format!(
        "{} {} 13 0.01",
        tests_path("fake-deploy/replay.sh").display(),
        tests_path("fixtures/ampx/sandbox-once-asset-publish-failed.txt").display()
    );
    let dir = project.path().to_string_lossy().into_owned();
    let mut s = Session::start(&["--dir", &dir, "--no-deploy-on-start", "--deploy-command", &command]);
    s.wait_for("No deploy yet", Duration::from_secs(10));
    pty::append(&project.path().join("amplify/data/resource.ts"), "// change\n");
    let screen = s.wait_for("✖ failed (exit 13)", Duration::from_secs(20));
    assert!(screen.contains("CDKAssetPublishError"), "{screen}");
    assert!(screen.contains("data/resource.ts"), "the change is listed: {screen}");
    s.keys("q");
    assert_eq!(s.wait_exit(Duration::from_secs(10)), 0);
    s.assert_restored();
}

#[test]
fn sigterm_to_ampdeck_ends_the_deploy_process_group() {
    let project = project();
    let pids = project.path().join("pids");
    let command = format!("{} {}", tests_path("fake-deploy/grandchildren.sh").display(), pids.display());
    let dir = project.path().to_string_lossy().into_owned();
    let mut s = Session::start(&["--dir", &dir, "--no-deploy-on-start", "--deploy-command", &command]);
    s.wait_for("No deploy yet", Duration::from_secs(10));
    s.keys("d");
    s.wait_for("Building and publishing assets", Duration::from_secs(10));
    let grandchildren: Vec<i32> =
        std::fs::read_to_string(&pids).unwrap_or_default().lines().filter_map(|l| l.parse().ok()).collect();
    assert_eq!(grandchildren.len(), 2);
    let pid = s.child.process_id().expect("pid");
    assert!(std::process::Command::new("kill").args(["-TERM", &pid.to_string()]).status().expect("kill").success());
    s.wait_exit(Duration::from_secs(10));
    s.assert_restored();
    std::thread::sleep(Duration::from_millis(200));
    for pid in grandchildren {
        assert!(!pid_alive(pid), "grandchild {pid} outlived ampdeck");
    }
}

#[test]
fn x_cancels_and_the_pane_says_cancelled() {
    let project = project();
    let command = tests_path("fake-deploy/stubborn.sh").display().to_string();
    let dir = project.path().to_string_lossy().into_owned();
    let mut s = Session::start(&["--dir", &dir, "--no-deploy-on-start", "--deploy-command", &command]);
    s.wait_for("No deploy yet", Duration::from_secs(10));
    s.keys("d");
    s.wait_for("synthesizing", Duration::from_secs(10));
    s.keys("x");
    s.wait_for("■ cancelled", Duration::from_secs(15));
    s.keys("q");
    assert_eq!(s.wait_exit(Duration::from_secs(10)), 0);
}

#[test]
fn without_credentials_ampdeck_starts_and_says_what_to_do() {
    let project = project();
    let dir = project.path().to_string_lossy().into_owned();
    let mut s = Session::start_without_credentials(&["--dir", &dir, "--no-deploy-on-start"]);
    let screen = s.wait_for("no AWS credentials found", Duration::from_secs(20));
    assert!(screen.contains("No deploy yet"), "{screen}");
    s.resize(40, 220);
    s.wait_for("aws sso login", Duration::from_secs(5));
    s.keys("q");
    assert_eq!(s.wait_exit(Duration::from_secs(10)), 0);
    s.assert_restored();
}
