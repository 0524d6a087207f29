//! The Data and Storage panes' behaviour: what is read and when (lazily, a page at a time,
//! streams only while shown), live changes, edits checked before anything is written, the
//! condition that keeps a concurrent change, deletes that ask, export.

use super::helpers::*;
use crate::app::pages::Page;
use crate::app::state::Context;
use crate::app::state::EditFor;
use crate::app::testkit::{TestState, content_outputs, ctrl, todo, with_todos};
use crate::domain::data::{Change, DataReply, DataRequest, Expect, Read};
use crate::domain::storage::{Entry, StorageReply, StorageRequest};

/// The Content page shown, its schema `schema` read, the first page asked for.
fn on_content(schema: &str) -> State {
    let mut s = state();
    update(&mut s, Event::StackOutputs(content_outputs()));
    crate::app::focus::show_page(&mut s, Page::Content);
    update(&mut s, Event::Tick);
    let generation = s.panes.data.generation();
    update(&mut s, Event::Data(DataReply::Schema { generation, text: schema.to_owned() }));
    s
}

fn data_requests(effects: &[Effect]) -> Vec<DataRequest> {
    effects.iter().filter_map(|e| if let Effect::Data(r) = e { Some(r.clone()) } else { None }).collect()
}

fn watched(effects: &[Effect]) -> Option<Vec<String>> {
    effects.iter().find_map(|e| if let Effect::WatchTables(t) = e { Some(t.clone()) } else { None })
}

const TABLE: &str = "Todo-api123-NONE";

#[test]
fn nothing_is_read_until_the_page_is_shown_then_the_schema_and_one_page() {
    let mut s = state();
    let effects = update(&mut s, Event::StackOutputs(content_outputs()));
    assert!(data_requests(&effects).is_empty(), "the Dev page is shown");
    crate::app::focus::show_page(&mut s, Page::Content);
    let effects = update(&mut s, Event::Tick);
    assert!(
        matches!(&data_requests(&effects)[..], [DataRequest::Schema { uri, .. }] if uri.ends_with("model-schema.graphql"))
    );
    let text = include_str!("../../../../assets/demo-data/model-schema.graphql").to_owned();
    let generation = s.panes.data.generation();
    let effects = update(&mut s, Event::Data(DataReply::Schema { generation, text }));
    let asked = data_requests(&effects);
    assert!(
        matches!(&asked[..], [DataRequest::Page { table, start: None, read: Read::Scan, .. }] if table == TABLE),
        "{asked:?}"
    );
    assert_eq!(watched(&effects), Some(vec![TABLE.to_owned()]), "its stream, while shown");
    let page = DataReply::Page {
        generation: s.panes.data.generation(),
        table: TABLE.into(),
        records: (0..100).map(todo).collect(),
        next: Some(todo(99)),
    };
    assert!(data_requests(&update(&mut s, Event::Data(page))).is_empty(), "not near the end yet");
    s.view_mut(PaneId::Data).selected = 85;
    let asked = data_requests(&update(&mut s, ch('j')));
    assert!(matches!(&asked[..], [DataRequest::Page { start: Some(_), .. }]), "the next page near the end: {asked:?}");
    assert!(data_requests(&update(&mut s, ch('j'))).is_empty(), "one page at a time");

    let effects = update(&mut s, ch('['));
    assert_eq!(watched(&effects), Some(Vec::new()), "no stream is read once the page is left");
    assert!(data_requests(&update(&mut s, Event::Tick)).is_empty(), "no calls while idle");
}

#[test]
fn the_key_field_in_the_filter_reads_that_partition_and_other_text_filters_the_loaded_rows() {
    let mut s = state();
    with_todos(&mut s, 10);
    update(&mut s, ch('/'));
    "Todo number 3".chars().for_each(|c| _ = update(&mut s, ch(c)));
    update(&mut s, key(KeyCode::Enter));
    assert_eq!(s.panes.data.rows.visible.len(), 1, "text filters what is loaded");
    update(&mut s, ch('/'));
    update(&mut s, ctrl('u'));
    let id = "00000004-0000-4000-8000-000000000000";
    format!("id={id}").chars().for_each(|c| _ = update(&mut s, ch(c)));
    let effects = update(&mut s, key(KeyCode::Enter));
    let asked = data_requests(&effects);
    assert!(
        matches!(&asked[..], [DataRequest::Page { read: Read::Partition { key, value }, .. }] if key == "id" && value == id),
        "{asked:?}"
    );

    // Clearing the lookup comes back to the rows the scan had read, and reads on from there.
    update(&mut s, ch('/'));
    update(&mut s, ctrl('u'));
    let effects = update(&mut s, key(KeyCode::Enter));
    let asked = data_requests(&effects);
    assert!(
        asked.iter().all(|r| matches!(r, DataRequest::Page { start: Some(_), .. })),
        "no read from the start: {asked:?}"
    );
    assert_eq!(s.panes.data.rows.all.len(), 10, "the ten rows read before the lookup");
}

#[test]
fn live_changes_mark_cells_strike_deleted_rows_and_are_counted() {
    let mut s = state();
    with_todos(&mut s, 5);
    s.view_mut(PaneId::Data).selected = 2;
    let selected = s.panes.data.rows.get(2).map(|r| r.key.clone());
    let mut changed = todo(1);
    changed.insert("done".into(), serde_json::Value::Bool(true));
    let changes = vec![Change::Inserted(todo(77)), Change::Modified(changed), Change::Removed(todo(3))];
    update(&mut s, Event::Data(DataReply::Changes { table: TABLE.into(), changes }));
    assert_eq!(s.panes.data.changes, 3);
    assert_eq!(
        s.panes.data.rows.get(0).map(|r| (r.new, r.record["content"].clone())),
        Some((true, "Todo number 77".into())),
        "new rows on top"
    );
    let modified = s.panes.data.rows.all.iter().find(|r| r.record["content"] == "Todo number 1").expect("row");
    assert!(modified.marked("done", s.now_ms) && !modified.marked("content", s.now_ms), "only what changed");
    assert!(!modified.marked("done", s.now_ms + 6_000), "for a few seconds");
    assert!(
        s.panes.data.rows.all.iter().any(|r| r.removed && r.record["content"] == "Todo number 3"),
        "struck, not gone"
    );
    assert_eq!(
        s.panes.data.rows.get(s.view(PaneId::Data).selected).map(|r| r.key.clone()),
        selected,
        "the selection stays on its record"
    );
}

fn edited(s: &mut State, text: &str, original: Option<crate::domain::data::Record>) -> Vec<Effect> {
    let purpose = EditFor::Record { table: TABLE.into(), original, handed: None };
    update(s, Event::Edited { purpose, text: Ok(text.into()) })
}

#[test]
fn an_edit_is_checked_against_the_model_and_written_only_if_the_record_is_unchanged() {
    let mut s = state();
    with_todos(&mut s, 3);
    let effects = update(&mut s, ch('e'));
    let Some(Effect::Edit { text, purpose, file }) = effects.iter().find(|e| matches!(e, Effect::Edit { .. })).cloned()
    else {
        panic!("{effects:?}")
    };
    assert!(file.starts_with("Todo-") && text.contains("\"content\": \"Todo number 0\""), "{file}: {text}");
    let EditFor::Record { original, .. } = purpose else { panic!() };

    let bad = text.replace("\"done\": true", "\"done\": \"yes\"");
    let effects = edited(&mut s, &bad, original.clone());
    assert!(data_requests(&effects).is_empty(), "nothing written");
    let notice = s.notice.as_ref().map(|n| n.text.clone()).unwrap_or_default();
    assert!(notice.contains("done must be true or false"), "{notice}");
    let again = update(&mut s, ch('e'));
    assert!(
        matches!(again.iter().find(|e| matches!(e, Effect::Edit { .. })), Some(Effect::Edit { text, .. }) if *text == bad),
        "the refused text is not lost"
    );

    let good = text.replace("Todo number 0", "Edited");
    let asked = data_requests(&edited(&mut s, &good, original));
    let [DataRequest::Put { record, expect, .. }] = &asked[..] else { panic!("{asked:?}") };
    assert_eq!(record["content"], "Edited");
    assert_eq!(record["createdAt"], "2025-03-11T03:00:00.000Z", "kept");
    assert_ne!(record["updatedAt"], "2025-03-11T03:05:00.000Z", "refreshed");
    assert_eq!(
        *expect,
        Expect::Unchanged { key: "id".into(), stamp: Some(("updatedAt".into(), "2025-03-11T03:05:00.000Z".into())) }
    );

    let key = s.panes.data.tables[0].model.key_of(record);
    let effects = update(&mut s, Event::Data(DataReply::Conflict { table: TABLE.into(), key }));
    assert!(
        matches!(&data_requests(&effects)[..], [DataRequest::Get { .. }]),
        "the record is read again to show theirs"
    );
    assert!(s.notice.as_ref().is_some_and(|n| n.text.contains("changed (or appeared) since it was read")));
}

#[test]
fn a_new_record_gets_a_fresh_id_and_must_not_exist_yet() {
    let mut s = state();
    with_todos(&mut s, 1);
    let effects = update(&mut s, ch('a'));
    let Some(Effect::Edit { text, purpose, .. }) = effects.into_iter().find(|e| matches!(e, Effect::Edit { .. }))
    else {
        panic!()
    };
    // The editor quit without saving: the template comes back as it went, and nothing is made.
    let untouched = update(&mut s, Event::Edited { purpose: purpose.clone(), text: Ok(text.clone()) });
    assert!(data_requests(&untouched).is_empty(), "nothing written");
    assert!(s.notice.as_ref().is_some_and(|n| n.text.contains("left as it started")), "{:?}", s.notice);
    let filled = text.replace("\"content\": null", "\"content\": \"Fresh\"");
    let asked = data_requests(&update(&mut s, Event::Edited { purpose, text: Ok(filled) }));
    let [DataRequest::Put { record, expect, .. }] = &asked[..] else { panic!("{asked:?}") };
    assert_eq!(record["id"].as_str().map(str::len), Some(36), "a UUID");
    assert_eq!(record["__typename"], "Todo");
    assert_eq!(*expect, Expect::Absent { key: "id".into() });
}

#[test]
fn deleting_asks_and_on_a_branch_the_model_name_is_typed() {
    let mut s = TestState {
        ctx: Context { stack_name: "amplify-d1abc-main-branch-0123456789".into(), ..state().ctx },
        ..TestState::default()
    }
    .build();
    with_todos(&mut s, 2);
    update(&mut s, ch('X'));
    let Some(Question { typed, title, .. }) = s.question().cloned() else { panic!("{:?}", s.overlay) };
    assert_eq!(title, " Delete the record? ");
    assert_eq!(typed.as_deref(), Some("Todo"));
    "Tod".chars().for_each(|c| _ = update(&mut s, ch(c)));
    assert!(data_requests(&update(&mut s, key(KeyCode::Enter))).is_empty(), "not the name yet");
    update(&mut s, ch('o'));
    let asked = data_requests(&update(&mut s, key(KeyCode::Enter)));
    assert!(matches!(&asked[..], [DataRequest::Delete { expect: Expect::Unchanged { .. }, .. }]), "{asked:?}");
}

#[test]
fn export_writes_the_shown_records_as_json_lines_under_amplify_ampdeck() {
    let mut s = state();
    with_todos(&mut s, 4);
    let effects = update(&mut s, ch('w'));
    let Some(Effect::Save { path, text, count, .. }) = effects.into_iter().find(|e| matches!(e, Effect::Save { .. }))
    else {
        panic!()
    };
    assert!(path.starts_with("/tmp/ws/.amplify/ampdeck") && path.extension().is_some_and(|e| e == "jsonl"), "{path:?}");
    assert_eq!(count, 4);
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap_or_default()).expect("JSON");
    assert_eq!(first["content"], "Todo number 0");
}

#[test]
fn the_storage_pane_lists_a_folder_lazily_and_opens_folders() {
    let mut s = state();
    with_todos(&mut s, 1);
    let effects = update(&mut s, Event::Tick);
    let listed = effects
        .iter()
        .any(|e| matches!(e, Effect::Storage(StorageRequest::List { prefix, token: None, .. }) if prefix.is_empty()));
    assert!(listed || s.panes.storage.loading, "listed once shown");
    let generation = effects
        .iter()
        .find_map(|e| {
            if let Effect::Storage(StorageRequest::List { generation, .. }) = e { Some(*generation) } else { None }
        })
        .unwrap_or(1);
    let entries =
        vec![Entry::Folder { prefix: "media/".into() }, Entry::Object { key: "a.txt".into(), size: 3, modified_ms: 0 }];
    update(&mut s, Event::Storage(StorageReply::Listed { generation, entries, next: None }));
    update(&mut s, key(KeyCode::Tab));
    assert_eq!(s.focus, PaneId::Storage);
    let effects = update(&mut s, key(KeyCode::Enter));
    assert_eq!(s.panes.storage.prefix, "media/");
    assert!(
        effects.iter().any(|e| matches!(e, Effect::Storage(StorageRequest::List { prefix, .. }) if prefix == "media/"))
    );
}

#[test]
fn s_sorts_the_loaded_records_by_the_next_column_and_o_reverses() {
    let mut s = state();
    with_todos(&mut s, 12);
    update(&mut s, ch('s'));
    update(&mut s, ch('s'));
    assert_eq!(s.panes.data.rows.sort, Some(("content".into(), false)));
    let first = |s: &State| s.panes.data.rows.get(0).map(|r| r.record["content"].clone());
    assert_eq!(first(&s), Some("Todo number 0".into()));
    update(&mut s, ch('O'));
    assert_eq!(first(&s), Some("Todo number 9".into()), "text order, reversed");
}

#[test]
fn b_jumps_from_a_record_to_the_one_it_belongs_to() {
    let schema = r#"type Post @model { title: String comments: [Comment] @hasMany(references: ["postId"]) }
        type Comment @model { postId: ID post: Post @belongsTo(references: ["postId"]) text: String }"#;
    let mut s = on_content(schema);
    update(&mut s, ch('n'));
    let comment =
        serde_json::json!({"id": "c1", "postId": "p7", "text": "hi"}).as_object().cloned().unwrap_or_default();
    let generation = s.panes.data.generation();
    let page = DataReply::Page { generation, table: "Comment-api123-NONE".into(), records: vec![comment], next: None };
    update(&mut s, Event::Data(page));
    let effects = update(&mut s, ch('b'));
    assert_eq!(s.panes.data.model().map(|t| t.model.name.as_str()), Some("Post"));
    let asked = data_requests(&effects);
    assert!(
        matches!(&asked[..], [DataRequest::Page { table, read: Read::Partition { key, value }, .. }] if table == "Post-api123-NONE" && key == "id" && value == "p7"),
        "{asked:?}"
    );
}

#[test]
fn a_backend_without_data_says_so() {
    let mut s = state();
    let outputs =
        vec![crate::domain::stack::StackOutput { key: "userPoolId".into(), value: "p".into(), description: None }];
    update(&mut s, Event::StackOutputs(outputs));
    crate::app::focus::show_page(&mut s, Page::Content);
    assert!(data_requests(&update(&mut s, Event::Tick)).is_empty(), "nothing to read");
    assert!(s.panes.data.no_data());
}

#[test]
fn a_download_goes_to_the_download_folder_and_asks_before_replacing_a_file() {
    use crate::domain::storage::{StorageReply, StorageRequest};
    let mut s = state();
    with_todos(&mut s, 1);
    let mut cx = crate::app::keymap::Cx::new(crate::app::keys::defaults());
    let purpose = AskFor::DownloadPath { key: "public/a.txt".into() };
    assert!(crate::app::panes::storage::answered(&mut s, purpose, "a.txt".into(), &mut cx).is_ok());
    let asked: Vec<_> = cx.into_intents();
    let to = std::path::PathBuf::from("/tmp/downloads/a.txt");
    let first = StorageRequest::Download {
        bucket: "files-bucket".into(),
        key: "public/a.txt".into(),
        to: to.clone(),
        replace: false,
    };
    assert_eq!(asked, vec![Intent::Effect(Effect::Storage(first))], "into the download folder, never over a file");

    let exists = StorageReply::Exists { bucket: "files-bucket".into(), key: "public/a.txt".into(), to: to.clone() };
    update(&mut s, Event::Storage(exists.clone()));
    assert_eq!(s.question().map(|q| q.title.as_str()), Some(" Replace the file? "));
    assert!(update(&mut s, ch('n')).is_empty(), "no leaves the file as it was");
    update(&mut s, Event::Storage(exists));
    let sent = update(&mut s, ch('y'));
    assert!(
        matches!(&sent[..], [Effect::Storage(StorageRequest::Download { replace: true, .. })]),
        "replaced after a yes: {sent:?}"
    );
}

#[test]
fn p_picks_the_model_from_a_filterable_list() {
    let schema = r#"type Post @model { title: String }
        type Comment @model { text: String }
        type Tag @model { label: String }"#;
    let mut s = on_content(schema);
    update(&mut s, ch('p'));
    let Some(Overlay::Pick(pick)) = &s.overlay else { panic!("a picker: {:?}", s.overlay) };
    assert_eq!(pick.shown().len(), 3, "{:?}", pick.shown());
    "Ta".chars().for_each(|c| _ = update(&mut s, ch(c)));
    let effects = update(&mut s, key(KeyCode::Enter));
    assert_eq!(s.panes.data.model().map(|t| t.model.name.as_str()), Some("Tag"));
    assert!(data_requests(&effects).iter().any(|r| matches!(r, DataRequest::Page { .. })), "{effects:?}");
}

#[test]
fn capital_g_reads_to_the_end_page_after_page_and_esc_stops_it() {
    let mut s = on_content(include_str!("../../../../assets/demo-data/model-schema.graphql"));
    let generation = s.panes.data.generation();
    let page = move |from: usize, next: bool| {
        Event::Data(DataReply::Page {
            generation,
            table: TABLE.into(),
            records: (from..from + 100).map(todo).collect(),
            next: next.then(|| todo(from + 99)),
        })
    };
    let first = page(0, true);
    update(&mut s, first);
    let asked = data_requests(&update(&mut s, ch('G')));
    eprintln!(
        "focus {:?} to_end {} sel {} loading {}",
        s.focus,
        s.panes.data.to_end,
        s.view(PaneId::Data).selected,
        s.panes.data.loading
    );
    assert!(matches!(&asked[..], [DataRequest::Page { start: Some(_), .. }]), "{asked:?}");
    let second = page(100, true);
    let asked = data_requests(&update(&mut s, second));
    assert!(matches!(&asked[..], [DataRequest::Page { start: Some(_), .. }]), "the next at once: {asked:?}");
    assert_eq!(s.view(PaneId::Data).selected, 199, "on the last row read");
    assert!(s.panes.data.to_end, "still reading");

    let third = page(200, true);
    update(&mut s, key(KeyCode::Esc));
    assert!(data_requests(&update(&mut s, third)).is_empty(), "Esc stopped it");
    assert!(s.notice.as_ref().is_some_and(|n| n.text.contains("stopped reading at 200")), "{:?}", s.notice);

    update(&mut s, ch('G'));
    update(&mut s, ch('k'));
    let last = page(300, false);
    update(&mut s, last);
    assert_eq!(s.view(PaneId::Data).selected, 298, "moved away: the selection stays where the user put it");
    assert!(s.notice.as_ref().is_some_and(|n| n.text.contains("read to the end: 400 records")), "{:?}", s.notice);
}

#[test]
fn a_failed_relisting_keeps_the_folder_shown() {
    let mut s = state();
    with_todos(&mut s, 1);
    update(&mut s, Event::Tick);
    let generation = s.panes.storage.generation();
    let entries = vec![Entry::Object { key: "a.txt".into(), size: 3, modified_ms: 0 }];
    update(&mut s, Event::Storage(StorageReply::Listed { generation, entries, next: None }));
    update(&mut s, key(KeyCode::Tab));
    let generation = list_generation(&update(&mut s, ch('r')));
    assert_eq!(s.panes.storage.entries.len(), 1, "shown while it is listed again");
    let problem = crate::domain::health::Problem {
        source: crate::domain::health::Source::Storage,
        kind: crate::domain::health::ProblemKind::Throttled,
        message: "SlowDown: Please reduce your request rate.".into(),
        hint: "AWS is throttling".into(),
    };
    let failed = StorageReply::Failed { generation: Some(generation), what: "list".into(), problem };
    update(&mut s, Event::Storage(failed));
    assert_eq!(s.panes.storage.entries.len(), 1, "kept");
    assert!(s.panes.storage.kept && s.panes.storage.problem.is_some());
}

fn list_generation(effects: &[Effect]) -> u64 {
    let listed = effects.iter().find_map(|e| match e {
        Effect::Storage(StorageRequest::List { generation, .. }) => Some(*generation),
        _ => None,
    });
    listed.unwrap_or_else(|| panic!("a listing: {effects:?}"))
}

#[test]
fn a_stream_failure_stands_until_the_stream_reads_again() {
    let mut s = state();
    with_todos(&mut s, 2);
    let table = s.panes.data.watching.clone().expect("the shown table is followed");
    let problem = crate::domain::health::Problem {
        source: crate::domain::health::Source::Data,
        kind: crate::domain::health::ProblemKind::Throttled,
        message: "ThrottlingException: Rate exceeded".into(),
        hint: "AWS is throttling; backing off".into(),
    };
    update(&mut s, Event::Data(DataReply::StreamFailed { table: table.clone(), problem }));
    assert!(s.panes.data.problem().is_some());
    assert!(s.health.problems.iter().any(|p| p.source == crate::domain::health::Source::Data), "it stands");
    update(&mut s, Event::Data(DataReply::Live { table }));
    assert!(s.panes.data.problem().is_none(), "gone with its cause");
    assert!(s.health.problems.is_empty(), "{:?}", s.health.problems);
    let recovered = s.messages.newest_first().any(|m| m.text.contains("recovered"));
    assert!(recovered, "the message log says so");
}

#[test]
fn a_failed_page_read_is_tried_again_after_a_pause_not_at_once() {
    let mut s = on_content(include_str!("../../../../assets/demo-data/model-schema.graphql"));
    let generation = s.panes.data.generation();
    let problem = crate::domain::health::Problem {
        source: crate::domain::health::Source::Data,
        kind: crate::domain::health::ProblemKind::Throttled,
        message: "ThrottlingException: Rate exceeded".into(),
        hint: "AWS is throttling".into(),
    };
    let failed = DataReply::Failed { generation: Some(generation), what: "read Todo".into(), problem };
    assert!(data_requests(&update(&mut s, Event::Data(failed))).is_empty(), "not at once");
    assert!(data_requests(&update(&mut s, Event::Tick)).is_empty(), "nor on the next tick");
    assert!(s.panes.data.ticking(s.now_ms), "a tick comes for the retry");
    s.now_ms += 5_000;
    let asked = data_requests(&update(&mut s, Event::Tick));
    assert!(matches!(&asked[..], [DataRequest::Page { start: None, .. }]), "then once: {asked:?}");
}
