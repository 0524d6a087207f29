//! Log traffic: a burst of invocations after each deploy, as a developer trying the change
//! would cause, with the data API's requests among them (AppSync's own log shapes); then
//! silence, so an idle demo costs nothing.

use std::time::Duration;

use super::account::{ACCOUNT_ID, REGION};
use super::invoke::HANDLER_FRAME;
use crate::domain::logs::LogEvent;
use crate::ports::{DeployReport, FollowMsg, Sink};
use crate::util::timefmt::{iso8601, now_epoch_ms};

/// `api` is the deployed data API's id, which its resolvers' ARNs name.
pub async fn invocations(sink: &Sink<DeployReport>, seed: u64, speed: f64, after_failure: bool, api: &str) {
    let mut rng = Lcg(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    for n in 0..14u64 {
        tokio::time::sleep(Duration::from_millis(500 + rng.next() % 900).div_f64(speed.max(0.01))).await;
        let mut events = invocation(&mut rng, n, after_failure);
        if n % 4 == 1 {
            events.extend(data_api_request(&mut rng, n, api));
        }
        if !sink.send(DeployReport::Follow(FollowMsg::Logs(events))).await {
            return;
        }
    }
}

fn request_id(rng: &mut Lcg) -> String {
    format!(
        "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
        rng.next() as u32,
        rng.next() % 0xffff,
        rng.next() % 0xfff,
        rng.next() % 0xfff,
        rng.next() % 0xffff_ffff_ffff
    )
}

fn invocation(rng: &mut Lcg, n: u64, after_failure: bool) -> Vec<LogEvent> {
    let t = now_epoch_ms();
    let request = request_id(rng);
    let names = ["Ada", "Grace", "Linus", "Margaret", "Ken"];
    let name = names[(rng.next() % names.len() as u64) as usize];
    let (function, cold) = if n % 5 == 4 { ("amplify-data-table-manager", false) } else { ("say-hello", n == 0) };
    let duration = 2.0 + (rng.next() % 4000) as f64 / 100.0;
    let mut lines = Vec::new();
    if cold {
        lines.push(format!(
            "INIT_START Runtime Version: nodejs:20.v43\tRuntime Version ARN: arn:aws:lambda:{REGION}::runtime:0f4e"
        ));
    }
    lines.push(format!("START RequestId: {request} Version: $LATEST"));
    let iso = iso8601(t);
    match (function, rng.next() % 7) {
        ("amplify-data-table-manager", _) => {
            lines.push(format!("{iso}\t{request}\tINFO\tReceived event: {{\"RequestType\":\"Update\",\"ResourceType\":\"Custom::AmplifyDynamoDBTable\",\"LogicalResourceId\":\"TodoTable\"}}"));
            lines.push(format!("{iso}\t{request}\tINFO\tTable Todo-{request:.8} is ACTIVE"));
        }
        (_, 0) if after_failure || n % 3 == 2 => {
            lines.push(format!("{iso}\t{request}\tERROR\tInvoke Error \t{{\"errorType\":\"TypeError\",\"errorMessage\":\"Cannot read properties of undefined (reading 'name')\"}}\n    {HANDLER_FRAME}\n    at Runtime.handleOnceNonStreaming (file:///var/runtime/index.mjs:1173:29)"));
        }
        (_, 1) => {
            lines.push(format!(
                "{iso}\t{request}\tWARN\t{{\"level\":\"WARN\",\"msg\":\"slow downstream call\",\"ms\":{}}}",
                800 + rng.next() % 900
            ));
            lines.push(format!("{{\"level\":\"INFO\",\"msg\":\"greeting\",\"name\":\"{name}\"}}"));
        }
        _ => lines.push(format!("{{\"level\":\"INFO\",\"msg\":\"greeting\",\"name\":\"{name}\"}}")),
    }
    lines.push(format!("END RequestId: {request}"));
    lines.push(format!("REPORT RequestId: {request}\tDuration: {duration:.2} ms\tBilled Duration: {} ms\tMemory Size: 512 MB\tMax Memory Used: {} MB", duration.ceil() as u64, 80 + rng.next() % 20));
    lines
        .into_iter()
        .map(|message| LogEvent {
            function: function.into(),
            timestamp_ms: t,
            message,
            internal: function.starts_with("amplify-"),
            ..LogEvent::default()
        })
        .collect()
}

/// One GraphQL request as AppSync logs it with field-level logging on: the request, its
/// resolver's mapping records, tracing and summaries. Every third one is refused.
fn data_api_request(rng: &mut Lcg, n: u64, api: &str) -> Vec<LogEvent> {
    let request = request_id(rng);
    let arn = format!("arn:aws:appsync:{REGION}:{ACCOUNT_ID}:apis/{api}/types/Query/resolvers/listTodos");
    let refused = n % 3 == 1;
    let errors = if refused {
        r#"[{"message":"Not Authorized to access listTodos on type Query","errorType":"Unauthorized"}]"#
    } else {
        "[]"
    };
    let field =
        format!(r#""fieldName":"listTodos","parentType":"Query","resolverArn":"{arn}","requestId":"{request}""#);
    let latency = 9_000_000 + rng.next() % 40_000_000;
    let lines = [
        format!("{request} Begin Request"),
        format!(
            "{request} GraphQL Query: query ListTodos {{ listTodos {{ items {{ id content }} }} }}, Operation: ListTodos, Variables: {{}}"
        ),
        format!(r#"{{"logType":"RequestMapping",{field},"fieldInError":false,"context":{{"arguments":{{}}}}}}"#),
        format!(r#"{{"logType":"ResponseMapping",{field},"fieldInError":{refused},"errors":{errors}}}"#),
        format!(r#"{{"logType":"Tracing","path":["listTodos"],{field},"duration":{}}}"#, latency * 3 / 5),
        format!(r#"{{"logType":"ExecutionSummary","requestId":"{request}","duration":{}}}"#, latency * 4 / 5),
        format!(
            r#"{{"logType":"RequestSummary","requestId":"{request}","statusCode":{},"latency":{latency}}}"#,
            if refused { 401 } else { 200 }
        ),
        format!("{request} End Request"),
    ];
    let t = now_epoch_ms();
    lines
        .into_iter()
        .map(|message| LogEvent {
            function: crate::amplify::functions::DATA_API.into(),
            timestamp_ms: t,
            message,
            source: crate::domain::logs::LogSource::AppSync,
            ..LogEvent::default()
        })
        .collect()
}

/// A tiny deterministic generator: the demo looks the same every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invocations_look_like_lambda_logs() {
        let mut rng = Lcg(7);
        let events = invocation(&mut rng, 0, false);
        assert!(events[0].message.starts_with("INIT_START"));
        assert!(events.iter().any(|e| e.message.starts_with("REPORT RequestId")));
    }

    #[test]
    fn log_lines_are_dated_when_they_are_written_in_the_demos_region() {
        let mut rng = Lcg(11);
        let events: Vec<LogEvent> = (0..20).flat_map(|n| invocation(&mut rng, n, true)).collect();
        let dated: Vec<&LogEvent> =
            events.iter().filter(|e| e.message.starts_with(|c: char| c.is_ascii_digit())).collect();
        assert!(!dated.is_empty());
        for e in dated {
            assert!(e.message.starts_with(&iso8601(e.timestamp_ms)), "{} at {}", e.message, e.timestamp_ms);
        }
        assert!(events.iter().filter(|e| e.message.contains("arn:")).all(|e| e.message.contains(REGION)));
        let request = data_api_request(&mut rng, 1, "abcdemoapi");
        assert!(
            request
                .iter()
                .any(|e| e.message.contains(&format!("arn:aws:appsync:{REGION}:{ACCOUNT_ID}:apis/abcdemoapi/")))
        );
    }

    #[test]
    fn data_api_requests_read_as_resolvers_with_their_errors() {
        let mut store = crate::model::logs::LogStore::default();
        store.push_all(&data_api_request(&mut Lcg(3), 1, "api1"));
        let texts: Vec<&str> = (0..store.len()).filter_map(|i| store.get(i)).map(|l| l.text.as_str()).collect();
        assert!(texts.iter().any(|t| t.starts_with("operation ListTodos: query ListTodos")), "{texts:?}");
        assert!(
            texts.iter().any(|t| t.starts_with("Query.listTodos · response mapping ✗ Not Authorized")),
            "{texts:?}"
        );
        assert!(texts.iter().any(|t| t.starts_with("request 401 · ")), "{texts:?}");
        assert_eq!(store.functions().get(crate::amplify::functions::DATA_API).map(|s| s.invocations), Some(1));
    }
}
