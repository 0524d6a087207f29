//! The Users and Secrets ports' AWS adapters over real HTTP against moto: every page of a
//! pool bigger than one `ListUsers` page, a created user who signs in with its password,
//! groups, disabling, deleting, a create that fails half-way leaving nothing behind, a client
//! without a password flow, and secrets set, listed, read and removed at the paths Amplify
//! uses for a sandbox and a branch.

mod faults;
mod moto;

use std::time::Duration;

use ampdeck::adapters::aws::client::Connection;
use ampdeck::adapters::aws::secrets::AwsSecrets;
use ampdeck::adapters::aws::users::AwsUsers;
use ampdeck::amplify::secrets::paths;
use ampdeck::domain::secret::SecretText;
use ampdeck::domain::secrets::{SecretScope, SecretsReply, SecretsRequest};
use ampdeck::domain::users::{PasswordPolicy, SignIn, UserAction, UserChange, UserPool, UsersReply, UsersRequest};
use ampdeck::ports::{Secrets, Sink, Users};
use moto::{Moto, Pool};
use tokio::sync::mpsc;

const ADMIN_FLOWS: &[&str] = &["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"];

fn connection(moto: &Moto) -> Connection {
    Connection { profile: None, region: Some("us-east-1".into()), endpoint_url: Some(moto.endpoint()) }
}

fn pool_of(pool: &Pool) -> UserPool {
    UserPool {
        id: pool.id.clone(),
        client_id: Some(pool.client_id.clone()),
        sign_in: SignIn::Email,
        policy: PasswordPolicy::default(),
        groups: vec!["ADMINS".into(), "EDITORS".into()],
    }
}

struct UsersPort {
    port: AwsUsers,
    rx: mpsc::Receiver<UsersReply>,
    pool: UserPool,
}

impl UsersPort {
    fn new(moto: &Moto, pool: &Pool) -> Self {
        let (sink, rx) = Sink::channel(16);
        Self { port: AwsUsers::new(connection(moto), sink), rx, pool: pool_of(pool) }
    }

    async fn ask(&mut self, request: UsersRequest) -> UsersReply {
        self.port.request(request);
        tokio::time::timeout(Duration::from_secs(20), self.rx.recv()).await.expect("an answer in time").expect("open")
    }

    async fn act(&mut self, action: UserAction) -> UsersReply {
        self.ask(UsersRequest::Act { pool: self.pool.clone(), action }).await
    }

    async fn page(&mut self, filter: Option<String>, token: Option<String>) -> (Vec<String>, Option<String>) {
        match self.ask(UsersRequest::Page { pool: self.pool.clone(), filter, token, generation: 1 }).await {
            UsersReply::Page { users, next, .. } => (users.into_iter().filter_map(|u| u.email).collect(), next),
            other => panic!("a page: {other:?}"),
        }
    }

    async fn sign_in(&mut self, email: &str, password: &str) -> UsersReply {
        self.act(UserAction::SignIn { username: email.into(), password: SecretText::new(password) }).await
    }
}

async fn create_directly(pool: &Pool, n: usize) {
    use aws_sdk_cognitoidentityprovider::types::AttributeType;
    for i in 0..n {
        let email = format!("user{i:03}@example.com");
        let attribute = AttributeType::builder().name("email").value(&email).build().expect("attribute");
        let created =
            pool.cognito.admin_create_user().user_pool_id(&pool.id).username(&email).user_attributes(attribute);
        created.send().await.expect("create user");
    }
}

#[tokio::test]
async fn every_page_of_a_big_pool_is_read_page_by_page_and_filters_run_server_side() {
    let Some(moto) = Moto::start() else { return };
    moto::fake_credentials();
    let pool = moto.user_pool(ADMIN_FLOWS, 8).await;
    create_directly(&pool, 75).await;
    let mut port = UsersPort::new(&moto, &pool);
    let (first, next) = port.page(None, None).await;
    assert_eq!(first.len(), 60, "Cognito's largest page, and no more");
    let (second, last) = port.page(None, next.clone()).await;
    assert!(next.is_some() && last.is_none(), "two pages: {next:?} {last:?}");
    let mut all: Vec<String> = first.into_iter().chain(second).collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 75, "every user once");
    let filter = ampdeck::amplify::auth::filter(SignIn::Email, "user07");
    let (found, _) = port.page(filter, None).await;
    assert_eq!(found.len(), 5, "user070..user074: {found:?}");
}

#[tokio::test]
async fn a_created_user_signs_in_with_its_password_and_groups_enable_and_delete_work() {
    let Some(moto) = Moto::start() else { return };
    moto::fake_credentials();
    let pool = moto.user_pool(ADMIN_FLOWS, 8).await;
    let mut port = UsersPort::new(&moto, &pool);
    let password = "Tr1cky-pass";
    let created =
        port.act(UserAction::Create { username: "dev@example.com".into(), password: SecretText::new(password) }).await;
    let UsersReply::Done(UserChange::Created(user)) = created else { panic!("created: {created:?}") };
    assert_eq!((user.email.as_deref(), user.status.as_str()), (Some("dev@example.com"), "CONFIRMED"));

    // Signed in by Cognito itself, not only by the adapter.
    assert!(pool.sign_in("dev@example.com", password).await.is_some(), "no challenge, an ID token");
    let UsersReply::SignedIn { id_token, .. } = port.sign_in("dev@example.com", password).await else {
        panic!("signed in")
    };
    assert!(!id_token.expose().is_empty());
    assert!(matches!(port.sign_in("dev@example.com", "Wrong-pass1").await, UsersReply::Failed { .. }));

    let name = user.username.clone();
    let added = port.act(UserAction::AddToGroup { username: name.clone(), group: "EDITORS".into() }).await;
    assert!(matches!(added, UsersReply::Done(UserChange::Grouped { member: true, .. })), "{added:?}");
    let UsersReply::Groups { groups, .. } =
        port.ask(UsersRequest::Groups { pool: port.pool.clone(), generation: 1 }).await
    else {
        panic!("groups")
    };
    let members = |g: &str| groups.iter().find(|x| x.name == g).map(|x| x.members.len());
    assert_eq!((members("ADMINS"), members("EDITORS")), (Some(0), Some(1)));
    port.act(UserAction::RemoveFromGroup { username: name.clone(), group: "EDITORS".into() }).await;
    let UsersReply::Groups { groups, .. } =
        port.ask(UsersRequest::Groups { pool: port.pool.clone(), generation: 1 }).await
    else {
        panic!("groups")
    };
    assert!(groups.iter().all(|g| g.members.is_empty()));

    port.act(UserAction::Disable { username: name.clone() }).await;
    let UsersReply::Failed { problem, .. } = port.sign_in("dev@example.com", password).await else { panic!("refused") };
    assert!(problem.message.contains("NotAuthorized") && problem.hint.contains("disabled"), "{problem:?}");
    port.act(UserAction::Enable { username: name.clone() }).await;
    assert!(matches!(port.sign_in("dev@example.com", password).await, UsersReply::SignedIn { .. }));

    let deleted = port.act(UserAction::Delete { username: name }).await;
    assert!(matches!(deleted, UsersReply::Done(UserChange::Deleted(_))), "{deleted:?}");
    assert!(port.page(None, None).await.0.is_empty());
}

#[tokio::test]
async fn a_create_that_fails_half_way_leaves_no_user_behind() {
    let Some(moto) = Moto::start() else { return };
    moto::fake_credentials();
    // The pool is stricter than the outputs said: the password passes ampdeck's check only.
    let pool = moto.user_pool(ADMIN_FLOWS, 20).await;
    let mut port = UsersPort::new(&moto, &pool);
    let reply = port
        .act(UserAction::Create { username: "half@example.com".into(), password: SecretText::new("Short-pass1") })
        .await;
    let UsersReply::Failed { problem, .. } = reply else { panic!("refused: {reply:?}") };
    assert!(problem.message.contains("InvalidPassword") && problem.hint.contains("deleted again"), "{problem:?}");
    assert!(port.page(None, None).await.0.is_empty(), "nothing half-made");
}

#[tokio::test]
async fn a_client_without_a_password_flow_says_which_flow_is_missing() {
    let Some(moto) = Moto::start() else { return };
    moto::fake_credentials();
    // Amplify's default web client.
    let pool = moto.user_pool(&["ALLOW_CUSTOM_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], 8).await;
    let mut port = UsersPort::new(&moto, &pool);
    port.act(UserAction::Create { username: "srp@example.com".into(), password: SecretText::new("Srp-pass-1") }).await;
    let UsersReply::Failed { problem, .. } = port.sign_in("srp@example.com", "Srp-pass-1").await else {
        panic!("refused")
    };
    assert!(problem.message.contains("ALLOW_ADMIN_USER_PASSWORD_AUTH is missing"), "{problem:?}");
    assert!(
        problem.message.contains("ALLOW_USER_SRP_AUTH") && problem.hint.contains("explicitAuthFlows"),
        "{problem:?}"
    );
}

struct SecretsPort {
    port: AwsSecrets,
    rx: mpsc::Receiver<SecretsReply>,
}

impl SecretsPort {
    async fn ask(&mut self, request: SecretsRequest) -> SecretsReply {
        self.port.request(request);
        tokio::time::timeout(Duration::from_secs(20), self.rx.recv()).await.expect("an answer in time").expect("open")
    }
}

#[tokio::test]
async fn secrets_are_set_listed_read_and_removed_where_amplify_reads_them() {
    let Some(moto) = Moto::start() else { return };
    moto::fake_credentials();
    let ssm = moto::ssm_client(&moto.endpoint());
    let (sink, rx) = Sink::channel(16);
    let mut port = SecretsPort { port: AwsSecrets::new(connection(&moto), sink), rx };
    for stack in ["amplify-app-root-sandbox-1496b9051c", "amplify-d1app-main-branch-0123456789"] {
        let paths = paths(stack, None).expect("an Amplify stack");
        // Fifteen secrets: more than one GetParametersByPath page (10).
        for i in 0..15 {
            let (path, name) = (paths.path(&format!("KEY_{i:02}")), format!("KEY_{i:02}"));
            let value = SecretText::new(format!("value-{i}"));
            assert!(matches!(port.ask(SecretsRequest::Set { path, name, value }).await, SecretsReply::Set { .. }));
        }
        ssm.put_parameter()
            .name(format!("{}/SHARED_ONE", paths.shared))
            .value("shared")
            .r#type(aws_sdk_ssm::types::ParameterType::SecureString)
            .send()
            .await
            .expect("a shared secret");
        // What `ampx sandbox secret get` reads: the decrypted value at that path.
        let got = ssm.get_parameter().name(paths.path("KEY_03")).with_decryption(true).send().await.expect("get");
        assert_eq!(got.parameter().and_then(|p| p.value()), Some("value-3"));
        assert_eq!(got.parameter().and_then(|p| p.r#type()), Some(&aws_sdk_ssm::types::ParameterType::SecureString));

        let SecretsReply::Listed { entries, .. } =
            port.ask(SecretsRequest::List { paths: paths.clone(), generation: 1 }).await
        else {
            panic!("listed")
        };
        let own = entries.iter().filter(|e| e.scope == SecretScope::Backend).count();
        let shared: Vec<_> =
            entries.iter().filter(|e| e.scope == SecretScope::Shared).map(|e| e.name.as_str()).collect();
        assert_eq!((own, shared), (15, vec!["SHARED_ONE"]), "{stack}");

        let revealed = port.ask(SecretsRequest::Reveal { path: paths.path("KEY_07") }).await;
        assert!(
            matches!(&revealed, SecretsReply::Revealed { value, .. } if value.expose() == "value-7"),
            "{revealed:?}"
        );
        let removed = port.ask(SecretsRequest::Remove { path: paths.path("KEY_07"), name: "KEY_07".into() }).await;
        assert!(matches!(removed, SecretsReply::Removed { .. }));
        assert!(ssm.get_parameter().name(paths.path("KEY_07")).send().await.is_err(), "gone");
        let gone = port.ask(SecretsRequest::Reveal { path: paths.path("KEY_07") }).await;
        assert!(matches!(&gone, SecretsReply::Failed { problem, .. } if problem.hint.contains("not set")), "{gone:?}");
    }
}

#[tokio::test]
async fn missing_secrets_are_those_the_backend_reads_and_nobody_set() {
    let Some(moto) = Moto::start() else { return };
    moto::fake_credentials();
    let (sink, rx) = Sink::channel(16);
    let mut port = SecretsPort { port: AwsSecrets::new(connection(&moto), sink), rx };
    let paths = paths("amplify-app-root-sandbox-1496b9051c", Some("app")).expect("a backend");
    let value = SecretText::new("k");
    port.ask(SecretsRequest::Set { path: paths.path("API_KEY"), name: "API_KEY".into(), value }).await;
    let reply = port.ask(SecretsRequest::List { paths: paths.clone(), generation: 1 }).await;
    let mut model = ampdeck::model::secrets::SecretsModel::default();
    model.set_stack("amplify-app-root-sandbox-1496b9051c", Some(paths));
    model.set_needed(ampdeck::amplify::secrets::referenced("secret('API_KEY'); secret('WEBHOOK')"));
    let SecretsReply::Listed { entries, .. } = reply else { panic!("listed") };
    model.apply(SecretsReply::Listed { generation: model.generation, entries });
    assert_eq!(model.missing(), ["WEBHOOK"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttling_expired_credentials_and_a_vanished_pool_say_what_to_do() {
    let Some(moto) = Moto::start() else { return };
    moto::fake_credentials();
    let pool = moto.user_pool(ADMIN_FLOWS, 8).await;
    let (endpoint, faults) = faults::proxy(moto.port).await;
    let (sink, rx) = Sink::channel(16);
    let through = Connection { endpoint_url: Some(endpoint), ..connection(&moto) };
    let mut port = UsersPort { port: AwsUsers::new(through.clone(), sink), rx, pool: pool_of(&pool) };
    let failure = |reply: UsersReply| match reply {
        UsersReply::Failed { problem, .. } => problem,
        other => panic!("a failure: {other:?}"),
    };
    // Past the SDK's own retries.
    faults.add("ListUsers", None, faults::Fault::Throttle, None);
    let throttled = failure(
        port.ask(UsersRequest::Page { pool: port.pool.clone(), filter: None, token: None, generation: 1 }).await,
    );
    assert!(throttled.hint.contains("throttling"), "{throttled:?}");
    faults.clear();
    faults.add("AdminCreateUser", None, faults::Fault::ExpireToken, None);
    let expired = failure(
        port.act(UserAction::Create { username: "x@example.com".into(), password: SecretText::new("Str0ng-pass!") })
            .await,
    );
    assert!(expired.hint.contains("credentials"), "{expired:?}");
    faults.clear();
    assert!(port.page(None, None).await.0.is_empty(), "the failed create left nothing behind");
    pool.cognito.delete_user_pool().user_pool_id(&pool.id).send().await.expect("delete pool");
    let vanished = failure(
        port.ask(UsersRequest::Page { pool: port.pool.clone(), filter: None, token: None, generation: 1 }).await,
    );
    assert!(vanished.hint.contains("pool is gone"), "{vanished:?}");

    let (sink, rx) = Sink::channel(16);
    let mut secrets = SecretsPort { port: AwsSecrets::new(through, sink), rx };
    faults.add("GetParametersByPath", None, faults::Fault::Throttle, None);
    let paths = paths("amplify-app-root-sandbox-1496b9051c", None).expect("a backend");
    let reply = secrets.ask(SecretsRequest::List { paths, generation: 3 }).await;
    assert!(
        matches!(&reply, SecretsReply::Failed { generation: Some(3), problem, .. } if problem.hint.contains("throttling")),
        "{reply:?}"
    );
}
