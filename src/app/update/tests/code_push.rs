//! Code pushes: which saves go live without synthesis, the type check's gate, a failed push
//! falling back to a deploy, and the next synthesis's word on what was pushed.

use super::helpers::*;
use crate::domain::changes::ChangeSet;
use crate::domain::deploy::{CodeMap, PushTarget};
use crate::domain::invoke::Target;

const HANDLER: &str = "amplify/functions/say-hello/handler.ts";

/// The demo's sandbox, followed as the user's own, its function deployed and its code mapped.
fn pushing() -> State {
    let mut s = state();
    s.project.own_stack = s.ctx.stack_name.clone();
    s.deploy.code_push = true;
    update(
        &mut s,
        Event::Functions(vec![Target {
            name: "say-hello".into(),
            function_name: "amplify-app-root-sayhello-X".into(),
        }]),
    );
    let map = CodeMap {
        functions: vec![("say-hello".into(), vec![HANDLER.into()])],
        backend: vec!["amplify/backend.ts".into(), "amplify/functions/say-hello/resource.ts".into()],
        generation: 1,
    };
    update(&mut s, Event::CodeMap(map));
    s
}

fn save(s: &mut State, path: &str) -> Vec<Effect> {
    update(s, Event::FilesChanged(ChangeSet::files(vec![path.into()])))
}

fn requests(effects: &[Effect]) -> Vec<DeployRequest> {
    effects.iter().filter_map(|e| if let Effect::Deploy(r) = e { Some(r.clone()) } else { None }).collect()
}

#[test]
fn a_handler_save_is_pushed_and_a_resource_save_deployed() {
    let mut s = pushing();
    let effects = save(&mut s, HANDLER);
    let [request] = &requests(&effects)[..] else { panic!("{effects:?}") };
    let target = PushTarget { name: "say-hello".into(), function_name: "amplify-app-root-sayhello-X".into() };
    assert_eq!(request.action, DeployAction::CodePush { functions: vec![target] });
    assert!(effects.iter().any(|e| matches!(e, Effect::MapCode(_))), "the map is read again for the next save");
    let run = s.deploy.current.as_ref().expect("a run");
    assert_eq!((run.kind, run.done), (Some(DeployKind::CodePush), "pushed"));
    update(&mut s, Event::Deploy(DeployMsg::Finished { id: request.id, outcome: Outcome::Succeeded }));
    assert!(s.notice.as_ref().is_some_and(|n| n.text.contains("live without a deploy")), "{:?}", s.notice);
    assert_eq!(s.deploy.pushed, ["say-hello"]);

    let effects = save(&mut s, "amplify/functions/say-hello/resource.ts");
    let [request] = &requests(&effects)[..] else { panic!("{effects:?}") };
    assert_eq!(request.action, DeployAction::Sandbox { recreate: false });
}

#[test]
fn no_push_when_turned_off_on_a_branch_or_before_the_function_is_deployed() {
    let mut s = pushing();
    s.deploy.code_push = false;
    assert_eq!(requests(&save(&mut s, HANDLER))[0].action, DeployAction::Sandbox { recreate: false });

    let mut s = pushing();
    s.project.own_stack = "amplify-app-other-sandbox-0000000000".into();
    assert_eq!(
        requests(&save(&mut s, HANDLER))[0].action,
        DeployAction::Sandbox { recreate: false },
        "not the user's own sandbox"
    );

    let mut s = pushing();
    update(&mut s, Event::Functions(Vec::new()));
    assert_eq!(requests(&save(&mut s, HANDLER))[0].action, DeployAction::Sandbox { recreate: false });
}

#[test]
fn a_failed_push_deploys_the_normal_way_and_says_why() {
    let mut s = pushing();
    let id = requests(&save(&mut s, HANDLER))[0].id;
    let failed = Outcome::Failed { exit_code: None, message: Some("say-hello: Function not found".into()) };
    let effects = update(&mut s, Event::Deploy(DeployMsg::Finished { id, outcome: failed }));
    let [request] = &requests(&effects)[..] else { panic!("{effects:?}") };
    assert_eq!(
        (request.action.clone(), request.changed.clone()),
        (DeployAction::Sandbox { recreate: false }, vec![HANDLER.into()])
    );
    assert!(
        s.notice.as_ref().is_some_and(|n| n.text.contains("Function not found") && n.text.contains("normal way")),
        "{:?}",
        s.notice
    );
}

#[test]
fn a_push_waits_for_the_type_check_and_errors_stop_it_without_the_warm_driver() {
    let mut s = pushing();
    s.check.off = None;
    let effects = save(&mut s, HANDLER);
    let [request] = &requests(&effects)[..] else { panic!("{effects:?}") };
    assert!(request.gate, "the push waits for the check the save started");
    let diagnostic = crate::domain::check::Diagnostic {
        file: HANDLER.into(),
        line: 5,
        column: 9,
        code: "TS2322".into(),
        message: "Type 'string' is not assignable to type 'number'.".into(),
    };
    let generation = s.check.generation;
    let report = crate::domain::check::CheckReport {
        generation,
        diagnostics: vec![diagnostic],
        errors: 1,
        ..Default::default()
    };
    let effects = update(&mut s, Event::Checked(report));
    assert!(
        effects.iter().any(|e| matches!(e, Effect::ReleaseDeploy { id, proceed: false, .. } if *id == request.id)),
        "{effects:?}"
    );
    // The pusher says it did not push: no deploy follows, the errors are the news.
    let failed = Outcome::Failed { exit_code: None, message: Some("not pushed: type errors".into()) };
    let effects = update(&mut s, Event::Deploy(DeployMsg::Finished { id: request.id, outcome: failed }));
    assert!(requests(&effects).is_empty(), "{effects:?}");
    assert!(s.notice.as_ref().is_some_and(|n| n.text.contains("type check found errors")), "{:?}", s.notice);
}

#[test]
fn the_next_synthesis_says_whether_the_push_was_what_a_deploy_makes() {
    let mut s = pushing();
    let id = requests(&save(&mut s, HANDLER))[0].id;
    update(&mut s, Event::Deploy(DeployMsg::Finished { id, outcome: Outcome::Succeeded }));
    let id = requests(&save(&mut s, "amplify/backend.ts"))[0].id;
    s.deploy.current.as_mut().expect("run").synthesized = true;
    let effects = crate::app::testkit::succeed(&mut s, id);
    assert!(effects.contains(&Effect::ComparePushed(vec!["say-hello".into()])), "{effects:?}");
    update(&mut s, Event::PushCompared(Some("index.mjs of say-hello is not the asset".into())));
    assert!(s.notice.as_ref().is_some_and(|n| n.text.contains("differs from what a deploy uploads")));
    assert_eq!(
        requests(&save(&mut s, HANDLER))[0].action,
        DeployAction::Sandbox { recreate: false },
        "deploys until they agree"
    );
}

#[test]
fn after_a_deploy_that_did_not_go_through_saves_deploy_until_one_does() {
    let mut s = pushing();
    let id = requests(&save(&mut s, "amplify/functions/say-hello/resource.ts"))[0].id;
    let failed = Outcome::Failed { exit_code: Some(1), message: None };
    update(&mut s, Event::Deploy(DeployMsg::Finished { id, outcome: failed }));
    // resource.ts is not deployed: a push of the handler would leave the sandbox behind.
    let [request] = &requests(&save(&mut s, HANDLER))[..] else { panic!("a deploy") };
    assert_eq!(request.action, DeployAction::Sandbox { recreate: false });
    crate::app::testkit::succeed(&mut s, request.id);
    assert!(matches!(requests(&save(&mut s, HANDLER))[0].action, DeployAction::CodePush { .. }), "pushes again");
}
