//! The Users and Secrets panes' behaviour: what is asked for and when, what actions send,
//! and that typed passwords and values stay out of sight.

use super::helpers::*;
use crate::app::pages::Page;
use crate::app::state::{Ask, AskFor};
use crate::domain::health::{Problem, ProblemKind, Source};
use crate::domain::secret::SecretText;
use crate::domain::secrets::{SecretEntry, SecretScope, SecretsReply, SecretsRequest};
use crate::domain::stack::StackOutput;
use crate::domain::users::{User, UserAction, UserChange, UsersReply, UsersRequest};

fn outputs() -> Vec<StackOutput> {
    [("userPoolId", "us-east-1_pool"), ("webClientId", "client"), ("usernameAttributes", r#"["email"]"#)]
        .into_iter()
        .map(|(k, v)| StackOutput { key: k.into(), value: v.into(), description: None })
        .collect()
}

fn user(n: usize) -> User {
    User {
        username: format!("sub-{n}"),
        email: Some(format!("user{n:03}@example.com")),
        phone: None,
        status: "CONFIRMED".into(),
        enabled: true,
        created_ms: 0,
    }
}

fn users_requests(effects: &[Effect]) -> Vec<&UsersRequest> {
    effects.iter().filter_map(|e| if let Effect::Users(r) = e { Some(r) } else { None }).collect()
}

fn secrets_requests(effects: &[Effect]) -> Vec<&SecretsRequest> {
    effects.iter().filter_map(|e| if let Effect::Secrets(r) = e { Some(r) } else { None }).collect()
}

fn on_access() -> State {
    let mut s = state();
    crate::app::focus::show_page(&mut s, Page::Access);
    s
}

fn type_text(s: &mut State, text: &str) -> Vec<Effect> {
    text.chars().for_each(|c| _ = update(s, ch(c)));
    update(s, key(KeyCode::Enter))
}

#[test]
fn users_are_read_only_while_their_page_is_shown_and_a_page_at_a_time() {
    let mut s = state();
    assert!(users_requests(&update(&mut s, Event::StackOutputs(outputs()))).is_empty(), "the Dev page is shown");
    let effects = update(&mut s, ch(']'));
    let effects = [effects, update(&mut s, ch(']'))].concat();
    let asked = users_requests(&effects);
    assert!(matches!(asked[..], [UsersRequest::Page { token: None, .. }, UsersRequest::Groups { .. }]), "{asked:?}");
    let generation = s.panes.users.generation;
    let page = |from: usize, next: Option<&str>| UsersReply::Page {
        generation,
        users: (from..from + 60).map(user).collect(),
        next: next.map(str::to_owned),
    };
    assert!(users_requests(&update(&mut s, Event::Users(page(0, Some("t2"))))).is_empty(), "not near the end yet");
    s.view_mut(PaneId::Users).selected = 45;
    let asked = users_requests(&update(&mut s, ch('j'))).into_iter().cloned().collect::<Vec<_>>();
    assert!(matches!(&asked[..], [UsersRequest::Page { token: Some(t), .. }] if t == "t2"), "{asked:?}");
    assert!(users_requests(&update(&mut s, ch('j'))).is_empty(), "one page on its way at a time");
    update(&mut s, Event::Users(page(60, None)));
    assert_eq!((s.panes.users.users.len(), s.panes.users.next.is_none()), (120, true));
    assert!(users_requests(&update(&mut s, key(KeyCode::End))).is_empty(), "every page read");
}

#[test]
fn a_filter_asks_cognito_for_a_prefix_and_drops_the_old_listings_answers() {
    let mut s = on_access();
    update(&mut s, Event::StackOutputs(outputs()));
    let old = s.panes.users.generation;
    update(&mut s, ch('/'));
    let effects = [update(&mut s, ch('a')), update(&mut s, ch('l'))].concat();
    let filters: Vec<_> = users_requests(&effects)
        .into_iter()
        .filter_map(|r| if let UsersRequest::Page { filter, .. } = r { filter.clone() } else { None })
        .collect();
    assert_eq!(filters.last().map(String::as_str), Some(r#"email ^= "al""#));
    let groups_read = users_requests(&effects).iter().any(|r| matches!(r, UsersRequest::Groups { .. }));
    assert!(!groups_read, "a filter keeps the groups read");
    update(&mut s, Event::Users(UsersReply::Page { generation: old, users: vec![user(1)], next: None }));
    assert!(s.panes.users.users.is_empty(), "an answer for the unfiltered list is dropped");
}

#[test]
fn creating_a_user_checks_the_password_first_and_lists_the_user_when_done() {
    let mut s = on_access();
    update(&mut s, Event::StackOutputs(outputs()));
    update(&mut s, ch('a'));
    type_text(&mut s, "new@example.com");
    let effects = type_text(&mut s, "weak");
    assert!(users_requests(&effects).is_empty(), "refused before any call");
    let Some(Overlay::Ask(ask)) = &s.overlay else { panic!("still asking: {:?}", s.overlay) };
    assert!(ask.error.as_deref().is_some_and(|e| e.contains("an uppercase letter")), "{ask:?}");
    update(&mut s, crate::app::testkit::ctrl('u'));
    let effects = type_text(&mut s, "Str0ng-pass");
    let asked = users_requests(&effects);
    let [UsersRequest::Act { action: UserAction::Create { username, password }, .. }] = &asked[..] else {
        panic!("{asked:?}")
    };
    assert_eq!((username.as_str(), password.expose()), ("new@example.com", "Str0ng-pass"));
    assert!(!format!("{effects:?}").contains("Str0ng-pass"), "the password never shows in a debug print");
    assert_eq!(s.overlay, None);
    let created = User { email: Some("new@example.com".into()), ..user(7) };
    update(&mut s, Event::Users(UsersReply::Done(UserChange::Created(created))));
    assert_eq!(s.panes.users.users.first().and_then(|u| u.email.as_deref()), Some("new@example.com"));
}

#[test]
fn a_masked_answer_stays_out_of_debug_output() {
    let ask = Ask {
        pane: PaneId::Users,
        purpose: AskFor::SetPassword { username: "u".into() },
        prompt: "p".into(),
        rule: String::new(),
        masked: true,
        text: crate::app::text_input::TextInput::new("hunter2"),
        error: None,
    };
    assert!(!format!("{ask:?}").contains("hunter2"));
}

#[test]
fn deleting_asks_and_a_branch_environments_user_needs_its_name_typed() {
    let mut s = on_access();
    update(&mut s, Event::StackOutputs(outputs()));
    let generation = s.panes.users.generation;
    update(&mut s, Event::Users(UsersReply::Page { generation, users: vec![user(1)], next: None }));
    update(&mut s, ch('X'));
    assert!(s.question().is_some_and(|q| q.title == " Delete the user? " && q.typed.is_none()));
    let effects = update(&mut s, ch('y'));
    assert!(matches!(users_requests(&effects)[..], [UsersRequest::Act { action: UserAction::Delete { .. }, .. }]));

    s.ctx.stack_name = "amplify-d1app-main-branch-0123456789".into();
    update(&mut s, Event::StackOutputs(outputs()));
    let generation = s.panes.users.generation;
    update(&mut s, Event::Users(UsersReply::Page { generation, users: vec![user(2)], next: None }));
    update(&mut s, ch('X'));
    let Some(Question { typed: Some(name), title, .. }) = s.question().cloned() else { panic!("{:?}", s.overlay) };
    assert_eq!(title, " Delete the user? ");
    assert_eq!(name, "user002@example.com");
    assert!(users_requests(&update(&mut s, ch('y'))).is_empty(), "a y is not enough");
    let effects = type_text(&mut s, &name[1..]);
    assert!(users_requests(&effects).is_empty(), "nor a name missing its first letter (the y was typed)");
}

#[test]
fn no_auth_says_so_and_nothing_is_asked() {
    let mut s = on_access();
    let only = vec![StackOutput { key: "definedFunctions".into(), value: "[]".into(), description: None }];
    assert!(users_requests(&update(&mut s, Event::StackOutputs(only))).is_empty());
    assert!(crate::app::panes::users::why_no_pool(&s).contains("no auth"));
    update(&mut s, ch('a'));
    assert!(s.notice.as_ref().is_some_and(|n| n.text.contains("no auth")), "{:?}", s.notice);
}

fn listed(s: &mut State, entries: Vec<SecretEntry>) {
    let generation = s.panes.secrets.generation;
    update(s, Event::Secrets(SecretsReply::Listed { generation, entries }));
}

#[test]
fn secrets_the_backend_reads_are_listed_at_once_and_a_missing_one_is_shown_before_a_deploy() {
    let mut s = state();
    let effects = update(&mut s, Event::SecretRefs(vec!["API_KEY".into(), "OTHER".into()]));
    let asked = secrets_requests(&effects);
    let [SecretsRequest::List { paths, .. }] = &asked[..] else { panic!("{asked:?}") };
    assert_eq!(paths.backend, "/amplify/app/root-sandbox-1496b9051c");
    let path = paths.path("API_KEY");
    let entry = SecretEntry { name: "API_KEY".into(), path, scope: SecretScope::Backend, modified_ms: 0, version: 1 };
    listed(&mut s, vec![entry]);
    assert_eq!(s.panes.secrets.missing(), ["OTHER"]);
    let attention = crate::app::panes::deploy::attention(&s).expect("the Deploy pane says so");
    assert!(attention.contains("OTHER") && attention.contains("not set"), "{attention}");
}

#[test]
fn setting_a_secret_sends_it_to_its_path_and_asks_for_a_redeploy() {
    let mut s = on_access();
    update(&mut s, ch('2'));
    listed(&mut s, Vec::new());
    update(&mut s, ch('n'));
    let effects = type_text(&mut s, "bad name");
    assert!(secrets_requests(&effects).is_empty() && matches!(s.overlay, Some(Overlay::Ask(_))), "refused");
    update(&mut s, crate::app::testkit::ctrl('u'));
    type_text(&mut s, "API_KEY");
    let effects = type_text(&mut s, "s3cret-value");
    let asked = secrets_requests(&effects);
    let [SecretsRequest::Set { path, value, .. }] = &asked[..] else { panic!("{asked:?}") };
    assert_eq!((path.as_str(), value.expose()), ("/amplify/app/root-sandbox-1496b9051c/API_KEY", "s3cret-value"));
    let (path, name) = (path.clone(), "API_KEY".to_owned());
    let effects = update(&mut s, Event::Secrets(SecretsReply::Set { path, name }));
    assert!(matches!(secrets_requests(&effects)[..], [SecretsRequest::List { .. }]), "read again");
    let attention = crate::app::panes::deploy::attention(&s).expect("redeploy needed");
    assert!(attention.contains("redeploy needed") && attention.contains("API_KEY"), "{attention}");
    let id = s.deploy.next_id;
    update(&mut s, ch('d'));
    succeed(&mut s, id);
    assert_eq!(s.deploy.redeploy, None, "a deploy applied it");
}

#[test]
fn a_revealed_value_is_forgotten_when_the_focus_moves() {
    let mut s = on_access();
    update(&mut s, ch('2'));
    let path = "/amplify/app/root-sandbox-1496b9051c/API_KEY".to_owned();
    let entry = SecretEntry {
        name: "API_KEY".into(),
        path: path.clone(),
        scope: SecretScope::Backend,
        modified_ms: 0,
        version: 1,
    };
    listed(&mut s, vec![entry]);
    let effects = update(&mut s, ch(' '));
    assert!(matches!(&secrets_requests(&effects)[..], [SecretsRequest::Reveal { path: p }] if *p == path));
    update(&mut s, Event::Secrets(SecretsReply::Revealed { path, value: SecretText::new("v") }));
    assert!(s.panes.secrets.revealed.is_some());
    update(&mut s, ch('1'));
    assert!(s.panes.secrets.revealed.is_none(), "hidden once the Users pane has the focus");
}

#[test]
fn a_failed_action_says_what_to_do_and_sign_in_copies_the_token() {
    let mut s = on_access();
    update(&mut s, Event::StackOutputs(outputs()));
    let problem = Problem {
        source: Source::Users,
        kind: ProblemKind::Other,
        message: "NotAuthorizedException: Incorrect username or password.".into(),
        hint: "wrong password".into(),
    };
    update(&mut s, Event::Users(UsersReply::Failed { generation: None, what: "sign in as u".into(), problem }));
    assert!(s.notice.as_ref().is_some_and(|n| n.text.contains("Incorrect") && n.text.contains("wrong password")));
    let effects =
        update(&mut s, Event::Users(UsersReply::SignedIn { username: "u".into(), id_token: SecretText::new("eyJ.t") }));
    assert!(matches!(&effects[..], [Effect::Copy(t), ..] if t.expose() == "eyJ.t"), "{effects:?}");

    // The token can be read in the message log, masked until revealed.
    let logged = s.messages.newest_first().next().cloned().expect("logged");
    assert!(logged.text.contains("signed in as u; its ID token") && !logged.text.contains("eyJ.t"), "{}", logged.text);
    assert_eq!(logged.secret.as_ref().map(SecretText::expose), Some("eyJ.t"));
    update(&mut s, ch('M'));
    update(&mut s, ctrl('r'));
    assert!(crate::app::overlays::messages::view(&s).is_some_and(|v| v.reveal));
}

#[test]
fn seed_runs_only_with_a_seed_script_and_reads_the_users_again() {
    let mut s = on_access();
    update(&mut s, Event::StackOutputs(outputs()));
    assert!(deploy_ids(&update(&mut s, ch('S'))).is_empty());
    assert!(s.notice.as_ref().is_some_and(|n| n.text.contains("amplify/seed/seed.ts")));
    s.project.seed_script = true;
    let effects = update(&mut s, ch('S'));
    assert!(effects.iter().any(|e| matches!(e, Effect::Deploy(r) if r.action == DeployAction::Seed)), "{effects:?}");
    let before = s.panes.users.generation;
    let id = s.deploy.current.as_ref().map(|r| r.id).unwrap_or_default();
    let effects = succeed(&mut s, id);
    assert!(s.panes.users.generation > before && !users_requests(&effects).is_empty(), "the pool is read again");
}

#[test]
fn a_group_is_picked_from_the_pools_groups_not_typed() {
    use crate::domain::users::Group;
    let mut s = on_access();
    update(&mut s, Event::StackOutputs(outputs()));
    let generation = s.panes.users.generation;
    update(&mut s, Event::Users(UsersReply::Page { generation, users: vec![user(1)], next: None }));
    let group =
        |name: &str| Group { name: name.into(), description: None, precedence: None, members: vec![], more: false };
    let groups_generation = s.panes.users.groups_generation;
    update(
        &mut s,
        Event::Users(UsersReply::Groups {
            generation: groups_generation,
            groups: vec![group("ADMINS"), group("EDITORS")],
        }),
    );
    update(&mut s, ch('+'));
    let Some(Overlay::Pick(pick)) = &s.overlay else { panic!("a picker: {:?}", s.overlay) };
    assert_eq!(pick.shown(), ["ADMINS", "EDITORS"]);
    update(&mut s, ch('e'));
    update(&mut s, ch('d'));
    let Some(Overlay::Pick(pick)) = &s.overlay else { panic!() };
    assert_eq!(pick.shown(), ["EDITORS"], "typing filters the choices");
    let effects = update(&mut s, key(KeyCode::Enter));
    assert!(
        matches!(&users_requests(&effects)[..], [UsersRequest::Act { action: UserAction::AddToGroup { group, .. }, .. }] if group == "EDITORS"),
        "{effects:?}"
    );
    assert!(s.overlay.is_none());
}

#[test]
fn disabling_a_user_asks_and_enabling_does_not() {
    let mut s = on_access();
    update(&mut s, Event::StackOutputs(outputs()));
    let generation = s.panes.users.generation;
    let disabled = User { enabled: false, ..user(2) };
    update(&mut s, Event::Users(UsersReply::Page { generation, users: vec![user(1), disabled], next: None }));
    assert!(users_requests(&update(&mut s, ch(' '))).is_empty(), "nothing before the yes");
    assert!(s.question().is_some_and(|q| q.lines.join(" ").contains("Disable user")), "{:?}", s.overlay);
    let effects = update(&mut s, ch('y'));
    let asked = users_requests(&effects);
    assert!(matches!(asked[..], [UsersRequest::Act { action: UserAction::Disable { .. }, .. }]), "{asked:?}");
    update(&mut s, ch('j'));
    let effects = update(&mut s, ch(' '));
    let asked = users_requests(&effects);
    assert!(matches!(asked[..], [UsersRequest::Act { action: UserAction::Enable { .. }, .. }]), "{asked:?}");
}

#[test]
fn a_failed_reload_keeps_the_users_read_and_the_next_success_replaces_them_and_clears_the_failure() {
    let mut s = on_access();
    update(&mut s, Event::StackOutputs(outputs()));
    let generation = s.panes.users.generation;
    update(&mut s, Event::Users(UsersReply::Page { generation, users: vec![user(1), user(2)], next: None }));
    let effects = update(&mut s, ch('r'));
    assert!(matches!(users_requests(&effects)[..], [UsersRequest::Page { token: None, .. }, ..]), "read again");
    assert_eq!(s.panes.users.users.len(), 2, "shown while it is read again");
    let throttled = Problem {
        source: Source::Users,
        kind: ProblemKind::Throttled,
        message: "TooManyRequestsException: Rate exceeded".into(),
        hint: "AWS is throttling".into(),
    };
    let generation = s.panes.users.generation;
    let failed = UsersReply::Failed { generation: Some(generation), what: "list users".into(), problem: throttled };
    update(&mut s, Event::Users(failed));
    assert_eq!(s.panes.users.users.len(), 2, "the last list is kept");
    assert!(s.panes.users.kept && s.panes.users.problem.is_some());
    update(&mut s, ch('r'));
    let generation = s.panes.users.generation;
    update(&mut s, Event::Users(UsersReply::Page { generation, users: vec![user(3)], next: None }));
    assert_eq!(s.panes.users.users.iter().map(|u| u.username.as_str()).collect::<Vec<_>>(), ["sub-3"], "replaced");
    assert!(!s.panes.users.kept && s.panes.users.problem.is_none(), "the failure went with its cause");
}

#[test]
fn a_failure_notice_goes_when_its_source_next_succeeds() {
    let mut s = on_access();
    update(&mut s, Event::StackOutputs(outputs()));
    let throttled = Problem {
        source: Source::Users,
        kind: ProblemKind::Throttled,
        message: "TooManyRequestsException: Rate exceeded".into(),
        hint: "AWS is throttling".into(),
    };
    let failed = UsersReply::Failed { generation: None, what: "add u to ADMINS".into(), problem: throttled };
    update(&mut s, Event::Users(failed));
    assert!(s.notice.as_ref().is_some_and(|n| n.text.contains("TooManyRequests")), "{:?}", s.notice);
    assert!(s.health.problems.iter().any(|p| p.source == Source::Users));
    let generation = s.panes.users.generation;
    update(&mut s, Event::Users(UsersReply::Page { generation, users: vec![user(1)], next: None }));
    assert!(s.notice.is_none(), "the notice of the failure went: {:?}", s.notice);
    assert!(s.health.problems.is_empty());
}
