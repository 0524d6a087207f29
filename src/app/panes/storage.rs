//! The Storage pane: the followed environment's buckets (`defineStorage`), a folder at a
//! time, read a page at a time as the user scrolls; download, upload, delete, and a
//! presigned link to copy.

pub mod replies;

use super::{PaneSpec, rows};
use crate::app::Effect;
use crate::app::keymap::{Command, Cx};
use crate::app::overlays::ask;
use crate::app::pages::Page;
use crate::app::panes::PaneId;
use crate::app::panes::followed_kind;
use crate::app::overlays::confirm;
use crate::app::state::{AskFor, Overlay, Question, State};
use crate::util::sanitize::owned as clean;
use crate::domain::env::EnvKind;
use crate::domain::health::Source;
use crate::domain::notice::Notice;
use crate::domain::storage::{Entry, StorageRequest};

pub const SPEC: PaneSpec = PaneSpec {
    name: "storage",
    title: "Storage",
    page: Page::Content,
    len: |s| s.panes.storage.entries.len(),
    header: rows::<2>,
    footer: 1,
    keys: KEYS,
    room: 2,
    answered: Some(answered),
    on_event: Some(replies::on_event),
    refresh: Some(replies::refresh),
    problem: Some((Source::Storage, |s| s.panes.storage.problem.as_ref().map(|(_, p)| p))),
    detail: Some(detail),
    ..PaneSpec::PLAIN
};

/// How long a copied link works.
const LINK_SECONDS: u64 = 3600;

const KEYS: &[Command] = &[
    Command { name: "open", keys: &["enter"], help: "open the selected folder", hint: Some("open"), run: open },
    Command { name: "back", keys: &["backspace", "left"], help: "up to the parent folder", hint: Some("up"), run: up },
    Command {
        name: "download",
        keys: &["D"],
        help: "download the selected file (asks where)",
        hint: Some("download"),
        run: download,
    },
    Command {
        name: "upload",
        keys: &["u"],
        help: "upload a local file into this folder (asks which)",
        hint: Some("upload"),
        run: upload,
    },
    Command { name: "delete", keys: &["X"], help: "delete the selected file (asks)", hint: None, run: ask_delete },
    Command {
        name: "copy",
        keys: &["c"],
        help: "copy a link to the selected file, valid for an hour (OSC 52)",
        hint: Some("link"),
        run: link,
    },
    Command {
        name: "next",
        keys: &["n"],
        help: "show the next bucket",
        hint: None,
        run: |s, _| step_bucket(s, 1),
    },
    Command {
        name: "previous",
        keys: &["N"],
        help: "show the previous bucket",
        hint: None,
        run: |s, _| step_bucket(s, -1),
    },
    Command { name: "reload", keys: &["r"], help: "list the folder again", hint: None, run: |s, _| {
        s.panes.storage.read_again();
        s.notice = Some(Notice::info("listing the folder again…"));
    } },
];

fn selected(state: &State) -> Option<Entry> {
    state.panes.storage.entries.get(state.view(PaneId::Storage).selected).cloned()
}

fn step_bucket(state: &mut State, step: isize) {
    if state.panes.storage.buckets.len() < 2 {
        state.notice = Some(Notice::info("this backend has one bucket"));
    }
    state.panes.storage.step_bucket(step);
}

fn bucket(state: &mut State) -> Option<String> {
    let name = state.panes.storage.bucket().map(|b| b.bucket.clone());
    if name.is_none() {
        state.notice = Some(Notice::info("this backend has no storage (defineStorage)"));
    }
    name
}

/// The selected file, or a notice that a file must be selected.
fn object(state: &mut State) -> Option<(String, String)> {
    let bucket = bucket(state)?;
    match selected(state) {
        Some(Entry::Object { key, .. }) => Some((bucket, key)),
        _ => {
            state.notice = Some(Notice::info("select a file first"));
            None
        }
    }
}

fn open(state: &mut State, cx: &mut Cx) {
    match selected(state) {
        Some(Entry::Folder { prefix }) => {
            state.panes.storage.open(&prefix);
            *state.view_mut(PaneId::Storage) = Default::default();
        }
        Some(Entry::Object { .. }) => download(state, cx),
        None => {}
    }
}

fn up(state: &mut State, _: &mut Cx) {
    if state.panes.storage.up() {
        *state.view_mut(PaneId::Storage) = Default::default();
    }
}

fn download(state: &mut State, _: &mut Cx) {
    let Some((_, key)) = object(state) else { return };
    let name = key.rsplit('/').next().unwrap_or(&key).to_owned();
    let rule = format!("a path on this machine; relative to {}", state.ctx.downloads.display());
    ask::open(state, PaneId::Storage, AskFor::DownloadPath { key }, "Save as", &rule, false);
    if let Some(Overlay::Ask(ask)) = state.overlay.as_mut() {
        ask.text = crate::app::text_input::TextInput::new(name);
    }
}

fn upload(state: &mut State, _: &mut Cx) {
    if bucket(state).is_some() {
        let into =
            if state.panes.storage.prefix.is_empty() { "the bucket's top".into() } else { state.panes.storage.prefix.clone() };
        let rule = format!("a file on this machine, uploaded into {into}");
        ask::open(state, PaneId::Storage, AskFor::UploadPath, "File to upload", &rule, false);
    }
}

fn ask_delete(state: &mut State, _: &mut Cx) {
    let Some((bucket, key)) = object(state) else { return };
    let typed =
        (followed_kind(state) == Some(EnvKind::Branch)).then(|| key.rsplit('/').next().unwrap_or(&key).to_owned());
    let lines = vec![format!("Delete {} from bucket {}?", clean(&key), clean(&bucket))];
    let deleting = Notice::info(format!("deleting {key}…")).into();
    let delete = Effect::Storage(StorageRequest::Delete { bucket, key }).into();
    let question = Question::yes_or_nothing(" Delete the file? ", lines, [deleting, delete])
        .shared(typed);
    confirm::open(state, question);
}

fn link(state: &mut State, cx: &mut Cx) {
    if let Some((bucket, key)) = object(state) {
        cx.push(Effect::Storage(StorageRequest::Presign { bucket, key, seconds: LINK_SECONDS }));
    }
}

/// The answer typed into an [`crate::app::state::Ask`] of this pane.
pub fn answered(state: &mut State, purpose: AskFor, text: String, cx: &mut Cx) -> Result<(), String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("type a path".into());
    }
    let Some(bucket) = state.panes.storage.bucket().map(|b| b.bucket.clone()) else { return Err("no bucket".into()) };
    let path = state.ctx.workspace.join(text);
    match purpose {
        AskFor::DownloadPath { key } => {
            state.notice = Some(Notice::info(format!("downloading {key}…")));
            let to = state.ctx.downloads.join(text);
            cx.push(Effect::Storage(StorageRequest::Download { bucket, key, to, replace: false }));
        }
        AskFor::UploadPath => {
            let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
                return Err("that is a folder, not a file".into());
            };
            let key = format!("{}{name}", state.panes.storage.prefix);
            state.notice = Some(Notice::info(format!("uploading {key}…")));
            cx.push(Effect::Storage(StorageRequest::Upload { bucket, key, from: path }));
        }
        _ => {}
    }
    Ok(())
}

/// The selected entry whole: its key, size and time.
fn detail(state: &State) -> Option<crate::app::state::Detail> {
    let bucket = state.panes.storage.bucket()?.bucket.clone();
    let (title, lines, path) = match selected(state)? {
        Entry::Folder { prefix } => (format!("Folder {}", clean(&prefix)), vec![format!("s3://{bucket}/{}", clean(&prefix))], prefix),
        Entry::Object { key, size, modified_ms } => {
            let lines = vec![
                format!("s3://{bucket}/{}", clean(&key)),
                format!("size: {} ({size} bytes)", crate::model::storage::size(size)),
                format!("modified: {}", crate::util::timefmt::iso8601(modified_ms)),
            ];
            (format!("File {}", clean(&key)), lines, key)
        }
    };
    Some(crate::app::state::Detail::new(title, lines).copying(format!("s3://{bucket}/{path}")))
}
