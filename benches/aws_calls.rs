//! CloudFormation API calls per minute while idle and while a deploy runs, and the time from
//! a stack event appearing in the emulator to it reaching ampdeck's state. Runs the real
//! poller with its real timing against moto (installed by `scripts/test`); and the time from
//! a record written to a model table to its change reaching the Data port's answers.
//! Run: `AMPDECK_MOTO_SERVER=.venv-test/bin/moto_server cargo bench --bench aws_calls`.

#[path = "../tests/moto/mod.rs"]
mod moto;

use std::time::{Duration, Instant};

use ampdeck::adapters::aws::client::{CallCounter, Connection};
use ampdeck::adapters::aws::poller::{Poller, Timing};
use ampdeck::app::Event;
use ampdeck::ports::{Activity, Sink};
use tokio::sync::mpsc;

const NESTED: &str = r#"{"Resources":{"Topic":{"Type":"AWS::SNS::Topic","Properties":{}}}}"#;
const ROOT: &str = r#"{"Resources":{"auth":{"Type":"AWS::CloudFormation::Stack","Properties":{"TemplateURL":"https://s3.amazonaws.com/templates/nested.json"}},"Queue":{"Type":"AWS::SQS::Queue","Properties":{}}}}"#;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let Some(moto) = moto::Moto::start() else { return };
    moto.put_object("templates", "nested.json", NESTED);
    let client = moto.client();
    client.create_stack().stack_name("root").template_body(ROOT).send().await.expect("create");
    moto::fake_credentials();
    let (tx, mut rx) = mpsc::channel::<Event>(1024);
    let calls = CallCounter::default();
    let activity = Activity::default();
    let poller = Poller {
        connection: Connection { profile: None, region: Some("us-east-1".into()), endpoint_url: Some(moto.endpoint()) },
        stack: "root".into(),
        timing: Timing::default(),
        calls: calls.clone(),
        activity: activity.clone(),
        sink: Sink::new(tx),
        functions: None,
    };
    let task = tokio::spawn(poller.run());
    let drain = tokio::spawn(async move {
        let mut latest = Vec::new();
        while let Some(event) = rx.recv().await {
            if let Event::StackEvents(events) = event {
                latest.push((Instant::now(), events.len()));
            }
        }
        latest
    });

    tokio::time::sleep(Duration::from_secs(5)).await; // first full poll and discovery done
    let start = calls.get();
    tokio::time::sleep(Duration::from_secs(60)).await;
    let idle = calls.get() - start;

    activity.set(true);
    let start = calls.get();
    tokio::time::sleep(Duration::from_secs(30)).await;
    let busy = (calls.get() - start) * 2;

    // Event latency: an update lands in the emulator, the poller (fast while deploying)
    // brings its events.
    let mut latencies = Vec::new();
    for i in 0..10 {
        let template = ROOT.replace("\"Queue\"", &format!("\"Queue{i}\""));
        let sent = Instant::now();
        client.update_stack().stack_name("root").template_body(template).send().await.expect("update");
        latencies.push(sent);
        tokio::time::sleep(Duration::from_secs(3)).await;
    }
    task.abort();
    let arrivals = drain.await.unwrap_or_default();
    let mut ms: Vec<f64> = latencies
        .iter()
        .filter_map(|sent| {
            arrivals.iter().find(|(at, _)| at > sent).map(|(at, _)| (*at - *sent).as_secs_f64() * 1000.0)
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    println!("CloudFormation calls per minute: idle {idle}, during a deploy {busy}");
    if !ms.is_empty() {
        println!(
            "stack event in emulator → in ampdeck state: median {:.0} ms, max {:.0} ms over {} updates",
            ms[ms.len() / 2],
            ms[ms.len() - 1],
            ms.len()
        );
    }
    stream_latency(&moto).await;
}

/// A record written by another client → the change from the table's stream, 10 times.
async fn stream_latency(moto: &moto::Moto) {
    use ampdeck::domain::data::DataReply;
    use ampdeck::ports::Data;
    let table = "Todo-bench-NONE";
    let db = moto.model_table(table).await;
    let (sink, mut rx) = Sink::channel(64);
    let connection =
        Connection { profile: None, region: Some("us-east-1".into()), endpoint_url: Some(moto.endpoint()) };
    let mut port = ampdeck::adapters::aws::data::AwsData::new(connection, sink);
    port.watch(vec![table.into()]);
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mut ms = Vec::new();
    for i in 0..10 {
        let sent = Instant::now();
        let item = moto::todo(&format!("r{i}"), "bench", "t");
        db.put_item().table_name(table).set_item(Some(item)).send().await.expect("put");
        while let Ok(Some(reply)) = tokio::time::timeout(Duration::from_secs(10), rx.recv()).await {
            if matches!(reply, DataReply::Changes { .. }) {
                ms.push(sent.elapsed().as_secs_f64() * 1000.0);
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(1300)).await;
    }
    port.shutdown();
    ms.sort_by(f64::total_cmp);
    if let (Some(median), Some(max)) = (ms.get(ms.len() / 2), ms.last()) {
        println!(
            "record written → its change from the stream: median {median:.0} ms, max {max:.0} ms over {} writes",
            ms.len()
        );
    }
}
