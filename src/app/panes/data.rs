//! The Data pane: the followed environment's records, one model at a time, as its schema
//! defines them; read a page at a time, live from the table's stream while shown; sorted,
//! filtered, opened as JSON, edited in the user's editor, deleted, exported.

pub mod replies;

use super::{PaneSpec, rows};
use crate::amplify::records;
use crate::app::Effect;
use crate::app::keymap::{Command, Cx};
use crate::app::overlays::{confirm, pick, prompt};
use crate::app::pages::Page;
use crate::app::panes::PaneId;
use crate::app::panes::followed_kind;
use crate::app::state::{AskFor, EditFor, Overlay, Question, State};
use crate::domain::data::{DataRequest, key_text};
use crate::util::sanitize::owned as clean;
use crate::domain::data::{Expect, Model, ModelTable, Record, RelationKind, plain};
use crate::domain::env::EnvKind;
use crate::domain::notice::Notice;

pub const SPEC: PaneSpec = PaneSpec {
    name: "data",
    title: "Data",
    page: Page::Content,
    len: |s| s.panes.data.rows.visible.len(),
    header: rows::<2>,
    footer: 1,
    keys: KEYS,
    filter: Some(&FILTER),
    room: 4,
    answered: Some(answered),
    on_event: Some(replies::on_event),
    refresh: Some(replies::refresh),
    read_to_end: Some(read_to_end),
    problem: Some((crate::domain::health::Source::Data, |s| s.panes.data.problem().map(|(_, p)| p))),
    detail: Some(detail),
    ..PaneSpec::PLAIN
};

const KEYS: &[Command] = &[
    Command { name: "open", keys: &["enter"], help: "show the selected record as JSON", hint: Some("open"), run: open },
    Command {
        name: "edit",
        keys: &["e"],
        help: "edit the selected record in $VISUAL/$EDITOR",
        hint: Some("edit"),
        run: edit,
    },
    Command { name: "new", keys: &["a"], help: "create a record in $VISUAL/$EDITOR", hint: Some("new"), run: create },
    Command { name: "delete", keys: &["X"], help: "delete the selected record (asks)", hint: None, run: ask_delete },
    Command {
        name: "filter",
        keys: &["/"],
        help: "filter the loaded records by text, or field=value (the key field reads that partition)",
        hint: Some("filter"),
        run: |s, _| prompt::open(s),
    },
    Command {
        name: "sort",
        keys: &["s"],
        help: "sort the loaded records by the next column",
        hint: Some("sort"),
        run: sort_next,
    },
    Command { name: "reverse", keys: &["O"], help: "reverse the sort order", hint: None, run: reverse },
    Command {
        name: "next",
        keys: &["n"],
        help: "show the next model",
        hint: Some("model"),
        run: |s, _| step_model(s, 1),
    },
    Command {
        name: "previous",
        keys: &["N"],
        help: "show the previous model",
        hint: None,
        run: |s, _| step_model(s, -1),
    },
    Command { name: "pick", keys: &["p"], help: "pick the model to show from a list", hint: None, run: pick_model },
    Command {
        name: "more",
        keys: &["L"],
        help: "read the next page now (also while filtering)",
        hint: None,
        run: more,
    },
    Command {
        name: "jump",
        keys: &["b"],
        help: "jump to the record the selected one belongs to",
        hint: None,
        run: jump,
    },
    Command {
        name: "export",
        keys: &["w"],
        help: "export the shown records as JSON lines (.amplify/ampdeck/)",
        hint: None,
        run: export,
    },
    Command { name: "reload", keys: &["r"], help: "read the schema and the records again", hint: None, run: reload },
];

const FILTER: prompt::Target =
    prompt::Target { current: |s| s.panes.data.filter.clone(), apply: set_filter, toggle_mode: None };

fn set_filter(state: &mut State, text: &str) {
    state.panes.data.set_filter(text);
    *state.view_mut(PaneId::Data) = Default::default();
}

fn reload(state: &mut State, _: &mut Cx) {
    state.panes.data.reload();
    state.notice = Some(Notice::info("reading the schema and the records again…"));
    *state.view_mut(PaneId::Data) = Default::default();
}

/// The model shown, or a notice saying why there is none.
pub fn shown(state: &mut State) -> Option<ModelTable> {
    let table = state.panes.data.model().cloned();
    if table.is_none() {
        let why =
            if state.panes.data.no_data() { "this backend has no data models" } else { "the models are still being read" };
        state.notice = Some(Notice::info(why));
    }
    table
}

/// The selected record, as read.
pub fn selected(state: &State) -> Option<&Record> {
    let row = state.panes.data.rows.get(state.view(PaneId::Data).selected)?;
    (!row.removed).then_some(&row.record)
}

fn open(state: &mut State, _: &mut Cx) {
    if selected(state).is_some() {
        state.overlay = Some(Overlay::Record { scroll: 0 });
    }
}

pub fn edit(state: &mut State, cx: &mut Cx) {
    let Some(table) = shown(state) else { return };
    let Some(record) = selected(state).cloned() else {
        state.notice = Some(Notice::info("no record selected: a adds one"));
        return;
    };
    let key = crate::domain::data::key_text(&table.model.key_of(&record));
    let text = draft(state, &table.table, &key).unwrap_or_else(|| pretty(&records::ordered(&table.model, &record)));
    let purpose = EditFor::Record { table: table.table.clone(), original: Some(record), handed: None };
    cx.push(Effect::Edit { file: format!("{}-{}.json", table.model.name, file_safe(&key)), text, purpose });
}

fn create(state: &mut State, cx: &mut Cx) {
    let Some(table) = shown(state) else { return };
    let text = draft(state, &table.table, "").unwrap_or_else(|| {
        let id = state.panes.ids.fresh();
        pretty(&records::template(&table.model, &id))
    });
    let purpose = EditFor::Record { table: table.table.clone(), original: None, handed: Some(text.clone()) };
    cx.push(Effect::Edit { file: format!("{}-new.json", table.model.name), text, purpose });
}

/// A refused edit of the same record, so the user's work is not lost.
fn draft(state: &State, table: &str, key: &str) -> Option<String> {
    let (EditFor::Record { table: t, .. }, k, text) = state.panes.draft.as_ref()? else { return None };
    (t == table && k == key).then(|| text.clone())
}

fn pretty(record: &Record) -> String {
    serde_json::to_string_pretty(record).unwrap_or_default() + "\n"
}

fn file_safe(key: &str) -> String {
    key.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).take(60).collect()
}

/// The editor closed: check the record against its model and write it, guarded so that a
/// change made meanwhile is refused, not overwritten.
pub fn edited(state: &mut State, purpose: EditFor, text: Result<String, String>, cx: &mut Cx) {
    let EditFor::Record { table, original, handed } = purpose.clone() else { return };
    let Some(model) = state.panes.data.tables.iter().find(|t| t.table == table).map(|t| t.model.clone()) else {
        state.notice = Some(Notice::error("the model is gone (the environment changed): nothing written"));
        return;
    };
    let key = original.as_ref().map(|o| crate::domain::data::key_text(&model.key_of(o))).unwrap_or_default();
    let text = match text {
        Ok(text) => text,
        Err(why) => {
            state.notice = Some(Notice::error(format!("{why}: nothing written")));
            return;
        }
    };
    if handed.is_some_and(|h| h == text) {
        // Quitting the editor without saving (`:q!`) hands the template back: no record is
        // wanted, least of all an empty one.
        state.notice = Some(Notice::info(format!("the new {} was left as it started: nothing written", model.name)));
        return;
    }
    let now = crate::util::timefmt::iso8601(state.now_ms);
    match records::prepare(&model, &text, original.as_ref(), &now) {
        Ok(record) if original.as_ref().is_some_and(|o| unchanged(&model, o, &record)) => {
            state.panes.draft = None;
            state.notice = Some(Notice::info("no change: nothing written"));
        }
        Ok(record) => {
            state.panes.draft = None;
            // The refusal of the last try is over; a failure of the source stands until a
            // call succeeds.
            if state.panes.data.problem.as_ref().is_some_and(|(_, p)| p.kind == crate::domain::health::ProblemKind::Refused) {
                state.panes.data.problem = None;
            }
            let expect = expect(&model, original.as_ref());
            state.notice = Some(Notice::info(format!("saving {}…", model.name)));
            cx.push(Effect::Data(crate::domain::data::DataRequest::Put { table, record, expect }));
        }
        Err(why) => {
            state.notice = Some(Notice::error(format!("not saved: {why} — e (or a) opens your text again")));
            let hint = "nothing written; e (or a) opens your text again".into();
            let problem = crate::domain::health::Problem {
                source: crate::domain::health::Source::Data,
                kind: crate::domain::health::ProblemKind::Refused,
                message: why,
                hint,
            };
            state.panes.data.problem = Some(("save".into(), problem));
            state.panes.draft = Some((purpose, key, text));
        }
    }
}

/// The same record but for the update time that preparing refreshed.
fn unchanged(model: &Model, original: &Record, prepared: &Record) -> bool {
    let stamps: Vec<&str> = model.stored().filter(|f| f.read_only).map(|f| f.name.as_str()).collect();
    let strip = |r: &Record| -> Record {
        r.iter()
            .filter(|(k, _)| !stamps.contains(&k.as_str()) && *k != "__typename")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    };
    strip(original) == strip(prepared)
}

/// How a write must find the record: absent when creating, else as it was read.
pub fn expect(model: &Model, original: Option<&Record>) -> Expect {
    let key = model.partition_key.clone();
    let Some(original) = original else { return Expect::Absent { key } };
    let updated = model.stored().filter(|f| f.read_only && f.kind == "AWSDateTime").nth(1);
    let stamp = updated.and_then(|f| Some((f.name.clone(), original.get(&f.name)?.as_str()?.to_owned())));
    Expect::Unchanged { key, stamp }
}

/// Deleting asks; on a branch environment (shared, maybe real users' data) after typing the
/// model's name.
fn ask_delete(state: &mut State, _: &mut Cx) {
    let Some(table) = shown(state) else { return };
    let Some(record) = selected(state).cloned() else { return };
    let typed = (followed_kind(state) == Some(EnvKind::Branch)).then(|| table.model.name.clone());
    let (model, key) = (table.model.name.clone(), table.model.key_of(&record));
    let lines = vec![
        format!("Delete {} {} from {}?", clean(&model), clean(&key_text(&key)), state.ctx.environment),
        "It goes straight from the table, past the API's authorization rules.".into(),
    ];
    let deleting = Notice::info(format!("deleting {model} {}…", key_text(&key))).into();
    let expect = expect(&table.model, Some(&record));
    let delete = Effect::Data(DataRequest::Delete { table: table.table, key, expect }).into();
    let question = Question::yes_or_nothing(" Delete the record? ", lines, [deleting, delete])
        .shared(typed);
    confirm::open(state, question);
}

/// The columns: the model's stored fields.
pub fn columns(model: &Model) -> Vec<&str> {
    model.stored().map(|f| f.name.as_str()).collect()
}

/// Sorts by the next column; after the last, back to the order read.
fn sort_next(state: &mut State, _: &mut Cx) {
    let Some(table) = state.panes.data.model().cloned() else { return };
    let columns = columns(&table.model);
    let next = match &state.panes.data.rows.sort {
        None => columns.first().copied(),
        Some((c, _)) => columns.iter().position(|x| x == c).and_then(|i| columns.get(i + 1)).copied(),
    };
    state.panes.data.rows.set_sort(next.map(|c| (c.to_owned(), false)));
}

fn reverse(state: &mut State, _: &mut Cx) {
    if let Some((column, descending)) = state.panes.data.rows.sort.clone() {
        state.panes.data.rows.set_sort(Some((column, !descending)));
    }
}

fn step_model(state: &mut State, by: isize) {
    match state.panes.data.tables.len() {
        n if n > 1 => show_model(state, crate::util::step_around(state.panes.data.current, by, n)),
        1 => state.notice = Some(Notice::info("this backend has one model")),
        _ => _ = shown(state),
    }
}

/// The model `at` from its first row.
fn show_model(state: &mut State, at: usize) {
    if at != state.panes.data.current {
        state.panes.data.select(at);
        *state.view_mut(PaneId::Data) = Default::default();
    }
}

fn read_to_end(state: &mut State, on: bool) {
    if !on && state.panes.data.to_end {
        let loaded = state.panes.data.rows.all.len();
        state.notice = Some(Notice::info(format!("stopped reading at {loaded} records: G reads on")));
    }
    state.panes.data.read_to_end(on);
    state.panes.data.to_end_row = state.view(PaneId::Data).selected;
}

fn pick_model(state: &mut State, _: &mut Cx) {
    if shown(state).is_none() {
        return;
    }
    let names = state.panes.data.tables.iter().map(|t| t.model.name.clone()).collect();
    pick::open(state, PaneId::Data, AskFor::Model, "Show the model", names);
}

/// The model picked.
fn answered(state: &mut State, purpose: AskFor, text: String, _: &mut Cx) -> Result<(), String> {
    if purpose != AskFor::Model {
        return Ok(());
    }
    let at = state.panes.data.tables.iter().position(|t| t.model.name == text).ok_or("that model is gone: r reads them again")?;
    show_model(state, at);
    Ok(())
}

fn more(state: &mut State, _: &mut Cx) {
    if !state.panes.data.more() {
        state.notice = Some(Notice::info("every record of this read is loaded"));
    }
}

/// To the record the selected one belongs to (its first `belongsTo`), read by its key.
pub fn jump(state: &mut State, _: &mut Cx) {
    let Some(table) = state.panes.data.model().cloned() else { return };
    let Some(record) = selected(state).cloned() else { return };
    let relation =
        table.model.fields.iter().filter_map(|f| f.relation.as_ref()).find(|r| r.kind == RelationKind::BelongsTo);
    let Some(relation) = relation else {
        state.notice = Some(Notice::info(format!("{} belongs to no other model", table.model.name)));
        return;
    };
    let Some(index) = state.panes.data.tables.iter().position(|t| t.model.name == relation.model) else { return };
    let target_key = state.panes.data.tables[index].model.partition_key.clone();
    let Some(value) = relation.references.first().and_then(|r| record.get(r)).map(plain).filter(|v| !v.is_empty())
    else {
        state.notice = Some(Notice::info(format!("this record belongs to no {}", relation.model)));
        return;
    };
    state.panes.data.select(index);
    set_filter(state, &format!("{target_key}={value}"));
    state.overlay = None;
}

fn export(state: &mut State, cx: &mut Cx) {
    let Some(table) = state.panes.data.model().cloned() else { return };
    let rows = &state.panes.data.rows;
    let lines: Vec<String> = (0..rows.visible.len())
        .filter_map(|i| rows.get(i))
        .filter(|r| !r.removed)
        .filter_map(|r| serde_json::to_string(&records::ordered(&table.model, &r.record)).ok())
        .collect();
    let stamp = crate::util::timefmt::iso8601(state.now_ms).replace([':', '.'], "-");
    let path = state.ctx.workspace.join(".amplify/ampdeck").join(format!("{}-{stamp}.jsonl", table.model.name));
    let count = lines.len();
    cx.push(Effect::Save { path, text: lines.join("\n") + "\n", count, what: "records" });
}

/// The selected record whole: each field on its line, in the model's order.
fn detail(state: &State) -> Option<crate::app::state::Detail> {
    let record = selected(state)?;
    let table = state.panes.data.model()?;
    let key = key_text(&table.model.key_of(record));
    let text = |v: &serde_json::Value| v.as_str().map_or_else(|| v.to_string(), str::to_owned);
    let lines = record.iter().map(|(field, value)| clean(&format!("{field}: {}", text(value)))).collect();
    let json = serde_json::to_string_pretty(record).unwrap_or_default();
    Some(crate::app::state::Detail::new(format!("{} {}", clean(&table.model.name), clean(&key)), lines).copying(json))
}
