//! Follows one stack: its status and outputs (`DescribeStacks`), its events read incrementally
//! (`DescribeStackEvents`, paging only back to the newest event already seen), nested stacks
//! found through their `AWS::CloudFormation::Stack` resources, a resource snapshot and the
//! user's functions on the slow cadence. Fast (1 s) while anything is in progress or a deploy
//! runs, slow (20 s) otherwise; errors back off with jitter and are reported once.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use aws_sdk_cloudformation::Client;
use aws_sdk_cloudformation::types::Stack;
use tokio::time::Instant;

use super::client::{self, CallCounter, CloudError, Connection, describe};
use super::{functions, stacks};
use crate::amplify::template::Declared;
use crate::domain::health::{CloudStatus, Health, ProblemKind, Source};
use crate::domain::logs::Function;
use crate::domain::notice::Notice;
use crate::domain::stack::StackEvent;
use crate::ports::{Activity, FollowMsg, Sink};

/// Nested stacks followed at most, so a malformed tree cannot grow without bound.
const MAX_STACKS: usize = 200;
/// Environment discovery runs on every n-th slow poll.
const DISCOVER_EVERY: u32 = 3;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timing {
    pub fast: Duration,
    pub slow: Duration,
    pub max_backoff: Duration,
    /// Between two reads of a log group that just logged.
    pub logs: Duration,
    /// `FilterLogEvents` calls per second for the whole environment.
    pub log_budget: f64,
}

impl Default for Timing {
    fn default() -> Self {
        Self {
            fast: Duration::from_secs(1),
            slow: Duration::from_secs(20),
            // Recovery is noticed within half a minute of the endpoint coming back.
            max_backoff: Duration::from_secs(15),
            logs: Duration::from_secs(1),
            log_budget: 2.0,
        }
    }
}

pub struct Poller {
    pub connection: Connection,
    pub stack: String,
    pub timing: Timing,
    pub calls: CallCounter,
    /// Whether a deploy runs (poll fast), and when to poll at once.
    pub activity: Activity,
    pub sink: Sink<FollowMsg>,
    /// Where the environment's functions go (the log tail), and which of them.
    pub functions: Option<(tokio::sync::watch::Sender<Vec<Function>>, super::FunctionChoice)>,
}

#[derive(Default)]
struct Followed {
    /// Newest event id seen, per stack id.
    newest: HashMap<String, String>,
    /// Nested stack ids, and whether each is in progress (from its parent's resource).
    nested: HashMap<String, bool>,
    /// Nested stacks that finished since the last poll: read their events once more.
    settling: HashSet<String>,
    root_busy: bool,
    /// The first poll only remembers where the event history ends.
    primed: bool,
    missing: bool,
    account: Option<String>,
    error: Option<CloudError>,
    slow_polls: u32,
    /// What each stack's template declares about its functions, read once per deploy.
    templates: HashMap<String, HashMap<String, Declared>>,
    /// The root stack's id: a new one (deleted and created again outside ampdeck) makes
    /// everything known of its nested stacks stale.
    root_id: Option<String>,
    /// Nested stacks that cannot be read, and why; said once each.
    unreadable: HashMap<String, String>,
}

impl Followed {
    /// The root is another stack now: its nested stacks are found afresh.
    fn forget_nested(&mut self) {
        self.newest.clear();
        self.nested.clear();
        self.settling.clear();
        self.templates.clear();
        self.unreadable.clear();
        self.primed = false;
    }
}

impl Followed {
    fn busy(&self) -> bool {
        self.root_busy || self.nested.values().any(|&b| b) || !self.settling.is_empty()
    }
}

impl Poller {
    pub async fn run(self) {
        let (client, region) = client::connect(&self.connection, self.calls.clone()).await;
        self.sink.send(FollowMsg::Cloud(CloudStatus::Connected { region, account: None })).await;
        let mut f = Followed::default();
        let mut failures = 0u32;
        let mut last_full: Option<Instant> = None;
        let mut was_busy = false;
        loop {
            let full = last_full.is_none_or(|t| t.elapsed() >= self.timing.slow);
            match self.poll(&client, &mut f, full).await {
                Ok(()) => {
                    failures = 0;
                    if full {
                        last_full = Some(Instant::now());
                    }
                    if f.error.take().is_some() {
                        self.sink.send(FollowMsg::Health(Health::Recovered(Source::Stacks))).await;
                        let account = f.account.clone();
                        self.sink.send(FollowMsg::Cloud(CloudStatus::Connected { region: None, account })).await;
                    }
                }
                Err(e) => {
                    failures += 1;
                    if f.error.as_ref().is_none_or(|old| old.message != e.message) {
                        self.sink.send(FollowMsg::Health(Health::Problem(e.problem(Source::Stacks)))).await;
                    }
                    f.error = Some(e);
                }
            }
            let busy = f.busy() || self.activity.busy();
            let settled = was_busy && !busy;
            was_busy = busy;
            let wait = if failures > 0 {
                backoff(failures, self.timing.max_backoff)
            } else if busy {
                self.timing.fast
            } else if settled {
                // A deploy just ended: take a fresh snapshot and look at the environments now,
                // not at the next slow poll.
                last_full = None;
                f.slow_polls = 0;
                f.templates.clear();
                Duration::ZERO
            } else {
                self.timing.slow
            };
            tokio::select! {
                () = tokio::time::sleep(wait) => {}
                () = self.activity.changed() => {}
            }
        }
    }

    async fn poll(&self, client: &Client, f: &mut Followed, full: bool) -> Result<(), CloudError> {
        if self.stack.is_empty() {
            // No stack of the project's to follow (not a project): the account's environments
            // are still worth listing.
            return self.discover_if_due(client, f, full).await;
        }
        let root = match self.describe_root(client).await {
            Ok(root) => root,
            Err(e) if e.kind == ProblemKind::NotFound => {
                if !f.missing {
                    f.missing = true;
                    self.publish_functions(Vec::new());
                    f.newest.clear();
                    f.nested.clear();
                    self.sink.send(FollowMsg::StackMissing).await;
                }
                f.root_busy = false;
                return self.discover_if_due(client, f, full).await;
            }
            Err(e) => return Err(e),
        };
        f.missing = false;
        let root_id = root.stack_id().unwrap_or_default().to_owned();
        if f.root_id.as_ref().is_some_and(|old| *old != root_id) {
            f.forget_nested();
        }
        f.root_id = Some(root_id.clone());
        if f.account.is_none() {
            f.account = stacks::account_from_arn(&root_id).map(str::to_owned);
            let status = CloudStatus::Connected { region: None, account: f.account.clone() };
            self.sink.send(FollowMsg::Cloud(status)).await;
        }
        f.root_busy = root.stack_status().is_some_and(|s| s.as_str().ends_with("_IN_PROGRESS"));

        let mut fresh = self.new_events(client, &root_id, f).await?;
        let watch: Vec<String> = f
            .nested
            .iter()
            .filter(|(_, busy)| **busy || full)
            .map(|(id, _)| id.clone())
            .chain(f.settling.drain())
            .collect();
        for id in watch {
            match self.new_events(client, &id, f).await {
                Ok(events) => fresh.extend(events),
                Err(e) => self.skip_nested(f, &id, e).await?,
            }
        }
        self.track_nested(f, &fresh);
        f.primed = true;
        if !fresh.is_empty() {
            fresh.sort_by_key(|e| e.timestamp_ms);
            self.sink.send(FollowMsg::StackEvents(fresh)).await;
        }
        if full {
            let snapshot = self.snapshot(client, &root, f).await?;
            let outputs = stacks::outputs(&root);
            let functions = functions::of(client, &snapshot, &outputs, &mut f.templates).await;
            self.sink.send(FollowMsg::Functions(functions::targets(&functions, &snapshot))).await;
            self.publish_functions(
                functions.into_iter().chain(crate::amplify::functions::data_api(&outputs)).collect(),
            );
            self.sink.send(FollowMsg::StackResources(snapshot)).await;
            self.sink.send(FollowMsg::StackOutputs(outputs)).await;
        }
        self.discover_if_due(client, f, full).await
    }

    fn publish_functions(&self, mut found: Vec<Function>) {
        let Some((functions, choice)) = &self.functions else { return };
        found.retain(|f| choice.picks(f));
        found.sort_by(|a, b| a.log_group.cmp(&b.log_group));
        found.dedup();
        functions.send_if_modified(|current| {
            let changed = *current != found;
            if changed {
                *current = found;
            }
            changed
        });
    }

    async fn describe_root(&self, client: &Client) -> Result<Stack, CloudError> {
        let out = client.describe_stacks().stack_name(&self.stack).send().await.map_err(|e| describe(&e))?;
        out.stacks().first().cloned().ok_or_else(|| CloudError {
            message: format!("stack {} does not exist", self.stack),
            hint: "not deployed yet: press d to deploy",
            kind: ProblemKind::NotFound,
        })
    }

    /// Events newer than the newest seen, oldest first. A stack seen for the first time
    /// after the start contributes its latest page (it is new in this deploy).
    async fn new_events(
        &self,
        client: &Client,
        stack_id: &str,
        f: &mut Followed,
    ) -> Result<Vec<StackEvent>, CloudError> {
        let newest = f.newest.get(stack_id).cloned();
        let mut pages = client.describe_stack_events().stack_name(stack_id).into_paginator().send();
        let mut fresh = Vec::new();
        let mut first_id: Option<String> = None;
        'pages: while let Some(page) = pages.next().await {
            let page = page.map_err(|e| describe(&e))?;
            for e in page.stack_events() {
                let id = e.event_id().unwrap_or_default();
                first_id.get_or_insert_with(|| id.to_owned());
                if newest.as_deref() == Some(id) || (newest.is_none() && !f.primed) {
                    break 'pages;
                }
                fresh.push(stacks::event(e));
            }
            if newest.is_none() {
                break; // one page of a newly seen stack is enough
            }
        }
        if let Some(id) = first_id {
            f.newest.insert(stack_id.to_owned(), id);
        }
        fresh.reverse();
        Ok(fresh)
    }

    /// A nested stack that cannot be read (it no longer exists, say) is said once and
    /// skipped: the other stacks go on being followed. Problems of the whole connection
    /// (network, credentials, throttling) are not its own and stop the poll as usual.
    async fn skip_nested(&self, f: &mut Followed, id: &str, e: CloudError) -> Result<(), CloudError> {
        if !matches!(e.kind, ProblemKind::NotFound | ProblemKind::Other) {
            return Err(e);
        }
        if f.unreadable.insert(id.to_owned(), e.message.clone()).is_none() {
            let name = stacks::name_from_arn(id).unwrap_or(id);
            let text = format!("nested stack {name} cannot be read ({}): skipped; the rest is followed", e.message);
            self.sink.send(FollowMsg::Notice(Notice::warn(text))).await;
        }
        f.nested.remove(id);
        Ok(())
    }

    /// Nested stacks appear and change state through their parents' events.
    fn track_nested(&self, f: &mut Followed, events: &[StackEvent]) {
        for e in events.iter().filter(|e| e.resource_type == "AWS::CloudFormation::Stack" && !e.is_stack_self()) {
            if e.physical_id.is_empty() || (f.nested.len() >= MAX_STACKS && !f.nested.contains_key(&e.physical_id)) {
                continue;
            }
            let busy = e.status.ends_with("_IN_PROGRESS");
            if f.nested.insert(e.physical_id.clone(), busy) == Some(true) && !busy {
                f.settling.insert(e.physical_id.clone());
            }
        }
    }

    /// Every resource of the root and its nested stacks, with the current status.
    async fn snapshot(&self, client: &Client, root: &Stack, f: &mut Followed) -> Result<Vec<StackEvent>, CloudError> {
        let mut out = vec![stacks::stack_status(root)];
        let root_id = root.stack_id().unwrap_or_default().to_owned();
        let root_name = root.stack_name().unwrap_or_default().to_owned();
        // Each stack with the status its parent gives it (none for the root).
        let mut queue: Vec<(String, String, Option<String>)> = vec![(root_id.clone(), root_name, None)];
        let mut seen = HashSet::new();
        while let Some((id, name, status)) = queue.pop() {
            if !seen.insert(id.clone()) || seen.len() > MAX_STACKS {
                continue;
            }
            let resources = match self.resources_of(client, &id, &name).await {
                Ok(resources) => resources,
                Err(e) if id == root_id => return Err(e),
                Err(e) => {
                    let reason = format!("cannot be read ({}): skipped", e.message);
                    self.skip_nested(f, &id, e).await?;
                    out.push(stacks::unreadable(&id, &name, status.unwrap_or_default(), reason));
                    continue;
                }
            };
            for resource in resources {
                // Real CloudFormation names a nested stack by its ARN; emulators may use its name.
                if resource.resource_type == "AWS::CloudFormation::Stack"
                    && !resource.physical_id.is_empty()
                    && resource.physical_id != id
                {
                    let child = resource.physical_id.clone();
                    f.nested.entry(child.clone()).or_insert(resource.status.ends_with("_IN_PROGRESS"));
                    let child_name = stacks::name_from_arn(&child).unwrap_or(&child).to_owned();
                    queue.push((child, child_name, Some(resource.status.clone())));
                }
                out.push(resource);
            }
        }
        Ok(out)
    }

    /// Every resource of one stack, every page.
    async fn resources_of(&self, client: &Client, id: &str, name: &str) -> Result<Vec<StackEvent>, CloudError> {
        let mut items = client.list_stack_resources().stack_name(id).into_paginator().items().send();
        let mut resources = Vec::new();
        while let Some(item) = items.next().await {
            resources.push(stacks::resource(id, name, &item.map_err(|e| describe(&e))?));
        }
        Ok(resources)
    }

    async fn discover_if_due(&self, client: &Client, f: &mut Followed, full: bool) -> Result<(), CloudError> {
        if !full {
            return Ok(());
        }
        f.slow_polls += 1;
        if f.slow_polls % DISCOVER_EVERY != 1 {
            return Ok(());
        }
        let mut all = Vec::new();
        let mut items = client.describe_stacks().into_paginator().items().send();
        while let Some(item) = items.next().await {
            all.push(item.map_err(|e| describe(&e))?);
        }
        self.sink.send(FollowMsg::Environments(stacks::environments(&all, &self.stack))).await;
        Ok(())
    }
}

/// Exponential backoff from one second, capped, with ±25% jitter so many clients do not
/// retry in step.
fn backoff(failures: u32, max: Duration) -> Duration {
    let base = Duration::from_secs(1u64 << failures.min(6).saturating_sub(1)).min(max);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let jitter = f64::from(nanos % 1000) / 1000.0 * 0.5 - 0.25;
    base.mul_f64(1.0 + jitter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_with_jitter_and_a_cap() {
        let max = Duration::from_secs(60);
        for failures in 1..10 {
            let expected = Duration::from_secs(1u64 << (failures.min(6) - 1)).min(max);
            let got = backoff(failures, max);
            assert!(got >= expected.mul_f64(0.75) && got <= expected.mul_f64(1.25), "{failures}: {got:?}");
        }
    }
}
