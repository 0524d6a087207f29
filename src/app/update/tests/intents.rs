//! Questions carry what their answers do: the confirm overlay hands those intents to the core
//! without knowing the panes that asked.

use super::helpers::*;
use crate::app::overlays::confirm;
use crate::domain::data::{DataRequest, Expect};
use crate::domain::notice::Notice;
use crate::domain::secrets::SecretsRequest;
use crate::domain::storage::StorageRequest;

fn deletes() -> Vec<Effect> {
    vec![
        Effect::Secrets(SecretsRequest::Remove { path: "/amplify/app/s/API_KEY".into(), name: "API_KEY".into() }),
        Effect::Data(DataRequest::Delete {
            table: "Todo-x-NONE".into(),
            key: crate::domain::data::Record::new(),
            expect: Expect::Absent { key: "id".into() },
        }),
        Effect::Storage(StorageRequest::Delete { bucket: "files".into(), key: "a.txt".into() }),
    ]
}

fn asked(s: &mut State) {
    let yes = deletes().into_iter().map(Intent::from);
    let question =
        Question::new(" Delete? ", vec!["Delete all three?".into()]).yes(yes).no([Notice::info("nothing done").into()]);
    confirm::open(s, question);
}

#[test]
fn yes_runs_exactly_the_effects_the_question_carries() {
    let mut s = state();
    asked(&mut s);
    assert_eq!(update(&mut s, ch('y')), deletes());
    assert!(s.overlay.is_none());
}

#[test]
fn no_runs_none_of_them_and_says_so() {
    for answer in [ch('n'), key(KeyCode::Esc), ch('x')] {
        let mut s = state();
        asked(&mut s);
        assert!(update(&mut s, answer).is_empty(), "no is the default");
        assert!(s.overlay.is_none());
        assert_eq!(s.notice.as_ref().map(|n| n.text.as_str()), Some("nothing done"));
    }
}

#[test]
fn a_typed_name_is_needed_when_the_question_asks_for_it() {
    let mut s = state();
    let question =
        Question::new(" Delete? ", Vec::new()).yes(deletes().into_iter().map(Intent::from)).shared(Some("ab".into()));
    confirm::open(&mut s, question);
    assert!(update(&mut s, ch('y')).is_empty(), "a y is typed, not a yes");
    update(&mut s, key(KeyCode::Backspace));
    update(&mut s, ch('a'));
    assert!(update(&mut s, key(KeyCode::Enter)).is_empty(), "half the name");
    update(&mut s, ch('b'));
    assert_eq!(update(&mut s, key(KeyCode::Enter)), deletes());
}

#[test]
fn a_pane_answer_reaches_the_pane_through_the_registry() {
    let mut s = state();
    let invoke = AskFor::NewPayload {
        function: "say-hello".into(),
        template: crate::amplify::payloads::Template::Empty.label().to_owned(),
    };
    let question = Question::new(" ? ", Vec::new()).yes([Intent::Answer {
        pane: PaneId::Invoke,
        purpose: invoke,
        text: "ping".into(),
    }]);
    confirm::open(&mut s, question);
    let effects = update(&mut s, ch('y'));
    assert!(
        matches!(&effects[..], [Effect::Edit { file, .. }] if file.contains("say-hello") && file.contains("ping")),
        "the Invoke pane's answer handler opened the new event: {effects:?}"
    );
}
