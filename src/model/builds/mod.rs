//! What the Hosting page has read of Amplify Hosting and what it still needs: the app, its
//! branches a page at a time, each loaded branch's newest build, the selected branch's builds,
//! the selected build's steps, a step's log. `wanted` says what to ask for next, lazily, and
//! polls only while the page is shown: fast while a build runs, slowly otherwise.

use std::collections::{BTreeMap, BTreeSet};

use crate::domain::health::Problem;
use crate::domain::hosting::{App, Branch, HostingReply, HostingRequest, Job, Scope, Step};
use crate::model::hosting::Log;

/// A build is running: its state is read again this often.
pub const FAST_POLL_MS: i64 = 5_000;
/// Nothing running: every branch's newest build is read again this often.
pub const SLOW_POLL_MS: i64 = 60_000;
/// Loading the next page of branches or builds this close to the end of those read.
const NEAR_END: usize = 10;

#[derive(Debug, Clone, Default)]
pub struct Builds {
    /// The app asked for (config or the branch stacks' `amplify:app-id` tag).
    pub app_id: Option<String>,
    pub app: Option<App>,
    /// No app id known: the account's apps, a page at a time, to pick from.
    pub apps: Vec<App>,
    apps_next: Option<String>,
    apps_listed: bool,
    /// The app the user picked this session: it wins over the config and the stacks' tag.
    pub picked: Option<String>,
    /// The user asked to pick another app: the account's apps are listed whatever is known.
    pub choosing: bool,
    pub branches: Vec<Branch>,
    branches_next: Option<String>,
    branches_listed: bool,
    /// The branches shown are the last read's, kept while `r` reads them again (and after
    /// that failed): the new read's first page replaces them.
    pub branches_kept: bool,
    /// The app is the last read's: `r` reads it again.
    app_stale: bool,
    /// Each loaded branch's newest build.
    pub latest: BTreeMap<String, Job>,
    /// The builds of [`Builds::branch`], newest first.
    pub jobs: Vec<Job>,
    pub branch: Option<String>,
    jobs_next: Option<String>,
    jobs_listed: bool,
    /// The selected build and its steps.
    pub steps: Option<(String, Vec<Step>)>,
    pub log: Option<Log>,
    pub generation: u64,
    asked: BTreeSet<String>,
    polled_ms: i64,
    pub problem: Option<(String, Problem)>,
}

impl Builds {
    /// The app to show; a new one starts over.
    pub fn set_app(&mut self, app_id: Option<String>) {
        if app_id != self.app_id {
            let (picked, choosing) = (self.picked.take(), self.choosing);
            *self = Builds { app_id, picked, choosing, generation: self.generation + 1, ..Builds::default() };
        }
    }

    /// The account's apps are listed to pick from, in place of the branches.
    pub fn picking(&self) -> bool {
        self.app_id.is_none() && !self.apps.is_empty()
    }

    /// The account's apps have been listed (a first page came back).
    pub fn apps_read(&self) -> bool {
        self.apps_listed
    }

    /// Lists the account's apps again to pick another.
    pub fn choose_again(&mut self) {
        (self.picked, self.choosing) = (None, true);
        self.set_app(None);
    }

    /// The user's pick from the listed apps.
    pub fn pick(&mut self, row: usize) -> Option<String> {
        let id = self.apps.get(row)?.id.clone();
        (self.picked, self.choosing) = (Some(id.clone()), false);
        self.set_app(Some(id.clone()));
        Some(id)
    }

    /// What to ask for now. `branch` and `job` are the selections; `branch_row` and `job_row`
    /// where they are in their lists (for the next page).
    pub fn wanted(&mut self, shown: bool, now_ms: i64, branch_row: usize, job_row: usize) -> Vec<HostingRequest> {
        if !shown {
            return Vec::new();
        }
        let mut out = Vec::new();
        let Some(app_id) = self.app_id.clone() else {
            let more = !self.apps_listed || (self.apps_next.is_some() && branch_row + NEAR_END >= self.apps.len());
            if more && self.ask_once("apps") {
                out.push(HostingRequest::Apps { token: self.apps_next.clone() });
            }
            return out;
        };
        if (self.app.is_none() || self.app_stale) && self.ask_once("app") {
            out.push(HostingRequest::App { app_id: app_id.clone() });
        }
        let more_branches =
            !self.branches_listed || (self.branches_next.is_some() && branch_row + NEAR_END >= self.branches.len());
        if more_branches && self.ask_once("branches") {
            let token = self.branches_next.clone();
            out.push(HostingRequest::Branches { app_id: app_id.clone(), token, generation: self.generation });
        }
        for b in &self.branches {
            if !self.latest.contains_key(&b.name) && self.asked.insert(format!("latest {}", b.name)) {
                out.push(self.jobs_request(&app_id, &b.name, None));
            }
        }
        self.selected_wanted(&app_id, job_row, &mut out);
        self.poll(&app_id, now_ms, &mut out);
        out
    }

    fn selected_wanted(&mut self, app_id: &str, job_row: usize, out: &mut Vec<HostingRequest>) {
        let Some(branch) = self.branch.clone() else { return };
        let more = self.jobs_listed && self.jobs_next.is_some() && job_row + NEAR_END >= self.jobs.len();
        if (!self.jobs_listed || more) && self.ask_once(&format!("jobs {branch}")) {
            let token = if self.jobs_listed { self.jobs_next.clone() } else { None };
            out.push(self.jobs_request(app_id, &branch, token));
        }
        let Some(job_id) = self.jobs.get(job_row).map(|j| j.id.clone()) else { return };
        let known = self.steps.as_ref().is_some_and(|(id, _)| *id == job_id);
        if !known && self.ask_once(&format!("job {branch} {job_id}")) {
            out.push(HostingRequest::Job { app_id: app_id.into(), branch, job_id });
        }
    }

    /// Builds that are running are read again on the fast cadence, the rest on the slow one.
    fn poll(&mut self, app_id: &str, now_ms: i64, out: &mut Vec<HostingRequest>) {
        let running = self.latest.values().any(|j| j.status.active());
        let every = if running { FAST_POLL_MS } else { SLOW_POLL_MS };
        if self.polled_ms == 0 {
            self.polled_ms = now_ms;
        }
        if now_ms - self.polled_ms < every {
            return;
        }
        self.polled_ms = now_ms;
        let due: Vec<String> =
            self.latest.iter().filter(|(_, j)| !running || j.status.active()).map(|(b, _)| b.clone()).collect();
        for branch in due {
            out.push(self.jobs_request(app_id, &branch, None));
        }
        if let (Some(branch), Some((job_id, steps))) = (&self.branch, &self.steps)
            && (steps.is_empty() || steps.iter().any(|s| s.status.active()))
        {
            out.push(HostingRequest::Job { app_id: app_id.into(), branch: branch.clone(), job_id: job_id.clone() });
        }
    }

    fn jobs_request(&self, app_id: &str, branch: &str, token: Option<String>) -> HostingRequest {
        HostingRequest::Jobs { app_id: app_id.into(), branch: branch.into(), token, generation: self.generation }
    }

    fn ask_once(&mut self, key: &str) -> bool {
        self.asked.insert(key.to_owned())
    }

    /// A build is running: the page is read again on the fast cadence.
    pub fn following(&self) -> bool {
        self.latest.values().any(|j| j.status.active())
    }

    /// The branch whose builds are listed; another starts its list over.
    pub fn select_branch(&mut self, branch: Option<String>) {
        if branch != self.branch {
            self.asked.retain(|k| !k.starts_with("jobs ") && !k.starts_with("job "));
            (self.branch, self.jobs, self.jobs_next, self.jobs_listed, self.steps) =
                (branch, Vec::new(), None, false, None);
        }
    }

    /// Reads everything again (`r`).
    pub fn reload(&mut self) {
        // A failure stands until a read succeeds; what was read stays shown until read again.
        let (app_id, branch, picked, choosing, problem) =
            (self.app_id.clone(), self.branch.clone(), self.picked.take(), self.choosing, self.problem.take());
        let generation = self.generation + 1;
        let (app, branches, jobs) =
            (self.app.take(), std::mem::take(&mut self.branches), std::mem::take(&mut self.jobs));
        *self = Builds { app_id, branch, picked, choosing, problem, generation, ..Builds::default() };
        self.app_stale = app.is_some();
        self.branches_kept = !branches.is_empty();
        (self.app, self.branches, self.jobs) = (app, branches, jobs);
    }

    /// An answer in; a line for the status bar when it is news.
    pub fn apply(&mut self, reply: HostingReply) -> Option<String> {
        // Any answer but a failure is Amplify Hosting working again.
        if !matches!(reply, HostingReply::Failed { .. }) {
            self.problem = None;
        }
        match reply {
            HostingReply::Apps { apps, next } => self.apps_in(apps, next),
            HostingReply::App(app) => {
                self.app = Some(app);
                self.app_stale = false;
                None
            }
            HostingReply::Branches { generation, branches, next } if generation == self.generation => {
                if std::mem::take(&mut self.branches_kept) {
                    self.branches.clear();
                }
                self.branches.extend(branches);
                (self.branches_next, self.branches_listed) = (next, true);
                self.asked.remove("branches");
                None
            }
            HostingReply::Jobs { branch, generation, first, jobs, next } if generation == self.generation => {
                self.jobs_in(branch, first, jobs, next);
                None
            }
            HostingReply::Branches { .. } | HostingReply::Jobs { .. } => None,
            HostingReply::Job { branch, job, steps } => {
                if self.branch.as_deref() == Some(branch.as_str()) {
                    self.replace_job(&job);
                    self.steps = Some((job.id.clone(), steps));
                }
                None
            }
            HostingReply::Log { job_id, step, text, truncated } => {
                self.log = Some(Log::new(job_id, step, &text, truncated));
                None
            }
            HostingReply::Started { branch, job } => {
                let line = format!("build {} of {branch} started: it follows here", job.id);
                self.latest.insert(branch.clone(), job.clone());
                if self.branch.as_deref() == Some(branch.as_str()) {
                    self.jobs.insert(0, job);
                }
                self.polled_ms = 1;
                Some(line)
            }
            HostingReply::Stopped { branch, job } => {
                let line = format!("build {} of {branch}: {}", job.id, job.status.label());
                self.latest.insert(branch, job.clone());
                self.replace_job(&job);
                Some(line)
            }
            HostingReply::VariableSet { scope, variables } => {
                let line = match &scope {
                    Scope::App => {
                        if let Some(app) = self.app.as_mut() {
                            app.variables = variables;
                        }
                        "the app's variables saved: they apply from its next build".to_owned()
                    }
                    Scope::Branch(name) => {
                        if let Some(b) = self.branches.iter_mut().find(|b| &b.name == name) {
                            b.variables = variables;
                        }
                        format!("{name}'s variables saved: they apply from its next build")
                    }
                };
                Some(line)
            }
            HostingReply::Failed { what, problem } => {
                self.problem = Some((what, problem));
                None
            }
        }
    }

    fn apps_in(&mut self, apps: Vec<App>, next: Option<String>) -> Option<String> {
        let first = !self.apps_listed;
        self.apps.extend(apps);
        (self.apps_next, self.apps_listed) = (next, true);
        self.asked.remove("apps");
        if !first {
            return None;
        }
        match (self.apps.len(), &self.apps_next) {
            // No app named anywhere: the account's only one is the project's.
            (1, None) if !self.choosing => {
                self.app_id = self.apps.first().map(|a| a.id.clone());
                None
            }
            (0, None) => Some("no Amplify Hosting app in this account and region".into()),
            _ => Some("pick the project's Amplify app: enter on it (app_id in ampdeck.toml skips this)".into()),
        }
    }

    fn jobs_in(&mut self, branch: String, first: bool, jobs: Vec<Job>, next: Option<String>) {
        if let (true, Some(newest)) = (first, jobs.first()) {
            self.latest.insert(branch.clone(), newest.clone());
        }
        if self.branch.as_deref() != Some(branch.as_str()) {
            return;
        }
        self.asked.remove(&format!("jobs {branch}"));
        if first {
            // The first page, or a poll of it: news on top, the known updated, the rest kept.
            for job in jobs.into_iter().rev() {
                match self.jobs.iter_mut().find(|k| k.id == job.id) {
                    Some(known) => *known = job,
                    None => self.jobs.insert(0, job),
                }
            }
            if !self.jobs_listed {
                self.jobs_next = next;
            }
        } else {
            let new: Vec<Job> = jobs.into_iter().filter(|j| !self.jobs.iter().any(|k| k.id == j.id)).collect();
            self.jobs.extend(new);
            self.jobs_next = next;
        }
        self.jobs_listed = true;
    }

    fn replace_job(&mut self, job: &Job) {
        if let Some(known) = self.jobs.iter_mut().find(|k| k.id == job.id) {
            *known = job.clone();
        }
    }
}

#[cfg(test)]
mod tests;
