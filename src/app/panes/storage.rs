//! The Storage pane: the followed environment's buckets (`defineStorage`), a folder at a
//! time, read a page at a time as the user scrolls; download, upload, delete, and a
//! presigned link to copy.

use super::{PaneSpec, rows};
use crate::app::Effect;
use crate::app::keymap::Command;
use crate::app::overlays::ask;
use crate::app::pages::Page;
use crate::app::panes::PaneId;
use crate::app::panes::users::followed_kind;
use crate::app::state::{AccessAction, AskFor, Confirm, Overlay, State};
use crate::domain::env::EnvKind;
use crate::domain::notice::Notice;
use crate::domain::storage::{Entry, StorageRequest};

pub const SPEC: PaneSpec = PaneSpec {
    name: "storage",
    title: "Storage",
    page: Page::Content,
    follows: false,
    len: |s| s.storage.entries.len(),
    header: rows::<2>,
    footer: 1,
    keys: KEYS,
    filter: None,
    room: 2,
};

/// How long a copied link works.
const LINK_SECONDS: u64 = 3600;

const KEYS: &[Command] = &[
    Command { name: "open", keys: &["enter"], help: "open the selected folder", hint: Some("open"), run: open },
    Command { name: "up", keys: &["backspace", "left"], help: "up to the parent folder", hint: Some("up"), run: up },
    Command {
        name: "download",
        keys: &["s"],
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
        name: "link",
        keys: &["c"],
        help: "copy a link to the selected file, valid for an hour (OSC 52)",
        hint: Some("link"),
        run: link,
    },
    Command {
        name: "bucket",
        keys: &["b"],
        help: "show the next bucket",
        hint: None,
        run: |s, _| s.storage.next_bucket(),
    },
    Command { name: "reload", keys: &["r"], help: "list the folder again", hint: None, run: |s, _| s.storage.reload() },
];

fn selected(state: &State) -> Option<Entry> {
    state.storage.entries.get(state.view(PaneId::Storage).selected).cloned()
}

fn bucket(state: &mut State) -> Option<String> {
    let name = state.storage.bucket().map(|b| b.bucket.clone());
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

fn open(state: &mut State, effects: &mut Vec<Effect>) {
    match selected(state) {
        Some(Entry::Folder { prefix }) => {
            state.storage.open(&prefix);
            *state.view_mut(PaneId::Storage) = Default::default();
        }
        Some(Entry::Object { .. }) => download(state, effects),
        None => {}
    }
}

fn up(state: &mut State, _: &mut Vec<Effect>) {
    if state.storage.up() {
        *state.view_mut(PaneId::Storage) = Default::default();
    }
}

fn download(state: &mut State, _: &mut Vec<Effect>) {
    let Some((_, key)) = object(state) else { return };
    let name = key.rsplit('/').next().unwrap_or(&key).to_owned();
    let rule = format!("a path on this machine; relative to {}", state.ctx.workspace.display());
    ask::open(state, AskFor::DownloadPath { key }, "Save as", &rule, false);
    if let Some(Overlay::Ask(ask)) = state.overlay.as_mut() {
        ask.text = name;
    }
}

fn upload(state: &mut State, _: &mut Vec<Effect>) {
    if bucket(state).is_some() {
        let into =
            if state.storage.prefix.is_empty() { "the bucket's top".into() } else { state.storage.prefix.clone() };
        let rule = format!("a file on this machine, uploaded into {into}");
        ask::open(state, AskFor::UploadPath, "File to upload", &rule, false);
    }
}

fn ask_delete(state: &mut State, _: &mut Vec<Effect>) {
    let Some((bucket, key)) = object(state) else { return };
    let typed =
        (followed_kind(state) == Some(EnvKind::Branch)).then(|| key.rsplit('/').next().unwrap_or(&key).to_owned());
    state.confirm_input.clear();
    state.overlay =
        Some(Overlay::Confirm(Confirm::Access { action: AccessAction::DeleteObject { bucket, key }, typed }));
}

fn link(state: &mut State, effects: &mut Vec<Effect>) {
    if let Some((bucket, key)) = object(state) {
        effects.push(Effect::Storage(StorageRequest::Presign { bucket, key, seconds: LINK_SECONDS }));
    }
}

/// The answer typed into an [`crate::app::state::Ask`] of this pane.
pub fn answered(state: &mut State, purpose: AskFor, text: String, effects: &mut Vec<Effect>) -> Result<(), String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("type a path".into());
    }
    let Some(bucket) = state.storage.bucket().map(|b| b.bucket.clone()) else { return Err("no bucket".into()) };
    let path = state.ctx.workspace.join(text);
    match purpose {
        AskFor::DownloadPath { key } => {
            state.notice = Some(Notice::info(format!("downloading {key}…")));
            effects.push(Effect::Storage(StorageRequest::Download { bucket, key, to: path }));
        }
        AskFor::UploadPath => {
            let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
                return Err("that is a folder, not a file".into());
            };
            let key = format!("{}{name}", state.storage.prefix);
            state.notice = Some(Notice::info(format!("uploading {key}…")));
            effects.push(Effect::Storage(StorageRequest::Upload { bucket, key, from: path }));
        }
        _ => {}
    }
    Ok(())
}
