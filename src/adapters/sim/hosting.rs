//! The demo's Amplify Hosting: the sample app with `main` (its last build passed), a feature
//! branch whose last build failed in its build step, and the pull-request preview `pr-7`
//! with a build running that finishes while you watch. A build started here runs for real
//! time (scaled by the demo's speed). Job states follow the clock, so polling sees them move.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use super::account::{APP_ID, branch_stack, stack_arn};
use super::later::answer_later;
use super::seconds;
use crate::domain::health::{Problem, ProblemKind, Source};
use crate::domain::hosting::{
    App, Branch, HostingReply, HostingRequest, Job, JobStatus, Scope, Step, Subdomain, Variables,
};
use crate::domain::secret::SecretText;
use crate::ports::{Hosting, Sink};
use crate::util::timefmt::{iso8601, now_epoch_ms, parse_rfc3339_ms};

/// How long a demo build runs, in seconds of demo time.
const BUILD_SECONDS: f64 = 40.0;

/// Sample logs of a build, written for job 3 of `feature/profile-page` and job 14 of `main`;
/// each build's log is one of them retold at the build's own time (see [`log`]).
const FAILED_LOG: &str = include_str!("../../../assets/demo-hosting/build-failed.log");
const PASSED_LOG: &str = include_str!("../../../assets/demo-hosting/build-passed.log");
/// `2026-12-01T10:02:11.004Z`: the timestamp each line of a build log starts with.
const STAMP: usize = 24;

/// A build the app had before the demo began.
struct Past {
    branch: &'static str,
    id: &'static str,
    trigger: &'static str,
    message: &'static str,
    minutes_ago: i64,
    failed: bool,
    seconds: i64,
}

/// The app's builds before the demo began, each branch's latest first.
const PAST: &[Past] = &[
    Past {
        branch: "main",
        id: "14",
        trigger: "WEB_HOOK",
        message: "Merge pull request #6 from feature/todo-auth",
        minutes_ago: 38,
        failed: false,
        seconds: 212,
    },
    Past {
        branch: "main",
        id: "13",
        trigger: "WEB_HOOK",
        message: "Fix the todo owner rule",
        minutes_ago: 160,
        failed: false,
        seconds: 198,
    },
    Past {
        branch: "main",
        id: "12",
        trigger: "RELEASE",
        message: "Add storage for avatars",
        minutes_ago: 1440,
        failed: true,
        seconds: 95,
    },
    Past {
        branch: "feature/profile-page",
        id: "3",
        trigger: "WEB_HOOK",
        message: "Profile page: show the avatar",
        minutes_ago: 12,
        failed: true,
        seconds: 87,
    },
    Past {
        branch: "feature/profile-page",
        id: "2",
        trigger: "WEB_HOOK",
        message: "Profile page skeleton",
        minutes_ago: 300,
        failed: false,
        seconds: 205,
    },
];

#[derive(Debug, Clone)]
struct SimJob {
    id: String,
    job_type: String,
    commit_id: String,
    message: String,
    start_ms: i64,
    /// How it ends, and when (unless it is stopped first).
    outcome: JobStatus,
    end_ms: i64,
    stopped_ms: Option<i64>,
}

impl SimJob {
    /// A build of the past, `epoch` being when the demo began.
    fn past(past: &Past, epoch: i64) -> Self {
        let start_ms = epoch - past.minutes_ago * 60_000;
        Self {
            id: past.id.into(),
            job_type: past.trigger.into(),
            commit_id: format!("{}a4f9c2e1b7d3", past.id),
            message: past.message.into(),
            start_ms,
            outcome: if past.failed { JobStatus::Failed } else { JobStatus::Succeed },
            end_ms: start_ms + past.seconds * 1000,
            stopped_ms: None,
        }
    }

    fn status(&self, now: i64) -> JobStatus {
        match () {
            _ if self.stopped_ms.is_some() => JobStatus::Cancelled,
            _ if now >= self.end_ms => self.outcome.clone(),
            _ if now < self.start_ms + 2_000 => JobStatus::Provisioning,
            _ => JobStatus::Running,
        }
    }

    /// How far it got by `now`: its end, its stop, or `now` itself.
    fn reached(&self, now: i64) -> i64 {
        self.stopped_ms.unwrap_or(self.end_ms).min(now)
    }

    fn job(&self, now: i64) -> Job {
        let status = self.status(now);
        let end_ms = (!status.active()).then_some(self.reached(now));
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

    /// Provision, build, deploy: a third of the job each; a failed build ends the job, so its
    /// deploy (cancelled) takes no time.
    fn spans(&self) -> [(&'static str, i64, i64); 3] {
        let (start, end) = (self.start_ms, self.end_ms);
        let third = (end - start) / 3;
        let built = if self.outcome == JobStatus::Failed { end } else { end - third };
        [("PROVISION", start, start + third), ("BUILD", start + third, built), ("DEPLOY", built, end)]
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
        stack_arn: Some(stack_arn(&branch_stack(name), "1c4e7a20-9b3d-11ef-8a5c-0a1b2c3d4e5f")),
    }
}

impl SimHosting {
    pub fn new(sink: Sink<HostingReply>, speed: f64) -> Self {
        let now = now_epoch_ms();
        let mut jobs: BTreeMap<String, Vec<SimJob>> = BTreeMap::new();
        for past in PAST {
            jobs.entry(past.branch.to_owned()).or_default().push(SimJob::past(past, now));
        }
        // Started a moment ago: it finishes while the demo runs.
        let preview = SimJob {
            id: "1".into(),
            job_type: "WEB_HOOK".into(),
            commit_id: "1a4f9c2e1b7d3".into(),
            message: "Dark mode for the todo list".into(),
            start_ms: now - 5_000,
            outcome: JobStatus::Succeed,
            end_ms: now - 5_000 + (BUILD_SECONDS / speed.max(0.01) * 1000.0) as i64,
            stopped_ms: None,
        };
        jobs.insert("pr-7".to_owned(), vec![preview]);
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
                None => {
                    failed(&format!("read build {job_id}"), "no such build", "r in the Builds pane reads them again")
                }
            },
            HostingRequest::Log { job_id, step, branch, .. } => match find(&world, &branch, &job_id) {
                Some(job) => HostingReply::Log { job_id, step, text: log(job, &branch, now), truncated: false },
                None => failed("read the log", "no such build", "r in the Builds pane reads them again"),
            },
            HostingRequest::Start { branch, .. } => self.start(&mut world, branch, "RELEASE", now),
            HostingRequest::Retry { branch, .. } => self.start(&mut world, branch, "RETRY", now),
            HostingRequest::Stop { branch, job_id, .. } => {
                let Some(job) = world.jobs.get_mut(&branch).and_then(|j| j.iter_mut().find(|j| j.id == job_id)) else {
                    return failed("stop the build", "no such build", "r in the Builds pane reads them again");
                };
                job.stopped_ms = Some(now);
                HostingReply::Stopped { branch, job: job.job(now) }
            }
            HostingRequest::SetVariable { scope, name, value, .. } => {
                let variables = match &scope {
                    Scope::App => &mut world.app_variables,
                    Scope::Branch(b) => match world.branches.iter_mut().find(|x| &x.name == b) {
                        Some(found) => &mut found.variables,
                        None => {
                            return failed(
                                "set the variable",
                                "no such branch",
                                "r in the Builds pane reads them again",
                            );
                        }
                    },
                };
                *variables = crate::model::hosting::with_variable(variables, &name, value.as_deref());
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
            // A release (or a retry) builds the branch's newest commit again.
            commit_id: jobs.first().map_or_else(|| format!("{id}e0b5d1c9a2f4"), |j| j.commit_id.clone()),
            message: jobs.first().map(|j| j.message.clone()).unwrap_or_else(|| "Started from ampdeck".into()),
            start_ms: now,
            outcome: JobStatus::Succeed,
            end_ms: now + (BUILD_SECONDS / self.speed.max(0.01) * 1000.0) as i64,
            stopped_ms: None,
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

/// The job's steps as far as it got by `now`.
fn steps(job: &SimJob, branch: &str, now: i64) -> Vec<Step> {
    let status = job.status(now);
    let reached = job.reached(now);
    let step = |(name, start, end): (&'static str, i64, i64)| {
        let step_status = match &status {
            _ if now < start => return None,
            JobStatus::Failed if name == "BUILD" => JobStatus::Failed,
            JobStatus::Failed if name == "DEPLOY" => JobStatus::Cancelled,
            JobStatus::Cancelled if start >= reached => return None,
            JobStatus::Cancelled if end > reached => JobStatus::Cancelled,
            _ if now < end => JobStatus::Running,
            _ => JobStatus::Succeed,
        };
        let url = format!("sim://logs/{branch}/{}/{name}", job.id);
        Some(Step {
            name: name.into(),
            reason: (step_status == JobStatus::Failed)
                .then(|| "Build step failed: npm run build exited with code 1".into()),
            end_ms: (!step_status.active()).then_some(end.min(reached)),
            status: step_status,
            start_ms: start,
            log_url: Some(SecretText::new(url)),
        })
    };
    job.spans().into_iter().filter_map(step).collect()
}

/// A build's log: the sample log of a failed or passed build, told as this build wrote it. Its
/// lines are spread over the build's own time (provisioning first, the failure last), the
/// durations they give stretched alike; it names the build's commit and branch; a build still
/// running (or stopped) has written only what it reached.
fn log(job: &SimJob, branch: &str, now: i64) -> String {
    let sample = if job.outcome == JobStatus::Failed { FAILED_LOG } else { PASSED_LOG };
    const COMMIT: &str = "# Switching to commit: ";
    let own: String = sample
        .lines()
        .map(|line| match line.split_once(COMMIT) {
            Some((head, _)) => format!("{head}{COMMIT}{}\n", job.commit_id),
            None => format!("{line}\n"),
        })
        .collect();
    let own = own.replace("/feature-profile-page/", &format!("/{}/", branch.replace('/', "-")));
    retime(&own, job.start_ms, job.end_ms, job.reached(now))
}

/// `text` moved to `from..to`: its timestamps spread over that span, the durations it gives
/// stretched alike, and the lines later than `cut` (with the lines that continue them) left out.
fn retime(text: &str, from: i64, to: i64, cut: i64) -> String {
    let stamp = |line: &str| line.get(..STAMP).and_then(parse_rfc3339_ms);
    let stamps: Vec<i64> = text.lines().filter_map(stamp).collect();
    let (Some(&first), Some(&last)) = (stamps.first(), stamps.last()) else { return text.to_owned() };
    let scale = (to - from) as f64 / (last - first).max(1) as f64;
    let mut written = String::new();
    let mut reached = true;
    for line in text.lines() {
        let line = match stamp(line) {
            Some(at) => {
                let at = from + ((at - first) as f64 * scale) as i64;
                reached = at <= cut;
                format!("{}{}", iso8601(at), &line[STAMP..])
            }
            None => line.to_owned(),
        };
        if reached {
            written.push_str(&seconds::rewrite(&line, |took| took * scale));
            written.push('\n');
        }
    }
    written
}

/// When a branch's backend was last deployed, `epoch` being when the demo began: during its
/// latest build, at the moment that build's log says the deployment completed.
pub(super) fn backend_deployed_ms(branch: &str, epoch: i64) -> Option<i64> {
    let latest = SimJob::past(PAST.iter().find(|p| p.branch == branch)?, epoch);
    let log = log(&latest, branch, i64::MAX);
    let line = log.lines().find(|l| l.contains("Deployment completed in"))?;
    line.get(..STAMP).and_then(parse_rfc3339_ms)
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

    fn log_of(sim: &SimHosting, branch: &str, job_id: &str, step: &str) -> String {
        let request = HostingRequest::Log {
            app_id: APP_ID.into(),
            branch: branch.into(),
            job_id: job_id.into(),
            step: step.into(),
        };
        let HostingReply::Log { text, .. } = sim.answer(request) else { panic!("a log") };
        text
    }

    fn stamps(log: &str) -> Vec<i64> {
        log.lines().filter_map(|l| l.get(..STAMP).and_then(parse_rfc3339_ms)).collect()
    }

    #[test]
    fn a_builds_log_is_written_at_the_builds_time_for_its_commit_and_branch() {
        let sim = sim(1.0);
        let job = jobs(&sim, "feature/profile-page").remove(0);
        let request =
            HostingRequest::Job { app_id: APP_ID.into(), branch: "feature/profile-page".into(), job_id: job.id };
        let HostingReply::Job { steps, .. } = sim.answer(request) else { panic!("a job") };
        let build = steps.iter().find(|s| s.name == "BUILD").expect("a build step");
        let log = log_of(&sim, "feature/profile-page", "3", "BUILD");
        let stamps = stamps(&log);
        assert_eq!(stamps.first(), Some(&job.start_ms), "{log}");
        assert_eq!(stamps.last().copied(), build.end_ms, "the build failed with its last line");
        assert_eq!(build.end_ms, job.end_ms, "and the failure ended the build");
        assert!(log.contains(&format!("Switching to commit: {}\n", job.commit_id)), "{log}");
        assert!(log.contains("exit code 1") && build.reason.as_deref().is_some_and(|r| r.ends_with("code 1")));
        let old = log_of(&sim, "main", "12", "BUILD");
        assert!(old.contains("/amplify/d2demo7example/main/") && !old.contains("profile-page/"), "{old}");
    }

    #[test]
    fn a_running_build_has_logged_only_what_it_reached() {
        let sim = sim(1.0);
        let log = log_of(&sim, "pr-7", "1", "PROVISION");
        let stamps = stamps(&log);
        assert!(!stamps.is_empty() && stamps.iter().all(|at| *at <= now_epoch_ms()), "{log}");
        assert!(!log.contains("Build completed successfully"), "{log}");
    }

    #[test]
    fn a_branch_was_deployed_by_its_last_build() {
        let epoch = now_epoch_ms();
        let deployed = backend_deployed_ms("main", epoch).expect("deployed");
        let job = SimJob::past(&PAST[0], epoch);
        assert!((job.start_ms..=job.end_ms).contains(&deployed));
        assert_eq!(backend_deployed_ms("pr-7", epoch), None, "not a build of the past");
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
