//! What the Storage pane hears and asks for: the buckets' answers in (a presigned link is
//! copied); after every event, the followed environment's buckets from its outputs and, while
//! shown, the next page of the folder.

use crate::amplify::storage::buckets;
use crate::app::intent::Intent;
use crate::app::Effect;
use crate::app::event::Event;
use crate::app::keymap::Cx;
use crate::app::navigation::clamp_selection;
use crate::app::pages::Page;
use crate::app::panes::page_shown;
use crate::app::state::{PaneId, State};
use crate::domain::notice::Notice;
use crate::app::state::Question;
use crate::domain::storage::{StorageReply, StorageRequest};

pub fn on_event(state: &mut State, event: &Event, cx: &mut Cx) {
    let Event::Storage(reply) = event else { return };
    if let StorageReply::Exists { bucket, key, to } = &reply {
        return ask_replace(state, bucket, key, to);
    }
    if let StorageReply::Presigned { key, url } = &reply {
        let what = format!("copied a link to {} (valid for an hour)", crate::util::sanitize::owned(key));
        cx.push(Intent::Copy { what, text: url.clone(), secret: false });
    }
    let failed = matches!(&reply, StorageReply::Failed { generation: None, .. });
    if let Some(line) = state.panes.storage.apply(reply.clone()) {
        state.notice = Some(Notice::info(line));
    }
    if let (true, Some((what, problem))) = (failed, &state.panes.storage.problem) {
        state.notice = Some(Notice::failed(what, problem));
    }
    clamp_selection(state, PaneId::Storage);
}

/// A download would replace a file: it goes ahead only after a yes.
fn ask_replace(state: &mut State, bucket: &str, key: &str, to: &std::path::Path) {
    let shown = crate::util::sanitize::owned(&to.display().to_string());
    let lines = vec![format!("{shown} already exists."), format!("Replace it with {}?", crate::util::sanitize::owned(key))];
    let request = StorageRequest::Download { bucket: bucket.into(), key: key.into(), to: to.into(), replace: true };
    let question = Question::new(" Replace the file? ", lines)
        .yes([Notice::info(format!("downloading {key}…")).into(), Effect::Storage(request).into()])
        .no([Notice::info("nothing downloaded: the file is as it was").into()]);
    crate::app::overlays::confirm::open(state, question);
}

pub fn refresh(state: &mut State, stack_news: bool, cx: &mut Cx) {
    if stack_news || state.panes.storage.stack != state.ctx.stack_name {
        let stack = state.ctx.stack_name.clone();
        state.panes.storage.set_buckets(&stack, buckets(&state.stack.outputs));
    }
    if page_shown(state, Page::Content) {
        let selected = state.view(PaneId::Storage).selected;
        if let Some(request) = state.panes.storage.wanted(selected) {
            cx.push(Effect::Storage(request));
        }
    }
}
