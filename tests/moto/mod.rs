//! A moto server of a test's own on a free 127.0.0.1 port, stopped when dropped, plus the
//! few raw calls the tests need to set the emulator up.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use aws_sdk_cloudformation::Client;
use aws_sdk_cloudformation::config::{BehaviorVersion, Credentials, Region};

pub struct Moto {
    pub port: u16,
    child: Child,
}

impl Moto {
    /// `None` (with a notice) when no emulator is installed, unless the run requires one.
    pub fn start() -> Option<Moto> {
        let Ok(server) = std::env::var("AMPDECK_MOTO_SERVER") else {
            assert!(
                std::env::var("AMPDECK_REQUIRE_EMULATOR").is_err(),
                "AMPDECK_REQUIRE_EMULATOR is set but AMPDECK_MOTO_SERVER is not"
            );
            eprintln!("skipped: no AWS emulator (run scripts/test, which installs moto)");
            return None;
        };
        Some(Self::start_on(&server, free_port()))
    }

    pub fn start_on(server: &str, port: u16) -> Moto {
        let child = Command::new(server)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("moto_server starts");
        let moto = Moto { port, child };
        let deadline = Instant::now() + Duration::from_secs(30);
        while http(port, "GET", "/moto-api/", b"").is_none() {
            assert!(Instant::now() < deadline, "moto did not come up on {port}");
            std::thread::sleep(Duration::from_millis(100));
        }
        moto.reset();
        moto
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn reset(&self) {
        http(self.port, "POST", "/moto-api/reset", b"").expect("reset");
    }

    /// A bucket and an object in moto's S3 (unsigned path-style requests are S3 to moto).
    pub fn put_object(&self, bucket: &str, key: &str, body: &str) {
        http(self.port, "PUT", &format!("/{bucket}"), b"").expect("bucket");
        http(self.port, "PUT", &format!("/{bucket}/{key}"), body.as_bytes()).expect("object");
    }

    /// What `cdk bootstrap` leaves that Amplify's deployer checks: the bootstrap version
    /// parameter and the assets bucket.
    pub fn bootstrap_cdk(&self) {
        let body = br#"{"Name":"/cdk-bootstrap/hnb659fds/version","Value":"27","Type":"String","Overwrite":true}"#;
        let headers = "X-Amz-Target: AmazonSSM.PutParameter\r\nContent-Type: application/x-amz-json-1.1\r\n\
                       Authorization: AWS4-HMAC-SHA256 Credential=test/20261129/us-east-1/ssm/aws4_request, \
                       SignedHeaders=host, Signature=0\r\n";
        request(self.port, "POST", "/", headers, body).expect("bootstrap parameter");
        http(self.port, "PUT", "/cdk-hnb659fds-assets-123456789012-us-east-1", b"").expect("assets bucket");
    }

    /// Lambda without Docker: `Invoke` echoes the event, or answers the next queued result.
    pub fn lambda_without_docker(&self) {
        http(self.port, "POST", "/moto-api/config", br#"{"lambda": {"use_docker": false}}"#).expect("config");
    }

    /// What the next `Invoke` answers.
    pub fn queue_lambda_result(&self, result: &str) {
        let body = serde_json::json!({ "results": [result], "region": "us-east-1" }).to_string();
        http(self.port, "POST", "/moto-api/static/lambda-simple/response", body.as_bytes()).expect("queued");
    }

    pub fn client(&self) -> Client {
        client_for(&self.endpoint())
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn client_for(endpoint: &str) -> Client {
    let config = aws_sdk_cloudformation::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .credentials_provider(Credentials::new("test", "test", None, None, "tests"))
        .build();
    Client::from_conf(config)
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// The poller reads credentials from the standard chain; tests use fake ones.
/// The poller's timing made fast for tests.
pub fn fast_timing() -> ampdeck::adapters::aws::poller::Timing {
    ampdeck::adapters::aws::poller::Timing {
        fast: Duration::from_millis(200),
        slow: Duration::from_millis(600),
        max_backoff: Duration::from_secs(1),
        logs: Duration::from_millis(200),
        log_budget: 20.0,
    }
}

pub fn fake_credentials() {
    if std::env::var("AWS_ACCESS_KEY_ID").is_err() {
        // SAFETY: set before any thread of this test reads the environment.
        unsafe {
            std::env::set_var("AWS_ACCESS_KEY_ID", "test");
            std::env::set_var("AWS_SECRET_ACCESS_KEY", "test");
        }
    }
}

fn http(port: u16, method: &str, path: &str, body: &[u8]) -> Option<String> {
    request(port, method, path, "", body)
}

fn request(port: u16, method: &str, path: &str, headers: &str, body: &[u8]) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    // A service's first request loads its backend in moto: seconds, more on a busy machine.
    stream.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).ok()?;
    stream.write_all(body).ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    response.starts_with("HTTP/1.1 2").then_some(response)
}

/// A client of `$sdk` on `endpoint` with fake credentials (each SDK crate has its own types).
macro_rules! client_of {
    ($sdk:ident, $endpoint:expr) => {
        $sdk::Client::from_conf(
            $sdk::Config::builder()
                .behavior_version($sdk::config::BehaviorVersion::latest())
                .region($sdk::config::Region::new("us-east-1"))
                .endpoint_url($endpoint)
                .credentials_provider($sdk::config::Credentials::new("test", "test", None, None, "tests"))
                .build(),
        )
    };
}

pub fn cognito_client(endpoint: &str) -> aws_sdk_cognitoidentityprovider::Client {
    client_of!(aws_sdk_cognitoidentityprovider, endpoint)
}

pub fn ssm_client(endpoint: &str) -> aws_sdk_ssm::Client {
    client_of!(aws_sdk_ssm, endpoint)
}

pub fn lambda_client(endpoint: &str) -> aws_sdk_lambda::Client {
    client_of!(aws_sdk_lambda, endpoint)
}

/// What `defineAuth` deploys, made through the API (moto's CloudFormation makes no pools):
/// a pool that signs in with email, an app client with the given flows, two groups.
pub struct Pool {
    pub id: String,
    pub client_id: String,
    pub cognito: aws_sdk_cognitoidentityprovider::Client,
}

impl Pool {
    /// Signs in as Cognito's admin password flow does; the ID token.
    pub async fn sign_in(&self, username: &str, password: &str) -> Option<String> {
        let out = self
            .cognito
            .admin_initiate_auth()
            .user_pool_id(&self.id)
            .client_id(&self.client_id)
            .auth_flow(aws_sdk_cognitoidentityprovider::types::AuthFlowType::AdminUserPasswordAuth)
            .auth_parameters("USERNAME", username)
            .auth_parameters("PASSWORD", password)
            .send()
            .await
            .ok()?;
        out.authentication_result().and_then(|r| r.id_token()).map(str::to_owned)
    }
}

impl Moto {
    pub async fn user_pool(&self, flows: &[&str], min_length: i32) -> Pool {
        use aws_sdk_cognitoidentityprovider::types::{
            ExplicitAuthFlowsType, PasswordPolicyType, UserPoolPolicyType, UsernameAttributeType,
        };
        let cognito = cognito_client(&self.endpoint());
        let policy = PasswordPolicyType::builder()
            .minimum_length(min_length)
            .require_lowercase(true)
            .require_uppercase(true)
            .require_numbers(true)
            .require_symbols(true)
            .build();
        let pool = cognito
            .create_user_pool()
            .pool_name("amplifyAuthUserPool")
            .username_attributes(UsernameAttributeType::Email)
            .policies(UserPoolPolicyType::builder().password_policy(policy).build())
            .send()
            .await
            .expect("create pool");
        let id = pool.user_pool().and_then(|p| p.id()).expect("pool id").to_owned();
        let mut client = cognito.create_user_pool_client().user_pool_id(&id).client_name("web");
        for flow in flows {
            client = client.explicit_auth_flows(ExplicitAuthFlowsType::from(*flow));
        }
        let client = client.send().await.expect("create client");
        let client_id = client.user_pool_client().and_then(|c| c.client_id()).expect("client id").to_owned();
        for (group, precedence) in [("ADMINS", 0), ("EDITORS", 1)] {
            cognito
                .create_group()
                .user_pool_id(&id)
                .group_name(group)
                .precedence(precedence)
                .send()
                .await
                .expect("group");
        }
        Pool { id, client_id, cognito }
    }
}

impl Moto {
    /// `messages` in a new log group `group` (stream `s`), a millisecond apart, ending a
    /// second ago.
    pub async fn put_logs(&self, group: &str, messages: &[&str]) {
        use aws_sdk_cloudwatchlogs::types::InputLogEvent;
        let logs = client_of!(aws_sdk_cloudwatchlogs, self.endpoint());
        logs.create_log_group().log_group_name(group).send().await.expect("group");
        logs.create_log_stream().log_group_name(group).log_stream_name("s").send().await.expect("stream");
        let start = ampdeck::util::timefmt::now_epoch_ms() - 1_000;
        let mut put = logs.put_log_events().log_group_name(group).log_stream_name("s");
        for (i, m) in messages.iter().enumerate() {
            let event = InputLogEvent::builder().timestamp(start + i as i64).message(*m).build().expect("event");
            put = put.log_events(event);
        }
        put.send().await.expect("put");
    }
}

pub fn dynamodb_client(endpoint: &str) -> aws_sdk_dynamodb::Client {
    client_of!(aws_sdk_dynamodb, endpoint)
}

pub fn s3_client(endpoint: &str) -> aws_sdk_s3::Client {
    let config = aws_sdk_s3::Config::builder()
        .behavior_version(aws_sdk_s3::config::BehaviorVersion::latest())
        .region(aws_sdk_s3::config::Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .force_path_style(true)
        .credentials_provider(aws_sdk_s3::config::Credentials::new("test", "test", None, None, "tests"))
        .build();
    aws_sdk_s3::Client::from_conf(config)
}

impl Moto {
    /// What Amplify's table manager makes for a model (moto's CloudFormation cannot run it):
    /// a table keyed by `id` with a `NEW_AND_OLD_IMAGES` stream.
    pub async fn model_table(&self, name: &str) -> aws_sdk_dynamodb::Client {
        use aws_sdk_dynamodb::types::{
            AttributeDefinition, BillingMode, KeySchemaElement, KeyType, ScalarAttributeType, StreamSpecification,
            StreamViewType,
        };
        let client = dynamodb_client(&self.endpoint());
        let attribute =
            AttributeDefinition::builder().attribute_name("id").attribute_type(ScalarAttributeType::S).build();
        let key = KeySchemaElement::builder().attribute_name("id").key_type(KeyType::Hash).build();
        let stream = StreamSpecification::builder()
            .stream_enabled(true)
            .stream_view_type(StreamViewType::NewAndOldImages)
            .build();
        client
            .create_table()
            .table_name(name)
            .attribute_definitions(attribute.expect("attribute"))
            .key_schema(key.expect("key"))
            .billing_mode(BillingMode::PayPerRequest)
            .stream_specification(stream.expect("stream"))
            .send()
            .await
            .expect("table");
        client
    }
}

/// A Todo record as Amplify's resolvers write it.
pub fn todo(
    id: &str,
    content: &str,
    updated: &str,
) -> std::collections::HashMap<String, aws_sdk_dynamodb::types::AttributeValue> {
    use aws_sdk_dynamodb::types::AttributeValue as A;
    [
        ("id", A::S(id.into())),
        ("content", A::S(content.into())),
        ("done", A::Bool(false)),
        ("createdAt", A::S("2026-11-30T10:00:00.000Z".into())),
        ("updatedAt", A::S(updated.into())),
        ("owner", A::S("sub-1::dev@example.com".into())),
        ("__typename", A::S("Todo".into())),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

/// The log events a tail sends until `n` arrived or `within` is up; fails at once on a
/// notice or a problem, which a healthy tail never sends.
pub async fn log_events_until(
    rx: &mut tokio::sync::mpsc::Receiver<ampdeck::app::Event>,
    n: usize,
    within: Duration,
) -> Vec<ampdeck::domain::logs::LogEvent> {
    use ampdeck::app::Event;
    use ampdeck::domain::health::Health;
    let mut got = Vec::new();
    let deadline = tokio::time::Instant::now() + within;
    while got.len() < n {
        match tokio::time::timeout_at(deadline, rx.recv()).await {
            Ok(Some(Event::Logs(events))) => got.extend(events),
            Ok(Some(Event::Notice(n))) => panic!("unexpected notice: {}", n.text),
            Ok(Some(Event::Health(Health::Problem(p)))) => panic!("unexpected problem: {}", p.line()),
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => break,
        }
    }
    got
}
