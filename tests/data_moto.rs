//! The Data and Storage ports' AWS adapters over real HTTP against moto: the model schema
//! read from S3, a table read page by page, changes from its stream, a write refused because
//! the record changed meanwhile, deletes, and the bucket listed page by page, uploaded to,
//! downloaded from and deleted from.

mod faults;
mod moto;

use std::time::{Duration, Instant};

use ampdeck::adapters::aws::client::Connection;
use ampdeck::adapters::aws::data::AwsData;
use ampdeck::adapters::aws::storage::AwsStorage;
use ampdeck::domain::data::{Change, DataReply, DataRequest, Expect, Read, Record};
use ampdeck::domain::storage::{Entry, StorageReply, StorageRequest};
use ampdeck::ports::{Data, Sink, Storage};
use aws_sdk_dynamodb::types::AttributeValue as A;
use moto::{Moto, todo};
use serde_json::json;
use tokio::sync::mpsc;

const WAIT: Duration = Duration::from_secs(20);

fn connection(moto: &Moto) -> Connection {
    Connection { profile: None, region: Some("us-east-1".into()), endpoint_url: Some(moto.endpoint()) }
}

struct DataPort {
    port: AwsData,
    rx: mpsc::Receiver<DataReply>,
}

impl DataPort {
    fn new(moto: &Moto) -> Self {
        let (sink, rx) = Sink::channel(64);
        Self { port: AwsData::new(connection(moto), sink), rx }
    }

    async fn next(&mut self) -> DataReply {
        tokio::time::timeout(WAIT, self.rx.recv()).await.expect("an answer in time").expect("open")
    }

    async fn ask(&mut self, request: DataRequest) -> DataReply {
        self.port.request(request);
        self.next().await
    }

    async fn page(&mut self, table: &str, start: Option<Record>) -> (Vec<Record>, Option<Record>) {
        let request = DataRequest::Page { table: table.into(), read: Read::Scan, start, limit: 100, generation: 1 };
        match self.ask(request).await {
            DataReply::Page { records, next, .. } => (records, next),
            other => panic!("a page: {other:?}"),
        }
    }
}

fn record(value: serde_json::Value) -> Record {
    value.as_object().cloned().expect("an object")
}

#[tokio::test]
async fn the_schema_comes_from_s3_and_a_table_is_read_one_page_at_a_time() {
    let Some(moto) = Moto::start() else { return };
    moto::fake_credentials();
    moto.put_object("codegen-assets", "model-schema.graphql", include_str!("fixtures/data/model-schema.graphql"));
    let mut port = DataPort::new(&moto);
    let uri = "s3://codegen-assets/model-schema.graphql".to_owned();
    let DataReply::Schema { text, .. } = port.ask(DataRequest::Schema { uri, generation: 1 }).await else { panic!() };
    let models = ampdeck::amplify::data_models::parse(&text).expect("parses");
    assert_eq!(models.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["Todo"]);

    let table = "Todo-pages-NONE";
    let client = moto.model_table(table).await;
    for i in 0..250 {
        client
            .put_item()
            .table_name(table)
            .set_item(Some(todo(&format!("id-{i:03}"), "x", "t")))
            .send()
            .await
            .expect("put");
    }
    let (first, next) = port.page(table, None).await;
    assert_eq!(first.len(), 100, "one page, not the table");
    let (second, next2) = port.page(table, next.clone()).await;
    let (third, last) = port.page(table, next2.clone()).await;
    assert!(next.is_some() && next2.is_some(), "more after the first two pages");
    assert_eq!(third.len(), 50);
    assert!(last.is_none(), "the end is known: {last:?}");
    let mut ids: Vec<String> =
        first.iter().chain(&second).chain(&third).map(|r| r["id"].as_str().unwrap_or_default().to_owned()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 250, "every record once");
    assert_eq!(first[0]["done"], json!(false), "typed values, not strings");

    let read = Read::Partition { key: "id".into(), value: json!("id-007") };
    let request = DataRequest::Page { table: table.into(), read, start: None, limit: 100, generation: 2 };
    let DataReply::Page { records, .. } = port.ask(request).await else { panic!() };
    assert_eq!(records.len(), 1, "a query on the key reads that partition only");
}

#[tokio::test]
async fn inserts_changes_and_deletes_by_another_client_arrive_from_the_stream() {
    let Some(moto) = Moto::start() else { return };
    moto::fake_credentials();
    let table = "Todo-stream-NONE";
    let client = moto.model_table(table).await;
    let mut port = DataPort::new(&moto);
    port.port.watch(vec![table.into()]);
    // The watcher starts at the stream's latest record: let it find its shards first.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let started = Instant::now();
    client.put_item().table_name(table).set_item(Some(todo("a", "first", "t1"))).send().await.expect("put");
    let mut seen = Vec::new();
    while seen.is_empty() {
        if let DataReply::Changes { changes, .. } = port.next().await {
            seen.extend(changes);
        }
    }
    let latency = started.elapsed();
    assert!(matches!(&seen[0], Change::Inserted(r) if r["content"] == "first"), "{seen:?}");
    assert!(latency < Duration::from_secs(3), "within about a second: {latency:?}");

    client.put_item().table_name(table).set_item(Some(todo("a", "second", "t2"))).send().await.expect("put");
    client.delete_item().table_name(table).key("id", A::S("a".into())).send().await.expect("delete");
    let mut more = Vec::new();
    while more.len() < 2 {
        if let DataReply::Changes { changes, .. } = port.next().await {
            more.extend(changes);
        }
    }
    assert!(matches!(&more[0], Change::Modified(r) if r["content"] == "second"), "{more:?}");
    assert!(matches!(&more[1], Change::Removed(r) if r["id"] == "a"), "{more:?}");

    port.port.watch(Vec::new());
    tokio::time::sleep(Duration::from_millis(1500)).await;
    while port.rx.try_recv().is_ok() {}
    client.put_item().table_name(table).set_item(Some(todo("b", "unwatched", "t3"))).send().await.expect("put");
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(port.rx.try_recv().is_err(), "no stream is read once the pane is not shown");
}

#[tokio::test]
async fn a_throttled_stream_watch_says_so_and_says_live_again_once_it_reads() {
    let Some(moto) = Moto::start() else { return };
    moto::fake_credentials();
    let table = "Todo-throttled-NONE";
    moto.model_table(table).await;
    let (endpoint, faults) = faults::proxy(moto.port).await;
    let (sink, rx) = Sink::channel(64);
    let through = Connection { endpoint_url: Some(endpoint), ..connection(&moto) };
    let mut port = DataPort { port: AwsData::new(through, sink), rx };
    // Past the SDK's own retries: the table's stream cannot even be found.
    faults.add("DescribeTable", None, faults::Fault::Throttle, None);
    port.port.watch(vec![table.into()]);
    let DataReply::StreamFailed { problem, .. } = port.next().await else { panic!("the failure is said") };
    assert!(problem.hint.contains("throttling"), "{problem:?}");
    faults.clear();
    // Looked for again after the pause, found, and read: the pane hears it is live again.
    loop {
        match port.next().await {
            DataReply::Live { table: live } => break assert_eq!(live, table),
            DataReply::StreamFailed { .. } => {}
            other => panic!("live again: {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_write_of_a_record_changed_meanwhile_is_refused_and_deletes_are_guarded_too() {
    let Some(moto) = Moto::start() else { return };
    moto::fake_credentials();
    let table = "Todo-conflict-NONE";
    let client = moto.model_table(table).await;
    client
        .put_item()
        .table_name(table)
        .set_item(Some(todo("a", "read", "2026-11-30T10:00:00.000Z")))
        .send()
        .await
        .expect("put");
    let mut port = DataPort::new(&moto);
    let read_stamp = Some(("updatedAt".to_owned(), "2026-11-30T10:00:00.000Z".to_owned()));
    // Someone else saves the record after ampdeck read it.
    client
        .put_item()
        .table_name(table)
        .set_item(Some(todo("a", "theirs", "2026-11-30T11:00:00.000Z")))
        .send()
        .await
        .expect("put");
    let mine =
        record(json!({"id": "a", "content": "mine", "updatedAt": "2026-12-01T12:00:00.000Z", "__typename": "Todo"}));
    let expect = Expect::Unchanged { key: "id".into(), stamp: read_stamp.clone() };
    let reply = port.ask(DataRequest::Put { table: table.into(), record: mine.clone(), expect: expect.clone() }).await;
    assert!(matches!(reply, DataReply::Conflict { .. }), "{reply:?}");
    let got = client.get_item().table_name(table).key("id", A::S("a".into())).send().await.expect("get");
    assert_eq!(got.item().and_then(|i| i.get("content")), Some(&A::S("theirs".into())), "theirs kept");
    let reply = port.ask(DataRequest::Delete { table: table.into(), key: record(json!({"id": "a"})), expect }).await;
    assert!(matches!(reply, DataReply::Conflict { .. }), "a delete of a changed record asks again: {reply:?}");

    let fresh =
        Expect::Unchanged { key: "id".into(), stamp: Some(("updatedAt".into(), "2026-11-30T11:00:00.000Z".into())) };
    let reply = port.ask(DataRequest::Put { table: table.into(), record: mine, expect: fresh.clone() }).await;
    assert!(matches!(reply, DataReply::Written { .. }), "{reply:?}");
    let got = client.get_item().table_name(table).key("id", A::S("a".into())).send().await.expect("get");
    assert_eq!(got.item().and_then(|i| i.get("content")), Some(&A::S("mine".into())), "what GetItem reads is the edit");

    let new = record(json!({"id": "a", "content": "duplicate"}));
    let reply = port
        .ask(DataRequest::Put { table: table.into(), record: new, expect: Expect::Absent { key: "id".into() } })
        .await;
    assert!(matches!(reply, DataReply::Conflict { .. }), "a create never overwrites: {reply:?}");

    let now =
        Expect::Unchanged { key: "id".into(), stamp: Some(("updatedAt".into(), "2026-12-01T12:00:00.000Z".into())) };
    let reply =
        port.ask(DataRequest::Delete { table: table.into(), key: record(json!({"id": "a"})), expect: now }).await;
    assert!(matches!(reply, DataReply::Deleted { .. }), "{reply:?}");
    let got = client.get_item().table_name(table).key("id", A::S("a".into())).send().await.expect("get");
    assert!(got.item().is_none(), "deleted");

    let reply = port.ask(DataRequest::Get { table: "Gone-NONE".into(), key: record(json!({"id": "a"})) }).await;
    let DataReply::Failed { problem, .. } = reply else { panic!("{reply:?}") };
    assert!(problem.message.contains("ResourceNotFound") && problem.hint.contains("table is gone"), "{problem:?}");
}

struct StoragePort {
    port: AwsStorage,
    rx: mpsc::Receiver<StorageReply>,
}

impl StoragePort {
    async fn ask(&mut self, request: StorageRequest) -> StorageReply {
        self.port.request(request);
        tokio::time::timeout(WAIT, self.rx.recv()).await.expect("an answer in time").expect("open")
    }
}

#[tokio::test]
async fn the_bucket_lists_by_folder_page_by_page_and_uploads_downloads_and_deletes() {
    let Some(moto) = Moto::start() else { return };
    moto::fake_credentials();
    let s3 = moto::s3_client(&moto.endpoint());
    let bucket = "demo-files-bucket";
    s3.create_bucket().bucket(bucket).send().await.expect("bucket");
    for i in 0..450 {
        let body = aws_sdk_s3::primitives::ByteStream::from(format!("file {i}").into_bytes());
        s3.put_object().bucket(bucket).key(format!("media/{i:04}.txt")).body(body).send().await.expect("object");
    }
    s3.put_object().bucket(bucket).key("public/a.txt").body(b"hello".to_vec().into()).send().await.expect("object");
    let (sink, rx) = Sink::channel(16);
    let mut port = StoragePort { port: AwsStorage::new(connection(&moto), sink), rx };

    let list = |prefix: &str, token| StorageRequest::List {
        bucket: bucket.into(),
        prefix: prefix.into(),
        token,
        generation: 1,
    };
    let StorageReply::Listed { entries, next, .. } = port.ask(list("", None)).await else { panic!() };
    assert_eq!(entries, [Entry::Folder { prefix: "media/".into() }, Entry::Folder { prefix: "public/".into() }]);
    assert!(next.is_none());
    let mut token = None;
    let mut objects = 0;
    let mut pages = 0;
    loop {
        let StorageReply::Listed { entries, next, .. } = port.ask(list("media/", token)).await else { panic!() };
        objects += entries.len();
        pages += 1;
        token = next;
        if token.is_none() {
            break;
        }
    }
    assert_eq!((objects, pages), (450, 3), "every object, 200 at a time");

    let dir = tempfile::tempdir().expect("tmp");
    let local = dir.path().join("upload.json");
    std::fs::write(&local, b"{\"up\":true}").expect("local file");
    let reply =
        port.ask(StorageRequest::Upload { bucket: bucket.into(), key: "public/upload.json".into(), from: local }).await;
    assert!(matches!(reply, StorageReply::Uploaded { bytes: 11, .. }), "{reply:?}");
    let head = s3.head_object().bucket(bucket).key("public/upload.json").send().await.expect("uploaded");
    assert_eq!(head.content_type(), Some("application/json"));

    let to = dir.path().join("down/a.txt");
    let download = |replace| StorageRequest::Download {
        bucket: bucket.into(),
        key: "public/a.txt".into(),
        to: to.clone(),
        replace,
    };
    let reply = port.ask(download(false)).await;
    assert!(matches!(reply, StorageReply::Downloaded { bytes: 5, .. }), "{reply:?}");
    assert_eq!(std::fs::read_to_string(&to).expect("downloaded"), "hello");
    // A file already there is not overwritten unasked: the answer says it exists.
    std::fs::write(&to, "mine").expect("the user's own file");
    let reply = port.ask(download(false)).await;
    assert!(matches!(reply, StorageReply::Exists { .. }), "{reply:?}");
    assert_eq!(std::fs::read_to_string(&to).expect("kept"), "mine", "nothing written");
    let reply = port.ask(download(true)).await;
    assert!(matches!(reply, StorageReply::Downloaded { .. }), "{reply:?}");
    assert_eq!(std::fs::read_to_string(&to).expect("replaced"), "hello", "replaced after a yes");

    let reply =
        port.ask(StorageRequest::Presign { bucket: bucket.into(), key: "public/a.txt".into(), seconds: 60 }).await;
    let StorageReply::Presigned { url, .. } = reply else { panic!("{reply:?}") };
    assert!(url.expose().contains("X-Amz-Signature=") && url.expose().contains("public/a.txt"), "a presigned GET");

    let reply = port.ask(StorageRequest::Delete { bucket: bucket.into(), key: "public/a.txt".into() }).await;
    assert!(matches!(reply, StorageReply::Deleted { .. }), "{reply:?}");
    assert!(s3.head_object().bucket(bucket).key("public/a.txt").send().await.is_err(), "gone");

    let reply = port.ask(list("", None).clone()).await;
    assert!(matches!(reply, StorageReply::Listed { .. }));
    let gone =
        StorageRequest::List { bucket: "no-such-bucket".into(), prefix: String::new(), token: None, generation: 1 };
    let StorageReply::Failed { problem, .. } = port.ask(gone).await else { panic!() };
    assert!(problem.hint.contains("bucket is gone"), "{problem:?}");
}

#[tokio::test]
async fn a_key_with_control_characters_is_listed_downloaded_and_deleted_by_its_real_key() {
    let Some(moto) = Moto::start() else { return };
    moto::fake_credentials();
    let s3 = moto::s3_client(&moto.endpoint());
    let bucket = "hostile-bucket";
    s3.create_bucket().bucket(bucket).send().await.expect("bucket");
    let hostile = "aac-\x1b[6n.txt";
    let inside = "dir-\x1b]0;x\x07/a b+c.txt";
    for key in [hostile, inside, "plain.txt"] {
        s3.put_object().bucket(bucket).key(key).body(b"hi".to_vec().into()).send().await.expect("object");
    }
    let (sink, rx) = Sink::channel(16);
    let mut port = StoragePort { port: AwsStorage::new(connection(&moto), sink), rx };
    let list = |prefix: &str| StorageRequest::List {
        bucket: bucket.into(),
        prefix: prefix.into(),
        token: None,
        generation: 1,
    };
    let reply = port.ask(list("")).await;
    let StorageReply::Listed { entries, .. } = reply else { panic!("the folder lists: {reply:?}") };
    assert!(entries.contains(&Entry::Folder { prefix: "dir-\x1b]0;x\x07/".into() }), "{entries:?}");
    let keys: Vec<&str> = entries
        .iter()
        .filter_map(|e| if let Entry::Object { key, .. } = e { Some(key.as_str()) } else { None })
        .collect();
    assert_eq!(keys, [hostile, "plain.txt"], "the real keys, decoded");
    let StorageReply::Listed { entries, .. } = port.ask(list("dir-\x1b]0;x\x07/")).await else { panic!() };
    assert!(
        matches!(&entries[..], [Entry::Object { key, .. }] if key == inside),
        "a space and a + survive: {entries:?}"
    );

    let dir = tempfile::tempdir().expect("tmp");
    let to = dir.path().join("hostile.txt");
    let reply = port
        .ask(StorageRequest::Download { bucket: bucket.into(), key: hostile.into(), to: to.clone(), replace: false })
        .await;
    assert!(matches!(reply, StorageReply::Downloaded { bytes: 2, .. }), "{reply:?}");
    let reply = port.ask(StorageRequest::Delete { bucket: bucket.into(), key: hostile.into() }).await;
    assert!(matches!(reply, StorageReply::Deleted { .. }), "{reply:?}");
    assert!(s3.head_object().bucket(bucket).key(hostile).send().await.is_err(), "deleted by its real key");
}

#[tokio::test]
async fn throttling_and_expired_credentials_are_a_line_with_what_to_do_and_nothing_is_written() {
    let Some(moto) = Moto::start() else { return };
    moto::fake_credentials();
    let table = "Todo-faults-NONE";
    let client = moto.model_table(table).await;
    let (endpoint, faults) = faults::proxy(moto.port).await;
    let (sink, rx) = Sink::channel(16);
    let through = Connection { endpoint_url: Some(endpoint), ..connection(&moto) };
    let mut port = DataPort { port: AwsData::new(through, sink), rx };
    // Past the SDK's own retries.
    faults.add("Scan", None, faults::Fault::Throttle, None);
    let request = DataRequest::Page { table: table.into(), read: Read::Scan, start: None, limit: 100, generation: 1 };
    let DataReply::Failed { problem, generation, .. } = port.ask(request.clone()).await else { panic!() };
    assert_eq!(generation, Some(1), "the failed read is the one asked for");
    assert!(problem.hint.contains("throttling"), "{problem:?}");
    faults.clear();
    assert!(matches!(port.ask(request).await, DataReply::Page { .. }), "works again once AWS does");

    faults.add("PutItem", None, faults::Fault::ExpireToken, None);
    let new = record(json!({"id": "x", "content": "never"}));
    let reply = port
        .ask(DataRequest::Put { table: table.into(), record: new, expect: Expect::Absent { key: "id".into() } })
        .await;
    let DataReply::Failed { problem, .. } = reply else { panic!("{reply:?}") };
    assert!(problem.hint.contains("credentials"), "{problem:?}");
    let got = client.get_item().table_name(table).key("id", A::S("x".into())).send().await.expect("get");
    assert!(got.item().is_none(), "nothing written");
}

#[tokio::test]
async fn s3_slow_down_is_throttling_and_a_failed_relisting_keeps_the_folder_until_s3_answers() {
    use ampdeck::model::storage::StorageModel;
    let Some(moto) = Moto::start() else { return };
    moto::fake_credentials();
    let s3 = moto::s3_client(&moto.endpoint());
    let bucket = "slow-bucket";
    s3.create_bucket().bucket(bucket).send().await.expect("bucket");
    s3.put_object().bucket(bucket).key("a.txt").body(b"a".to_vec().into()).send().await.expect("object");
    let (endpoint, faults) = faults::proxy(moto.port).await;
    let (sink, rx) = Sink::channel(16);
    let through = Connection { endpoint_url: Some(endpoint), ..connection(&moto) };
    let mut port = StoragePort { port: AwsStorage::new(through, sink), rx };
    let mut model = StorageModel::default();
    model.set_buckets("stack", vec![ampdeck::domain::storage::Bucket { name: "files".into(), bucket: bucket.into() }]);
    let list = |model: &mut StorageModel| model.wanted(0).expect("a listing");

    let first = list(&mut model);
    model.apply(port.ask(first).await);
    assert_eq!(model.entries.len(), 1);
    faults.add("ListObjectsV2", None, faults::Fault::SlowDown, None);
    model.read_again();
    let reply = port.ask(list(&mut model)).await;
    let StorageReply::Failed { problem, .. } = &reply else { panic!("{reply:?}") };
    assert!(problem.message.contains("SlowDown") && problem.hint.contains("throttling"), "{problem:?}");
    model.apply(reply);
    assert_eq!((model.entries.len(), model.kept), (1, true), "the last listing is kept");
    assert!(model.problem.is_some());

    faults.clear();
    model.read_again();
    let reply = port.ask(list(&mut model)).await;
    model.apply(reply);
    assert!(model.problem.is_none() && !model.kept, "one success clears it");
    assert_eq!(model.entries.len(), 1);
}
