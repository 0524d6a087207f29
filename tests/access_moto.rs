//! The Users and Secrets ports' AWS adapters over real HTTP against moto: every page of a
//! pool bigger than one `ListUsers` page, a created user who signs in with its password,
//! groups, disabling, deleting, a create that fails half-way leaving nothing behind, SRP
//! sign-in (its arithmetic against pycognito's, an SRP-only client, a client with a secret, a
//! user with a temporary password), a client with no flow ampdeck can use, and secrets set,
//! listed, read and removed at the paths Amplify uses for a sandbox and a branch.

mod faults;
mod moto;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use ampdeck::adapters::aws::client::Connection;
use ampdeck::adapters::aws::secrets::AwsSecrets;
use ampdeck::adapters::aws::srp::{self, Claim, Srp};
use ampdeck::adapters::aws::users::AwsUsers;
use ampdeck::amplify::secrets::paths;
use ampdeck::domain::secret::SecretText;
use ampdeck::domain::secrets::{SecretScope, SecretsReply, SecretsRequest};
use ampdeck::domain::users::{PasswordPolicy, SignIn, UserAction, UserChange, UserPool, UsersReply, UsersRequest};
use ampdeck::ports::{Secrets, Sink, Users};
use moto::{Moto, Pool};
use tokio::sync::mpsc;

const ADMIN_FLOWS: &[&str] = &["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"];
const SRP_FLOWS: &[&str] = &["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"];

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
async fn a_client_without_a_flow_ampdeck_can_use_says_which_flow_is_missing() {
    let Some(moto) = Moto::start() else { return };
    moto::fake_credentials();
    let pool = moto.user_pool(&["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], 8).await;
    let mut port = UsersPort::new(&moto, &pool);
    port.act(UserAction::Create { username: "srp@example.com".into(), password: SecretText::new("Srp-pass-1") }).await;
    let UsersReply::Failed { problem, .. } = port.sign_in("srp@example.com", "Srp-pass-1").await else {
        panic!("refused")
    };
    assert!(problem.message.contains("ALLOW_USER_SRP_AUTH is missing"), "{problem:?}");
    assert!(problem.message.contains("ALLOW_CUSTOM_AUTH") && problem.hint.contains("explicitAuthFlows"), "{problem:?}");
}

/// One set of fixed inputs for both implementations.
struct Vector {
    a: Vec<u8>,
    salt: String,
    srp_b: String,
    secret_block: &'static str,
    epoch: i64,
    client_secret: Option<&'static str>,
}

const VECTOR_POOL: &str = "us-east-1_AbCdEf123";
const VECTOR_USER: &str = "dev@example.com";
const VECTOR_USER_ID: &str = "0b7d2f5e-4c1a-4e8b-9d3f-2a6c8e1f0b7d";
const VECTOR_PASSWORD: &str = "Tr1cky-pass!é";
const VECTOR_CLIENT: &str = "4c1a2b3c4d5e6f7g8h9i0j1k2l";

/// What exercises the padding and formatting rules: a tiny `a` and a full one; a salt and a
/// `B` with the high bit set (a zero byte in front) and of odd hex length (a zero nibble);
/// moto's 128-bit `B` and UUID secret block (not base64); days with one digit and two.
fn vectors() -> Vec<Vector> {
    let full_a: Vec<u8> = (0..128u32).map(|i| (i * 37 + 11) as u8).collect();
    vec![
        Vector {
            a: vec![0x1f],
            salt: "f0e1d2c3b4a5968778695a4b3c2d1e0f".into(),
            srp_b: "e7".repeat(300),
            secret_block: "c2VjcmV0LWJsb2NrLWZyb20tY29nbml0bw==",
            epoch: 1_772_694_489, // Thu Mar 5 07:08:09 UTC 2026
            client_secret: Some("1q2w3e4r5t6y7u8i9o0p1q2w3e4r5t6y7u8i9o0p1q2w3e4r5t"),
        },
        Vector {
            a: full_a.clone(),
            salt: "abc123def".into(),
            srp_b: format!("9{}", "8d3c".repeat(190)),
            secret_block: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIj",
            epoch: 1_733_011_200, // Sun Dec 1 00:00:00 UTC 2024
            client_secret: None,
        },
        Vector {
            a: full_a,
            salt: "3c9e0a6b1d2f4e5a8b7c6d5e4f3a2b1c".into(),
            srp_b: "5b2f0c3e8a9d4e7f8a1b2c3d4e5f6a7b".into(),
            secret_block: "6f1d8c2a-3b4e-4f5a-9b6c-7d8e9f0a1b2c",
            epoch: 1_765_929_599, // Tue Dec 16 23:59:59 UTC 2025
            client_secret: None,
        },
    ]
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// pycognito's answers for the vectors (tests/srp_vectors.py), run by the Python of moto's
/// venv. `None` (with a notice) when it is not installed, unless the run requires the
/// emulator, as `Moto::start` does.
fn pycognito(vectors: &[Vector]) -> Option<Vec<serde_json::Value>> {
    let required = std::env::var("AMPDECK_REQUIRE_EMULATOR").is_ok();
    let python = std::env::var("AMPDECK_MOTO_SERVER").ok().map(|server| Path::new(&server).with_file_name("python"));
    let Some(python) = python.filter(|p| p.exists()) else {
        assert!(!required, "AMPDECK_REQUIRE_EMULATOR is set but there is no venv python beside AMPDECK_MOTO_SERVER");
        eprintln!("skipped: no Python venv for pycognito (run scripts/test, which installs it)");
        return None;
    };
    let cases: Vec<serde_json::Value> = vectors
        .iter()
        .map(|v| {
            serde_json::json!({
                "a": hex(&v.a), "salt": v.salt, "srp_b": v.srp_b, "secret_block": v.secret_block,
                "epoch": v.epoch, "client_secret": v.client_secret, "pool_id": VECTOR_POOL,
                "username": VECTOR_USER, "user_id": VECTOR_USER_ID, "password": VECTOR_PASSWORD,
                "client_id": VECTOR_CLIENT,
            })
        })
        .collect();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/srp_vectors.py");
    let mut child = Command::new(&python)
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the venv's python starts");
    let input = serde_json::Value::from(cases).to_string();
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("cases written");
    let out = child.wait_with_output().expect("python ends");
    let stderr = String::from_utf8_lossy(&out.stderr).trim().to_owned();
    if out.status.code() == Some(3) {
        assert!(!required, "AMPDECK_REQUIRE_EMULATOR is set but {stderr} (scripts/test installs it)");
        eprintln!("skipped: {stderr} (scripts/test installs it into {})", python.display());
        return None;
    }
    assert!(out.status.success(), "tests/srp_vectors.py failed: {stderr}");
    Some(serde_json::from_slice(&out.stdout).expect("pycognito's answers as JSON"))
}

#[test]
fn srp_computes_the_same_a_signature_timestamp_and_secret_hash_as_pycognito() {
    let vectors = vectors();
    let Some(theirs) = pycognito(&vectors) else { return };
    assert_eq!(theirs.len(), vectors.len());
    for (v, theirs) in vectors.iter().zip(&theirs) {
        let ours = Srp::with_secret(&v.a);
        let timestamp = srp::timestamp(v.epoch);
        let claim = Claim {
            pool_id: VECTOR_POOL,
            user_id: VECTOR_USER_ID,
            password: VECTOR_PASSWORD,
            salt: &v.salt,
            server_b: &v.srp_b,
            secret_block: v.secret_block,
            timestamp: &timestamp,
        };
        let signature = ours.signature(&claim).expect("a signature");
        let secret_hash = v.client_secret.map(|s| srp::secret_hash(s, VECTOR_USER, VECTOR_CLIENT).expect("a hash"));
        assert_eq!(theirs["srp_a"].as_str(), Some(ours.public_hex().as_str()), "A, for salt {}", v.salt);
        assert_eq!(theirs["timestamp"].as_str(), Some(timestamp.as_str()));
        assert_eq!(theirs["signature"].as_str(), Some(signature.as_str()), "signature, for salt {}", v.salt);
        assert_eq!(theirs["secret_hash"].as_str(), secret_hash.as_deref());
    }
}

/// The sign-in's calls, in order, with the typed password refused (throttled, past the SDK's
/// retries) in any body where it appears.
async fn watched_port(moto: &Moto, pool: &Pool, password: &str) -> (UsersPort, faults::Faults) {
    let (endpoint, faults) = faults::proxy(moto.port).await;
    for action in ["InitiateAuth", "RespondToAuthChallenge"] {
        faults.add(action, Some(password), faults::Fault::Throttle, None);
    }
    let (sink, rx) = Sink::channel(16);
    let through = Connection { endpoint_url: Some(endpoint), ..connection(moto) };
    (UsersPort { port: AwsUsers::new(through, sink), rx, pool: pool_of(pool) }, faults)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_srp_only_client_signs_in_with_srp_and_the_password_stays_here() {
    let Some(moto) = Moto::start() else { return };
    moto::fake_credentials();
    let pool = moto.user_pool(SRP_FLOWS, 8).await;
    let password = "Srp-pass-1";
    let (mut port, faults) = watched_port(&moto, &pool, password).await;
    let created =
        port.act(UserAction::Create { username: "srp@example.com".into(), password: SecretText::new(password) }).await;
    assert!(matches!(created, UsersReply::Done(UserChange::Created(_))), "{created:?}");
    let before = faults.actions().len();
    let signed = port.sign_in("srp@example.com", password).await;
    let UsersReply::SignedIn { id_token, .. } = signed else { panic!("signed in: {signed:?}") };
    assert_eq!(id_token.expose().split('.').count(), 3, "a JWT");
    assert_eq!(faults.actions()[before..], ["DescribeUserPoolClient", "InitiateAuth", "RespondToAuthChallenge"]);

    // The watch works: a client that allows USER_PASSWORD_AUTH only sends the password.
    let made = pool.cognito.create_user_pool_client().user_pool_id(&pool.id).client_name("password-only");
    let made = made.explicit_auth_flows("ALLOW_USER_PASSWORD_AUTH".into()).send().await.expect("a client");
    port.pool.client_id = made.user_pool_client().and_then(|c| c.client_id()).map(str::to_owned);
    let refused = port.sign_in("srp@example.com", password).await;
    assert!(
        matches!(&refused, UsersReply::Failed { problem, .. } if problem.hint.contains("throttling")),
        "{refused:?}"
    );
}

#[tokio::test]
async fn a_client_with_a_secret_signs_in_with_the_secret_hash() {
    use aws_sdk_cognitoidentityprovider::types::ExplicitAuthFlowsType as F;
    let Some(moto) = Moto::start() else { return };
    moto::fake_credentials();
    let pool = moto.user_pool(SRP_FLOWS, 8).await;
    let made = pool.cognito.create_user_pool_client().user_pool_id(&pool.id).client_name("confidential");
    let made = made.generate_secret(true).explicit_auth_flows(F::AllowUserSrpAuth);
    let made = made.explicit_auth_flows(F::AllowRefreshTokenAuth).send().await.expect("a client with a secret");
    let client_id = made.user_pool_client().and_then(|c| c.client_id()).expect("client id").to_owned();
    let mut port = UsersPort::new(&moto, &pool);
    port.pool.client_id = Some(client_id);
    port.act(UserAction::Create { username: "app@example.com".into(), password: SecretText::new("Srp-pass-1") }).await;
    // moto refuses InitiateAuth whose SECRET_HASH is not HMAC(secret, username + client id).
    let signed = port.sign_in("app@example.com", "Srp-pass-1").await;
    assert!(matches!(signed, UsersReply::SignedIn { .. }), "{signed:?}");
}

#[tokio::test]
async fn a_user_with_a_temporary_password_signs_in_and_keeps_the_typed_password() {
    use aws_sdk_cognitoidentityprovider::types::{AttributeType, MessageActionType};
    let Some(moto) = Moto::start() else { return };
    moto::fake_credentials();
    for (flows, email) in [(SRP_FLOWS, "temp-srp@example.com"), (ADMIN_FLOWS, "temp-admin@example.com")] {
        let pool = moto.user_pool(flows, 8).await;
        let attribute = AttributeType::builder().name("email").value(email).build().expect("attribute");
        let created = pool.cognito.admin_create_user().user_pool_id(&pool.id).username(email);
        let created = created.user_attributes(attribute).temporary_password("Temp-pass-1");
        created.message_action(MessageActionType::Suppress).send().await.expect("a user with a temporary password");
        let status = |pool: &Pool| {
            let got = pool.cognito.admin_get_user().user_pool_id(&pool.id).username(email).send();
            async move { got.await.ok().and_then(|u| u.user_status().map(|s| s.as_str().to_owned())) }
        };
        assert_eq!(status(&pool).await.as_deref(), Some("FORCE_CHANGE_PASSWORD"));

        let mut port = UsersPort::new(&moto, &pool);
        let signed = port.sign_in(email, "Temp-pass-1").await;
        assert!(matches!(signed, UsersReply::SignedIn { .. }), "{flows:?}: {signed:?}");
        // NEW_PASSWORD_REQUIRED was answered with the typed password: it is the permanent one.
        assert_eq!(status(&pool).await.as_deref(), Some("CONFIRMED"), "{flows:?}");
        assert!(pool.sign_in(email, "Temp-pass-1").await.is_some(), "{flows:?}: no challenge any more");
        assert!(matches!(port.sign_in(email, "Temp-pass-1").await, UsersReply::SignedIn { .. }), "{flows:?}");
    }
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
    create_directly(&pool, 3).await;
    let (endpoint, faults) = faults::proxy(moto.port).await;
    let (sink, rx) = Sink::channel(16);
    let through = Connection { endpoint_url: Some(endpoint), ..connection(&moto) };
    let mut port = UsersPort { port: AwsUsers::new(through.clone(), sink), rx, pool: pool_of(&pool) };
    let failure = |reply: UsersReply| match reply {
        UsersReply::Failed { problem, .. } => problem,
        other => panic!("a failure: {other:?}"),
    };
    // What the pane keeps: a list read, then a reload that fails, then one that works.
    let mut model = ampdeck::model::users::UsersModel::default();
    model.set_pool(Some(port.pool.clone()));
    for request in model.wanted(0) {
        model.apply(port.ask(request).await);
    }
    assert_eq!(model.users.len(), 3);
    // Past the SDK's own retries.
    faults.add("ListUsers", None, faults::Fault::Throttle, None);
    model.read_again();
    let page = model.wanted(0).into_iter().find(|r| matches!(r, UsersRequest::Page { .. })).expect("a page");
    let reply = port.ask(page).await;
    let throttled = failure(reply.clone());
    assert!(throttled.hint.contains("throttling"), "{throttled:?}");
    model.apply(reply);
    assert!(model.users.len() == 3 && model.kept && model.problem.is_some(), "the last list is kept, marked");
    faults.clear();
    model.read_again();
    for request in model.wanted(0) {
        model.apply(port.ask(request).await);
    }
    assert!(model.users.len() == 3 && !model.kept && model.problem.is_none(), "one success clears the failure");
    faults.add("AdminCreateUser", None, faults::Fault::ExpireToken, None);
    let expired = failure(
        port.act(UserAction::Create { username: "x@example.com".into(), password: SecretText::new("Str0ng-pass!") })
            .await,
    );
    assert!(expired.hint.contains("credentials"), "{expired:?}");
    faults.clear();
    assert_eq!(port.page(None, None).await.0.len(), 3, "the failed create left nothing behind");
    pool.cognito.delete_user_pool().user_pool_id(&pool.id).send().await.expect("delete pool");
    let vanished = failure(
        port.ask(UsersRequest::Page { pool: port.pool.clone(), filter: None, token: None, generation: 1 }).await,
    );
    assert!(vanished.hint.contains("pool is gone"), "{vanished:?}");

    let (sink, rx) = Sink::channel(16);
    let mut secrets = SecretsPort { port: AwsSecrets::new(through, sink), rx };
    faults.add("GetParametersByPath", None, faults::Fault::Throttle, None);
    let backend = paths("amplify-app-root-sandbox-1496b9051c", None).expect("a backend");
    // What the pane keeps: the failure while it stands, gone with the next listing.
    let mut model = ampdeck::model::secrets::SecretsModel::default();
    model.set_stack("amplify-app-root-sandbox-1496b9051c", Some(backend));
    let reply = secrets.ask(model.wanted().expect("a listing")).await;
    assert!(matches!(&reply, SecretsReply::Failed { problem, .. } if problem.hint.contains("throttling")), "{reply:?}");
    model.apply(reply);
    assert!(model.problem.is_some());
    faults.clear();
    model.reload();
    let reply = secrets.ask(model.wanted().expect("a listing")).await;
    assert!(matches!(reply, SecretsReply::Listed { .. }), "the next call succeeds: {reply:?}");
    model.apply(reply);
    assert!(model.problem.is_none(), "one success clears the failure");
}
