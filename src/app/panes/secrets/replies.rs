//! What the Secrets pane hears and asks for: answers in, the names the backend reads; after
//! every event, the followed environment's secret paths, the secrets when shown or when the
//! backend reads some (a missing one must be seen before a deploy), and a shown value forgotten
//! once the user looks elsewhere.

use crate::amplify::secrets;
use crate::app::Effect;
use crate::app::event::Event;
use crate::app::keymap::Cx;
use crate::app::navigation::clamp_selection;
use crate::app::pages::Page;
use crate::app::panes::followed_kind;
use crate::app::panes::page_shown;
use crate::app::state::{PaneId, State};
use crate::domain::env::EnvKind;
use crate::domain::notice::Notice;
use crate::domain::secrets::SecretsReply;

pub fn on_event(state: &mut State, event: &Event, _: &mut Cx) {
    match event {
        Event::Secrets(reply) => on_secrets(state, reply.clone()),
        Event::SecretRefs(names) => state.panes.secrets.set_needed(names.clone()),
        _ => {}
    }
}

fn on_secrets(state: &mut State, reply: SecretsReply) {
    let failed = matches!(&reply, SecretsReply::Failed { .. });
    let (line, changed) = state.panes.secrets.apply(reply);
    if let Some(line) = line {
        state.notice = Some(Notice::info(format!("{line}: {}", redeploy_hint(state))));
        if changed {
            state.deploy.redeploy = Some(line);
        }
    }
    if let (true, Some((what, problem))) = (failed, &state.panes.secrets.problem) {
        state.notice = Some(Notice::failed(what, problem));
    }
    clamp_selection(state, PaneId::Secrets);
}

/// Functions read secrets when deployed: how this environment gets deployed again.
fn redeploy_hint(state: &State) -> &'static str {
    let own = state.ctx.stack_name == state.project.own_stack;
    match followed_kind(state) {
        _ if own => "functions see it after the next deploy (d deploys)",
        Some(EnvKind::Branch) => "functions see it after the branch deploys again (p in Environments)",
        _ => "functions see it after that environment deploys again",
    }
}

pub fn refresh(state: &mut State, _: bool, cx: &mut Cx) {
    if state.panes.secrets.stack != state.ctx.stack_name {
        let stack = state.ctx.stack_name.clone();
        let paths = secrets::paths(&stack, state.project.package_name.as_deref());
        state.panes.secrets.set_stack(&stack, paths);
        state.deploy.redeploy = None;
    }
    if (page_shown(state, Page::Access) || !state.panes.secrets.needed.is_empty())
        && let Some(request) = state.panes.secrets.wanted()
    {
        cx.push(Effect::Secrets(request));
    }
    hide_revealed(state);
}

fn hide_revealed(state: &mut State) {
    let Some((path, _)) = &state.panes.secrets.revealed else { return };
    let selected = state.panes.secrets.rows.get(state.view(PaneId::Secrets).selected);
    let still_looking = state.focus == PaneId::Secrets
        && state.overlay.is_none()
        && selected.and_then(|r| r.effective()).is_some_and(|e| &e.path == path);
    if !still_looking {
        state.panes.secrets.hide();
    }
}
