//! CloudWatch Logs Live Tail, where the endpoint has it: events arrive about a second after
//! they are logged instead of at the next poll. It only speeds things up. Live Tail samples
//! above 500 events a second and its events carry no id, so `FilterLogEvents` polling keeps
//! running behind it (more slowly) and stays the source of completeness; [`Delivered`]
//! keeps the two from showing an event twice, whichever shows it first. An endpoint without
//! Live Tail (the emulator) refuses the first session and polling alone goes on.

use std::collections::HashMap;
use std::time::Duration;

use aws_sdk_cloudwatchlogs::Client;
use aws_sdk_cloudwatchlogs::config::SharedHttpClient;
use aws_sdk_cloudwatchlogs::types::{LiveTailSessionUpdate, StartLiveTailResponseStream};
use tokio::sync::mpsc::UnboundedSender;

use crate::domain::logs::{Function, LogEvent};

/// Live Tail's limit of log groups per session.
pub const GROUPS_PER_SESSION: usize = 10;

/// How long a session that ended waits before the next one starts.
const RESTART: Duration = Duration::from_secs(1);

/// What the live sessions report to the tail.
#[derive(Debug)]
pub enum Live {
    /// A session runs: polling may slow down.
    Started,
    Events(Vec<(String, LogEvent)>),
    /// The endpoint has no Live Tail (or refused it): polling alone from now on.
    Unsupported(String),
}

/// For tests only: where Live Tail's sessions go instead of the tail's own endpoint. No
/// emulator has Live Tail, and the SDK sends `StartLiveTail` to the endpoint's host with
/// `stream-` in front (`stream-logs.{region}.amazonaws.com` on AWS), so a test points the
/// sessions at a stand-in of its own (`tests/live_tail/`) while polling and the listing of
/// log groups go to the emulator. The stand-in answers over HTTP/2 in cleartext, which the
/// SDK's own client does not speak, hence a client with the endpoint.
#[derive(Debug, Clone)]
pub struct Endpoint {
    pub url: String,
    pub http_client: SharedHttpClient,
}

impl Endpoint {
    /// `client`'s configuration (credentials, region, call counter) sent here instead.
    pub fn client(&self, client: &Client) -> Client {
        let config = client.config().to_builder().endpoint_url(&self.url).http_client(self.http_client.clone());
        Client::from_conf(config.build())
    }
}

/// Runs sessions for `functions` until the task is aborted (the function set changed) or
/// the endpoint says it cannot. `listing` finds the log groups, `streaming` runs the
/// sessions: on AWS both are the tail's client.
pub async fn run(listing: Client, streaming: Client, functions: Vec<Function>, tx: UnboundedSender<Live>) {
    let arns = match arns(&listing, &functions).await {
        Ok(arns) => arns,
        Err(reason) => {
            let _ = tx.send(Live::Unsupported(reason));
            return;
        }
    };
    let sessions: Vec<_> = arns
        .chunks(GROUPS_PER_SESSION)
        .map(|chunk| tokio::spawn(session(streaming.clone(), chunk.to_vec(), functions.clone(), tx.clone())))
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
            // StartLiveTail refuses an ARN ending in `:*`, the form `arn` has.
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

/// Sessions for `groups`, one after another: a session ends after three hours at most
/// (`SessionTimeoutException`) or on an error on the service's side
/// (`SessionStreamingException`), and the next one starts a second later. A start the
/// endpoint refuses ends Live Tail.
async fn session(client: Client, groups: Vec<(String, String)>, functions: Vec<Function>, tx: UnboundedSender<Live>) {
    let by_name: HashMap<String, Function> = groups
        .iter()
        .filter_map(|(_, group)| Some((group.clone(), functions.iter().find(|f| &f.log_group == group)?.clone())))
        .collect();
    let identifiers: Vec<String> = groups.into_iter().map(|(arn, _)| arn).collect();
    loop {
        let started = client.start_live_tail().set_log_group_identifiers(Some(identifiers.clone())).send().await;
        let stream = match started {
            Ok(out) => out.response_stream,
            Err(e) => {
                let _ = tx.send(Live::Unsupported(super::client::describe(&e).message));
                return;
            }
        };
        if tx.send(Live::Started).is_err() || !stream_events(stream, &by_name, &tx).await {
            return;
        }
        tokio::time::sleep(RESTART).await;
    }
}

type Stream = aws_sdk_cloudwatchlogs::primitives::event_stream::EventReceiver<
    StartLiveTailResponseStream,
    aws_sdk_cloudwatchlogs::types::error::StartLiveTailResponseStreamError,
>;

/// Sends a session's events on until it ends; false when nobody listens any more.
async fn stream_events(mut stream: Stream, by_name: &HashMap<String, Function>, tx: &UnboundedSender<Live>) -> bool {
    loop {
        match stream.recv().await {
            Ok(Some(StartLiveTailResponseStream::SessionUpdate(update))) => {
                // An update comes every second, most of them empty.
                let events = events(&update, by_name);
                if !events.is_empty() && tx.send(Live::Events(events)).is_err() {
                    return false;
                }
            }
            // `sessionStart`, or a kind of message this SDK does not know.
            Ok(Some(_)) => {}
            Ok(None) => return true,
            Err(e) => {
                tracing::debug!("Live Tail session ended: {}", super::client::describe(&e).message);
                return true;
            }
        }
    }
}

/// An update's events, each with its log group (by name, as polling knows it).
fn events(update: &LiveTailSessionUpdate, by_name: &HashMap<String, Function>) -> Vec<(String, LogEvent)> {
    update
        .session_results()
        .iter()
        .filter_map(|e| {
            let function = by_name.get(group_name(e.log_group_identifier()?))?;
            let event = LogEvent {
                function: function.name.clone(),
                timestamp_ms: e.timestamp()?,
                message: e.message().unwrap_or_default().to_owned(),
                internal: function.internal,
                source: function.source,
            };
            Some((function.log_group.clone(), event))
        })
        .collect()
}

/// The log group an event's `logGroupIdentifier` names. The model says "name or ARN" (an
/// ARN, or `account:name`, in practice): the name is what follows the last colon, for names
/// have none.
fn group_name(identifier: &str) -> &str {
    let identifier = identifier.trim_end_matches(":*");
    identifier.rsplit(':').next().unwrap_or(identifier)
}

/// An event as both sources know it: Live Tail events have no id, so its timestamp and a
/// hash of its text.
type Key = (i64, u64);

/// What each source showed that the other may still bring, per log group. Either may be first:
/// Live Tail delivers about a second after ingestion, and a poll that falls in that second
/// reads the same events. Counted, because the same line twice in one millisecond is two
/// events. Nothing is hashed where Live Tail does not run (the emulator).
#[derive(Debug, Default)]
pub struct Delivered {
    /// Shown by Live Tail, not yet read by polling.
    live: HashMap<Key, u32>,
    /// Read by polling while Live Tail ran, not yet sent by it (or sampled away).
    polled: HashMap<Key, u32>,
}

impl Delivered {
    fn key(event: &LogEvent) -> Key {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        event.message.hash(&mut hasher);
        (event.timestamp_ms, hasher.finish())
    }

    /// Whether an event Live Tail sent is new (polling did not show it already).
    pub fn from_live(&mut self, event: &LogEvent) -> bool {
        let key = Self::key(event);
        if take(&mut self.polled, key) {
            return false;
        }
        *self.live.entry(key).or_default() += 1;
        true
    }

    /// Whether a polled event is new (Live Tail did not show it already). While Live Tail
    /// `runs`, a new one is noted, for Live Tail may send it after.
    pub fn from_polling(&mut self, event: &LogEvent, runs: bool) -> bool {
        if self.live.is_empty() && !runs {
            return true;
        }
        let key = Self::key(event);
        if take(&mut self.live, key) {
            return false;
        }
        if runs {
            *self.polled.entry(key).or_default() += 1;
        }
        true
    }

    /// Forgets what polling can no longer return (older than its cursor). Live Tail sends
    /// events within seconds of ingestion, well inside the window polling reads again.
    pub fn prune(&mut self, older_than_ms: i64) {
        for seen in [&mut self.live, &mut self.polled] {
            if !seen.is_empty() {
                seen.retain(|(ts, _), _| *ts >= older_than_ms);
            }
        }
    }

    /// Events remembered, from both sources.
    pub fn len(&self) -> usize {
        self.live.values().chain(self.polled.values()).map(|n| *n as usize).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.live.is_empty() && self.polled.is_empty()
    }
}

/// Counts one `key` off `seen`, if it is there.
fn take(seen: &mut HashMap<Key, u32>, key: Key) -> bool {
    match seen.get_mut(&key) {
        Some(n) if *n > 1 => {
            *n -= 1;
            true
        }
        Some(_) => {
            seen.remove(&key);
            true
        }
        None => false,
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
        assert!(delivered.from_live(&event(5, "hello")));
        assert!(delivered.from_live(&event(5, "same")));
        assert!(delivered.from_live(&event(5, "same")));
        assert!(!delivered.from_polling(&event(5, "hello"), true));
        assert!(delivered.from_polling(&event(5, "hello"), true), "once only");
        assert!(!delivered.from_polling(&event(5, "same"), true));
        assert!(!delivered.from_polling(&event(5, "same"), true), "the same line twice is two events");
        assert!(delivered.from_polling(&event(5, "same"), true));
        assert!(delivered.from_polling(&event(6, "sampled away by Live Tail"), true), "polling fills the gaps");
    }

    #[test]
    fn what_polling_showed_first_live_tail_does_not_show_again() {
        let mut delivered = Delivered::default();
        assert!(delivered.from_polling(&event(5, "read by a poll"), true));
        assert!(!delivered.from_live(&event(5, "read by a poll")), "a second later from Live Tail");
        assert!(delivered.from_live(&event(5, "read by a poll")), "a second one is another event");
        assert!(delivered.from_live(&event(6, "new")));
    }

    #[test]
    fn an_events_group_is_found_however_it_is_named() {
        let arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/fn-say-hello";
        for identifier in
            [arn, &format!("{arn}:*"), "123456789012:/aws/lambda/fn-say-hello", "/aws/lambda/fn-say-hello"]
        {
            assert_eq!(group_name(identifier), "/aws/lambda/fn-say-hello", "{identifier}");
        }
    }

    #[test]
    fn without_live_tail_polling_notes_nothing() {
        let mut delivered = Delivered::default();
        assert!(delivered.from_polling(&event(5, "x"), false));
        assert!(delivered.is_empty());
    }

    #[test]
    fn pruning_forgets_what_polling_has_passed() {
        let mut delivered = Delivered::default();
        delivered.from_live(&event(1, "old"));
        delivered.from_live(&event(9, "new"));
        delivered.from_polling(&event(2, "old, polled"), true);
        delivered.from_polling(&event(8, "new, polled"), true);
        delivered.prune(5);
        assert_eq!(delivered.len(), 2);
    }
}
