//! The [`Hosting`] port on the Amplify API: the app, one page of branches or jobs per request
//! (the pane asks for the next as it scrolls), a job's steps, a step's log from its presigned
//! URL, starting, retrying and stopping builds, and setting variables.

use aws_sdk_amplify::Client;
use aws_sdk_amplify::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_amplify::types::{JobSummary, JobType};

use super::client::{Connection, action_problem};
use super::on_demand::OnDemand;
use crate::domain::health::{Problem, ProblemKind, Source};
use crate::domain::hosting::{
    App, Branch, HostingReply, HostingRequest, Job, JobStatus, Scope, Step, Subdomain, Variables,
};
use crate::domain::secret::SecretText;
use crate::ports::{Hosting, Sink};

mod log_fetch;

const HINTS: &[(&str, &str)] = &[
    ("NotFound", "not hosted by Amplify (or another app): set app_id in ampdeck.toml, or r reloads"),
    ("LimitExceeded", "Amplify is throttling: wait a moment, then r"),
    ("Unauthorized", "your AWS identity may not read Amplify Hosting: ask for amplify:List*/Get*, or --profile"),
];
/// One page: the pane asks for the next as the user scrolls.
const PAGE: i32 = 50;

pub fn amplify_client(sdk: &aws_config::SdkConfig) -> Client {
    Client::new(sdk)
}

pub struct AwsHosting {
    calls: OnDemand<Client>,
    sink: Sink<HostingReply>,
}

impl AwsHosting {
    pub fn new(connection: Connection, sink: Sink<HostingReply>) -> Self {
        Self { calls: OnDemand::new(connection, amplify_client), sink }
    }
}

impl Hosting for AwsHosting {
    fn request(&mut self, request: HostingRequest) {
        let sink = self.sink.clone();
        self.calls.spawn(|client| async move {
            sink.send(answer(&client, request).await).await;
        });
    }

    fn shutdown(&mut self) {
        self.calls.shutdown();
    }
}

fn problem<E, R>(err: SdkError<E, R>) -> Problem
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug + 'static,
{
    let mut found = action_problem(&err, Source::Hosting, HINTS);
    // An answer without an error code is not Amplify's: an emulator behind --endpoint-url.
    let foreign = matches!(err, SdkError::ResponseError(_) | SdkError::ServiceError(_)) && err.code().is_none();
    if foreign {
        found.message = "the endpoint's answer is not Amplify's".into();
        found.hint = "local emulators have no Amplify Hosting: this page needs the real service".into();
    }
    found
}

fn local(message: String, hint: &str) -> Problem {
    Problem { source: Source::Hosting, kind: ProblemKind::Other, message, hint: hint.into() }
}

async fn answer(client: &Client, request: HostingRequest) -> HostingReply {
    let what = describe(&request);
    match reply(client, request).await {
        Ok(reply) => reply,
        Err(problem) => HostingReply::Failed { what, problem },
    }
}

fn describe(request: &HostingRequest) -> String {
    match request {
        HostingRequest::App { app_id } => format!("read the Amplify app {app_id}"),
        HostingRequest::Apps { .. } => "list the Amplify apps".into(),
        HostingRequest::Branches { .. } => "list the hosted branches".into(),
        HostingRequest::Jobs { branch, .. } => format!("list the builds of {branch}"),
        HostingRequest::Job { branch, job_id, .. } => format!("read build {job_id} of {branch}"),
        HostingRequest::Log { step, job_id, .. } => format!("read the {step} log of build {job_id}"),
        HostingRequest::Start { branch, .. } => format!("start a build of {branch}"),
        HostingRequest::Retry { branch, job_id, .. } => format!("retry build {job_id} of {branch}"),
        HostingRequest::Stop { branch, job_id, .. } => format!("stop build {job_id} of {branch}"),
        HostingRequest::SetVariable { name, .. } => format!("set {name}"),
    }
}

async fn reply(client: &Client, request: HostingRequest) -> Result<HostingReply, Problem> {
    Ok(match request {
        HostingRequest::App { app_id } => {
            let out = client.get_app().app_id(&app_id).send().await.map_err(problem)?;
            let mut found = out
                .app()
                .map(app)
                .ok_or_else(|| local("GetApp answered no app".into(), "r in the Builds pane reads them again"))?;
            found.domains = domains(client, &app_id).await;
            HostingReply::App(found)
        }
        HostingRequest::Apps { token } => {
            let out = client.list_apps().max_results(PAGE).set_next_token(token).send().await.map_err(problem)?;
            let next = out.next_token().filter(|t| !t.is_empty()).map(str::to_owned);
            HostingReply::Apps { apps: out.apps().iter().map(app).collect(), next }
        }
        HostingRequest::Branches { app_id, token, generation } => {
            let out = client
                .list_branches()
                .app_id(app_id)
                .max_results(PAGE)
                .set_next_token(token)
                .send()
                .await
                .map_err(problem)?;
            let next = out.next_token().filter(|t| !t.is_empty()).map(str::to_owned);
            HostingReply::Branches { generation, branches: out.branches().iter().map(branch).collect(), next }
        }
        HostingRequest::Jobs { app_id, branch, token, generation } => {
            let first = token.is_none();
            let out = client
                .list_jobs()
                .app_id(app_id)
                .branch_name(&branch)
                .max_results(PAGE)
                .set_next_token(token)
                .send()
                .await
                .map_err(problem)?;
            let next = out.next_token().filter(|t| !t.is_empty()).map(str::to_owned);
            HostingReply::Jobs { branch, generation, first, jobs: out.job_summaries().iter().map(job).collect(), next }
        }
        HostingRequest::Job { app_id, branch, job_id } => {
            let (job, steps) = get_job(client, &app_id, &branch, &job_id).await?;
            HostingReply::Job { branch, job, steps }
        }
        HostingRequest::Log { app_id, branch, job_id, step } => {
            // A presigned URL lasts minutes: a fresh one from the job, every time.
            let (_, steps) = get_job(client, &app_id, &branch, &job_id).await?;
            let url = steps.iter().find(|s| s.name == step).and_then(|s| s.log_url.clone());
            let url = url.ok_or_else(|| local(format!("step {step} has no log yet"), "wait for the step to start"))?;
            let (text, truncated) = log_fetch::fetch(url.expose()).await.map_err(|e| local(e, "r tries again"))?;
            HostingReply::Log { job_id, step, text, truncated }
        }
        HostingRequest::Start { app_id, branch } => {
            let job = start_job(client, &app_id, &branch, JobType::Release, None).await?;
            HostingReply::Started { branch, job }
        }
        HostingRequest::Retry { app_id, branch, job_id } => {
            let job = start_job(client, &app_id, &branch, JobType::Retry, Some(job_id)).await?;
            HostingReply::Started { branch, job }
        }
        HostingRequest::Stop { app_id, branch, job_id } => {
            let out =
                client.stop_job().app_id(app_id).branch_name(&branch).job_id(job_id).send().await.map_err(problem)?;
            let summary = out
                .job_summary()
                .ok_or_else(|| local("StopJob answered no job".into(), "r in the Builds pane reads them again"))?;
            HostingReply::Stopped { branch, job: job(summary) }
        }
        HostingRequest::SetVariable { app_id, scope, all, name, value } => {
            let variables = crate::model::hosting::with_variable(&all, &name, value.as_deref());
            let map = to_map(&variables);
            match &scope {
                Scope::App => {
                    let out = client
                        .update_app()
                        .app_id(app_id)
                        .set_environment_variables(Some(map))
                        .send()
                        .await
                        .map_err(problem)?;
                    let saved = out.app().map(|a| pairs(a.environment_variables())).unwrap_or(variables);
                    HostingReply::VariableSet { scope, variables: saved }
                }
                Scope::Branch(name) => {
                    let out = client
                        .update_branch()
                        .app_id(app_id)
                        .branch_name(name)
                        .set_environment_variables(Some(map))
                        .send()
                        .await
                        .map_err(problem)?;
                    let saved = out.branch().map(|b| pairs(b.environment_variables())).unwrap_or(variables);
                    HostingReply::VariableSet { scope, variables: saved }
                }
            }
        }
    })
}

/// A new build of `branch`: its newest commit (RELEASE), or `job_id` again (RETRY).
async fn start_job(
    client: &Client,
    app_id: &str,
    branch: &str,
    kind: JobType,
    job_id: Option<String>,
) -> Result<Job, Problem> {
    let reason = if job_id.is_some() { "retried from ampdeck" } else { "started from ampdeck" };
    let out = client
        .start_job()
        .app_id(app_id)
        .branch_name(branch)
        .job_type(kind)
        .set_job_id(job_id)
        .job_reason(reason)
        .send()
        .await
        .map_err(problem)?;
    let summary = out
        .job_summary()
        .ok_or_else(|| local("StartJob answered no job".into(), "r in the Builds pane reads them again"))?;
    Ok(job(summary))
}

/// The branches served under the app's custom domains, verified ones only. Every page: an
/// app has a handful of domains, and each branch row needs them. An identity that may read
/// the app but not its domains still sees every build, at the default addresses.
async fn domains(client: &Client, app_id: &str) -> Vec<Subdomain> {
    let read = super::on_demand::pages(200, |token| async move {
        let out =
            client.list_domain_associations().app_id(app_id).set_next_token(token).send().await.map_err(problem)?;
        let found = out.domain_associations().iter().flat_map(subdomains).collect();
        Ok::<_, Problem>((found, out.next_token().filter(|t| !t.is_empty()).map(str::to_owned)))
    })
    .await;
    read.map(|(all, _)| all).unwrap_or_default()
}

fn subdomains(domain: &aws_sdk_amplify::types::DomainAssociation) -> Vec<Subdomain> {
    let name = domain.domain_name();
    let verified = domain.sub_domains().iter().filter(|s| s.verified());
    verified
        .filter_map(|s| s.sub_domain_setting())
        .map(|s| Subdomain {
            branch: s.branch_name().to_owned(),
            host: if s.prefix().is_empty() { name.to_owned() } else { format!("{}.{name}", s.prefix()) },
        })
        .collect()
}

async fn get_job(client: &Client, app_id: &str, branch: &str, job_id: &str) -> Result<(Job, Vec<Step>), Problem> {
    let out = client.get_job().app_id(app_id).branch_name(branch).job_id(job_id).send().await.map_err(problem)?;
    let found = out
        .job()
        .ok_or_else(|| local(format!("GetJob answered no job {job_id}"), "r in the Builds pane reads them again"))?;
    let summary = found
        .summary()
        .ok_or_else(|| local(format!("job {job_id} has no summary"), "r in the Builds pane reads them again"))?;
    Ok((job(summary), found.steps().iter().map(step).collect()))
}

/// Amplify keeps the old map when given an empty one and refuses an empty key; a lone space
/// with an empty value clears it (aws/aws-sdk-go-v2#2788, as Terraform's provider does).
const CLEARED: &str = " ";

fn to_map(variables: &Variables) -> std::collections::HashMap<String, String> {
    if variables.0.is_empty() {
        return [(CLEARED.to_owned(), String::new())].into();
    }
    variables.0.iter().cloned().collect()
}

fn pairs(map: &std::collections::HashMap<String, String>) -> Variables {
    let mut all: Vec<(String, String)> =
        map.iter().filter(|(k, _)| k.as_str() != CLEARED).map(|(k, v)| (k.clone(), v.clone())).collect();
    all.sort();
    Variables(all)
}

fn ms(time: Option<&aws_sdk_amplify::primitives::DateTime>) -> Option<i64> {
    time.and_then(|t| t.to_millis().ok())
}

fn app(a: &aws_sdk_amplify::types::App) -> App {
    App {
        id: a.app_id().to_owned(),
        name: a.name().to_owned(),
        default_domain: a.default_domain().to_owned(),
        repository: a.repository().to_owned(),
        variables: pairs(a.environment_variables()),
        domains: Vec::new(),
    }
}

fn branch(b: &aws_sdk_amplify::types::Branch) -> Branch {
    Branch {
        name: b.branch_name().to_owned(),
        display_name: b.display_name().to_owned(),
        stage: b.stage().as_str().to_owned(),
        source_branch: b.source_branch().filter(|s| !s.is_empty()).map(str::to_owned),
        active_job_id: Some(b.active_job_id()).filter(|s| !s.is_empty()).map(str::to_owned),
        total_jobs: b.total_number_of_jobs().parse().unwrap_or_default(),
        variables: pairs(b.environment_variables()),
        stack_arn: b.backend().and_then(|x| x.stack_arn()).map(str::to_owned),
    }
}

fn job(s: &JobSummary) -> Job {
    Job {
        id: s.job_id().to_owned(),
        status: JobStatus::parse(s.status().as_str()),
        job_type: s.job_type().as_str().to_owned(),
        commit_id: s.commit_id().to_owned(),
        commit_message: crate::util::sanitize::owned(s.commit_message()),
        start_ms: ms(Some(s.start_time())).unwrap_or_default(),
        end_ms: ms(s.end_time()),
    }
}

fn step(s: &aws_sdk_amplify::types::Step) -> Step {
    Step {
        name: s.step_name().to_owned(),
        status: JobStatus::parse(s.status().as_str()),
        start_ms: ms(Some(s.start_time())).unwrap_or_default(),
        end_ms: ms(Some(s.end_time())).filter(|&t| t > 0),
        reason: s.status_reason().filter(|r| !r.is_empty()).map(crate::util::sanitize::owned),
        log_url: s.log_url().filter(|u| !u.is_empty()).map(SecretText::new),
    }
}
