//! What the deploy gate and the ETA say on screen: type errors stop the waiting deploy and
//! the Workspace pane counts them; a running deploy gets an ETA from past deploys of its kind.

use std::time::Duration;

use ampdeck::app::state::{Driver, PaneId, State};
use ampdeck::app::testkit::state;
use ampdeck::app::testkit::update;
use ampdeck::app::{Effect, Event};
use ampdeck::domain::changes::ChangeSet;
use ampdeck::domain::check::{CheckReport, Diagnostic};
use ampdeck::domain::deploy::DeployKind;

fn checking() -> State {
    let mut s = state();
    s.check.off = None;
    s.deploy.driver = Driver::Warm { versions: "backend-deployer 2.3.1".into() };
    s
}

fn save(s: &mut State, path: &str) -> Vec<Effect> {
    update(s, Event::FilesChanged(ChangeSet::files(vec![path.into()])))
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
    Diagnostic {
        file: "amplify/functions/say-hello/handler.ts".into(),
        line: 5,
        column: 9,
        code: "TS2322".into(),
        message: "Type 'string' is not assignable to type 'number'.".into(),
    }
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

#[test]
fn type_errors_stop_the_waiting_deploy_and_show_where() {
    let mut s = checking();
    save(&mut s, "amplify/functions/say-hello/handler.ts");
    let effects = update(&mut s, report(1, vec![type_error()]));
    assert_eq!(releases(&effects), [(1, false)]);
    let run = s.deploy.current.as_ref().expect("run");
    let error = run.errors.first().expect("the type error is the deploy's error");
    assert_eq!(error.name, "SyntaxError");
    assert_eq!(
        error.causes,
        ["amplify/functions/say-hello/handler.ts:5:9 TS2322 Type 'string' is not assignable to type 'number'."]
    );
    assert_eq!(ampdeck::ui::summary(&s, PaneId::Workspace), "1 type error");
}

#[test]
fn the_running_deploy_gets_an_eta_from_past_deploys_of_its_kind() {
    let mut s = state();
    for (id, ms) in [(1, 4_000), (2, 6_000), (3, 5_000)] {
        s.deploy.history.push_front(ampdeck::model::history::Record {
            id,
            started_ms: 0,
            duration_ms: ms,
            result: ampdeck::model::history::Result::Succeeded,
            exit_code: Some(0),
            kind: Some(DeployKind::Hotswap),
            done: None,
            trigger: "t".into(),
            changed: vec![],
            phases: vec![],
            fallback: None,
            express: false,
            timeline: None,
        });
    }
    s.deploy.next_id = 4;
    save(&mut s, "amplify/functions/say-hello/handler.ts");
    s.now += std::time::Duration::from_secs(2);
    let run = s.deploy.current.as_ref().expect("running");
    assert_eq!(ampdeck::ui::panes::deploy::eta(&s, run).as_deref(), Some("ETA ~3.0s"));
}
