//! Live type checks and the deploy gate they keep.

use std::time::Duration;

use super::helpers::*;
use crate::app::state::{Driver, Gate};
use crate::domain::check::{CheckReport, Diagnostic, Scope};

fn checking() -> State {
    let mut s = state();
    s.check.off = None;
    s.deploy.driver = Driver::Warm { versions: "backend-deployer 2.3.1".into() };
    s
}

fn save(s: &mut State, path: &str) -> Vec<Effect> {
    update(s, Event::FilesChanged(crate::domain::changes::ChangeSet::files(vec![path.into()])))
}

fn diagnostic(code: &str, message: &str) -> Diagnostic {
    Diagnostic {
        file: "amplify/functions/say-hello/handler.ts".into(),
        line: 5,
        column: 9,
        code: code.into(),
        message: message.into(),
    }
}

fn report(generation: u64, diagnostics: Vec<Diagnostic>) -> Event {
    let errors = diagnostics.len();
    Event::Checked(CheckReport {
        generation,
        diagnostics,
        errors,
        elapsed: Duration::from_millis(1700),
        ..Default::default()
    })
}

fn type_error() -> Diagnostic {
    diagnostic("TS2322", "Type 'string' is not assignable to type 'number'.")
}

fn releases(effects: &[Effect]) -> Vec<(u64, bool)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::ReleaseDeploy { id, proceed, .. } => Some((*id, *proceed)),
            _ => None,
        })
        .collect()
}

fn gated(effects: &[Effect]) -> Vec<bool> {
    effects.iter().filter_map(|e| if let Effect::Deploy(r) = e { Some(r.gate) } else { None }).collect()
}

#[test]
fn a_save_starts_a_check_and_a_deploy_that_waits_for_it() {
    let mut s = checking();
    let effects = save(&mut s, "amplify/functions/say-hello/handler.ts");
    assert!(matches!(effects.first(), Some(Effect::TypeCheck { generation: 1, .. })), "the check starts first");
    assert_eq!(gated(&effects), [true], "synthesis starts at once, deployment waits");
    assert_eq!(s.deploy.current.as_ref().map(|r| r.gate), Some(Gate::Waiting));

    let effects = update(&mut s, report(1, Vec::new()));
    assert_eq!(releases(&effects), [(1, true)]);
    let run = s.deploy.current.as_ref().expect("run");
    assert_eq!(run.gate, Gate::Released);
    assert!(run.output.iter().any(|l| l.text.contains("Type checks (ampdeck) passed in 1.7 seconds")));
}

#[test]
fn a_newer_save_supersedes_the_running_check() {
    let mut s = checking();
    save(&mut s, "amplify/functions/say-hello/handler.ts");
    update(&mut s, finished(1, Outcome::Cancelled));
    let effects = save(&mut s, "amplify/functions/say-hello/handler.ts");
    assert!(matches!(effects.first(), Some(Effect::TypeCheck { generation: 2, .. })));
    // The first check's late verdict decides nothing.
    assert!(releases(&update(&mut s, report(1, vec![type_error()]))).is_empty());
    assert!(s.check.running.is_some() && s.check.last.is_none());
    assert_eq!(releases(&update(&mut s, report(2, Vec::new()))), [(2, true)]);
}

#[test]
fn known_type_errors_block_a_deploy_before_it_starts() {
    let mut s = checking();
    save(&mut s, "amplify/functions/say-hello/handler.ts");
    update(&mut s, report(1, vec![type_error()]));
    update(&mut s, finished(1, Outcome::Failed { exit_code: None, message: None }));
    let effects = update(&mut s, ch('d'));
    assert!(deploy_ids(&effects).is_empty(), "nothing is deployed: {effects:?}");
    let run = s.deploy.current.as_ref().expect("the blocked deploy is shown");
    assert!(matches!(run.outcome, Some(Outcome::Failed { .. })));
    assert!(run.output.iter().any(|l| l.text.contains("[ERROR] [SyntaxError] TypeScript validation check failed")));
    assert!(s.deploy.history.front().is_some(), "and recorded like any failed deploy");
}

#[test]
fn a_clean_check_lets_the_next_deploy_go_ungated() {
    let mut s = checking();
    s.check.running = Some((1, s.now));
    s.check.generation = 1;
    update(&mut s, report(1, Vec::new()));
    assert_eq!(gated(&update(&mut s, ch('d'))), [false]);
}

#[test]
fn missing_function_env_types_are_checked_again_after_synthesis() {
    let mut s = checking();
    save(&mut s, "amplify/functions/say-hello/resource.ts");
    let missing =
        diagnostic("TS2307", "Cannot find module '$amplify/env/say-hello' or its corresponding type declarations.");
    let effects = update(&mut s, report(1, vec![missing.clone()]));
    assert!(releases(&effects).is_empty(), "not the user's error before synthesis wrote the types");
    assert_eq!(s.deploy.current.as_ref().map(|r| r.gate), Some(Gate::Recheck));
    let effects = update(&mut s, toolkit(1, r#"{"code":"TS_STARTED","message":"Backend type checks started"}"#));
    assert!(matches!(effects.as_slice(), [Effect::TypeCheck { generation: 2, .. }]));
    // Still missing after synthesis: now it is an error.
    assert_eq!(releases(&update(&mut s, report(2, vec![missing]))), [(1, false)]);
}

#[test]
fn with_ampx_the_check_only_informs() {
    let mut s = checking();
    s.deploy.driver = Driver::Fallback { reason: "no node_modules".into() };
    let effects = save(&mut s, "amplify/functions/say-hello/handler.ts");
    assert_eq!(gated(&effects), [false], "ampx type-checks inside its own deploy");
    assert!(releases(&update(&mut s, report(1, vec![type_error()]))).is_empty());
    assert_eq!(s.check.last.as_ref().map(|r| r.errors), Some(1));
}

#[test]
fn checks_off_means_no_checks_and_no_gate() {
    let mut s = state();
    let effects = save(&mut s, "amplify/functions/say-hello/handler.ts");
    assert!(!effects.iter().any(|e| matches!(e, Effect::TypeCheck { .. })));
    assert_eq!(gated(&effects), [false]);
}

#[test]
fn a_driver_that_cannot_load_hands_the_deploy_to_ampx() {
    let mut s = checking();
    s.deploy.driver = Driver::Starting;
    save(&mut s, "amplify/functions/say-hello/handler.ts");
    let effects =
        update(&mut s, Event::Driver(DriverMsg::Unavailable { reason: "Cannot find package".into(), retry: Some(1) }));
    assert_eq!(deploy_ids(&effects), [1], "the same deploy, again");
    assert_eq!(gated(&effects), [false]);
    assert!(matches!(s.deploy.driver, Driver::Fallback { .. }));
    assert!(s.notice.as_ref().is_some_and(|n| n.text.contains("Cannot find package")));
}

#[test]
fn a_crashed_driver_is_reported() {
    let mut s = checking();
    update(&mut s, Event::Driver(DriverMsg::Crashed { reason: "exit code 9".into() }));
    assert_eq!(s.deploy.driver, Driver::Starting);
    assert!(s.notice.as_ref().is_some_and(|n| n.text.contains("exit code 9")));
}

#[test]
fn a_renewed_driver_says_why_without_alarm() {
    let mut s = checking();
    let reason = "its memory grew 161 MiB over 23 deploys".to_owned();
    update(&mut s, Event::Driver(DriverMsg::Renewed { reason }));
    assert_eq!(s.deploy.driver, Driver::Starting, "warm again once the new one is ready");
    let notice = s.notice.as_ref().expect("a line");
    assert!(notice.text.contains("161 MiB over 23 deploys"), "{}", notice.text);
    assert!(!matches!(notice.level, crate::domain::notice::NoticeLevel::Error), "routine, not an error");
}

fn warm(generation: u64, diagnostics: Vec<Diagnostic>) -> CheckReport {
    let errors = diagnostics.len();
    let elapsed = Duration::from_millis(90);
    CheckReport {
        generation,
        diagnostics,
        errors,
        elapsed,
        checker: crate::domain::check::Checker::Warm,
        ..Default::default()
    }
}

#[test]
fn the_checker_is_told_which_files_changed() {
    let mut s = checking();
    let effects = save(&mut s, "amplify/functions/say-hello/handler.ts");
    let Some(Effect::TypeCheck { scope, .. }) = effects.first() else { panic!("{effects:?}") };
    assert_eq!(scope, &Scope::Changed(vec![PathBuf::from("amplify/functions/say-hello/handler.ts")]));
}

#[test]
fn tsc_disagreeing_with_the_warm_checker_replaces_its_answer_and_says_so() {
    let mut s = checking();
    save(&mut s, "amplify/functions/say-hello/handler.ts");
    update(&mut s, Event::Checked(warm(1, Vec::new())));
    assert!(s.check.last.as_ref().is_some_and(CheckReport::clean));
    let mut full = CheckReport { generation: 1, diagnostics: vec![type_error()], errors: 1, ..Default::default() };
    full.disagreed = Some("tsc also found amplify/functions/say-hello/handler.ts:5:9 TS2322".into());
    update(&mut s, Event::Checked(full.clone()));
    assert_eq!(s.check.last.as_ref().map(|r| r.errors), Some(1), "tsc is trusted");
    assert!(s.notice.as_ref().is_some_and(|n| n.text.contains("disagreed with tsc")), "{:?}", s.notice);
    // A correction of an older check changes nothing: a newer answer stands.
    save(&mut s, "amplify/functions/say-hello/handler.ts");
    update(&mut s, Event::Checked(warm(2, Vec::new())));
    update(&mut s, Event::Checked(full));
    assert_eq!(s.check.last.as_ref().map(|r| (r.generation, r.errors)), Some((2, 0)));
}

#[test]
fn after_a_deploy_the_warm_checker_is_compared_with_a_full_tsc() {
    let mut s = checking();
    save(&mut s, "amplify/functions/say-hello/handler.ts");
    update(&mut s, Event::Checked(warm(1, Vec::new())));
    let effects = succeed(&mut s, 1);
    assert!(effects.iter().any(|e| matches!(e, Effect::TypeCheck { scope: Scope::Verify, .. })), "{effects:?}");
}
