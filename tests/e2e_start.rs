//! Starting the way users start ampdeck: the sandbox ampx would deploy whatever `$USER`
//! says, deployed at once like `ampx sandbox` (unless asked not to), a folder that is not a
//! project said so in one place, no terminal, project flags after `logs`.

mod pty;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use ampdeck::amplify::stack_name::stack_name;
use ampdeck::domain::env::EnvKind;
use pty::Session;

/// A minimal Amplify Gen 2 project (package name `app`) in a temp dir.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo-app");
    for file in ["package.json", "amplify/backend.ts", "amplify/data/resource.ts"] {
        let to = dir.path().join(file);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::copy(src.join(file), &to).expect("copy");
    }
    dir
}

/// The OS account name, as `id` reads it from the password database.
fn account() -> String {
    let out = Command::new("id").arg("-un").output().expect("id -un");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// Deploys that succeed at once and say so.
const QUICK_DEPLOY: &str = "echo 'Deployment completed in 0.1 seconds'";

#[test]
fn the_sandbox_is_the_os_accounts_whatever_user_says() {
    let project = project();
    let dir = project.path().to_string_lossy().into_owned();
    let expected = stack_name("app", &account(), EnvKind::Sandbox);
    let args = ["--dir", &dir, "--no-deploy-on-start", "--deploy-command", QUICK_DEPLOY];
    for (set, remove) in [
        (vec![], vec!["USER", "USERNAME", "LOGNAME"]),
        (vec![("USER", "somebody-else"), ("LOGNAME", "somebody-else")], vec!["USERNAME"]),
    ] {
        let mut s = Session::start_without(&args, &set, &remove);
        let screen = s.wait_for(&expected, Duration::from_secs(10));
        assert!(!screen.contains("-user-sandbox-") && !screen.contains("somebody"), "{screen}");
        s.keys("q");
        assert_eq!(s.wait_exit(Duration::from_secs(10)), 0);
    }
}

#[test]
fn with_auto_deploy_on_the_sandbox_is_deployed_at_start_like_ampx() {
    let project = project();
    let dir = project.path().to_string_lossy().into_owned();
    let mut s = Session::start(&["--dir", &dir, "--deploy-command", QUICK_DEPLOY]);
    let screen = s.wait_for("✔ deployed", Duration::from_secs(10));
    assert!(screen.contains("trigger: first deploy"), "nobody pressed d:\n{screen}");
    s.keys("q");
    assert_eq!(s.wait_exit(Duration::from_secs(10)), 0);

    for extra in [&["--no-deploy-on-start"][..], &["--no-auto-deploy"], &["--stack", "someone-elses-stack"]] {
        let mut args = vec!["--dir", dir.as_str(), "--deploy-command", QUICK_DEPLOY];
        args.extend_from_slice(extra);
        let mut s = Session::start(&args);
        s.wait_for("No deploy yet", Duration::from_secs(10));
        std::thread::sleep(Duration::from_millis(1500));
        assert!(s.screen().contains("No deploy yet"), "{extra:?} deploys nothing:\n{}", s.screen());
        s.keys("q");
        assert_eq!(s.wait_exit(Duration::from_secs(10)), 0);
    }
}

#[test]
fn deploy_on_start_can_be_turned_off_in_the_config() {
    let project = project();
    std::fs::write(project.path().join("ampdeck.toml"), "deploy_on_start = false\n").expect("config");
    let dir = project.path().to_string_lossy().into_owned();
    let mut s = Session::start(&["--dir", &dir, "--deploy-command", QUICK_DEPLOY]);
    s.wait_for("No deploy yet", Duration::from_secs(10));
    std::thread::sleep(Duration::from_millis(1500));
    assert!(s.screen().contains("No deploy yet"), "{}", s.screen());
    s.keys("q");
    assert_eq!(s.wait_exit(Duration::from_secs(10)), 0);
}

#[test]
fn a_folder_that_is_not_a_project_says_so_once_and_nothing_contradicts_it() {
    let empty = tempfile::tempdir().expect("tempdir");
    let dir = empty.path().to_string_lossy().into_owned();
    let mut s = Session::start(&["--dir", &dir]);
    let screen = s.wait_for("not an Amplify Gen 2 project", Duration::from_secs(10));
    assert!(screen.contains("no amplify/") && screen.contains("--stack NAME"), "what it is and what to do:\n{screen}");
    for contradiction in ["not watching files", "watching amplify/", "is not deployed yet", "(no stack)"] {
        assert!(!screen.contains(contradiction), "{contradiction:?} on screen:\n{screen}");
    }
    s.keys("d");
    std::thread::sleep(Duration::from_millis(500));
    assert!(!s.screen().contains("deploy #1"), "nothing to deploy:\n{}", s.screen());
    s.keys("q");
    assert_eq!(s.wait_exit(Duration::from_secs(10)), 0);
    s.assert_restored();
}

fn without_a_terminal(args: &[&str], config_home: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_ampdeck"))
        .args(args)
        .env("XDG_CONFIG_HOME", config_home)
        .env("XDG_STATE_HOME", config_home)
        .stdin(Stdio::null())
        .output()
        .expect("runs")
}

#[test]
fn without_a_terminal_one_line_says_so_and_names_ampdeck_logs() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = without_a_terminal(&["--demo"], home.path());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("needs a terminal") && err.contains("ampdeck logs"), "{err}");
    assert!(!err.contains("os error"), "{err}");
    // Mistakes in flags and config come first.
    let config = home.path().join("bad.toml");
    std::fs::write(&config, "auto_deploy = maybe\n").expect("write");
    let out = without_a_terminal(&["--demo", "--config", &config.to_string_lossy()], home.path());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.toml:1:15"), "{err}");
}

#[test]
fn project_flags_work_after_logs_too() {
    let home = tempfile::tempdir().expect("tempdir");
    let empty = tempfile::tempdir().expect("tempdir");
    let dir = empty.path().to_string_lossy().into_owned();
    let out = without_a_terminal(&["logs", "--dir", &dir, "--since", "1h"], home.path());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("not an Amplify Gen 2 project"), "the flag was read: {err}");
    assert!(!err.contains("unexpected argument"), "{err}");
}
