//! Streams the logs of the followed environment's Lambda functions from CloudWatch Logs:
//! `FilterLogEvents` per log group, every page read (nothing is dropped, unlike ampx's
//! `limit: 100`), events de-duplicated at the time boundary and merged in time order.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use aws_sdk_cloudwatchlogs::Client;
use tokio::sync::mpsc::Sender;
use tokio::sync::watch;

use super::client::{self, CallCounter, Connection};
use crate::app::{Event, Notice};
use crate::cloud::LogEvent;
use crate::stack::tree::friendly_logical_id;

/// A function whose logs are tailed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Function {
    /// What the Logs pane calls it (`say-hello`-like, from the logical id).
    pub name: String,
    pub log_group: String,
}

impl Function {
    /// From a `AWS::Lambda::Function` resource: the log group CloudWatch gives it by default.
    pub fn of(logical_id: &str, physical_id: &str) -> Function {
        let base = friendly_logical_id(logical_id);
        let name = base.strip_suffix("lambda").filter(|n| !n.is_empty()).unwrap_or(base);
        Function { name: name.to_owned(), log_group: format!("/aws/lambda/{physical_id}") }
    }
}

/// How far back the first read of a group goes.
const FIRST_LOOK_MS: i64 = 5 * 60 * 1000;

pub struct LogTail {
    pub connection: Connection,
    pub calls: CallCounter,
    pub every: Duration,
    pub tx: Sender<Event>,
}

#[derive(Default)]
struct Cursor {
    /// Newest timestamp read, and the ids of the events at exactly that time (read again
    /// next round, because `startTime` is inclusive).
    newest_ms: i64,
    at_newest: HashSet<String>,
}

impl LogTail {
    pub async fn run(self, mut functions: watch::Receiver<Vec<Function>>) {
        let client = client::logs(&self.connection, self.calls.clone()).await;
        let mut cursors: HashMap<String, Cursor> = HashMap::new();
        let mut reported: Option<String> = None;
        loop {
            let current = functions.borrow_and_update().clone();
            cursors.retain(|group, _| current.iter().any(|f| &f.log_group == group));
            let mut batch = Vec::new();
            for function in &current {
                let cursor = cursors.entry(function.log_group.clone()).or_insert_with(|| Cursor {
                    newest_ms: crate::timefmt::now_epoch_ms() - FIRST_LOOK_MS,
                    at_newest: HashSet::new(),
                });
                match read_group(&client, function, cursor).await {
                    Ok(events) => batch.extend(events),
                    Err(message) if reported.as_ref() != Some(&message) => {
                        let _ = self.tx.send(Event::Notice(Notice::warn(format!("logs: {message}")))).await;
                        reported = Some(message);
                    }
                    Err(_) => {}
                }
            }
            if !batch.is_empty() {
                batch.sort_by_key(|e| e.timestamp_ms);
                if self.tx.send(Event::Logs(batch)).await.is_err() {
                    return;
                }
            }
            tokio::select! {
                () = tokio::time::sleep(self.every) => {}
                changed = functions.changed() => if changed.is_err() { return },
            }
        }
    }
}

/// New events of one group; a group that does not exist yet (never invoked) has none.
async fn read_group(client: &Client, function: &Function, cursor: &mut Cursor) -> Result<Vec<LogEvent>, String> {
    let mut pages = client
        .filter_log_events()
        .log_group_name(&function.log_group)
        .start_time(cursor.newest_ms)
        .into_paginator()
        .send();
    let mut fresh = Vec::new();
    while let Some(page) = pages.next().await {
        let page = match page {
            Ok(page) => page,
            Err(e) if e.as_service_error().is_some_and(|s| s.is_resource_not_found_exception()) => return Ok(fresh),
            Err(e) => return Err(client::describe_logs(&e)),
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
            });
            if ts > cursor.newest_ms {
                cursor.newest_ms = ts;
                cursor.at_newest.clear();
            }
            cursor.at_newest.insert(id.to_owned());
        }
    }
    Ok(fresh)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_names_read_like_the_amplify_function() {
        let f = Function::of("sayhellolambdaEFA46D92", "amplify-app-root-sa-sayhellolambdaEFA4-AbC123");
        assert_eq!(f.name, "sayhello");
        assert_eq!(f.log_group, "/aws/lambda/amplify-app-root-sa-sayhellolambdaEFA4-AbC123");
        assert_eq!(Function::of("TableManager", "x").name, "TableManager");
    }
}
