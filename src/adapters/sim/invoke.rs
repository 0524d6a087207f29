//! The demo's invocations: `say-hello` greets whoever the event names (without a name it
//! throws the error the demo's logs show), any other function echoes its event; each answer
//! comes with its log tail, and the same lines reach the Logs pane under its request id.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Value, json};

use crate::domain::invoke::{InvokeReply, InvokeRequest, Invoked, Mode};
use crate::domain::logs::LogEvent;
use crate::ports::{FollowMsg, Invoker, Sink};
use crate::util::timefmt::{iso8601, now_epoch_ms};

#[derive(Clone)]
pub struct SimInvoker {
    sink: Option<Sink<InvokeReply>>,
    logs: Sink<FollowMsg>,
    speed: f64,
    calls: Arc<AtomicU64>,
}

impl SimInvoker {
    pub fn new(sink: Sink<InvokeReply>, logs: Sink<FollowMsg>, speed: f64) -> Self {
        Self { sink: Some(sink), logs, speed, calls: Arc::default() }
    }
}

/// Where the demo handler throws, in its bundle: the frame its invocations' errors show.
pub(super) const HANDLER_FRAME: &str = "at Runtime.handler (file:///var/task/index.mjs:4:31)";

/// What the demo handler (`assets/demo-app/amplify/functions/say-hello/handler.ts`) does with
/// `event`: it reads `event.arguments.name` unchecked, so an event without `arguments` throws
/// and one without a name greets `undefined`, as JavaScript would; its log line is the JSON
/// it writes. `Err` is the JavaScript error's message.
fn say_hello(event: &Value) -> Result<(String, String), &'static str> {
    let arguments = event
        .get("arguments")
        .filter(|a| a.is_object())
        .ok_or("Cannot read properties of undefined (reading 'name')")?;
    let name = arguments.get("name").and_then(Value::as_str).unwrap_or("undefined");
    let log = json!({ "level": "INFO", "msg": "greeting", "name": name }).to_string();
    Ok((format!("Hello, {name}!"), log))
}

fn answer(request: &InvokeRequest, n: u64) -> (Invoked, Vec<String>) {
    let request_id = format!("{:08x}-demo-4c1a-9d2e-{n:012x}", n * 2_654_435_761 % 0xffff_ffff);
    let now = iso8601(now_epoch_ms());
    let event: Value = serde_json::from_str(&request.payload).unwrap_or(Value::Null);
    let (response, error, line) = match (request.function.as_str() == "say-hello").then(|| say_hello(&event)) {
        Some(Err(message)) => (
            json!({"errorType": "TypeError", "errorMessage": message, "trace": [format!("TypeError: {message}"), format!("    {HANDLER_FRAME}")]}).to_string(),
            Some("Unhandled".to_owned()),
            format!("{now}\t{request_id}\tERROR\tInvoke Error \t{}", json!({"errorType": "TypeError", "errorMessage": message})),
        ),
        Some(Ok((greeting, log))) => (json!(greeting).to_string(), None, format!("{now}\t{request_id}\tINFO\t{log}")),
        None => (request.payload.clone(), None, format!("{now}\t{request_id}\tINFO\techo")),
    };
    let cold = n == 1;
    let init = if cold { "\tInit Duration: 182.40 ms" } else { "" };
    let lines = vec![
        format!("START RequestId: {request_id} Version: $LATEST"),
        line,
        format!("END RequestId: {request_id}"),
        format!(
            "REPORT RequestId: {request_id}\tDuration: {}.21 ms\tBilled Duration: {} ms\tMemory Size: 512 MB\tMax Memory Used: 71 MB{init}\t",
            3 + n % 9,
            4 + n % 9
        ),
    ];
    let queued = request.mode == Mode::Queue;
    let invoked = Invoked {
        status: if queued { 202 } else { 200 },
        function_error: error.filter(|_| !queued),
        response: if queued { String::new() } else { response },
        log_tail: (!queued).then(|| lines.join("\n") + "\n"),
        request_id: Some(request_id),
        local: None,
    };
    (invoked, lines)
}

impl Invoker for SimInvoker {
    fn invoke(&mut self, request: InvokeRequest) {
        let Some(sink) = self.sink.clone() else { return };
        let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        let (logs, pause) = (self.logs.clone(), std::time::Duration::from_secs_f64(0.3 / self.speed.max(0.01)));
        tokio::spawn(async move {
            tokio::time::sleep(pause).await;
            let (invoked, lines) = answer(&request, n);
            let at = now_epoch_ms();
            let events = lines
                .into_iter()
                .map(|message| LogEvent {
                    function: request.function.clone(),
                    timestamp_ms: at,
                    message,
                    ..LogEvent::default()
                })
                .collect();
            let reply = InvokeReply::Done { id: request.id, function: request.function, invoked, took_ms: 310 };
            sink.send(reply).await;
            logs.send(FollowMsg::Logs(events)).await;
        });
    }

    fn shutdown(&mut self) {
        self.sink = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invoke(payload: &str) -> Invoked {
        let request = InvokeRequest {
            id: 1,
            function: "say-hello".into(),
            target: "f".into(),
            event: "e".into(),
            payload: payload.into(),
            mode: Mode::Wait,
        };
        answer(&request, 2).0
    }

    #[test]
    fn say_hello_answers_its_saved_events_as_its_handler_would() {
        let hello = invoke(include_str!("../../../assets/demo-app/ampdeck/events/say-hello/hello.json"));
        assert_eq!((hello.response.as_str(), hello.function_error), ("\"Hello, Amplify!\"", None));
        assert!(
            hello.log_tail.is_some_and(|t| t.contains(r#"INFO	{"level":"INFO","msg":"greeting","name":"Amplify"}"#))
        );
        let no_name = invoke(include_str!("../../../assets/demo-app/ampdeck/events/say-hello/no-name.json"));
        assert!(no_name.response.contains("Cannot read properties of undefined (reading 'name')"), "{no_name:?}");
        assert_eq!(invoke(r#"{"arguments":{}}"#).response, "\"Hello, undefined!\"", "reads a missing name unchecked");
    }
}
