//! The Users pane: the followed environment's Cognito users (or its groups with their
//! members), read a page at a time; creating test users who can sign in at once, groups,
//! enabling, passwords, deleting, signing in for an ID token, and running the seed script.

pub mod replies;

use super::{PaneSpec, rows};
use crate::app::Effect;
use crate::app::intent::Intent;
use crate::app::keymap::{Command, Cx};
use crate::app::overlays::{ask, confirm, pick, prompt};
use crate::app::pages::Page;
use crate::app::panes::PaneId;
use crate::app::state::{AskFor, Question, State, Trigger};
use crate::util::sanitize::owned as clean;
use crate::domain::deploy::DeployAction;
use crate::domain::env::EnvKind;
use crate::domain::health::Source;
use crate::domain::notice::Notice;
use crate::domain::secret::SecretText;
use crate::domain::users::{SignIn, User, UserAction, UserPool, UsersRequest};
use crate::model::users::UsersView;

pub const SPEC: PaneSpec = PaneSpec {
    name: "users",
    title: "Users",
    page: Page::Access,
    len: |s| s.panes.users.rows(),
    header: rows::<1>,
    footer: 1,
    keys: KEYS,
    filter: Some(&FILTER),
    room: 3,
    answered: Some(answered),
    on_event: Some(replies::on_event),
    refresh: Some(replies::refresh),
    problem: Some((Source::Users, |s| s.panes.users.problem.as_ref().map(|(_, p)| p))),
    detail: Some(detail),
    ..PaneSpec::PLAIN
};

const KEYS: &[Command] = &[
    Command { name: "new", keys: &["a"], help: "create a test user who can sign in at once", hint: Some("new"), run: new_user },
    Command {
        name: "filter",
        keys: &["/"],
        help: "find users whose sign-in name starts with the text (Cognito filters)",
        hint: Some("find"),
        run: |s, _| prompt::open(s),
    },
    Command { name: "view", keys: &["V"], help: "users / groups with their members", hint: Some("groups"), run: toggle_view },
    Command { name: "add_to_group", keys: &["+"], help: "add the selected user to a group", hint: None, run: add_to_group },
    Command {
        name: "remove_from_group",
        keys: &["-"],
        help: "remove the selected user from a group",
        hint: None,
        run: remove_from_group,
    },
    Command { name: "toggle", keys: &["space"], help: "disable (asks) / enable the selected user", hint: None, run: toggle_enabled },
    Command {
        name: "password",
        keys: &["P"],
        help: "set a new permanent password for the selected user",
        hint: None,
        run: set_password,
    },
    Command { name: "delete", keys: &["X"], help: "delete the selected user (asks)", hint: None, run: ask_delete },
    Command {
        name: "sign_in",
        keys: &["i"],
        help: "sign in as the selected user and copy its ID token",
        hint: Some("sign in"),
        run: sign_in,
    },
    Command { name: "reload", keys: &["r"], help: "read the users and groups again", hint: None, run: reload },
    Command { name: "seed", keys: &["S"], help: "run amplify/seed/seed.ts (ampx sandbox seed)", hint: None, run: seed },
];

const FILTER: prompt::Target =
    prompt::Target { current: |s| s.panes.users.filter.clone(), apply: set_filter, toggle_mode: None };

fn set_filter(state: &mut State, text: &str) {
    state.panes.users.set_filter(text);
    state.panes.users.view = UsersView::Users;
    *state.view_mut(PaneId::Users) = Default::default();
}

/// The pool, or a notice saying why there is none.
fn pool(state: &mut State) -> Option<UserPool> {
    let pool = state.panes.users.pool.clone();
    if pool.is_none() {
        state.notice = Some(Notice::info(why_no_pool(state)));
    }
    pool
}

/// Why the Users pane has no pool, as the pane and notices say it.
pub fn why_no_pool(state: &State) -> String {
    if state.stack.missing {
        "this environment is not deployed yet: d deploys your sandbox".into()
    } else if state.stack.outputs.is_empty() {
        "reading the environment's outputs…".into()
    } else {
        "this backend has no auth: add amplify/auth/resource.ts (defineAuth) and deploy".into()
    }
}

fn selected_user(state: &mut State) -> Option<User> {
    let row = state.view(PaneId::Users).selected;
    let user = state.panes.users.user_at(row).cloned();
    if user.is_none() {
        let what = if state.panes.users.view == UsersView::Groups { "select one of a group's members" } else { "no user selected" };
        state.notice = Some(Notice::info(what));
    }
    user
}

/// Sends `action` to the pool.
pub fn act(state: &mut State, action: UserAction, cx: &mut Cx) {
    let Some(pool) = pool(state) else { return };
    state.panes.users.pending += 1;
    // Said with the name the table shows (an email), not the sub Cognito names the user by.
    let users = &state.panes.users;
    let label = users.users.iter().find(|u| u.is(action.username())).map(|u| users.label(u).to_owned());
    let what = match label {
        Some(label) => action.what().replace(action.username(), &label),
        None => action.what(),
    };
    state.notice = Some(Notice::info(format!("working: {}…", clean(&what))));
    cx.push(Effect::Users(UsersRequest::Act { pool, action }));
}

fn new_user(state: &mut State, _: &mut Cx) {
    let Some(pool) = pool(state) else { return };
    let (prompt, rule) = match pool.sign_in {
        SignIn::Email => ("Email of the new user", "users of this pool sign in with their email"),
        SignIn::Phone => ("Phone number of the new user", "in E.164 form: +15555550123"),
        SignIn::Username => ("Username of the new user", "letters, digits and +=,.@-"),
    };
    ask::open(state, PaneId::Users, AskFor::NewUser, prompt, rule, false);
}

fn toggle_view(state: &mut State, _: &mut Cx) {
    state.panes.users.view = match state.panes.users.view {
        UsersView::Users => UsersView::Groups,
        UsersView::Groups => UsersView::Users,
    };
    *state.view_mut(PaneId::Users) = Default::default();
}

fn add_to_group(state: &mut State, _: &mut Cx) {
    let Some(user) = selected_user(state) else { return };
    let member_of = state.panes.users.groups_of(&user).into_iter().map(str::to_owned).collect::<Vec<_>>();
    let choices: Vec<String> = state.panes.users.group_names().into_iter().filter(|g| !member_of.contains(g)).collect();
    if choices.is_empty() {
        state.notice = Some(Notice::info(format!("{} is in every group there is", state.panes.users.label(&user))));
        return;
    }
    let prompt = format!("Add {} to", state.panes.users.label(&user));
    pick::open(state, PaneId::Users, AskFor::AddToGroup { username: user.username.clone() }, &prompt, choices);
}

fn remove_from_group(state: &mut State, _: &mut Cx) {
    let Some(user) = selected_user(state) else { return };
    let member_of: Vec<String> = state.panes.users.groups_of(&user).into_iter().map(str::to_owned).collect();
    if member_of.is_empty() {
        state.notice = Some(Notice::info(format!("{} is in no group", state.panes.users.label(&user))));
        return;
    }
    let prompt = format!("Remove {} from", state.panes.users.label(&user));
    pick::open(state, PaneId::Users, AskFor::RemoveFromGroup { username: user.username.clone() }, &prompt, member_of);
}

/// Enabling is done at once; disabling asks, since it signs the user out of the app.
fn toggle_enabled(state: &mut State, cx: &mut Cx) {
    let Some(user) = selected_user(state) else { return };
    if !user.enabled {
        return act(state, UserAction::Enable { username: user.username }, cx);
    }
    let label = clean(state.panes.users.label(&user));
    let lines = vec![format!("Disable user {label}? They can no longer sign in; Space enables them again.")];
    let disable = AskFor::DisableUser { username: user.username };
    let question = Question::yes_or_nothing(" Disable the user? ", lines, [Intent::Answer { pane: PaneId::Users, purpose: disable, text: String::new() }]);
    confirm::open(state, question);
}

fn set_password(state: &mut State, _: &mut Cx) {
    let Some(user) = selected_user(state) else { return };
    let rule = state.panes.users.pool.as_ref().map(|p| p.policy.describe()).unwrap_or_default();
    let prompt = format!("New password for {}", state.panes.users.label(&user));
    ask::open(state, PaneId::Users, AskFor::SetPassword { username: user.username }, &prompt, &rule, true);
}

fn sign_in(state: &mut State, _: &mut Cx) {
    let Some(user) = selected_user(state) else { return };
    let prompt = format!("Password of {}", state.panes.users.label(&user));
    let rule = "signs in as your app does (SRP); the ID token goes to the clipboard and M";
    ask::open(state, PaneId::Users, AskFor::SignIn { username: user.username }, &prompt, rule, true);
}

/// Deleting is confirmed; in a branch environment (shared with the team, maybe with real
/// users) only after typing the user's name.
fn ask_delete(state: &mut State, _: &mut Cx) {
    let Some(user) = selected_user(state) else { return };
    let label = state.panes.users.label(&user).to_owned();
    let typed = super::followed_kind(state).filter(|k| *k == EnvKind::Branch).map(|_| label.clone());
    let lines = vec![format!("Delete user {} from the pool of {}?", clean(&label), state.ctx.environment)];
    let delete = AskFor::DeleteUser { username: user.username };
    let question = Question::yes_or_nothing(" Delete the user? ", lines, [Intent::Answer { pane: PaneId::Users, purpose: delete, text: String::new() }])
        .shared(typed);
    confirm::open(state, question);
}

/// Reads again, keeping the users shown (and the selection) until the new read answers.
fn reload(state: &mut State, _: &mut Cx) {
    state.panes.users.read_again();
    state.notice = Some(Notice::info("reading the users and groups again…"));
}

fn seed(state: &mut State, cx: &mut Cx) {
    if !state.project.seed_script {
        state.notice = Some(Notice::info("no amplify/seed/seed.ts: write one, and S runs it with ampx sandbox seed"));
        return;
    }
    if state.deploy.running() {
        state.notice = Some(Notice::warn("a deploy is running: seed when it is done"));
        return;
    }
    cx.push(Intent::Start { trigger: Trigger::Action("seed of your sandbox".into()), action: DeployAction::Seed });
}

/// The answer typed into an [`crate::app::state::Ask`] of this pane.
pub fn answered(state: &mut State, purpose: AskFor, text: String, cx: &mut Cx) -> Result<(), String> {
    let policy = state.panes.users.pool.as_ref().map(|p| p.policy.clone()).unwrap_or_default();
    match purpose {
        AskFor::NewUser => {
            let username = text.trim().to_owned();
            if username.is_empty() || username.chars().any(char::is_whitespace) {
                return Err("a name without spaces, please".into());
            }
            let prompt = format!("Password for {username}");
            ask::open(state, PaneId::Users, AskFor::NewUserPassword { username }, &prompt, &policy.describe(), true);
        }
        AskFor::NewUserPassword { username } => {
            policy.check(&text)?;
            act(state, UserAction::Create { username, password: SecretText::new(text) }, cx);
        }
        AskFor::SetPassword { username } => {
            policy.check(&text)?;
            act(state, UserAction::SetPassword { username, password: SecretText::new(text) }, cx);
        }
        AskFor::DeleteUser { username } => act(state, UserAction::Delete { username }, cx),
        AskFor::DisableUser { username } => act(state, UserAction::Disable { username }, cx),
        AskFor::SignIn { username } => act(state, UserAction::SignIn { username, password: SecretText::new(text) }, cx),
        AskFor::AddToGroup { username } => {
            let group = group_named(state, &text)?;
            act(state, UserAction::AddToGroup { username, group }, cx);
        }
        AskFor::RemoveFromGroup { username } => {
            let group = group_named(state, &text)?;
            act(state, UserAction::RemoveFromGroup { username, group }, cx);
        }
        _ => {}
    }
    Ok(())
}

/// The pool's group called `text` (in any case).
fn group_named(state: &State, text: &str) -> Result<String, String> {
    let names = state.panes.users.group_names();
    names
        .iter()
        .find(|g| g.eq_ignore_ascii_case(text.trim()))
        .cloned()
        .ok_or_else(|| format!("no group {}: it is one of {}", text.trim(), names.join(", ")))
}

/// The selected user whole (every field, and its groups), or the selected group.
fn detail(state: &State) -> Option<crate::app::state::Detail> {
    let users = &state.panes.users;
    let row = state.view(PaneId::Users).selected;
    let Some(user) = users.user_at(row) else { return group_detail(state, row) };
    let label = clean(users.label(user));
    let mut lines = vec![
        format!("username: {}", clean(&user.username)),
        format!("email: {}", user.email.as_deref().map(clean).unwrap_or_default()),
        format!("phone: {}", user.phone.as_deref().map(clean).unwrap_or_default()),
        format!("status: {}", clean(&user.status)),
        format!("enabled: {}", if user.enabled { "yes" } else { "no" }),
        format!("created: {}", crate::util::timefmt::iso8601(user.created_ms)),
    ];
    lines.push(format!("groups: {}", users.groups_of(user).iter().map(|g| clean(g)).collect::<Vec<_>>().join(", ")));
    Some(crate::app::state::Detail::new(format!("User {label}"), lines).copying(user.username.clone()))
}

/// A group row of the groups view whole: its description, precedence and members.
fn group_detail(state: &State, row: usize) -> Option<crate::app::state::Detail> {
    let users = &state.panes.users;
    let Some(crate::model::users::GroupRow::Group(g)) = users.group_rows.get(row).filter(|_| users.view == UsersView::Groups)
    else {
        return None;
    };
    let group = users.groups.get(*g)?;
    let mut lines = vec![
        format!("description: {}", group.description.as_deref().map(clean).unwrap_or_default()),
        format!("precedence: {}", group.precedence.map(|p| p.to_string()).unwrap_or_default()),
    ];
    lines.extend(group.members.iter().map(|m| format!("member: {}", clean(users.label(m)))));
    if group.more {
        lines.push("(more members than read)".into());
    }
    Some(crate::app::state::Detail::new(format!("Group {}", clean(&group.name)), lines).copying(group.name.clone()))
}
