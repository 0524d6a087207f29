//! What the Users pane hears and asks for: the pool's answers in; after every event, the pool
//! of the followed environment (from its outputs) and, only while the page is shown, the next
//! page of users when the selection nears the end of those read.

use crate::amplify::auth;
use crate::app::intent::Intent;
use crate::app::Effect;
use crate::app::event::Event;
use crate::app::keymap::Cx;
use crate::app::navigation::clamp_selection;
use crate::app::pages::Page;
use crate::app::state::{PaneId, State};
use crate::domain::notice::Notice;
use crate::domain::users::UsersReply;

pub fn on_event(state: &mut State, event: &Event, cx: &mut Cx) {
    let Event::Users(reply) = event else { return };
    if let UsersReply::SignedIn { id_token, username } = &reply {
        let users = &state.panes.users;
        let name = users.users.iter().find(|u| u.is(username)).map_or(username.as_str(), |u| users.label(u));
        let what = format!("signed in as {name}; its ID token is copied");
        cx.push(Intent::Copy { what, text: id_token.clone(), secret: true });
    }
    let action_failed = matches!(&reply, UsersReply::Failed { generation: None, .. });
    if let Some(line) = state.panes.users.apply(reply.clone()) {
        state.notice = Some(Notice::info(line));
    }
    if let (true, Some((what, problem))) = (action_failed, &state.panes.users.problem) {
        state.notice = Some(Notice::failed(what, problem));
    }
    clamp_selection(state, PaneId::Users);
}

pub fn refresh(state: &mut State, stack_news: bool, cx: &mut Cx) {
    let stack = &state.ctx.stack_name;
    if state.panes.users.stack != *stack {
        // Another environment's pool, even if its outputs read the same.
        state.panes.users.stack.clone_from(stack);
        state.panes.users.set_pool(None);
        state.panes.users.set_pool(auth::pool(&state.stack.outputs));
    } else if stack_news {
        state.panes.users.set_pool(auth::pool(&state.stack.outputs));
    }
    if super::super::page_shown(state, Page::Access) {
        let selected = state.view(PaneId::Users).selected;
        state.panes.users.wanted(selected).into_iter().for_each(|r| cx.push(Effect::Users(r)));
    }
}
