//! Deploy insight in the real binary, driven like a user in `--demo`: a hotswap that falls
//! back says why, `t` shows where the time went, a deploy that "completed" while the stack
//! rolled back ends as a failure, express mode shows, and the data API's resolver logs join
//! the Logs pane.

mod pty;

use std::time::Duration;

use pty::{Session, append};

#[test]
fn a_fallback_says_why_and_the_timeline_shows_the_deploy() {
    let mut s = Session::start(&["--demo"]);
    s.wait_for("✔ deployed (full)", Duration::from_secs(30));
    s.wait_for("data API", Duration::from_secs(20));
    append(&s.workspace().join("amplify/data/resource.ts"), "// a field\n");
    let screen = s.wait_for("hotswap fell back to a full deployment", Duration::from_secs(30));
    assert!(screen.contains("PostTable"), "the toolkit's reason, per resource: {screen}");
    s.wait_for("amplify_outputs.json changed", Duration::from_secs(30));
    s.keys("\x1b");
    s.wait_gone("amplify_outputs.json changed", Duration::from_secs(5));
    s.keys("t");
    let timeline = s.wait_for("Not hotswappable (3)", Duration::from_secs(5));
    assert!(timeline.contains("Timeline") && timeline.contains("Stacks (") && timeline.contains("data"), "{timeline}");
    s.keys("[");
    append(&s.workspace().join("amplify/storage/resource.ts"), "// a bucket rule\n");
    let failed = s.wait_for("✖ failed", Duration::from_secs(30));
    assert!(failed.contains("UPDATE_ROLLBACK_COMPLETE"), "the stack's own status wins: {failed}");
    s.keys("q");
    assert_eq!(s.wait_exit(Duration::from_secs(10)), 0);
    s.assert_restored();
}

#[test]
fn express_mode_shows_in_the_deploy_pane() {
    let mut s = Session::start(&["--demo", "--express"]);
    s.wait_for("✔ deployed (full, express)", Duration::from_secs(30));
    s.keys("q");
    assert_eq!(s.wait_exit(Duration::from_secs(10)), 0);
}
