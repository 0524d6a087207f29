//! The real binary in a pseudo-terminal, driven like a user: `--demo` deploys, help, zoom,
//! a handler edit pushed live without synthesis, quitting; the terminal is left as it was found.

mod pty;

use std::time::Duration;

use pty::{Session, append};

#[test]
fn demo_deploys_helps_zooms_pushes_code_and_quits_cleanly() {
    let mut s = Session::start(&["--demo"]);
    let screen = s.wait_for("✔ deployed (full)", Duration::from_secs(30));
    assert!(screen.contains("DEMO") && screen.contains("amplify-app-root-sandbox-1496b9051c"), "{screen}");
    assert!(screen.contains("/161 resources") || screen.contains("resources"), "{screen}");
    s.wait_for("say-hello", Duration::from_secs(10));
    assert!(s.screen().contains("alice"), "environments listed");

    s.keys("?");
    s.wait_for("this help", Duration::from_secs(5));
    s.keys("\x1b");
    s.wait_gone("this help", Duration::from_secs(5));

    s.keys("2z");
    let zoomed = s.wait_gone("4 Environments", Duration::from_secs(5));
    assert!(zoomed.contains("2 Resources") && zoomed.contains("CloudFormation::Stack"), "{zoomed}");
    s.keys("z");
    s.wait_for("4 Environments", Duration::from_secs(5));

    let handler = s.workspace().join("amplify/functions/say-hello/handler.ts");
    append(&handler, "// a change\n");
    s.wait_for("deploy #2", Duration::from_secs(10));
    let done = s.wait_for("✔ pushed (code push)", Duration::from_secs(30));
    assert!(done.contains("without synthesis"), "{done}");
    assert!(done.contains("handler.ts"), "the change is listed: {done}");

    s.keys("q");
    assert_eq!(s.wait_exit(Duration::from_secs(10)), 0);
    s.assert_restored();
}

#[test]
fn quitting_during_a_deploy_asks_first() {
    let mut s = Session::start(&["--demo"]);
    s.wait_for("● ", Duration::from_secs(10));
    s.keys("q");
    s.wait_for("A deploy is running", Duration::from_secs(5));
    s.keys("n");
    s.wait_gone("A deploy is running", Duration::from_secs(5));
    s.quit_during_deploy();
}

#[test]
fn the_failing_auth_change_shows_its_root_cause() {
    let mut s = Session::start(&["--demo"]);
    s.wait_for("✔ deployed (full)", Duration::from_secs(30));
    append(&s.workspace().join("amplify/auth/resource.ts"), "// require phone\n");
    let screen = s.wait_for("✖ failed", Duration::from_secs(30));
    assert!(screen.contains("Cognito::UserPool"), "{screen}");
    s.keys("q");
    assert_eq!(s.wait_exit(Duration::from_secs(10)), 0);
}

#[test]
fn sigterm_restores_the_terminal() {
    let mut s = Session::start(&["--demo"]);
    s.wait_for("1 Deploy", Duration::from_secs(10));
    let pid = s.child.process_id().expect("pid");
    let status = std::process::Command::new("kill").args(["-TERM", &pid.to_string()]).status().expect("kill");
    assert!(status.success());
    s.wait_exit(Duration::from_secs(10));
    s.assert_restored();
}

#[test]
fn resizing_small_shows_a_message_and_large_again_shows_the_panes() {
    let mut s = Session::start(&["--demo"]);
    s.wait_for("1 Deploy", Duration::from_secs(10));
    s.resize(10, 40);
    s.wait_for("too small", Duration::from_secs(5));
    s.resize(60, 200);
    s.wait_for("5 Workspace", Duration::from_secs(5));
    s.keys("\x03");
    s.wait_for("A deploy is running", Duration::from_secs(5)).to_string();
    s.keys("y");
    assert_eq!(s.wait_exit(Duration::from_secs(10)), 0);
    s.assert_restored();
}

#[test]
fn a_resource_change_shows_what_changed_in_amplify_outputs() {
    let mut s = Session::start(&["--demo"]);
    s.wait_for("amplify_outputs.json written", Duration::from_secs(30));
    let outputs = s.workspace().join("amplify_outputs.json");
    assert!(outputs.is_file(), "the simulated deploy writes the outputs file like ampx");
    append(&s.workspace().join("amplify/data/resource.ts"), "// add a field\n");
    let popup = s.wait_for("amplify_outputs.json changed", Duration::from_secs(30));
    assert!(popup.contains("priority"), "{popup}");
    s.keys("\x1b");
    s.wait_gone("amplify_outputs.json changed", Duration::from_secs(5));
    s.keys("q");
    assert_eq!(s.wait_exit(Duration::from_secs(10)), 0);
}

#[test]
fn enter_on_an_environment_makes_the_panes_follow_it() {
    let mut s = Session::start(&["--demo"]);
    s.wait_for("✔ deployed (full)", Duration::from_secs(30));
    let envs = s.wait_for("feature/profil", Duration::from_secs(5));
    assert!(envs.contains("current"), "the checked-out branch is marked: {envs}");
    s.keys("4jjj\r");
    let following = s.wait_for("following main", Duration::from_secs(5));
    assert!(
        following.contains("branch main") && following.contains("amplify-d2demo7example-main-branch"),
        "{following}"
    );
    s.keys("d");
    let back = s.wait_for("sandbox root (yours)", Duration::from_secs(5));
    assert!(back.contains("deploy #2") || back.contains("#2 "), "a deploy of your sandbox follows it again: {back}");
    s.wait_for("✔ deployed", Duration::from_secs(15));
    s.keys("q");
    assert_eq!(s.wait_exit(Duration::from_secs(10)), 0);
}

#[test]
fn a_branch_environment_deploys_after_a_yes_and_a_teammates_sandbox_needs_its_name() {
    let mut s = Session::start(&["--demo"]);
    s.wait_for("✔ deployed (full)", Duration::from_secs(30));
    s.keys("4jjjB");
    s.wait_for("Deploy branch environment main", Duration::from_secs(5));
    s.keys("y");
    let done = s.wait_for("#2 ✔ deployed", Duration::from_secs(20));
    assert!(done.contains("pipeline-deploy of branch main") && done.contains("branch main"), "{done}");
    s.keys("kX");
    s.wait_for("Type its name (bob)", Duration::from_secs(5));
    s.keys("y\r");
    assert!(s.screen().contains("Type its name (bob)"), "a y does not delete");
    s.keys("\x1b");
    s.wait_gone("Type its name", Duration::from_secs(5));
    s.keys("q");
    assert_eq!(s.wait_exit(Duration::from_secs(10)), 0);
}

#[test]
fn a_rebound_deploy_key_deploys_and_the_old_one_no_longer_does() {
    let mut s = Session::start_with_config(&["--demo"], "[keys]\ndeploy = \"Z\"\n");
    s.wait_for("✔ deployed (full)", Duration::from_secs(30));
    s.keys("d");
    std::thread::sleep(Duration::from_millis(800));
    assert!(!s.screen().contains("deploy #2"), "d no longer deploys:\n{}", s.screen());
    s.keys("?");
    let help = s.wait_for("this help", Duration::from_secs(5));
    let rebound = help.lines().any(|l| l.contains("║Z  ") && l.contains("  deploy now"));
    assert!(rebound, "help shows the rebound key:\n{help}");
    s.keys("\x1b");
    s.wait_gone("this help", Duration::from_secs(5));
    s.keys("Z");
    s.wait_for("deploy #2", Duration::from_secs(10));
    s.quit_during_deploy();
}

#[test]
fn the_palette_jumps_to_a_pane_by_name() {
    let mut s = Session::start(&["--demo"]);
    s.wait_for("✔ deployed (full)", Duration::from_secs(30));
    s.keys(":res");
    s.wait_for(":res▏", Duration::from_secs(5));
    s.keys("\r");
    let screen = s.wait_gone(":res▏", Duration::from_secs(5));
    assert!(screen.contains("┏ 2 Resources"), "Resources has focus (thick border):\n{screen}");
    s.keys("q");
    assert_eq!(s.wait_exit(Duration::from_secs(10)), 0);
}

#[test]
fn a_notice_fades_the_hints_come_back_and_the_message_log_keeps_it() {
    let mut s = Session::start(&["--demo"]);
    s.wait_for("✔ deployed (full)", Duration::from_secs(30));
    s.keys("A");
    s.wait_for("auto-deploy off: p", Duration::from_secs(5));
    // Information fades after 5 s; the focused pane's keys are shown again.
    let back = s.wait_gone("auto-deploy off: p", Duration::from_secs(10));
    assert!(back.contains("? help"), "the hints are back: {back}");
    s.keys("M");
    let log = s.wait_for("Messages", Duration::from_secs(5));
    assert!(log.contains("auto-deploy off: press d to deploy changes"), "kept whole: {log}");
    s.keys("\x1b");
    s.wait_gone(" Messages ", Duration::from_secs(5));
    s.keys("q");
    assert_eq!(s.wait_exit(Duration::from_secs(10)), 0);
}

#[test]
fn a_copied_console_url_is_shown_whole_in_the_message_log() {
    let mut s = Session::start(&["--demo"]);
    s.wait_for("✔ deployed (full)", Duration::from_secs(30));
    s.keys("2jj");
    s.keys("c");
    s.keys("M");
    // The status bar cuts the URL short; the message log wraps it whole, in the demo's region.
    let log = s.wait_for("https://us-west-2.console.aws.amazon.com/", Duration::from_secs(5));
    assert!(log.contains("copied the console URL:") && log.contains("region=us-west-2"), "{log}");
    s.keys("\x1b");
    s.wait_gone(" Messages ", Duration::from_secs(5));
    s.keys("q");
    assert_eq!(s.wait_exit(Duration::from_secs(10)), 0);
}
