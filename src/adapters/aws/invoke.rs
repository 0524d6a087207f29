//! The [`Invoker`] port on Lambda's `Invoke`: synchronously with the log tail
//! (`LogType=Tail`), or queued as an event.

use std::time::Instant;

use aws_sdk_lambda::Client;
use aws_sdk_lambda::operation::RequestId;
use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::{InvocationType, LogType};

use super::client::{Connection, action_problem};
use super::on_demand::OnDemand;
use crate::domain::health::Source;
use crate::domain::invoke::{InvokeReply, InvokeRequest, Invoked, Mode};
use crate::ports::{Invoker, Sink};
use crate::util::base64;

const HINTS: &[(&str, &str)] = &[
    ("ResourceNotFound", "the function is not deployed (any more): deploy, then invoke again"),
    ("RequestTooLarge", "the event is over Lambda's 6 MB limit: make it smaller"),
    ("TooManyRequests", "the function's concurrency is used up: wait a moment, then invoke again"),
    ("InvalidRequestContent", "Lambda could not read the event as JSON: check the event file"),
];

pub struct AwsInvoker {
    calls: OnDemand<Client>,
    sink: Sink<InvokeReply>,
}

impl AwsInvoker {
    pub fn new(connection: Connection, sink: Sink<InvokeReply>) -> Self {
        Self { calls: OnDemand::new(connection, Client::new), sink }
    }
}

impl Invoker for AwsInvoker {
    fn invoke(&mut self, request: InvokeRequest) {
        let sink = self.sink.clone();
        self.calls.spawn(|client| async move {
            sink.send(invoke(&client, request).await).await;
        });
    }

    fn shutdown(&mut self) {
        self.calls.shutdown();
    }
}

async fn invoke(client: &Client, request: InvokeRequest) -> InvokeReply {
    let InvokeRequest { id, function, target, payload, mode, .. } = request;
    let kind = match mode {
        // A local run never comes here: the shell hands it to the local runner.
        Mode::Wait | Mode::Local(_) => InvocationType::RequestResponse,
        Mode::Queue => InvocationType::Event,
    };
    let started = Instant::now();
    let call = client.invoke().function_name(&target).invocation_type(kind).payload(Blob::new(payload));
    let call = if mode == Mode::Wait { call.log_type(LogType::Tail) } else { call };
    match call.send().await {
        Ok(out) => {
            let invoked = Invoked {
                status: out.status_code(),
                function_error: out.function_error().map(str::to_owned),
                response: out.payload().map(|p| String::from_utf8_lossy(p.as_ref()).into_owned()).unwrap_or_default(),
                log_tail: out.log_result().and_then(base64::decode).map(|b| String::from_utf8_lossy(&b).into_owned()),
                request_id: out.request_id().map(str::to_owned),
                local: None,
            };
            InvokeReply::Done { id, function, invoked, took_ms: started.elapsed().as_millis() as i64 }
        }
        Err(e) => InvokeReply::Failed { id, function, problem: action_problem(&e, Source::Invoke, HINTS) },
    }
}
