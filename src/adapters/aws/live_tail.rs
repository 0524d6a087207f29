//! CloudWatch Logs Live Tail, where the endpoint has it: events arrive about a second after
//! they are logged instead of at the next poll. It only speeds things up. Live Tail samples
//! above 500 events a second and its events carry no id, so `FilterLogEvents` polling keeps
//! running behind it (more slowly) and stays the source of completeness; [`Delivered`]
//! keeps the two from showing an event twice. An endpoint without Live Tail (the emulator)
//! refuses the first session and polling alone goes on.

use std::collections::HashMap;
use std::time::Duration;

use aws_sdk_cloudwatchlogs::Client;
use aws_sdk_cloudwatchlogs::types::StartLiveTailResponseStream;
use tokio::sync::mpsc::UnboundedSender;

use crate::domain::logs::{Function, LogEvent};

/// Live Tail's limit of log groups per session.
pub const GROUPS_PER_SESSION: usize = 10;

/// What the live sessions report to the tail.
#[derive(Debug)]
pub enum Live {
    /// A session runs: polling may slow down.
    Started,
    Events(Vec<(String, LogEvent)>),
    /// The endpoint has no Live Tail (or refused it): polling alone from now on.
    Unsupported(String),
}

/// Runs sessions for `functions` until the task is aborted (the function set changed) or
/// the endpoint says it cannot.
pub async fn run(client: Client, functions: Vec<Function>, tx: UnboundedSender<Live>) {
    let arns = match arns(&client, &functions).await {
        Ok(arns) => arns,
        Err(reason) => {
            let _ = tx.send(Live::Unsupported(reason));
            return;
        }
    };
    let sessions: Vec<_> = arns
        .chunks(GROUPS_PER_SESSION)
        .map(|chunk| tokio::spawn(session(client.clone(), chunk.to_vec(), functions.clone(), tx.clone())))
        .collect();
    // Aborting this task ends the sessions with it.
    let _guard = AbortOnDrop(sessions);
    std::future::pending::<()>().await;
}

struct AbortOnDrop(Vec<tokio::task::JoinHandle<()>>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.iter().for_each(tokio::task::JoinHandle::abort);
    }
}

/// Live Tail names groups by ARN; groups that do not exist yet are left to polling. One
/// listing of the Lambda log groups finds them all (and one of the data API's, when tailed).
async fn arns(client: &Client, functions: &[Function]) -> Result<Vec<(String, String)>, String> {
    let mut prefixes = vec!["/aws/lambda/"];
    if functions.iter().any(|f| f.source == crate::domain::logs::LogSource::AppSync) {
        prefixes.push(crate::amplify::functions::APPSYNC_LOG_PREFIX);
    }
    let mut found = Vec::new();
    for prefix in prefixes {
        found.extend(listed(client, prefix, functions).await?);
    }
    Ok(found)
}

async fn listed(client: &Client, prefix: &str, functions: &[Function]) -> Result<Vec<(String, String)>, String> {
    let mut pages = client.describe_log_groups().log_group_name_prefix(prefix).into_paginator().send();
    let mut found = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| super::client::describe(&e).message)?;
        for group in page.log_groups() {
            let Some(name) = group.log_group_name().filter(|n| functions.iter().any(|f| f.log_group == *n)) else {
                continue;
            };
            let arn = group
                .log_group_arn()
                .map(str::to_owned)
                .or_else(|| group.arn().map(|a| a.trim_end_matches(":*").to_owned()));
            if let Some(arn) = arn {
                found.push((arn, name.to_owned()));
            }
        }
    }
    Ok(found)
}

/// One session; it ends after three hours at most, and is then started again.
async fn session(client: Client, groups: Vec<(String, String)>, functions: Vec<Function>, tx: UnboundedSender<Live>) {
    let by_arn: HashMap<String, Function> = groups
        .iter()
        .filter_map(|(arn, group)| Some((arn.clone(), functions.iter().find(|f| &f.log_group == group)?.clone())))
        .collect();
    loop {
        let started = client
            .start_live_tail()
            .set_log_group_identifiers(Some(groups.iter().map(|(arn, _)| arn.clone()).collect()))
            .send()
            .await;
        let mut stream = match started {
            Ok(out) => {
                let _ = tx.send(Live::Started);
                out.response_stream
            }
            Err(e) => {
                let _ = tx.send(Live::Unsupported(super::client::describe(&e).message));
                return;
            }
        };
        while let Ok(Some(message)) = stream.recv().await {
            let StartLiveTailResponseStream::SessionUpdate(update) = message else { continue };
            let events: Vec<(String, LogEvent)> = update
                .session_results()
                .iter()
                .filter_map(|e| {
                    let function = by_arn.get(e.log_group_identifier()?)?;
                    let event = LogEvent {
                        function: function.name.clone(),
                        timestamp_ms: e.timestamp()?,
                        message: e.message().unwrap_or_default().to_owned(),
                        internal: function.internal,
                        source: function.source,
                    };
                    Some((function.log_group.clone(), event))
                })
                .collect();
            if !events.is_empty() && tx.send(Live::Events(events)).is_err() {
                return;
            }
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// Events Live Tail delivered, so polling does not deliver them again. Live Tail events
/// have no id: an event is its timestamp and a hash of its text, counted (the same line twice
/// in one millisecond is two events). Checking a polled event allocates nothing, and nothing
/// is hashed while Live Tail delivered nothing.
#[derive(Debug, Default)]
pub struct Delivered {
    seen: HashMap<(i64, u64), u32>,
}

impl Delivered {
    fn key(event: &LogEvent) -> (i64, u64) {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        event.message.hash(&mut hasher);
        (event.timestamp_ms, hasher.finish())
    }

    pub fn live(&mut self, event: &LogEvent) {
        *self.seen.entry(Self::key(event)).or_default() += 1;
    }

    /// Whether a polled event was already shown (and counts it as matched).
    pub fn already(&mut self, event: &LogEvent) -> bool {
        if self.seen.is_empty() {
            return false;
        }
        let key = Self::key(event);
        match self.seen.get_mut(&key) {
            Some(n) if *n > 1 => {
                *n -= 1;
                true
            }
            Some(_) => {
                self.seen.remove(&key);
                true
            }
            None => false,
        }
    }

    /// Forgets what polling can no longer return (older than its cursor).
    pub fn prune(&mut self, older_than_ms: i64) {
        if !self.seen.is_empty() {
            self.seen.retain(|(ts, _), _| *ts >= older_than_ms);
        }
    }

    pub fn len(&self) -> usize {
        self.seen.values().map(|n| *n as usize).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(ts: i64, message: &str) -> LogEvent {
        LogEvent {
            function: "f".into(),
            timestamp_ms: ts,
            message: message.into(),
            internal: false,
            source: Default::default(),
        }
    }

    #[test]
    fn what_live_tail_showed_polling_does_not_show_again() {
        let mut delivered = Delivered::default();
        delivered.live(&event(5, "hello"));
        delivered.live(&event(5, "same"));
        delivered.live(&event(5, "same"));
        assert!(delivered.already(&event(5, "hello")));
        assert!(!delivered.already(&event(5, "hello")), "once only");
        assert!(delivered.already(&event(5, "same")));
        assert!(delivered.already(&event(5, "same")), "the same line twice is two events");
        assert!(!delivered.already(&event(5, "same")));
        assert!(!delivered.already(&event(6, "sampled away by Live Tail")), "polling fills the gaps");
        assert!(delivered.is_empty());
    }

    #[test]
    fn pruning_forgets_what_polling_has_passed() {
        let mut delivered = Delivered::default();
        delivered.live(&event(1, "old"));
        delivered.live(&event(9, "new"));
        delivered.prune(5);
        assert_eq!(delivered.len(), 1);
    }
}
