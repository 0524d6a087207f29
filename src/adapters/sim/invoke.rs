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

fn answer(request: &InvokeRequest, n: u64) -> (Invoked, Vec<String>) {
    let request_id = format!("{:08x}-demo-4c1a-9d2e-{n:012x}", n * 2_654_435_761 % 0xffff_ffff);
    let now = iso8601(now_epoch_ms());
    let event: Value = serde_json::from_str(&request.payload).unwrap_or(Value::Null);
    let name = event.pointer("/arguments/name").or_else(|| event.get("name")).and_then(Value::as_str);
    // The demo handler reads `arguments.name` without a check, as the demo's logs show.
    let throws = request.function == "say-hello" && name.is_none();
    let name = name.unwrap_or_default();
    let (response, error, line) = match (request.function.as_str(), throws) {
        (_, true) => (
            json!({"errorType": "TypeError", "errorMessage": "Cannot read properties of undefined (reading 'name')", "trace": ["TypeError: Cannot read properties of undefined (reading 'name')", "    at Runtime.handler (file:///var/task/index.mjs:4:31)"]}).to_string(),
            Some("Unhandled".to_owned()),
            format!("{now}\t{request_id}\tERROR\tInvoke Error \t{{\"errorType\":\"TypeError\",\"errorMessage\":\"Cannot read properties of undefined (reading 'name')\"}}"),
        ),
        ("say-hello", false) => (json!(format!("Hello, {name}!")).to_string(), None, format!("{now}\t{request_id}\tINFO\tgreeting {name}")),
        _ => (request.payload.clone(), None, format!("{now}\t{request_id}\tINFO\techo")),
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
