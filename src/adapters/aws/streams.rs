//! Changes to the watched tables from their DynamoDB streams (Amplify turns them on with
//! `NEW_AND_OLD_IMAGES`): every open shard read from its latest record, about once a second,
//! and the shards that replace a closed one read from their start, so nothing written while
//! the pane is shown is missed. A table without a stream is reported, for polling instead.

use std::collections::HashSet;
use std::time::Duration;

use aws_sdk_dynamodbstreams::error::ProvideErrorMetadata;
use aws_sdk_dynamodbstreams::types::{OperationType, ShardIteratorType};

use super::attribute::stream::record;
use super::client::action_problem;
use super::data::{Clients, problem};
use crate::domain::data::{Change, DataReply};
use crate::domain::health::{Problem, Source};
use crate::ports::Sink;

const POLL: Duration = Duration::from_millis(700);
const AFTER_FAILURE: Duration = Duration::from_secs(5);

struct Shard {
    id: String,
    iterator: String,
}

struct Followed {
    table: String,
    arn: String,
    shards: Vec<Shard>,
    seen: HashSet<String>,
    /// Shards were found once: any found later start from their beginning.
    started: bool,
    /// A shard closed: look for its children.
    rescan: bool,
}

/// Reads the streams of `tables` until `alive` says this watch is over. A table whose stream
/// cannot be found yet (throttled, say) is looked for again each round, not dropped.
pub async fn watch(clients: Clients, tables: Vec<String>, sink: Sink<DataReply>, alive: impl Fn() -> bool + Send) {
    let mut followed = Vec::new();
    let mut unfound = tables;
    let mut last_problem: Option<String> = None;
    while alive() && !(followed.is_empty() && unfound.is_empty()) {
        let mut trouble = find_streams(&clients, &mut unfound, &mut followed, &sink).await;
        for f in &mut followed {
            let started = f.started;
            let polled = f.poll(&clients.streams).await;
            if !started && f.started && !sink.send(DataReply::Live { table: f.table.clone() }).await {
                return;
            }
            match polled {
                Ok(changes) if changes.is_empty() => {}
                Ok(changes) => {
                    if !sink.send(DataReply::Changes { table: f.table.clone(), changes }).await {
                        return;
                    }
                }
                Err(problem) => trouble = Some((f.table.clone(), problem)),
            }
        }
        match trouble {
            Some((table, problem)) => {
                // Said once, not every poll; the watch goes on after a pause.
                if last_problem.as_deref() != Some(problem.message.as_str()) {
                    last_problem = Some(problem.message.clone());
                    if !sink.send(failed(&table, problem)).await {
                        return;
                    }
                }
                tokio::time::sleep(AFTER_FAILURE).await;
            }
            None => {
                // Every table read again: the failure said is over.
                if last_problem.take().is_some() && !said_live(&followed, &sink).await {
                    return;
                }
                tokio::time::sleep(POLL).await;
            }
        }
    }
}

/// Looks for the streams of the `unfound` tables; those found are followed from now on. The
/// last failure, if any.
async fn find_streams(
    clients: &Clients,
    unfound: &mut Vec<String>,
    followed: &mut Vec<Followed>,
    sink: &Sink<DataReply>,
) -> Option<(String, Problem)> {
    let mut trouble = None;
    for table in std::mem::take(unfound) {
        let described = clients.tables.describe_table().table_name(&table).send().await;
        match described.map(|d| d.table().and_then(|t| t.latest_stream_arn()).map(str::to_owned)) {
            Ok(Some(arn)) => followed.push(Followed::new(table, arn)),
            Ok(None) => drop(sink.send(DataReply::NoStream { table }).await),
            Err(e) => {
                trouble = Some((table.clone(), problem(e)));
                unfound.push(table);
            }
        }
    }
    trouble
}

/// Each followed table is read again; false when nobody listens any more.
async fn said_live(followed: &[Followed], sink: &Sink<DataReply>) -> bool {
    for f in followed {
        if !sink.send(DataReply::Live { table: f.table.clone() }).await {
            return false;
        }
    }
    true
}

fn failed(table: &str, problem: Problem) -> DataReply {
    DataReply::StreamFailed { table: table.to_owned(), problem }
}

fn stream_problem<E, R>(err: aws_sdk_dynamodbstreams::error::SdkError<E, R>) -> Problem
where
    E: aws_sdk_dynamodbstreams::error::ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug + 'static,
{
    action_problem(&err, Source::Data, &[("ResourceNotFound", "the table's stream is gone: r reloads")])
}

impl Followed {
    fn new(table: String, arn: String) -> Self {
        Self { table, arn, shards: Vec::new(), seen: HashSet::new(), started: false, rescan: true }
    }

    async fn poll(&mut self, client: &aws_sdk_dynamodbstreams::Client) -> Result<Vec<Change>, Problem> {
        if self.rescan {
            self.find_shards(client).await?;
        }
        let mut changes = Vec::new();
        let mut open = Vec::new();
        for shard in std::mem::take(&mut self.shards) {
            let out = match client.get_records().shard_iterator(&shard.iterator).send().await {
                Ok(out) => out,
                Err(e) if e.code() == Some("ExpiredIteratorException") => {
                    open.push(Shard {
                        iterator: self.iterator(client, &shard.id, ShardIteratorType::Latest).await?,
                        ..shard
                    });
                    continue;
                }
                Err(e) => {
                    self.shards.push(shard);
                    self.shards.extend(open);
                    return Err(stream_problem(e));
                }
            };
            changes.extend(out.records().iter().filter_map(change));
            match out.next_shard_iterator() {
                Some(next) => open.push(Shard { id: shard.id, iterator: next.to_owned() }),
                None => self.rescan = true,
            }
        }
        self.shards = open;
        Ok(changes)
    }

    /// New shards: at first the open ones from their latest record, later every new one
    /// (the children of a closed shard) from its start.
    async fn find_shards(&mut self, client: &aws_sdk_dynamodbstreams::Client) -> Result<(), Problem> {
        let mut start: Option<String> = None;
        loop {
            let out = client
                .describe_stream()
                .stream_arn(&self.arn)
                .set_exclusive_start_shard_id(start.clone())
                .send()
                .await
                .map_err(stream_problem)?;
            let Some(description) = out.stream_description() else { break };
            for shard in description.shards() {
                let Some(id) = shard.shard_id() else { continue };
                let open = shard.sequence_number_range().is_none_or(|r| r.ending_sequence_number().is_none());
                if !self.seen.insert(id.to_owned()) || (!self.started && !open) {
                    continue;
                }
                let from = if self.started { ShardIteratorType::TrimHorizon } else { ShardIteratorType::Latest };
                let iterator = self.iterator(client, id, from).await?;
                self.shards.push(Shard { id: id.to_owned(), iterator });
            }
            start = description.last_evaluated_shard_id().map(str::to_owned);
            if start.is_none() {
                break;
            }
        }
        self.started = true;
        self.rescan = false;
        Ok(())
    }

    async fn iterator(
        &self,
        client: &aws_sdk_dynamodbstreams::Client,
        shard: &str,
        from: ShardIteratorType,
    ) -> Result<String, Problem> {
        let out = client
            .get_shard_iterator()
            .stream_arn(&self.arn)
            .shard_id(shard)
            .shard_iterator_type(from)
            .send()
            .await
            .map_err(stream_problem)?;
        Ok(out.shard_iterator().unwrap_or_default().to_owned())
    }
}

fn change(r: &aws_sdk_dynamodbstreams::types::Record) -> Option<Change> {
    let data = r.dynamodb()?;
    let image = |new: bool| {
        let map = if new { data.new_image() } else { data.old_image() };
        map.or(data.keys()).map(record)
    };
    match r.event_name()? {
        OperationType::Insert => image(true).map(Change::Inserted),
        OperationType::Modify => image(true).map(Change::Modified),
        OperationType::Remove => image(false).map(Change::Removed),
        _ => None,
    }
}
