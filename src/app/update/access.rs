//! The followed environment's users and secrets: answers in, and what the Access page needs
//! asked for, lazily: a pool's users only while its page is shown (and the next page only
//! near the end of those read), the secrets when shown or when the backend reads some (a
//! missing one must be seen before a deploy).

use crate::amplify::{auth, secrets};
use crate::app::Effect;
use crate::app::navigation::clamp_selection;
use crate::app::pages::Page;
use crate::app::state::{Overlay, PaneId, State};
use crate::domain::env::EnvKind;
use crate::domain::notice::Notice;
use crate::domain::secrets::SecretsReply;
use crate::domain::stack::StackOutput;
use crate::domain::users::UsersReply;

pub(super) fn on_outputs(state: &mut State, outputs: Vec<StackOutput>) {
    state.panes.users.set_pool(auth::pool(&outputs));
    state.stack.outputs = outputs;
}

pub(super) fn on_users(state: &mut State, reply: UsersReply, effects: &mut Vec<Effect>) {
    if let UsersReply::SignedIn { id_token, .. } = &reply {
        effects.push(Effect::Copy(id_token.clone()));
    }
    let action_failed = matches!(&reply, UsersReply::Failed { generation: None, .. });
    if let Some(line) = state.panes.users.apply(reply) {
        state.notice = Some(Notice::info(line));
    }
    if let (true, Some((what, problem))) = (action_failed, &state.panes.users.problem) {
        state.notice = Some(Notice::error(format!("{what} failed: {} — {}", problem.message, problem.hint)));
    }
    clamp_selection(state, PaneId::Users);
}

pub(super) fn on_secrets(state: &mut State, reply: SecretsReply) {
    let failed = matches!(&reply, SecretsReply::Failed { .. });
    let (line, changed) = state.panes.secrets.apply(reply);
    if let Some(line) = line {
        state.notice = Some(Notice::info(format!("{line}: {}", redeploy_hint(state))));
        if changed {
            state.deploy.redeploy = Some(line);
        }
    }
    if let (true, Some((what, problem))) = (failed, &state.panes.secrets.problem) {
        state.notice = Some(Notice::error(format!("{what} failed: {} — {}", problem.message, problem.hint)));
    }
    clamp_selection(state, PaneId::Secrets);
}

/// Functions read secrets when deployed: how this environment gets deployed again.
fn redeploy_hint(state: &State) -> &'static str {
    let own = state.ctx.stack_name == state.project.own_stack;
    match crate::app::panes::users::followed_kind(state) {
        _ if own => "functions see it after the next deploy (d deploys)",
        Some(EnvKind::Branch) => "functions see it after the branch deploys again (p in Environments)",
        _ => "functions see it after that environment deploys again",
    }
}

/// After every event: follow the environment the panes show, ask for what is due, and forget
/// a shown secret value once the user looks elsewhere.
pub(super) fn refresh(state: &mut State, effects: &mut Vec<Effect>) {
    if state.panes.secrets.stack != state.ctx.stack_name {
        let stack = state.ctx.stack_name.clone();
        let paths = secrets::paths(&stack, state.project.package_name.as_deref());
        state.panes.secrets.set_stack(&stack, paths);
        // Another environment's pool, even if its outputs read the same.
        state.panes.users.set_pool(None);
        state.panes.users.set_pool(auth::pool(&state.stack.outputs));
        state.deploy.redeploy = None;
    }
    let shown = state.page() == Page::Access && !matches!(state.overlay, Some(Overlay::Palette(_)));
    if (shown || !state.panes.secrets.needed.is_empty())
        && let Some(request) = state.panes.secrets.wanted()
    {
        effects.push(Effect::Secrets(request));
    }
    if shown {
        let selected = state.view(PaneId::Users).selected;
        effects.extend(state.panes.users.wanted(selected).into_iter().map(Effect::Users));
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
