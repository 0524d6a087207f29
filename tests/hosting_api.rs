//! The Hosting port's AWS adapter — the real `aws-sdk-amplify` client over HTTP — against a
//! stand-in for the Amplify REST API (`amplify_api/`): the app, every page of branches and
//! jobs, a failed job's steps and its log from a presigned URL fetched fresh each time,
//! starting, retrying and stopping builds, setting a branch's and the app's variables, and the
//! error replies (not found, throttling) as problems with what to do next.

mod amplify_api;

use std::time::Duration;

use ampdeck::adapters::aws::client::Connection;
use ampdeck::adapters::aws::hosting::AwsHosting;
use ampdeck::domain::hosting::{HostingReply, HostingRequest, JobStatus, Scope, Variables};
use ampdeck::ports::{Hosting, Sink};
use amplify_api::{APP, AmplifyApi};
use tokio::sync::mpsc;

struct Port {
    port: AwsHosting,
    rx: mpsc::Receiver<HostingReply>,
}

impl Port {
    fn new(api: &AmplifyApi) -> Port {
        // SAFETY: set before the client reads the environment; the values are the same everywhere.
        unsafe {
            std::env::set_var("AWS_ACCESS_KEY_ID", "test");
            std::env::set_var("AWS_SECRET_ACCESS_KEY", "test");
        }
        let connection =
            Connection { profile: None, region: Some("us-east-1".into()), endpoint_url: Some(api.endpoint()) };
        let (sink, rx) = Sink::channel(16);
        Port { port: AwsHosting::new(connection, sink), rx }
    }

    async fn ask(&mut self, request: HostingRequest) -> HostingReply {
        self.port.request(request);
        tokio::time::timeout(Duration::from_secs(30), self.rx.recv()).await.expect("an answer in time").expect("open")
    }
}

fn app_id() -> String {
    APP.to_owned()
}

#[tokio::test]
async fn the_app_and_every_page_of_branches_and_jobs() {
    let api = AmplifyApi::start().await;
    let mut port = Port::new(&api);
    let HostingReply::App(app) = port.ask(HostingRequest::App { app_id: app_id() }).await else { panic!("the app") };
    assert_eq!(app.default_domain, format!("{APP}.amplifyapp.com"));
    let hosts: Vec<_> = app.domains.iter().map(|d| (d.branch.as_str(), d.host.as_str())).collect();
    assert_eq!(hosts, vec![("main", "example.com")], "verified subdomains only, the bare domain for an empty prefix");
    assert!(app.variables.0.contains(&("NODE_VERSION".into(), "20".into())));

    let mut names = Vec::new();
    let mut token = None;
    loop {
        let reply = port.ask(HostingRequest::Branches { app_id: app_id(), token: token.clone(), generation: 4 }).await;
        let HostingReply::Branches { generation, branches, next } = reply else { panic!("branches: {reply:?}") };
        assert_eq!(generation, 4, "the answer names the listing it belongs to");
        names.extend(branches.iter().map(|b| (b.name.clone(), b.stage.clone(), b.source_branch.clone())));
        token = next;
        if token.is_none() {
            break;
        }
    }
    assert_eq!(names.len(), 3, "both pages: {names:?}");
    assert!(names.contains(&("pr-7".into(), "PULL_REQUEST".into(), Some("main".into()))));
    let listed = api.seen().iter().filter(|(m, p, _)| m == "GET" && p.ends_with("/branches")).count();
    assert_eq!(listed, 2, "one request per page, the second with the first's nextToken");

    let reply =
        port.ask(HostingRequest::Jobs { app_id: app_id(), branch: "main".into(), token: None, generation: 1 }).await;
    let HostingReply::Jobs { jobs, next, .. } = reply else { panic!("jobs") };
    assert_eq!(jobs.len(), 2);
    assert_eq!((jobs[0].status.clone(), jobs[0].job_type.as_str()), (JobStatus::Succeed, "WEB_HOOK"));
    assert_eq!(jobs[0].end_ms.map(|e| e - jobs[0].start_ms), Some(200_000), "start and end from epoch seconds");
    let reply =
        port.ask(HostingRequest::Jobs { app_id: app_id(), branch: "main".into(), token: next, generation: 1 }).await;
    let HostingReply::Jobs { jobs, next, .. } = reply else { panic!("jobs") };
    assert_eq!((jobs.len(), next), (1, None), "the last page");
}

#[tokio::test]
async fn a_failed_build_shows_its_failed_step_and_its_log_fetched_fresh_each_time() {
    let api = AmplifyApi::start().await;
    let mut port = Port::new(&api);
    let branch = "feature/profile".to_owned();
    let reply =
        port.ask(HostingRequest::Jobs { app_id: app_id(), branch: branch.clone(), token: None, generation: 1 }).await;
    let HostingReply::Jobs { jobs, .. } = reply else { panic!("jobs") };
    assert!(!jobs[0].commit_message.contains('\x1b'), "commit messages are sanitized: {:?}", jobs[0].commit_message);

    let job = HostingRequest::Job { app_id: app_id(), branch: branch.clone(), job_id: "2".into() };
    let HostingReply::Job { steps, .. } = port.ask(job).await else { panic!("job") };
    let failed = ampdeck::model::hosting::failed_step(&steps).expect("a step");
    assert_eq!((failed.name.as_str(), &failed.status), ("BUILD", &JobStatus::Failed));
    assert_eq!(failed.reason.as_deref(), Some("Build step failed"));

    for _ in 0..2 {
        // The server honours only the newest presigned URL, as an expired one would not work.
        let log =
            HostingRequest::Log { app_id: app_id(), branch: branch.clone(), job_id: "2".into(), step: "BUILD".into() };
        let reply = port.ask(log).await;
        let HostingReply::Log { text, truncated, .. } = reply else { panic!("log: {reply:?}") };
        assert!(!truncated);
        let log = ampdeck::model::hosting::Log::new("2".into(), "BUILD".into(), &text, truncated);
        let failing: Vec<&str> = log.failing.iter().map(|&i| log.lines[i].as_str()).collect();
        assert!(failing.iter().any(|l| l.contains("error TS2304")), "{failing:?}");
        assert!(log.lines.iter().all(|l| !l.contains('\x1b')), "log lines are sanitized");
    }
}

#[tokio::test]
async fn builds_are_started_retried_and_stopped() {
    let api = AmplifyApi::start().await;
    let mut port = Port::new(&api);
    let reply = port.ask(HostingRequest::Start { app_id: app_id(), branch: "main".into() }).await;
    let HostingReply::Started { branch, job } = reply else { panic!("started: {reply:?}") };
    assert_eq!((branch.as_str(), &job.status, job.job_type.as_str()), ("main", &JobStatus::Pending, "RELEASE"));

    let reply = port.ask(HostingRequest::Retry { app_id: app_id(), branch: "main".into(), job_id: "2".into() }).await;
    let HostingReply::Started { job, .. } = reply else { panic!("retried") };
    assert_eq!(job.job_type, "RETRY");
    let sent = api.seen();
    let retry = sent.iter().rev().find(|(m, p, _)| m == "POST" && p.ends_with("/jobs")).expect("a StartJob");
    assert!(retry.2.contains("\"jobId\":\"2\"") && retry.2.contains("RETRY"), "a retry names its job: {}", retry.2);

    let reply = port.ask(HostingRequest::Stop { app_id: app_id(), branch: "pr-7".into(), job_id: "1".into() }).await;
    let HostingReply::Stopped { job, .. } = reply else { panic!("stopped") };
    assert_eq!(job.status, JobStatus::Cancelling);
}

#[tokio::test]
async fn a_variable_is_set_on_the_branch_or_the_app_keeping_the_others() {
    let api = AmplifyApi::start().await;
    let mut port = Port::new(&api);
    let all = Variables(vec![("API_URL".into(), "https://api.preview".into())]);
    let set = HostingRequest::SetVariable {
        app_id: app_id(),
        scope: Scope::Branch("pr-7".into()),
        all,
        name: "FLAG".into(),
        value: Some("on".into()),
    };
    let HostingReply::VariableSet { scope, variables } = port.ask(set).await else { panic!("set") };
    assert_eq!(scope, Scope::Branch("pr-7".into()));
    assert_eq!(
        variables.0,
        vec![("API_URL".to_owned(), "https://api.preview".to_owned()), ("FLAG".to_owned(), "on".to_owned())]
    );

    let all = Variables(vec![("API_URL".into(), "https://api.default".into()), ("NODE_VERSION".into(), "20".into())]);
    let set = HostingRequest::SetVariable {
        app_id: app_id(),
        scope: Scope::App,
        all,
        name: "NODE_VERSION".into(),
        value: Some("22".into()),
    };
    let HostingReply::VariableSet { variables, .. } = port.ask(set).await else { panic!("set") };
    assert!(variables.0.contains(&("NODE_VERSION".into(), "22".into())) && variables.0.len() == 2, "{variables:?}");
}

#[tokio::test]
async fn removing_the_last_variable_sends_amplifys_clearing_map() {
    let api = AmplifyApi::start().await;
    let mut port = Port::new(&api);
    let all = Variables(vec![("FLAG".into(), "on".into())]);
    let remove = HostingRequest::SetVariable {
        app_id: app_id(),
        scope: Scope::Branch("pr-7".into()),
        all,
        name: "FLAG".into(),
        value: None,
    };
    let HostingReply::VariableSet { variables, .. } = port.ask(remove).await else { panic!("removed") };
    assert_eq!(variables.0, vec![], "the clearing key is not a variable");
    let sent = api.seen();
    let update = sent.iter().rev().find(|(m, p, _)| m == "POST" && p.contains("/branches/")).expect("an UpdateBranch");
    // An empty map leaves the old one in place, and an empty key is refused.
    assert!(update.2.contains(r#""environmentVariables":{" ":""}"#), "{}", update.2);
}

#[tokio::test]
async fn the_accounts_apps_are_read_a_page_per_request() {
    let api = AmplifyApi::start().await;
    let mut port = Port::new(&api);
    let HostingReply::Apps { apps, next } = port.ask(HostingRequest::Apps { token: None }).await else {
        panic!("apps")
    };
    assert_eq!((apps.len(), apps[0].name.as_str()), (2, "sample-app"));
    assert!(next.is_some(), "a second page");
    let HostingReply::Apps { apps, next } = port.ask(HostingRequest::Apps { token: next }).await else {
        panic!("apps")
    };
    assert_eq!((apps.len(), apps[0].id.as_str(), next), (1, "d3third", None));
}

#[tokio::test]
async fn an_answer_that_is_not_amplifys_says_the_page_needs_the_real_service() {
    let api = AmplifyApi::start().await;
    let mut port = Port::new(&api);
    let reply = port.ask(HostingRequest::App { app_id: "dforeign".into() }).await;
    let HostingReply::Failed { problem, .. } = reply else { panic!("a failure: {reply:?}") };
    assert!(problem.hint.contains("real service"), "{problem:?}");
}

#[tokio::test]
async fn not_found_and_throttling_come_back_as_problems_with_what_to_do() {
    let api = AmplifyApi::start().await;
    let mut port = Port::new(&api);
    let reply = port.ask(HostingRequest::App { app_id: "dnothere".into() }).await;
    let HostingReply::Failed { what, problem } = reply else { panic!("a failure: {reply:?}") };
    assert!(what.contains("dnothere"), "{what}");
    assert!(problem.message.contains("NotFound"), "{problem:?}");
    assert!(problem.hint.contains("app_id"), "says what to do: {}", problem.hint);

    // More throttled answers than the SDK retries: the pane hears of it.
    api.throttle("/jobs", 10);
    let reply =
        port.ask(HostingRequest::Jobs { app_id: app_id(), branch: "main".into(), token: None, generation: 1 }).await;
    let HostingReply::Failed { problem, .. } = reply else { panic!("throttled: {reply:?}") };
    assert_eq!(problem.kind, ampdeck::domain::health::ProblemKind::Throttled, "{problem:?}");
    // A blip is retried by the SDK and never seen.
    api.throttle("/jobs", 1);
    let reply =
        port.ask(HostingRequest::Jobs { app_id: app_id(), branch: "main".into(), token: None, generation: 2 }).await;
    assert!(matches!(reply, HostingReply::Jobs { .. }), "{reply:?}");
}
