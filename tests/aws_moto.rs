//! The AWS path over real HTTP against moto: environments found by tags, the resource tree
//! with a nested stack, outputs, a stack that does not exist, and an endpoint that is down
//! and then comes back.

mod moto;
mod repo;

use std::time::{Duration, Instant};

use ampdeck::adapters::aws::client::{CallCounter, Connection};
use ampdeck::adapters::aws::poller::Poller;
use ampdeck::adapters::aws::{AwsFollower, FollowConfig, FunctionChoice};
use ampdeck::app::Event;
use ampdeck::domain::env::EnvKind;
use ampdeck::domain::health::{CloudStatus, Health};
use ampdeck::ports::{Activity, Follower, Sink};
use aws_sdk_cloudformation::types::{Capability, Tag};
use moto::Moto;
use tokio::sync::mpsc;

const QUEUE: &str = r#"{"Resources":{"Queue":{"Type":"AWS::SQS::Queue","Properties":{}}},"Outputs":{"QueueName":{"Value":{"Fn::GetAtt":["Queue","QueueName"]},"Description":"the queue"}}}"#;

fn poller(endpoint: &str, stack: &str, tx: mpsc::Sender<Event>) -> (Poller, CallCounter) {
    moto::fake_credentials();
    let calls = CallCounter::default();
    let poller = Poller {
        connection: Connection { profile: None, region: Some("us-east-1".into()), endpoint_url: Some(endpoint.into()) },
        stack: stack.into(),
        timing: moto::fast_timing(),
        calls: calls.clone(),
        activity: Activity::default(),
        sink: Sink::new(tx),
        functions: None,
    };
    (poller, calls)
}

async fn create(client: &aws_sdk_cloudformation::Client, name: &str, template: &str, tags: &[(&str, &str)]) {
    let mut req =
        client.create_stack().stack_name(name).template_body(template).capabilities(Capability::CapabilityIam);
    for (k, v) in tags {
        req = req.tags(Tag::builder().key(*k).value(*v).build());
    }
    req.send().await.expect("create_stack");
}

/// Waits for the first event `pick` accepts.
async fn until<T>(rx: &mut mpsc::Receiver<Event>, within: Duration, mut pick: impl FnMut(Event) -> Option<T>) -> T {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        let event = tokio::time::timeout_at(deadline, rx.recv()).await.expect("expected event in time").expect("open");
        if let Some(found) = pick(event) {
            return found;
        }
    }
}

fn sandbox_tags() -> Vec<(&'static str, &'static str)> {
    vec![("created-by", "amplify"), ("amplify:deployment-type", "sandbox")]
}

/// The real follower against `moto`, following `stack`.
fn aws_follower(moto: &Moto, stack: &str, tx: mpsc::Sender<Event>) -> AwsFollower {
    moto::fake_credentials();
    let connection =
        Connection { profile: None, region: Some("us-east-1".into()), endpoint_url: Some(moto.endpoint()) };
    AwsFollower::spawn(
        FollowConfig::new(connection, stack.into(), moto::fast_timing()),
        Activity::default(),
        Sink::new(tx),
    )
}

/// The environments the poller finds, following root's sandbox.
async fn discover(moto: &Moto) -> Vec<ampdeck::domain::env::Environment> {
    let (tx, mut rx) = mpsc::channel(256);
    let (p, _) = poller(&moto.endpoint(), "amplify-app-root-sandbox-1496b9051c", tx);
    let task = tokio::spawn(p.run());
    let envs = until(&mut rx, Duration::from_secs(15), |e| match e {
        Event::Environments(envs) => Some(envs),
        _ => None,
    })
    .await;
    task.abort();
    envs
}

/// Two sandboxes (root's and alice's) and two branch environments (main, feature/login).
async fn create_environments(client: &aws_sdk_cloudformation::Client) {
    create(client, "amplify-app-root-sandbox-1496b9051c", QUEUE, &sandbox_tags()).await;
    create(client, "amplify-app-alice-sandbox-5b1e0c36d2", QUEUE, &sandbox_tags()).await;
    for (branch, name) in [
        ("main", "amplify-d1app-main-branch-8c3f1a2b4d"),
        ("feature/login", "amplify-d1app-featurelogin-branch-1a2b3c4d5e"),
    ] {
        let tags = [
            ("created-by", "amplify"),
            ("amplify:deployment-type", "branch"),
            ("amplify:branch-name", branch),
            ("amplify:app-id", "d1app"),
        ];
        create(client, name, QUEUE, &tags).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn environments_are_discovered_by_their_tags() {
    let Some(moto) = Moto::start() else { return };
    let client = moto.client();
    create_environments(&client).await;
    create(&client, "unrelated-stack", QUEUE, &[("team", "payments")]).await;

    let envs = discover(&moto).await;
    let found: Vec<(&str, EnvKind, bool)> = envs.iter().map(|e| (e.name.as_str(), e.kind, e.mine)).collect();
    assert_eq!(
        found,
        vec![
            ("root", EnvKind::Sandbox, true),
            ("alice", EnvKind::Sandbox, false),
            ("feature/login", EnvKind::Branch, false),
            ("main", EnvKind::Branch, false),
        ]
    );
    assert!(envs.iter().all(|e| e.status == "CREATE_COMPLETE"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resources_include_the_nested_stack_and_outputs_are_read() {
    let Some(moto) = Moto::start() else { return };
    moto.put_object(
        "templates",
        "nested.json",
        r#"{"Resources":{"Topic":{"Type":"AWS::SNS::Topic","Properties":{}}}}"#,
    );
    let root = r#"{"Resources":{
        "auth179371D7":{"Type":"AWS::CloudFormation::Stack","Properties":{"TemplateURL":"https://s3.amazonaws.com/templates/nested.json"}},
        "Queue":{"Type":"AWS::SQS::Queue","Properties":{}}},
      "Outputs":{"definedFunctions":{"Value":"[\"say-hello\"]"}}}"#;
    let client = moto.client();
    create(&client, "amplify-app-root-sandbox-1496b9051c", root, &sandbox_tags()).await;

    let (tx, mut rx) = mpsc::channel(256);
    let (p, calls) = poller(&moto.endpoint(), "amplify-app-root-sandbox-1496b9051c", tx);
    let task = tokio::spawn(p.run());
    let resources = until(&mut rx, Duration::from_secs(15), |e| match e {
        Event::StackResources(r) => Some(r),
        _ => None,
    })
    .await;
    let outputs = until(&mut rx, Duration::from_secs(5), |e| match e {
        Event::StackOutputs(o) => Some(o),
        _ => None,
    })
    .await;
    task.abort();
    assert!(calls.get() >= 3, "calls are counted: {}", calls.get());

    let topic = resources.iter().find(|r| r.resource_type == "AWS::SNS::Topic").expect("the nested stack's resource");
    assert!(topic.stack_name.contains("auth179371D7"), "{}", topic.stack_name);
    assert_eq!(outputs.iter().find(|o| o.key == "definedFunctions").map(|o| o.value.as_str()), Some("[\"say-hello\"]"));

    // The core builds the tree: root → nested stack → its topic.
    let mut state = ampdeck::app::State::new(
        ampdeck::app::state::Context {
            environment: "sandbox root".into(),
            stack_name: "amplify-app-root-sandbox-1496b9051c".into(),
            connection: "test".into(),
            workspace: "/tmp".into(),
            downloads: "/tmp".into(),
            watching: vec![],
            demo: false,
            deploy_on_start: false,
            follow_branch: false,
            app_id: None,
            project_problem: None,
        },
        vec![],
        true,
        std::time::Instant::now(),
        0,
    );
    ampdeck::app::testkit::update(&mut state, Event::StackResources(resources));
    let rows: Vec<(u16, &str)> = state.panes.resources.rows.iter().map(|r| (r.depth, r.label.as_str())).collect();
    assert!(rows.contains(&(1, "auth")), "{rows:?}");
    assert!(
        state.panes.resources.rows.iter().any(|r| r.depth == 2 && r.resource_type == "AWS::SNS::Topic"),
        "{rows:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_stack_says_so_and_is_picked_up_once_created() {
    let Some(moto) = Moto::start() else { return };
    let (tx, mut rx) = mpsc::channel(256);
    let (p, _) = poller(&moto.endpoint(), "amplify-app-root-sandbox-1496b9051c", tx);
    let task = tokio::spawn(p.run());
    until(&mut rx, Duration::from_secs(15), |e| matches!(e, Event::StackMissing).then_some(())).await;
    create(&moto.client(), "amplify-app-root-sandbox-1496b9051c", QUEUE, &sandbox_tags()).await;
    let resources = until(&mut rx, Duration::from_secs(15), |e| match e {
        Event::StackResources(r) => Some(r),
        _ => None,
    })
    .await;
    task.abort();
    assert!(resources.iter().any(|r| r.resource_type == "AWS::SQS::Queue"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_stack_events_arrive_once_and_in_order() {
    let Some(moto) = Moto::start() else { return };
    let client = moto.client();
    create(&client, "s1", QUEUE, &[]).await;
    let (tx, mut rx) = mpsc::channel(256);
    let (p, _) = poller(&moto.endpoint(), "s1", tx);
    let task = tokio::spawn(p.run());
    until(&mut rx, Duration::from_secs(15), |e| matches!(e, Event::StackResources(_)).then_some(())).await;
    let updated = Instant::now();
    let two_queues = r#"{"Resources":{"Queue":{"Type":"AWS::SQS::Queue","Properties":{}},"Queue2":{"Type":"AWS::SQS::Queue","Properties":{}}}}"#;
    client.update_stack().stack_name("s1").template_body(two_queues).send().await.expect("update");
    let events = until(&mut rx, Duration::from_secs(15), |e| match e {
        Event::StackEvents(events) => Some(events),
        _ => None,
    })
    .await;
    let latency = updated.elapsed();
    assert!(events.iter().any(|e| e.status.starts_with("UPDATE_")), "{events:?}");
    assert!(events.windows(2).all(|w| w[0].timestamp_ms <= w[1].timestamp_ms));
    let mut seen = std::collections::HashSet::new();
    // Nothing already delivered comes again.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(2);
    while let Ok(Some(event)) = tokio::time::timeout_at(deadline, rx.recv()).await {
        if let Event::StackEvents(more) = event {
            for e in more {
                assert!(!events.iter().any(|old| old.event_id == e.event_id), "event {} delivered twice", e.event_id);
                assert!(seen.insert(e.event_id.clone()));
            }
        }
    }
    task.abort();
    eprintln!("update → events in state: {latency:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_endpoint_that_is_down_is_an_error_until_it_comes_back() {
    let Some(server) = std::env::var("AMPDECK_MOTO_SERVER").ok().filter(|_| Moto::start().is_some()) else { return };
    let port = moto::free_port();
    let endpoint = format!("http://127.0.0.1:{port}");
    let (tx, mut rx) = mpsc::channel(256);
    let (p, _) = poller(&endpoint, "amplify-app-root-sandbox-1496b9051c", tx);
    let task = tokio::spawn(p.run());
    let (message, hint) = until(&mut rx, Duration::from_secs(20), |e| match e {
        Event::Health(Health::Problem(p)) => Some((p.message, p.hint)),
        _ => None,
    })
    .await;
    assert!(hint.contains("endpoint") && message.contains("Connection refused"), "{message} / {hint}");
    assert!(message.len() < 200, "one readable line: {message}");
    let moto = Moto::start_on(&server, port);
    let (mut recovered, mut missing) = (false, false);
    until(&mut rx, Duration::from_secs(20), |e| {
        recovered |= matches!(e, Event::Cloud(CloudStatus::Connected { .. }));
        missing |= matches!(e, Event::StackMissing);
        (recovered && missing).then_some(())
    })
    .await;
    task.abort();
    drop(moto);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_update_stack_reaches_the_api_and_its_answer_is_shown() {
    let Some(moto) = Moto::start() else { return };
    create(&moto.client(), "s1", QUEUE, &[]).await;
    let (tx, mut rx) = mpsc::channel(256);
    let mut cloud = aws_follower(&moto, "s1", tx);
    let before = cloud.calls.get();
    cloud.cancel_update();
    // The emulator does not implement CancelUpdateStack; what matters is that the call went
    // over HTTP and its answer reached the user.
    let text = until(&mut rx, Duration::from_secs(15), |e| match e {
        Event::Notice(n) if n.text.contains("CancelUpdateStack") => Some(n.text),
        _ => None,
    })
    .await;
    assert!(cloud.calls.get() > before);
    assert!(text.len() < 300, "one readable line: {text}");
    cloud.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn branch_environments_are_matched_to_git_branches() {
    let Some(moto) = Moto::start() else { return };
    let client = moto.client();
    create_environments(&client).await;
    let (repo, _) = repo::with_branches(&["main", "feature/login", "spike"]);
    let envs = discover(&moto).await;
    let rows = ampdeck::model::environments::rows(&envs, &ampdeck::adapters::git::read(repo.path()), None);
    let table: Vec<(&str, Option<&str>, String)> =
        rows.iter().map(|r| (r.name.as_str(), r.stack_name(), r.git_state())).collect();
    assert_eq!(
        table,
        vec![
            ("root", Some("amplify-app-root-sandbox-1496b9051c"), String::new()),
            ("alice", Some("amplify-app-alice-sandbox-5b1e0c36d2"), String::new()),
            ("main", Some("amplify-d1app-main-branch-8c3f1a2b4d"), "current · no remote".to_owned()),
            ("feature/login", Some("amplify-d1app-featurelogin-branch-1a2b3c4d5e"), "no remote".to_owned()),
            ("spike", None, "no remote · no environment".to_owned()),
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn following_another_environment_stops_the_previous_poller() {
    let Some(moto) = Moto::start() else { return };
    create(&moto.client(), "first", QUEUE, &[]).await;
    create(&moto.client(), "second", QUEUE, &[]).await;
    let (tx, mut rx) = mpsc::channel(1024);
    let mut cloud = aws_follower(&moto, "first", tx);
    until(&mut rx, Duration::from_secs(15), |e| matches!(e, Event::StackResources(_)).then_some(())).await;
    assert_eq!(cloud.live_workers(), 2, "one poller and the log tail");
    for stack in ["second", "first", "second"] {
        cloud.follow(stack.into());
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(cloud.live_workers(), 2, "the pollers of earlier stacks ended");
    // From now on only the followed stack is reported.
    while rx.try_recv().is_ok() {}
    let resources = until(&mut rx, Duration::from_secs(15), |e| match e {
        Event::StackResources(r) => Some(r),
        _ => None,
    })
    .await;
    assert!(
        resources.iter().all(|r| r.stack_name == "second"),
        "{:?}",
        resources.iter().map(|r| &r.stack_name).collect::<Vec<_>>()
    );
    cloud.shutdown();
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(cloud.live_workers(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_poller_names_the_environments_functions_for_the_log_tail() {
    let Some(moto) = Moto::start() else { return };
    let template = r#"{"Resources":{
        "Role":{"Type":"AWS::IAM::Role","Properties":{"AssumeRolePolicyDocument":{"Version":"2012-10-17",
            "Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}}},
        "sayhellolambdaEFA46D92":{"Type":"AWS::Lambda::Function","Properties":{
            "FunctionName":"amplify-app-root-sayhello-AbC","Runtime":"nodejs20.x","Handler":"index.handler",
            "Tags":[{"Key":"amplify:friendly-name","Value":"say-hello"}],
            "Role":{"Fn::GetAtt":["Role","Arn"]},"Code":{"ZipFile":"exports.handler = async () => 1"}}},
        "SeedLogs":{"Type":"AWS::Logs::LogGroup","Properties":{"LogGroupName":"/custom/seed-helper"}},
        "seedhelper0A1B2C3D":{"Type":"AWS::Lambda::Function","Properties":{
            "FunctionName":"amplify-app-root-seedhelper-XyZ","Runtime":"nodejs20.x","Handler":"index.handler",
            "LoggingConfig":{"LogGroup":{"Ref":"SeedLogs"}},
            "Role":{"Fn::GetAtt":["Role","Arn"]},"Code":{"ZipFile":"exports.handler = async () => 1"}}}},
        "Outputs":{"definedFunctions":{"Value":{"Fn::Join":["",["[\"",{"Ref":"sayhellolambdaEFA46D92"},"\"]"]]}}}}"#;
    create(&moto.client(), "amplify-app-root-sandbox-1496b9051c", template, &sandbox_tags()).await;
    let (tx, mut rx) = mpsc::channel(256);
    let (mut p, _) = poller(&moto.endpoint(), "amplify-app-root-sandbox-1496b9051c", tx);
    let (set, mut functions) = tokio::sync::watch::channel(Vec::new());
    p.functions = Some((set, FunctionChoice::All));
    let task = tokio::spawn(p.run());
    tokio::time::timeout(Duration::from_secs(15), functions.changed()).await.expect("functions in time").expect("open");
    let found = functions.borrow().clone();
    task.abort();
    assert_eq!(found.len(), 2, "{found:?}");
    let say_hello =
        found.iter().find(|f| f.log_group == "/aws/lambda/amplify-app-root-sayhello-AbC").expect("say-hello");
    assert_eq!(say_hello.name, "say-hello", "the name from Amplify's friendly-name tag");
    assert!(!say_hello.internal, "listed in definedFunctions: the user's");
    let seed = found.iter().find(|f| f.name == "seedhelper").expect("seed helper");
    assert_eq!(seed.log_group, "/custom/seed-helper", "its own log group, from LoggingConfig");
    assert!(seed.internal, "not listed: one of Amplify's own, whatever its name");
    // The Invoke page gets the user's functions only, by name and Lambda name.
    let mut targets = None;
    while let Ok(event) = rx.try_recv() {
        if let Event::Functions(found) = event {
            targets = Some(found);
        }
    }
    let target = ampdeck::domain::invoke::Target {
        name: "say-hello".into(),
        function_name: "amplify-app-root-sayhello-AbC".into(),
    };
    assert_eq!(targets, Some(vec![target]));
}
