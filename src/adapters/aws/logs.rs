//! Streams the logs of the followed environment's Lambda functions from CloudWatch Logs with
//! `FilterLogEvents`: every page of every group is read (nothing is dropped, unlike ampx's
//! `limit: 100`), events are de-duplicated by id at the time boundary, and each round's events
//! are merged in time order. Calls are spread under a budget for the whole environment (2/s
//! by default); a group that just logged is read again soon, a quiet one less and less often.
//! Errors are reported once and retried with backoff, never fatal. Where the endpoint has
//! Live Tail, it delivers first (`live_tail`) and polling backs it up.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use aws_sdk_cloudwatchlogs::Client;
use tokio::sync::watch;
use tokio::time::Instant;

use super::client::{self, CallCounter, CloudError, Connection};
use super::live_tail::{self, Delivered, Live};
use crate::domain::health::{Health, Source};
use crate::domain::logs::{Function, LogEvent};
use crate::ports::{FollowMsg, Sink};

/// How the tail paces itself.
#[derive(Debug, Clone, Copy)]
pub struct Pace {
    /// Between two reads of a group that just logged.
    pub active: Duration,
    /// The longest wait for a quiet group (it doubles up to this).
    pub quiet: Duration,
    /// Calls per second for the whole environment.
    pub budget: f64,
    /// How far back the first read of a group goes.
    pub first_look: Duration,
    /// Try Live Tail first (polling stays, more slowly, for completeness).
    pub live: bool,
}

impl Pace {
    pub fn new(active: Duration) -> Self {
        Self { active, quiet: active * 8, budget: 2.0, first_look: Duration::from_secs(5 * 60), live: true }
    }

    fn spacing(&self) -> Duration {
        Duration::from_secs_f64(1.0 / self.budget.max(0.01))
    }
}

pub struct LogTail {
    pub connection: Connection,
    pub calls: CallCounter,
    pub pace: Pace,
    pub sink: Sink<FollowMsg>,
}

#[derive(Default)]
struct Cursor {
    /// Newest timestamp read, and the ids of the events at exactly that time (read again
    /// next round, because `startTime` is inclusive).
    newest_ms: i64,
    at_newest: HashSet<String>,
}

struct Group {
    function: Function,
    cursor: Cursor,
    interval: Duration,
    due: Instant,
}

/// Spreads calls: one every `spacing`, whoever makes it.
struct Budget {
    spacing: Duration,
    next: Instant,
}

impl Budget {
    async fn take(&mut self) {
        tokio::time::sleep_until(self.next).await;
        self.next = Instant::now() + self.spacing;
    }
}

impl LogTail {
    pub async fn run(self, mut functions: watch::Receiver<Vec<Function>>) {
        let client = client::logs(&self.connection, self.calls.clone()).await;
        let mut groups: HashMap<String, Group> = HashMap::new();
        let mut budget = Budget { spacing: self.pace.spacing(), next: Instant::now() };
        let mut reported: Option<CloudError> = None;
        let mut live = LiveState::new(self.pace.live);
        loop {
            let current = functions.borrow_and_update().clone();
            sync(&mut groups, &current, &self.pace);
            live.follow(&client, &current);
            // Polling backs Live Tail up at the quiet pace; alone, it reads active groups soon.
            let active = if live.on() { self.pace.quiet } else { self.pace.active };
            let now = Instant::now();
            let mut due: Vec<&mut Group> = groups.values_mut().filter(|g| g.due <= now).collect();
            due.sort_by_key(|g| g.due);
            let mut batch = Vec::new();
            for group in due {
                match read_group(&client, group, &mut budget).await {
                    Ok(events) => {
                        group.interval =
                            if events.is_empty() { (group.interval * 2).min(self.pace.quiet) } else { active };
                        let delivered = live.delivered.entry(group.function.log_group.clone()).or_default();
                        batch.extend(events.into_iter().filter(|e| !delivered.already(e)));
                        delivered.prune(group.cursor.newest_ms);
                        if reported.take().is_some() {
                            self.sink.send(FollowMsg::Health(Health::Recovered(Source::Logs))).await;
                        }
                    }
                    Err(error) => {
                        group.interval = (group.interval * 2).min(Duration::from_secs(60)).max(self.pace.active);
                        if reported.as_ref().is_none_or(|r| r.message != error.message) {
                            let problem = error.problem(Source::Logs);
                            self.sink.send(FollowMsg::Health(Health::Problem(problem))).await;
                            reported = Some(error);
                        }
                    }
                }
                group.due = Instant::now() + group.interval;
            }
            if !batch.is_empty() {
                batch.sort_by_key(|e| e.timestamp_ms);
                if !self.sink.send(FollowMsg::Logs(batch)).await {
                    return;
                }
            }
            let next = groups.values().map(|g| g.due).min().unwrap_or_else(|| Instant::now() + self.pace.quiet);
            tokio::select! {
                () = tokio::time::sleep_until(next) => {}
                changed = functions.changed() => if changed.is_err() { return },
                Some(message) = live.rx.recv() => {
                    if let Some(events) = live.take(message)
                        && !self.sink.send(FollowMsg::Logs(events)).await
                    {
                        return;
                    }
                }
            }
        }
    }
}

/// The Live Tail sessions beside polling, while the endpoint has them.
struct LiveState {
    wanted: bool,
    /// A session answered: until then polling keeps its own pace.
    started: bool,
    task: Option<tokio::task::JoinHandle<()>>,
    covering: Vec<Function>,
    tx: tokio::sync::mpsc::UnboundedSender<Live>,
    rx: tokio::sync::mpsc::UnboundedReceiver<Live>,
    delivered: HashMap<String, Delivered>,
}

impl LiveState {
    fn new(wanted: bool) -> Self {
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        Self { wanted, started: false, task: None, covering: Vec::new(), tx, rx, delivered: HashMap::new() }
    }

    fn on(&self) -> bool {
        self.wanted && self.started && self.task.as_ref().is_some_and(|t| !t.is_finished())
    }

    /// Sessions for the current functions: new ones when the set changed.
    fn follow(&mut self, client: &Client, functions: &[Function]) {
        if !self.wanted || (self.covering == functions && self.task.is_some()) {
            return;
        }
        if let Some(old) = self.task.take() {
            old.abort();
        }
        self.covering = functions.to_vec();
        self.started = false;
        self.delivered.retain(|group, _| functions.iter().any(|f| &f.log_group == group));
        if !functions.is_empty() {
            self.task = Some(tokio::spawn(live_tail::run(client.clone(), functions.to_vec(), self.tx.clone())));
        }
    }

    /// Events to show now, noted so polling does not show them again.
    fn take(&mut self, message: Live) -> Option<Vec<LogEvent>> {
        match message {
            Live::Started => {
                self.started = true;
                None
            }
            Live::Events(events) => {
                let mut shown: Vec<LogEvent> = events
                    .into_iter()
                    .map(|(group, event)| {
                        self.delivered.entry(group).or_default().live(&event);
                        event
                    })
                    .collect();
                shown.sort_by_key(|e| e.timestamp_ms);
                Some(shown)
            }
            Live::Unsupported(reason) => {
                tracing::info!("Live Tail unavailable ({reason}): polling alone");
                self.wanted = false;
                if let Some(task) = self.task.take() {
                    task.abort();
                }
                None
            }
        }
    }
}

impl Drop for LiveState {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// New functions are read at once; gone ones are dropped.
fn sync(groups: &mut HashMap<String, Group>, current: &[Function], pace: &Pace) {
    let first_look = i64::try_from(pace.first_look.as_millis()).unwrap_or(i64::MAX);
    groups.retain(|log_group, _| current.iter().any(|f| &f.log_group == log_group));
    for function in current {
        groups.entry(function.log_group.clone()).or_insert_with(|| Group {
            function: function.clone(),
            cursor: Cursor { newest_ms: crate::util::timefmt::now_epoch_ms() - first_look, at_newest: HashSet::new() },
            interval: pace.active,
            due: Instant::now(),
        });
    }
}

/// New events of one group, every page; a group that does not exist yet (never invoked) has
/// none.
async fn read_group(client: &Client, group: &mut Group, budget: &mut Budget) -> Result<Vec<LogEvent>, CloudError> {
    let (function, cursor) = (&group.function, &mut group.cursor);
    let mut fresh = Vec::new();
    let mut token: Option<String> = None;
    // The pages of one query share its parameters.
    let start = cursor.newest_ms;
    loop {
        budget.take().await;
        let page = client
            .filter_log_events()
            .log_group_name(&function.log_group)
            .start_time(start)
            .set_next_token(token.take())
            .send()
            .await;
        let page = match page {
            Ok(page) => page,
            Err(e) if e.as_service_error().is_some_and(|s| s.is_resource_not_found_exception()) => return Ok(fresh),
            Err(e) => return Err(client::describe(&e)),
        };
        for e in page.events() {
            let (Some(ts), Some(id)) = (e.timestamp(), e.event_id()) else { continue };
            if ts < cursor.newest_ms || (ts == cursor.newest_ms && cursor.at_newest.contains(id)) {
                continue;
            }
            fresh.push(LogEvent {
                function: function.name.clone(),
                timestamp_ms: ts,
                message: e.message().unwrap_or_default().to_owned(),
                internal: function.internal,
            });
            if ts > cursor.newest_ms {
                cursor.newest_ms = ts;
                cursor.at_newest.clear();
            }
            cursor.at_newest.insert(id.to_owned());
        }
        match page.next_token() {
            Some(next) if !next.is_empty() => token = Some(next.to_owned()),
            _ => return Ok(fresh),
        }
    }
}
