//! Streams the logs of the followed environment's Lambda functions from CloudWatch Logs with
//! `FilterLogEvents`: every page of every group is read (nothing is dropped, unlike ampx's
//! `limit: 100`), each read starts a little back in time so late events are found
//! (`log_cursor`), events are de-duplicated by id, and each round's events are merged in time
//! order. Calls are spread under a budget for the whole environment (2/s
//! by default); a group that just logged is read again soon, a quiet one less and less often.
//! Errors are reported once and retried with backoff, never fatal. Where the endpoint has
//! Live Tail, it delivers first (`live_tail`) and polling backs it up.

use std::collections::HashMap;
use std::time::Duration;

use aws_sdk_cloudwatchlogs::Client;
use aws_sdk_cloudwatchlogs::config::http::HttpResponse;
use aws_sdk_cloudwatchlogs::error::SdkError;
use aws_sdk_cloudwatchlogs::operation::filter_log_events::FilterLogEventsError;
use aws_sdk_cloudwatchlogs::types::FilteredLogEvent;
use tokio::sync::watch;
use tokio::time::Instant;

use super::client::{self, CallCounter, CloudError, Connection};
use super::live_tail::{self, Delivered, Live};
use super::log_cursor::Cursor;
use crate::domain::health::{Health, Source};
use crate::domain::logs::{Function, LogEvent};
use crate::domain::notice::Notice;
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
    pub async fn run(self, functions: watch::Receiver<Vec<Function>>) {
        self.run_with(functions, None).await;
    }

    /// For tests only: [`run`](Self::run), with Live Tail's sessions sent to `live`, a
    /// stand-in (no emulator has Live Tail), and everything else to the connection.
    pub async fn run_with_live_tail(self, functions: watch::Receiver<Vec<Function>>, live: live_tail::Endpoint) {
        self.run_with(functions, Some(live)).await;
    }

    async fn run_with(self, mut functions: watch::Receiver<Vec<Function>>, live: Option<live_tail::Endpoint>) {
        let client = client::logs(&self.connection, self.calls.clone()).await;
        let mut groups: HashMap<String, Group> = HashMap::new();
        let mut budget = Budget { spacing: self.pace.spacing(), next: Instant::now() };
        let mut reported: Option<CloudError> = None;
        let streaming = live.map_or_else(|| client.clone(), |endpoint| endpoint.client(&client));
        let mut live = LiveState::new(self.pace.live, streaming);
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
                    Ok(read) => {
                        group.interval =
                            if read.events.is_empty() { (group.interval * 2).min(self.pace.quiet) } else { active };
                        if read.skipped > 0 {
                            self.sink.send(FollowMsg::Notice(skipped(&group.function, read.skipped))).await;
                        }
                        let runs = live.runs();
                        let delivered = live.delivered.entry(group.function.log_group.clone()).or_default();
                        batch.extend(read.events.into_iter().filter(|e| delivered.from_polling(e, runs)));
                        delivered.prune(group.cursor.floor());
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
    /// The client the sessions use: the tail's own, except in tests.
    streaming: Client,
    /// A session answered: until then polling keeps its own pace.
    started: bool,
    task: Option<tokio::task::JoinHandle<()>>,
    covering: Vec<Function>,
    tx: tokio::sync::mpsc::UnboundedSender<Live>,
    rx: tokio::sync::mpsc::UnboundedReceiver<Live>,
    delivered: HashMap<String, Delivered>,
}

impl LiveState {
    fn new(wanted: bool, streaming: Client) -> Self {
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        Self { wanted, streaming, started: false, task: None, covering: Vec::new(), tx, rx, delivered: HashMap::new() }
    }

    /// Sessions run or are starting: Live Tail may yet send what polling reads.
    fn runs(&self) -> bool {
        self.wanted && self.task.as_ref().is_some_and(|t| !t.is_finished())
    }

    fn on(&self) -> bool {
        self.started && self.runs()
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
            let run = live_tail::run(client.clone(), self.streaming.clone(), functions.to_vec(), self.tx.clone());
            self.task = Some(tokio::spawn(run));
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
                    .filter_map(|(group, event)| {
                        self.delivered.entry(group).or_default().from_live(&event).then_some(event)
                    })
                    .collect();
                shown.sort_by_key(|e| e.timestamp_ms);
                (!shown.is_empty()).then_some(shown)
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

fn skipped(function: &Function, ms: usize) -> Notice {
    let what = if ms == 1 { "1 ms".to_owned() } else { format!("{ms} ms") };
    Notice::warn(format!(
        "logs: {what} of {}'s log could not be read (a malformed event) and was skipped; the rest keeps coming",
        function.name
    ))
}

/// New functions are read at once; gone ones are dropped.
fn sync(groups: &mut HashMap<String, Group>, current: &[Function], pace: &Pace) {
    let first_look = i64::try_from(pace.first_look.as_millis()).unwrap_or(i64::MAX);
    groups.retain(|log_group, _| current.iter().any(|f| &f.log_group == log_group));
    for function in current {
        groups.entry(function.log_group.clone()).or_insert_with(|| Group {
            function: function.clone(),
            cursor: Cursor::from(crate::util::timefmt::now_epoch_ms() - first_look),
            interval: pace.active,
            due: Instant::now(),
        });
    }
}

/// What one read of a group brought.
#[derive(Debug, Default)]
struct Read {
    events: Vec<LogEvent>,
    /// Milliseconds left out this time because an event in them cannot be read.
    skipped: usize,
}

/// How reading a time range went.
enum Range {
    Read(Vec<FilteredLogEvent>),
    /// The service answered, but an event in the answer cannot be decoded.
    Undecodable,
    Failed(CloudError),
}

/// New events of one group: the window from the cursor's start, every page of it, each
/// event once. A range whose answer cannot be decoded (a malformed event: a lone UTF-16
/// surrogate, say) is halved until only the millisecond holding it is left out, so one bad
/// event costs one millisecond of log, not the group. A group that does not exist yet (never
/// invoked) has no events.
async fn read_group(client: &Client, group: &mut Group, budget: &mut Budget) -> Result<Read, CloudError> {
    let log_group = group.function.log_group.clone();
    let now = crate::util::timefmt::now_epoch_ms();
    let mut todo: Vec<(i64, Option<i64>)> = group.cursor.ranges().into_iter().rev().collect();
    let mut read = Read::default();
    let mut found = Vec::new();
    while let Some((start, end)) = todo.pop() {
        match read_range(client, &log_group, start, end, budget).await {
            Range::Read(events) => found.extend(events),
            Range::Failed(error) => return Err(error),
            Range::Undecodable => {
                let end = end.unwrap_or(now).max(start);
                if end == start {
                    group.cursor.mark_unreadable(start);
                    read.skipped += 1;
                } else {
                    let mid = start + (end - start) / 2;
                    todo.push((mid + 1, Some(end)));
                    todo.push((start, Some(mid)));
                }
            }
        }
    }
    let function = &group.function;
    for e in found {
        let (Some(ts), Some(id)) = (e.timestamp(), e.event_id()) else { continue };
        if group.cursor.fresh(id, ts) {
            let message = e.message.unwrap_or_default();
            read.events.push(LogEvent {
                function: function.name.clone(),
                timestamp_ms: ts,
                message,
                internal: function.internal,
                source: function.source,
            });
        }
    }
    group.cursor.settle();
    // An endpoint may group a page by stream: the pane gets them in time order.
    read.events.sort_by_key(|e| e.timestamp_ms);
    Ok(read)
}

/// Every page of `[start, end]` (to now when `end` is open).
async fn read_range(client: &Client, log_group: &str, start: i64, end: Option<i64>, budget: &mut Budget) -> Range {
    let mut events = Vec::new();
    let mut token: Option<String> = None;
    loop {
        budget.take().await;
        let page = client
            .filter_log_events()
            .log_group_name(log_group)
            .start_time(start)
            .set_end_time(end)
            .set_next_token(token.take())
            .send()
            .await;
        let page = match page {
            Ok(page) => page,
            Err(e) if e.as_service_error().is_some_and(|s| s.is_resource_not_found_exception()) => {
                return Range::Read(events);
            }
            Err(e) if undecodable(&e) => return Range::Undecodable,
            Err(e) => return Range::Failed(client::describe(&e)),
        };
        let next = page.next_token().filter(|t| !t.is_empty()).map(str::to_owned);
        events.extend(page.events.unwrap_or_default());
        match next {
            Some(next) => token = Some(next),
            None => return Range::Read(events),
        }
    }
}

/// The service answered (HTTP success), but the SDK could not read the answer.
fn undecodable(err: &SdkError<FilterLogEventsError, HttpResponse>) -> bool {
    match err {
        SdkError::ResponseError(_) => true,
        SdkError::ServiceError(e) => e.raw().status().is_success(),
        _ => false,
    }
}
