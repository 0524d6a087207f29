//! The [`Data`] port on DynamoDB (records, one page per request, writes guarded by a
//! condition), DynamoDB Streams (changes while the Data pane is shown, see `streams.rs`) and
//! S3 (the model schema document the root stack's output names).

use aws_sdk_dynamodb::error::ProvideErrorMetadata;
use aws_sdk_dynamodb::types::AttributeValue;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::attribute::table::{from_json, item, record};
use super::client::{Connection, action_problem};
use super::on_demand::OnDemand;
use crate::domain::data::{DataReply, DataRequest, Expect, Read, Record};
use crate::domain::health::{Problem, Source};
use crate::ports::{Data, Sink};

const HINTS: &[(&str, &str)] = &[
    ("ResourceNotFound", "the table is gone (deleted, or the environment redeployed it): r reloads"),
    ("NoSuchKey", "the model schema is not in its bucket: deploy the data API again"),
    ("NoSuchBucket", "the model schema's bucket is gone: deploy the data API again"),
    ("ValidationException", "DynamoDB refused the record's shape: check the key fields"),
    ("ProvisionedThroughputExceeded", "the table's capacity is used up: wait a moment, then try again"),
];

/// The clients the data port uses, made once from one configuration.
#[derive(Clone)]
pub struct Clients {
    pub tables: aws_sdk_dynamodb::Client,
    pub streams: aws_sdk_dynamodbstreams::Client,
    pub s3: aws_sdk_s3::Client,
}

impl Clients {
    pub fn new(sdk: &aws_config::SdkConfig) -> Self {
        Self {
            tables: aws_sdk_dynamodb::Client::new(sdk),
            streams: aws_sdk_dynamodbstreams::Client::new(sdk),
            s3: super::storage::s3_client(sdk),
        }
    }
}

pub struct AwsData {
    calls: OnDemand<Clients>,
    sink: Sink<DataReply>,
    /// Which `watch` call is the current one; a watcher of an older one stops.
    watching: Arc<AtomicU64>,
}

impl AwsData {
    pub fn new(connection: Connection, sink: Sink<DataReply>) -> Self {
        Self { calls: OnDemand::new(connection, Clients::new), sink, watching: Arc::default() }
    }
}

impl Data for AwsData {
    fn request(&mut self, request: DataRequest) {
        let sink = self.sink.clone();
        self.calls.spawn(|clients| async move {
            sink.send(answer(&clients, request).await).await;
        });
    }

    fn watch(&mut self, tables: Vec<String>) {
        let mine = self.watching.fetch_add(1, Ordering::SeqCst) + 1;
        if tables.is_empty() {
            return;
        }
        let (sink, current) = (self.sink.clone(), self.watching.clone());
        let alive = move || current.load(Ordering::SeqCst) == mine;
        self.calls.spawn(|clients| super::streams::watch(clients, tables, sink, alive));
    }

    fn shutdown(&mut self) {
        self.watch(Vec::new());
        self.calls.shutdown();
    }
}

pub(super) fn problem<E, R>(err: aws_sdk_dynamodb::error::SdkError<E, R>) -> Problem
where
    E: aws_sdk_dynamodb::error::ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug + 'static,
{
    action_problem(&err, Source::Data, HINTS)
}

fn conflict<E: ProvideErrorMetadata, R>(err: &aws_sdk_dynamodb::error::SdkError<E, R>) -> bool {
    err.code() == Some("ConditionalCheckFailedException")
}

/// A put or delete request with the condition of `expect` (see [`guard`]).
macro_rules! guarded {
    ($builder:expr, $expect:expr) => {{
        let (condition, names, values) = guard($expect);
        $builder
            .condition_expression(condition)
            .set_expression_attribute_names(Some(names))
            .set_expression_attribute_values(values)
    }};
}

async fn answer(clients: &Clients, request: DataRequest) -> DataReply {
    let failed = |generation, what: String, problem| DataReply::Failed { generation, what, problem };
    match request {
        DataRequest::Schema { uri, generation } => match schema(&clients.s3, &uri).await {
            Ok(text) => DataReply::Schema { generation, text },
            Err(problem) => failed(Some(generation), "read the model schema".into(), problem),
        },
        DataRequest::Page { table, read, start, limit, generation } => {
            match page(&clients.tables, &table, read, start, limit).await {
                Ok((records, next)) => DataReply::Page { generation, table, records, next },
                Err(problem) => failed(Some(generation), format!("read {table}"), problem),
            }
        }
        DataRequest::Get { table, key } => {
            let got = clients
                .tables
                .get_item()
                .table_name(&table)
                .set_key(Some(item(&key)))
                .consistent_read(true)
                .send()
                .await;
            match got {
                Ok(out) => DataReply::Got { record: out.item().map(record), table },
                Err(e) => failed(None, format!("read from {table}"), problem(e)),
            }
        }
        DataRequest::Put { table, record: new, expect } => {
            let put = guarded!(clients.tables.put_item().table_name(&table).set_item(Some(item(&new))), &expect);
            let put = put.send().await;
            match put {
                Ok(_) => DataReply::Written { table, record: new },
                Err(e) if conflict(&e) => DataReply::Conflict { key: key_of(&new, &expect), table },
                Err(e) => failed(None, format!("write to {table}"), problem(e)),
            }
        }
        DataRequest::Delete { table, key, expect } => {
            let delete = guarded!(clients.tables.delete_item().table_name(&table).set_key(Some(item(&key))), &expect);
            let delete = delete.send().await;
            match delete {
                Ok(_) => DataReply::Deleted { table, key },
                Err(e) if conflict(&e) => DataReply::Conflict { table, key },
                Err(e) => failed(None, format!("delete from {table}"), problem(e)),
            }
        }
    }
}

fn key_of(record: &Record, expect: &Expect) -> Record {
    let key = match expect {
        Expect::Absent { key } | Expect::Unchanged { key, .. } => key,
    };
    record.get(key).map(|v| (key.clone(), v.clone())).into_iter().collect()
}

type Names = std::collections::HashMap<String, String>;
type Values = Option<std::collections::HashMap<String, AttributeValue>>;

/// The condition that keeps a write from overwriting a change made meanwhile.
fn guard(expect: &Expect) -> (String, Names, Values) {
    match expect {
        Expect::Absent { key } => ("attribute_not_exists(#k)".into(), Names::from([("#k".into(), key.clone())]), None),
        Expect::Unchanged { key, stamp: Some((field, at)) } => (
            "attribute_exists(#k) AND #u = :u".into(),
            Names::from([("#k".into(), key.clone()), ("#u".into(), field.clone())]),
            Some([(":u".to_owned(), AttributeValue::S(at.clone()))].into()),
        ),
        Expect::Unchanged { key, stamp: None } => {
            ("attribute_exists(#k)".into(), Names::from([("#k".into(), key.clone())]), None)
        }
    }
}

async fn page(
    client: &aws_sdk_dynamodb::Client,
    table: &str,
    read: Read,
    start: Option<Record>,
    limit: i32,
) -> Result<(Vec<Record>, Option<Record>), Problem> {
    let start = start.map(|s| item(&s));
    let (items, last) = match read {
        Read::Scan => {
            let out = client.scan().table_name(table).limit(limit).set_exclusive_start_key(start).send().await;
            let out = out.map_err(problem)?;
            (out.items().iter().map(record).collect(), out.last_evaluated_key().map(record))
        }
        Read::Partition { key, value } => {
            let out = client
                .query()
                .table_name(table)
                .limit(limit)
                .key_condition_expression("#k = :v")
                .expression_attribute_names("#k", key)
                .expression_attribute_values(":v", from_json(&value))
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(problem)?;
            (out.items().iter().map(record).collect(), out.last_evaluated_key().map(record))
        }
    };
    Ok((items, last.filter(|k| !k.is_empty())))
}

/// The schema document at `s3://bucket/key`.
async fn schema(s3: &aws_sdk_s3::Client, uri: &str) -> Result<String, Problem> {
    let (bucket, key) = uri.strip_prefix("s3://").and_then(|rest| rest.split_once('/')).ok_or_else(|| Problem {
        source: Source::Data,
        kind: crate::domain::health::ProblemKind::Other,
        message: format!("not an S3 address: {uri}"),
        hint: "deploy the data API again".into(),
    })?;
    let bytes = super::storage::read_object(s3, bucket, key).await?;
    String::from_utf8(bytes).map_err(|_| Problem {
        source: Source::Data,
        kind: crate::domain::health::ProblemKind::Other,
        message: "the model schema is not text".into(),
        hint: "deploy the data API again".into(),
    })
}
