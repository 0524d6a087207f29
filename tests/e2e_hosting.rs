//! The Hosting page in `--demo`, driven like a user in a pseudo-terminal: the branches with
//! their builds and the pull-request preview with its address, the failed build's failing
//! step and log lines, a build started that goes from running to succeeded, a branch
//! variable set after a question, main at its custom domain, another app picked.

mod pty;

use std::time::Duration;

use pty::Session;

const WAIT: Duration = Duration::from_secs(30);

#[test]
fn the_demo_hosts_branches_shows_why_a_build_failed_and_follows_a_started_one() {
    let mut s = Session::start(&["--demo"]);
    s.wait_for("✔ deployed", WAIT);
    s.keys(":hosting\r");
    s.wait_for("PR #7", WAIT);
    let screen = s.wait_for("✖ failed", WAIT);
    assert!(screen.contains("feature/profile-page") && screen.contains("✔ succeeded"), "{screen}");

    // The preview's address, on its row.
    s.keys("jj");
    s.wait_for("https://pr-7.d2demo7example.amplifyapp.com", WAIT);

    // Why the feature branch failed: its failed step, then that step's log.
    s.keys("k\r");
    let steps = s.wait_for("✖ BUILD", WAIT);
    assert!(steps.contains("exited with code 1"), "the log's exit code: {steps}");
    s.keys("\r");
    // It opens at the first failing line, dated when the build ran; n goes to the next.
    let log = s.wait_for("Z [INFO]: Failed to compile.", WAIT);
    let failing = log.lines().find(|l| l.contains("Z [INFO]: Failed to compile.")).unwrap_or_default();
    assert!(failing.contains("✖ 20") && !failing.contains("2026-12-01T09:16"), "{log}");
    assert!(log.contains("Type error: Property 'avatarKey'"), "{log}");
    s.keys("n");

    // A build of main, started here, followed until it ends.
    s.keys("1kk");
    s.wait_for("https://sample-app.example.com (also https://main.d2demo7example.amplifyapp.com)", WAIT);
    s.keys("B");
    s.wait_for("Start a build of main", WAIT);
    s.keys("y");
    s.keys("2");
    s.wait_for("⟳ running", WAIT);
    let done = s.wait_for("15    ✔ succeeded", Duration::from_secs(60));
    assert!(done.contains("main"), "{done}");
    // The status bar's word on it has faded by now; the message log keeps it.
    s.keys("M");
    s.wait_for("build 15 of main started", WAIT);
    s.keys("\x1b");
    s.wait_gone(" Messages ", WAIT);

    // A branch variable, with the value it replaces shown first.
    s.keys("4e");
    s.wait_for("this branch only", WAIT);
    s.keys("\r");
    s.wait_for("API_URL", WAIT);
    s.keys("\x15");
    s.keys("https://api-next.example.com\r");
    s.wait_for("(the app's) → https://api-next.example.com", WAIT);
    s.keys("y");
    s.wait_for("main's variables saved", WAIT);
    s.wait_for("branch (app's: https://api.example.com)", WAIT);

    // Another app of the account: p lists them, Enter picks one.
    s.keys("1p");
    s.wait_for("pick the project's", WAIT);
    s.keys("\r");
    s.wait_for("showing app d2demo7example", WAIT);
    s.wait_for("PR #7", WAIT);

    s.keys("q");
    assert_eq!(s.wait_exit(Duration::from_secs(10)), 0);
    s.assert_restored();
}
