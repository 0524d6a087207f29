//! The demo's Amplify Hosting: the sample app with `main` (its last build passed), a feature
//! branch whose last build failed in its build step, and the pull-request preview `pr-7`
//! with a build running that finishes while you watch. A build started here runs for real
//! time (scaled by the demo's speed). Job states follow the clock, so polling sees them move.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use super::later::answer_later;
use crate::domain::health::{Problem, ProblemKind, Source};
use crate::domain::hosting::{
    App, Branch, HostingReply, HostingRequest, Job, JobStatus, Scope, Step, Subdomain, Variables,
};
use crate::domain::secret::SecretText;
use crate::ports::{Hosting, Sink};
use crate::util::timefmt::now_epoch_ms;

pub const APP_ID: &str = "d2demo7example";
/// How long a demo build runs, in seconds of demo time.
const BUILD_SECONDS: f64 = 40.0;

const FAILED_LOG: &str = include_str!("../../../assets/demo-hosting/build-failed.log");
const PASSED_LOG: &str = include_str!("../../../assets/demo-hosting/build-passed.log");

#[derive(Debug, Clone)]
struct SimJob {
    id: String,
    job_type: String,
    commit_id: String,
    message: String,
    start_ms: i64,
    /// How it ends, and when.
    outcome: JobStatus,
    end_ms: i64,
    stopped: bool,
}

impl SimJob {
    fn status(&self, now: i64) -> JobStatus {
        match () {
            _ if self.stopped => JobStatus::Cancelled,
            _ if now >= self.end_ms => self.outcome.clone(),
            _ if now < self.start_ms + 2_000 => JobStatus::Provisioning,
            _ => JobStatus::Running,
        }
    }

    fn job(&self, now: i64) -> Job {
        let status = self.status(now);
        let end_ms = (!status.active()).then_some(self.end_ms.min(now));
        Job {
            id: self.id.clone(),
            status,
            job_type: self.job_type.clone(),
            commit_id: self.commit_id.clone(),
            commit_message: self.message.clone(),
            start_ms: self.start_ms,
            end_ms,
        }
    }
}

struct World {
    app_variables: Variables,
    branches: Vec<Branch>,
    jobs: BTreeMap<String, Vec<SimJob>>,
}

#[derive(Clone)]
pub struct SimHosting {
    world: Arc<Mutex<World>>,
    sink: Option<Sink<HostingReply>>,
    speed: f64,
}

fn vars(pairs: &[(&str, &str)]) -> Variables {
    Variables(pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect())
}

fn branch(name: &str, stage: &str, source: Option<&str>, variables: Variables) -> Branch {
    Branch {
        name: name.into(),
        display_name: name.replace('/', "-"),
        stage: stage.into(),
        source_branch: source.map(str::to_owned),
        active_job_id: None,
        total_jobs: 0,
        variables,
        stack_arn: Some(format!(
            "arn:aws:cloudformation:us-east-1:123456789012:stack/amplify-{APP_ID}-{}-branch-7c1e2a/1",
            name.replace('/', "")
        )),
    }
}

impl SimHosting {
    pub fn new(sink: Sink<HostingReply>, speed: f64) -> Self {
        let now = now_epoch_ms();
        let minutes = |m: i64| now - m * 60_000;
        let job = |id: &str, kind: &str, message: &str, start: i64, outcome, seconds: i64| SimJob {
            id: id.into(),
            job_type: kind.into(),
            commit_id: format!("{id}a4f9c2e1b7d3"),
            message: message.into(),
            start_ms: start,
            outcome,
            end_ms: start + seconds * 1000,
            stopped: false,
        };
        let pr_length = (BUILD_SECONDS / speed.max(0.01)) as i64;
        let jobs = BTreeMap::from([
            (
                "main".to_owned(),
                vec![
                    job(
                        "14",
                        "WEB_HOOK",
                        "Merge pull request #6 from feature/todo-auth",
                        minutes(38),
                        JobStatus::Succeed,
                        212,
                    ),
                    job("13", "WEB_HOOK", "Fix the todo owner rule", minutes(160), JobStatus::Succeed, 198),
                    job("12", "RELEASE", "Add storage for avatars", minutes(1440), JobStatus::Failed, 95),
                ],
            ),
            (
                "feature/profile-page".to_owned(),
                vec![
                    job("3", "WEB_HOOK", "Profile page: show the avatar", minutes(12), JobStatus::Failed, 87),
                    job("2", "WEB_HOOK", "Profile page skeleton", minutes(300), JobStatus::Succeed, 205),
                ],
            ),
            // Started a moment ago: it finishes while the demo runs.
            (
                "pr-7".to_owned(),
                vec![job("1", "WEB_HOOK", "Dark mode for the todo list", now - 5_000, JobStatus::Succeed, pr_length)],
            ),
        ]);
        let world = World {
            app_variables: vars(&[
                ("NODE_VERSION", "20"),
                ("API_URL", "https://api.example.com"),
                ("_LIVE_UPDATES", "[]"),
            ]),
            branches: vec![
                branch("main", "PRODUCTION", None, vars(&[])),
                branch(
                    "feature/profile-page",
                    "DEVELOPMENT",
                    None,
                    vars(&[("API_URL", "https://api-staging.example.com")]),
                ),
                branch("pr-7", "PULL_REQUEST", Some("main"), vars(&[("PREVIEW", "true")])),
            ],
            jobs,
        };
        Self { world: Arc::new(Mutex::new(world)), sink: Some(sink), speed }
    }

    fn answer(&self, request: HostingRequest) -> HostingReply {
        let Ok(mut world) = self.world.lock() else { return failed("demo", "the demo broke", "restart ampdeck") };
        let now = now_epoch_ms();
        match request {
            HostingRequest::App { .. } => HostingReply::App(app(&world)),
            HostingRequest::Apps { .. } => HostingReply::Apps { apps: vec![app(&world)], next: None },
            HostingRequest::Branches { generation, .. } => {
                let branches = world.branches.iter().map(|b| with_jobs(b, &world, now)).collect();
                HostingReply::Branches { generation, branches, next: None }
            }
            HostingRequest::Jobs { branch, generation, .. } => {
                let jobs = world.jobs.get(&branch).map(|j| j.iter().map(|j| j.job(now)).collect()).unwrap_or_default();
                HostingReply::Jobs { branch, generation, first: true, jobs, next: None }
            }
            HostingRequest::Job { branch, job_id, .. } => match find(&world, &branch, &job_id) {
                Some(job) => {
                    HostingReply::Job { branch: branch.clone(), job: job.job(now), steps: steps(job, &branch, now) }
                }
                None => failed(&format!("read build {job_id}"), "no such build", "r reloads"),
            },
            HostingRequest::Log { job_id, step, branch, .. } => match find(&world, &branch, &job_id) {
                Some(job) => {
                    let text =
                        if job.outcome == JobStatus::Failed && step == "BUILD" { FAILED_LOG } else { PASSED_LOG };
                    HostingReply::Log { job_id, step, text: text.to_owned(), truncated: false }
                }
                None => failed("read the log", "no such build", "r reloads"),
            },
            HostingRequest::Start { branch, .. } => self.start(&mut world, branch, "RELEASE", now),
            HostingRequest::Retry { branch, .. } => self.start(&mut world, branch, "RETRY", now),
            HostingRequest::Stop { branch, job_id, .. } => {
                let Some(job) = world.jobs.get_mut(&branch).and_then(|j| j.iter_mut().find(|j| j.id == job_id)) else {
                    return failed("stop the build", "no such build", "r reloads");
                };
                job.stopped = true;
                job.end_ms = now;
                HostingReply::Stopped { branch, job: job.job(now) }
            }
            HostingRequest::SetVariable { scope, name, value, .. } => {
                let variables = match &scope {
                    Scope::App => &mut world.app_variables,
                    Scope::Branch(b) => match world.branches.iter_mut().find(|x| &x.name == b) {
                        Some(found) => &mut found.variables,
                        None => return failed("set the variable", "no such branch", "r reloads"),
                    },
                };
                *variables = crate::model::hosting::with_variable(variables, &name, &value);
                HostingReply::VariableSet { scope, variables: variables.clone() }
            }
        }
    }

    fn start(&self, world: &mut World, branch: String, kind: &str, now: i64) -> HostingReply {
        let jobs = world.jobs.entry(branch.clone()).or_default();
        let id = jobs.iter().filter_map(|j| j.id.parse::<u32>().ok()).max().unwrap_or(0) + 1;
        let job = SimJob {
            id: id.to_string(),
            job_type: kind.into(),
            commit_id: format!("{id}e0b5d1c9a2f4"),
            message: jobs.first().map(|j| j.message.clone()).unwrap_or_else(|| "Started from ampdeck".into()),
            start_ms: now,
            outcome: JobStatus::Succeed,
            end_ms: now + (BUILD_SECONDS / self.speed.max(0.01) * 1000.0) as i64,
            stopped: false,
        };
        let reply = HostingReply::Started { branch, job: job.job(now) };
        jobs.insert(0, job);
        reply
    }
}

fn failed(what: &str, message: &str, hint: &str) -> HostingReply {
    let problem =
        Problem { source: Source::Hosting, kind: ProblemKind::Other, message: message.into(), hint: hint.into() };
    HostingReply::Failed { what: what.into(), problem }
}

fn app(world: &World) -> App {
    App {
        id: APP_ID.into(),
        name: "sample-app".into(),
        default_domain: format!("{APP_ID}.amplifyapp.com"),
        repository: "https://github.com/example/sample-app".into(),
        variables: world.app_variables.clone(),
        // Production behind the team's own domain; the rest at Amplify's.
        domains: vec![Subdomain { branch: "main".into(), host: "sample-app.example.com".into() }],
    }
}

fn find<'a>(world: &'a World, branch: &str, job_id: &str) -> Option<&'a SimJob> {
    world.jobs.get(branch)?.iter().find(|j| j.id == job_id)
}

fn with_jobs(branch: &Branch, world: &World, now: i64) -> Branch {
    let jobs = world.jobs.get(&branch.name);
    let latest = jobs.and_then(|j| j.first()).map(|j| j.job(now));
    Branch { active_job_id: latest.map(|j| j.id), total_jobs: jobs.map_or(0, |j| j.len() as u64), ..branch.clone() }
}

/// Provision, build, deploy: each a third of the job; a failure stops at the build.
fn steps(job: &SimJob, branch: &str, now: i64) -> Vec<Step> {
    let length = job.end_ms - job.start_ms;
    let status = job.status(now);
    let names = ["PROVISION", "BUILD", "DEPLOY"];
    names
        .iter()
        .enumerate()
        .filter_map(|(i, name)| {
            let start = job.start_ms + length * i as i64 / 3;
            let end = job.start_ms + length * (i as i64 + 1) / 3;
            let step_status = match &status {
                _ if now < start => return None,
                JobStatus::Failed if *name == "BUILD" => JobStatus::Failed,
                JobStatus::Failed if *name == "DEPLOY" => JobStatus::Cancelled,
                JobStatus::Cancelled if now >= job.end_ms && start >= job.end_ms => return None,
                _ if now < end && !job.stopped => JobStatus::Running,
                JobStatus::Cancelled if now < end => JobStatus::Cancelled,
                _ => JobStatus::Succeed,
            };
            let url = format!("sim://logs/{branch}/{}/{name}", job.id);
            Some(Step {
                name: (*name).into(),
                reason: (step_status == JobStatus::Failed)
                    .then(|| "Build step failed: npm run build exited with code 2".into()),
                end_ms: (!step_status.active()).then_some(end.min(now)),
                status: step_status,
                start_ms: start,
                log_url: Some(SecretText::new(url)),
            })
        })
        .collect()
}

impl Hosting for SimHosting {
    fn request(&mut self, request: HostingRequest) {
        let this = self.clone();
        answer_later(self.sink.clone(), 0.3, self.speed, move || this.answer(request));
    }

    fn shutdown(&mut self) {
        self.sink = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sim(speed: f64) -> SimHosting {
        let (sink, _rx) = Sink::channel(4);
        SimHosting::new(sink, speed)
    }

    fn jobs(sim: &SimHosting, branch: &str) -> Vec<Job> {
        let request = HostingRequest::Jobs { app_id: APP_ID.into(), branch: branch.into(), token: None, generation: 0 };
        match sim.answer(request) {
            HostingReply::Jobs { jobs, .. } => jobs,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn main_passed_the_feature_branch_failed_in_its_build_step_and_the_preview_runs() {
        let sim = sim(1.0);
        assert_eq!(jobs(&sim, "main")[0].status, JobStatus::Succeed);
        assert_eq!(jobs(&sim, "feature/profile-page")[0].status, JobStatus::Failed);
        assert!(jobs(&sim, "pr-7")[0].status.active());
        let request =
            HostingRequest::Job { app_id: APP_ID.into(), branch: "feature/profile-page".into(), job_id: "3".into() };
        let HostingReply::Job { steps, .. } = sim.answer(request) else { panic!("a job") };
        let failed = crate::model::hosting::failed_step(&steps).map(|s| s.name.clone());
        assert_eq!(failed.as_deref(), Some("BUILD"));
        let request = HostingRequest::Log {
            app_id: APP_ID.into(),
            branch: "feature/profile-page".into(),
            job_id: "3".into(),
            step: "BUILD".into(),
        };
        let HostingReply::Log { text, .. } = sim.answer(request) else { panic!("a log") };
        assert!(text.contains("Type error") && text.contains("!!! Build failed"));
    }

    #[test]
    fn a_started_build_runs_then_succeeds_and_a_stopped_one_is_cancelled() {
        let sim = sim(1000.0);
        let HostingReply::Started { job, .. } =
            sim.answer(HostingRequest::Start { app_id: APP_ID.into(), branch: "main".into() })
        else {
            panic!("started")
        };
        assert!(job.status.active());
        std::thread::sleep(std::time::Duration::from_millis(60));
        assert_eq!(jobs(&sim, "main")[0].status, JobStatus::Succeed, "40 s of demo time at 1000×");
        let started = sim.answer(HostingRequest::Start { app_id: APP_ID.into(), branch: "pr-7".into() });
        let HostingReply::Started { job, .. } = started else { panic!("started") };
        let stop = HostingRequest::Stop { app_id: APP_ID.into(), branch: "pr-7".into(), job_id: job.id };
        let HostingReply::Stopped { job, .. } = sim.answer(stop) else { panic!("stopped") };
        assert_eq!(job.status, JobStatus::Cancelled);
    }
}
