//! The Invoke page's behaviour: which functions, saved events read when a function opens,
//! an event that is not JSON refused before anything is sent, a branch asks first, answers
//! read into their parts, a request's logs one key away, and `I` reads the event afresh.

use super::helpers::*;
use crate::app::pages::Page;
use crate::app::testkit::TestState;
use crate::domain::invoke::{InvokeReply, InvokeRequest, Invoked, LocalFacts, LocalOptions, Mode, Target};
use crate::model::invocations::{Outcome, Payload};

fn targets() -> Event {
    Event::Functions(vec![Target { name: "say-hello".into(), function_name: "amplify-app-sayhellolambda-X1".into() }])
}

fn payloads(list: &[(&str, &str)]) -> Event {
    let payloads = list.iter().map(|(n, t)| Payload { name: (*n).into(), text: (*t).into() }).collect();
    Event::Payloads { function: "say-hello".into(), payloads }
}

fn invoked(effects: &[Effect]) -> Vec<InvokeRequest> {
    effects.iter().filter_map(|e| if let Effect::Invoke(r) = e { Some(r.clone()) } else { None }).collect()
}

fn opened(mut s: State) -> State {
    update(&mut s, targets());
    crate::app::focus::show_page(&mut s, Page::Functions);
    let effects = update(&mut s, key(KeyCode::Enter));
    assert!(
        effects.iter().any(|e| matches!(e, Effect::ListPayloads { function } if function == "say-hello")),
        "{effects:?}"
    );
    update(&mut s, payloads(&[("hello", r#"{"arguments":{"name":"Ann"}}"#), ("broken", "{\n  \"a\": 1,\n}")]));
    s
}

const TAIL: &str = "START RequestId: r1 Version: $LATEST\nEND RequestId: r1\nREPORT RequestId: r1\tDuration: 9.50 ms\tBilled Duration: 10 ms\tMemory Size: 512 MB\tMax Memory Used: 70 MB\t\n";

#[test]
fn enter_invokes_the_selected_event_and_the_answer_is_read_into_parts() {
    let mut s = opened(state());
    assert_eq!(s.panes.invoke.payloads.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["broken", "hello"]);
    update(&mut s, ch('j'));
    let sent = invoked(&update(&mut s, key(KeyCode::Enter)));
    let [request] = &sent[..] else { panic!("{sent:?}") };
    assert_eq!(
        (request.target.as_str(), request.mode, request.payload.as_str()),
        ("amplify-app-sayhellolambda-X1", Mode::Wait, r#"{"arguments":{"name":"Ann"}}"#)
    );
    let reply = Invoked {
        status: 200,
        response: "\"Hello, Ann!\"".into(),
        log_tail: Some(TAIL.into()),
        request_id: Some("r1".into()),
        ..Invoked::default()
    };
    update(
        &mut s,
        Event::Invoked(InvokeReply::Done { id: request.id, function: "say-hello".into(), invoked: reply, took_ms: 80 }),
    );
    let Outcome::Answered(answer) = &s.panes.invoke.history[0].outcome else { panic!() };
    assert_eq!(answer.report.map(|r| r.billed_ms), Some(Some(10.0)));
    assert!(s.notice.as_ref().is_some_and(|n| n.text.contains("answered 200 in 9.50 ms")), "{:?}", s.notice);

    update(&mut s, key(KeyCode::Tab));
    assert_eq!(s.focus, PaneId::Result);
    // A search left on in the Logs pane must not turn L's filter into a search.
    s.panes.logs.store.toggle_search();
    update(
        &mut s,
        Event::Logs(vec![
            log("say-hello", "2026-11-29T03:09:36.161Z\tr1\tINFO\tmine"),
            log("say-hello", "2026-11-29T03:09:36.161Z\tr2\tINFO\tanother's"),
        ]),
    );
    update(&mut s, ch('l'));
    assert_eq!((s.focus, s.panes.logs.store.filter()), (PaneId::Logs, "r1"), "exactly that request's lines");
    assert!(!s.panes.logs.store.view().search, "filtered, not searched");
    let shown: Vec<String> =
        (0..s.panes.logs.store.len()).filter_map(|i| s.panes.logs.store.get(i)).map(|l| l.text.clone()).collect();
    assert!(shown.iter().any(|t| t == "mine") && !shown.iter().any(|t| t == "another's"), "{shown:?}");
}

#[test]
fn an_event_that_is_not_json_is_refused_with_its_line_and_nothing_is_sent() {
    let mut s = opened(state());
    let effects = update(&mut s, key(KeyCode::Enter));
    assert!(invoked(&effects).is_empty());
    let notice = s.notice.as_ref().map(|n| n.text.clone()).unwrap_or_default();
    assert!(notice.contains("not JSON at line 3"), "{notice}");
    assert!(s.panes.invoke.history.is_empty(), "nothing recorded as invoked");
}

#[test]
fn a_branch_environments_function_is_invoked_only_after_a_yes() {
    let ctx = crate::app::state::Context { stack_name: "amplify-d1abc-main-branch-0123456789".into(), ..state().ctx };
    let mut s = opened(TestState { ctx, ..TestState::default() }.build());
    update(&mut s, ch('j'));
    assert!(invoked(&update(&mut s, key(KeyCode::Enter))).is_empty());
    assert_eq!(s.question().map(|q| q.title.as_str()), Some(" Invoke? "));
    let sent = invoked(&update(&mut s, ch('y')));
    assert_eq!(sent.len(), 1);
    assert_eq!(s.panes.invoke.history[0].id, sent[0].id, "the answer will find its invocation");
}

#[test]
fn again_reads_the_event_file_afresh_before_invoking() {
    let mut s = opened(state());
    update(&mut s, ch('j'));
    update(&mut s, key(KeyCode::Enter));
    crate::app::focus::show_page(&mut s, Page::Dev);
    crate::app::focus::focus(&mut s, PaneId::Deploy);
    let effects = update(&mut s, ch('I'));
    assert!(invoked(&effects).is_empty(), "not before the file is read");
    assert!(effects.iter().any(|e| matches!(e, Effect::ListPayloads { .. })));
    let sent = invoked(&update(&mut s, payloads(&[("hello", r#"{"edited":true}"#)])));
    assert_eq!(sent.iter().map(|r| r.payload.as_str()).collect::<Vec<_>>(), [r#"{"edited":true}"#]);
}

#[test]
fn a_new_event_starts_from_the_appsync_template_of_its_query() {
    let mut s = opened(state());
    s.panes.data.resolvers =
        crate::amplify::payloads::resolvers(include_str!("../../../../assets/demo-data/model-schema.graphql"));
    update(&mut s, ch('a'));
    let Some(Overlay::Pick(pick)) = &s.overlay else { panic!("the template is picked: {:?}", s.overlay) };
    assert!(
        pick.shown().first().is_some_and(|t| t.starts_with("appsync")),
        "the one that fits first: {:?}",
        pick.shown()
    );
    assert_eq!(pick.shown().len(), 6);
    update(&mut s, key(KeyCode::Enter));
    "greet".chars().for_each(|c| _ = update(&mut s, ch(c)));
    let effects = update(&mut s, key(KeyCode::Enter));
    let Some(Effect::Edit { file, text, .. }) = effects.iter().find(|e| matches!(e, Effect::Edit { .. })) else {
        panic!("{effects:?}")
    };
    assert_eq!(file, "ampdeck/events/say-hello/greet.json");
    assert!(text.contains("\"fieldName\": \"sayHello\"") && text.contains("\"name\": \"Amplify\""), "{text}");
}

#[test]
fn a_saved_event_is_deleted_after_a_yes_and_the_list_read_again() {
    let mut s = opened(state());
    update(&mut s, payloads(&[("hello", "{}")]));
    assert!(update(&mut s, ch('X')).is_empty(), "nothing before the yes");
    let effects = update(&mut s, ch('y'));
    assert!(
        matches!(&effects[..], [Effect::DeletePayload { function, name }] if function == "say-hello" && name == "hello"),
        "{effects:?}"
    );
    let deleted = Event::PayloadDeleted { function: "say-hello".into(), name: "hello".into(), result: Ok(()) };
    let effects = update(&mut s, deleted);
    assert!(effects.iter().any(|e| matches!(e, Effect::ListPayloads { .. })), "{effects:?}");
    assert!(s.notice.as_ref().is_some_and(|n| n.text.contains("hello") && n.text.contains("deleted")));
}

fn answered_here(s: &mut State, id: u64, inputs: &[&str]) {
    let facts = LocalFacts { inputs: inputs.iter().map(|i| (*i).to_owned()).collect(), ..LocalFacts::default() };
    let invoked =
        Invoked { status: 200, response: "\"Hello, Ann!\"".into(), local: Some(Box::new(facts)), ..Invoked::default() };
    update(s, Event::Invoked(InvokeReply::Done { id, function: "say-hello".into(), invoked, took_ms: 90 }));
}

fn saved(s: &mut State, path: &str) -> Vec<Effect> {
    update(s, Event::FilesChanged(crate::domain::changes::ChangeSet::files(vec![path.into()])))
}

#[test]
fn h_runs_the_selected_event_here_with_the_toggles_and_the_answer_says_so() {
    let mut s = opened(state());
    update(&mut s, ch('j'));
    let [request] = &invoked(&update(&mut s, ch('h')))[..] else { panic!("one run") };
    assert_eq!(request.mode, Mode::Local(LocalOptions::default()));
    assert_eq!(request.target, "amplify-app-sayhellolambda-X1", "the deployed function's settings are read");
    answered_here(&mut s, request.id, &["amplify/functions/say-hello/handler.ts"]);
    assert!(s.notice.as_ref().is_some_and(|n| n.text.contains("ran here: 200")), "{:?}", s.notice);
    assert_eq!(s.panes.invoke.history[0].event_label(), "hello (local)");
    // The function's role, and the debugger: the next run carries both.
    update(&mut s, ch('U'));
    update(&mut s, ch('H'));
    let [request] = &invoked(&update(&mut s, ch('h')))[..] else { panic!("one run") };
    assert_eq!(request.mode, Mode::Local(LocalOptions { as_role: true, inspect: true, keep_warm: false }));
    update(&mut s, Event::Invoked(InvokeReply::Inspecting { id: request.id, address: "ws://127.0.0.1:9229/x".into() }));
    assert_eq!(s.panes.invoke.history[0].inspector.as_deref(), Some("ws://127.0.0.1:9229/x"));
    // I repeats the last the same way: here.
    let effects = update(&mut s, ch('I'));
    update(&mut s, payloads(&[("hello", r#"{"arguments":{"name":"Ann"}}"#)]));
    assert!(effects.iter().any(|e| matches!(e, Effect::ListPayloads { .. })));
    assert!(matches!(s.panes.invoke.history[0].mode, Mode::Local(_)), "{:?}", s.panes.invoke.history[0]);
}

#[test]
fn with_f_a_save_of_the_bundles_code_runs_it_again_and_a_save_during_a_run_waits_for_it() {
    let mut s = opened(state());
    update(&mut s, ch('j'));
    let [first] = &invoked(&update(&mut s, ch('h')))[..] else { panic!("one run") };
    answered_here(&mut s, first.id, &["amplify/functions/say-hello/handler.ts", "amplify/shared/greet.ts"]);
    // Off: a save runs nothing.
    let effects = saved(&mut s, "amplify/functions/say-hello/handler.ts");
    assert!(!effects.iter().any(|e| matches!(e, Effect::ListPayloads { .. })), "{effects:?}");
    update(&mut s, ch('f'));
    // A file the bundle was not built from: nothing.
    let effects = saved(&mut s, "amplify/data/resource.ts");
    assert!(!effects.iter().any(|e| matches!(e, Effect::ListPayloads { .. })), "{effects:?}");
    // One it was: the event is read afresh, then it runs here.
    let effects = saved(&mut s, "amplify/shared/greet.ts");
    assert!(effects.iter().any(|e| matches!(e, Effect::ListPayloads { .. })), "{effects:?}");
    let effects = update(&mut s, payloads(&[("hello", r#"{"arguments":{"name":"Bo"}}"#)]));
    let [again] = &invoked(&effects)[..] else { panic!("{effects:?}") };
    let warm = LocalOptions { keep_warm: true, ..LocalOptions::default() };
    assert_eq!(
        (again.mode, again.payload.as_str()),
        (Mode::Local(warm), r#"{"arguments":{"name":"Bo"}}"#),
        "the next run's process starts ahead"
    );
    // Saved again while it runs: it waits, then runs once more when the run ends.
    let effects = saved(&mut s, "amplify/functions/say-hello/handler.ts");
    assert!(invoked(&effects).is_empty() && !effects.iter().any(|e| matches!(e, Effect::ListPayloads { .. })));
    answered_here(&mut s, again.id, &["amplify/functions/say-hello/handler.ts"]);
    let effects = update(&mut s, payloads(&[("hello", r#"{"arguments":{"name":"Cy"}}"#)]));
    assert_eq!(invoked(&effects).len(), 1, "the waiting save ran it once: {effects:?}");
}

#[test]
fn k_stops_a_local_run_that_waits_and_says_so() {
    let mut s = opened(state());
    update(&mut s, ch('j'));
    update(&mut s, ch('H'));
    assert_eq!(invoked(&update(&mut s, ch('h'))).len(), 1);
    let effects = update(&mut s, ch('K'));
    assert!(effects.contains(&Effect::StopLocalRuns), "{effects:?}");
    let Outcome::Failed(problem) = &s.panes.invoke.history[0].outcome else {
        panic!("{:?}", s.panes.invoke.history[0])
    };
    assert_eq!(problem.message, "stopped (K)");
    let effects = update(&mut s, ch('K'));
    assert!(!effects.contains(&Effect::StopLocalRuns), "nothing left to stop");
}
