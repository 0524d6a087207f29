//! A stand-in for CloudWatch Logs Live Tail: an HTTP/2 server (in cleartext) that answers
//! `StartLiveTail` the way the service does, with an `application/vnd.amazon.eventstream`
//! response whose messages are framed by the SDK's own codec (prelude, headers, payload,
//! CRCs) and shaped by the service model the SDK is generated from (`aws-sdk-cloudwatchlogs`:
//! `StartLiveTailResponseStream`, awsJson 1.1): `initial-response` (awsJson's, empty) and
//! `sessionStart` first, then a `sessionUpdate` every second, empty when nothing was logged,
//! and the stream's exceptions (`SessionTimeoutException` after three hours,
//! `SessionStreamingException`) as exception messages that end it. Each message is sent in
//! two DATA frames, so the SDK reassembles them as it must on the real stream. A test drives
//! each session through its [`Session`]; every `StartLiveTail` call is counted and kept.
//! (moto answers `StartLiveTail` with one snapshot over HTTP/1.1 and closes: no stream, no
//! timeout, no exception, nothing a session lives through.)
//!
//! The SDK's own HTTP client speaks HTTP/2 only where TLS negotiates it (ALPN), which needs
//! certificates; [`H2c`] is the client the tests give the SDK instead: HTTP/2 from the first
//! byte (prior knowledge) to this server, whatever host the request names. The SDK names
//! `stream-127.0.0.1`: it puts `stream-` in front of the endpoint's host for this operation
//! (`stream-logs.{region}.amazonaws.com` on AWS), a name nothing resolves.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ampdeck::adapters::aws::live_tail::Endpoint;
use aws_sdk_cloudwatchlogs::config::SharedHttpClient;
use aws_smithy_eventstream::frame::write_message_to;
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::event_stream::{Header, HeaderValue, Message};
use bytes::Bytes;
use h2::server::SendResponse;
use h2::{RecvStream, SendStream};
use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

/// The log stream every event of the stand-in comes from.
pub const STREAM: &str = "2026/12/01/[$LATEST]0123456789abcdef";
const TARGET: &str = "Logs_20140328.StartLiveTail";

/// One `StartLiveTail` call as the server received it.
#[derive(Debug, Clone)]
pub struct Request {
    pub version: http::Version,
    /// `:authority`: the host the SDK addressed.
    pub authority: String,
    pub target: String,
    pub content_type: String,
    /// Signed with SigV4, as every call to AWS is.
    pub signed: bool,
    pub body: Value,
}

impl Request {
    pub fn log_group_identifiers(&self) -> Vec<String> {
        let ids = self.body["logGroupIdentifiers"].as_array().cloned().unwrap_or_default();
        ids.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect()
    }
}

/// One event as Live Tail sends it (`LiveTailSessionLogEvent`).
pub fn event(group_arn: &str, timestamp: i64, message: &str) -> Value {
    json!({
        "logStreamName": STREAM,
        "logGroupIdentifier": group_arn,
        "message": message,
        "timestamp": timestamp,
        "ingestionTime": timestamp + 150,
    })
}

/// A running session: what the test sends on it.
pub struct Session {
    pub request: Request,
    messages: mpsc::UnboundedSender<(Message, bool)>,
}

impl Session {
    /// A `sessionUpdate` with `events`, all of them (`sampled: false`).
    pub fn update(&self, events: &[Value]) {
        self.send(update(false, events), false);
    }

    /// A `sessionUpdate` that left events out: more than 500 a second matched.
    pub fn sampled_update(&self, events: &[Value]) {
        self.send(update(true, events), false);
    }

    /// The session's three hours are up: `SessionTimeoutException`, and the stream ends.
    pub fn timeout(&self) {
        self.send(exception("SessionTimeoutException", "The session has timed out after 3 hours."), true);
    }

    /// An unknown error on the service's side: `SessionStreamingException`, and the stream ends.
    pub fn streaming_exception(&self) {
        self.send(exception("SessionStreamingException", "Internal error while streaming."), true);
    }

    /// Whether the stream is gone (ended, or reset by the client).
    pub fn ended(&self) -> bool {
        self.messages.is_closed()
    }

    fn send(&self, message: Message, last: bool) {
        self.messages.send((message, last)).expect("the session still runs");
    }
}

#[derive(Default)]
struct World {
    starts: usize,
    /// The next `StartLiveTail` is refused with this error code and message.
    refuse: Option<(String, String)>,
}

pub struct StandIn {
    pub port: u16,
    world: Arc<Mutex<World>>,
    sessions: tokio::sync::Mutex<mpsc::UnboundedReceiver<Session>>,
}

impl StandIn {
    pub async fn start() -> StandIn {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let world = Arc::new(Mutex::new(World::default()));
        let (tx, rx) = mpsc::unbounded_channel();
        let w = world.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                tokio::spawn(serve(socket, w.clone(), tx.clone()));
            }
        });
        StandIn { port, world, sessions: tokio::sync::Mutex::new(rx) }
    }

    /// Where ampdeck's test switch sends Live Tail: here, over HTTP/2.
    pub fn endpoint(&self) -> Endpoint {
        let addr = SocketAddr::from(([127, 0, 0, 1], self.port));
        Endpoint { url: format!("http://127.0.0.1:{}", self.port), http_client: SharedHttpClient::new(H2c { addr }) }
    }

    /// `StartLiveTail` calls so far.
    pub fn starts(&self) -> usize {
        self.world.lock().expect("world").starts
    }

    /// The next `StartLiveTail` is answered with an error (HTTP 400, awsJson's shape).
    pub fn refuse(&self, code: &str, message: &str) {
        self.world.lock().expect("world").refuse = Some((code.to_owned(), message.to_owned()));
    }

    /// The next session started, once its `sessionStart` went out.
    pub async fn session(&self, within: Duration) -> Session {
        let mut sessions = self.sessions.lock().await;
        tokio::time::timeout(within, sessions.recv()).await.expect("a session starts in time").expect("server runs")
    }
}

async fn serve(socket: TcpStream, world: Arc<Mutex<World>>, sessions: mpsc::UnboundedSender<Session>) {
    // HTTP/2 only: a client that speaks HTTP/1.1 here fails the handshake.
    let Ok(mut connection) = h2::server::handshake(socket).await else { return };
    while let Some(Ok((request, respond))) = connection.accept().await {
        tokio::spawn(answer(request, respond, world.clone(), sessions.clone()));
    }
}

async fn answer(
    request: http::Request<RecvStream>,
    mut respond: SendResponse<Bytes>,
    world: Arc<Mutex<World>>,
    sessions: mpsc::UnboundedSender<Session>,
) {
    let (parts, body) = request.into_parts();
    let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let request = Request {
        version: parts.version,
        authority: parts.uri.authority().map(|a| a.to_string()).unwrap_or_default(),
        target: header("x-amz-target"),
        content_type: header("content-type"),
        signed: header("authorization").starts_with("AWS4-HMAC-SHA256 "),
        body: serde_json::from_slice(&read(body).await).unwrap_or_default(),
    };
    if request.target != TARGET {
        let message = format!("the stand-in has only StartLiveTail, not {}", request.target);
        return refuse(respond, "UnknownOperationException", &message);
    }
    let refusal = {
        let mut world = world.lock().expect("world");
        world.starts += 1;
        world.refuse.take()
    };
    if let Some((code, message)) = refusal {
        return refuse(respond, &code, &message);
    }
    let head = http::Response::builder()
        .status(200)
        .header("content-type", "application/vnd.amazon.eventstream")
        .header("x-amzn-requestid", "00000000-0000-4000-8000-000000000001")
        .body(())
        .expect("response head");
    let Ok(mut stream) = respond.send_response(head, false) else { return };
    for message in [initial_response(), session_start(&request.body)] {
        if send(&mut stream, &message, false).is_err() {
            return;
        }
    }
    let (tx, rx) = mpsc::unbounded_channel();
    let _ = sessions.send(Session { request, messages: tx });
    stream_on(stream, rx).await;
}

/// What the test sends, and an empty update every second meanwhile, as the service does;
/// after the test let go of the session, updates alone until the client goes away.
async fn stream_on(mut stream: SendStream<Bytes>, mut messages: mpsc::UnboundedReceiver<(Message, bool)>) {
    let mut heartbeat = tokio::time::interval(Duration::from_secs(1));
    heartbeat.tick().await;
    let mut open = true;
    loop {
        let (message, last) = tokio::select! {
            next = messages.recv(), if open => match next {
                Some(next) => next,
                None => { open = false; continue }
            },
            _ = heartbeat.tick() => (update(false, &[]), false),
        };
        // A client that reset the stream makes the next send fail.
        if send(&mut stream, &message, last).is_err() || last {
            return;
        }
    }
}

async fn read(mut body: RecvStream) -> Vec<u8> {
    let mut bytes = Vec::new();
    while let Some(Ok(chunk)) = body.data().await {
        let _ = body.flow_control().release_capacity(chunk.len());
        bytes.extend_from_slice(&chunk);
    }
    bytes
}

/// An error reply as awsJson 1.1 gives it: HTTP 400, the code in `__type`.
fn refuse(mut respond: SendResponse<Bytes>, code: &str, message: &str) {
    let head = http::Response::builder()
        .status(400)
        .header("content-type", "application/x-amz-json-1.1")
        .header("x-amzn-requestid", "00000000-0000-4000-8000-000000000002")
        .body(())
        .expect("response head");
    let body = json!({"__type": code, "message": message}).to_string();
    if let Ok(mut stream) = respond.send_response(head, false) {
        let _ = stream.send_data(Bytes::from(body), true);
    }
}

/// One message, framed, in two DATA frames: the split falls inside the message.
fn send(stream: &mut SendStream<Bytes>, message: &Message, last: bool) -> Result<(), h2::Error> {
    let mut framed = Vec::new();
    write_message_to(message, &mut framed).expect("a message frames");
    let (head, tail) = framed.split_at(framed.len() / 2);
    stream.send_data(Bytes::copy_from_slice(head), false)?;
    stream.send_data(Bytes::copy_from_slice(tail), last)
}

fn string(name: &'static str, value: &'static str) -> Header {
    Header::new(name, HeaderValue::String(value.into()))
}

fn event_message(kind: &'static str, payload: Value) -> Message {
    Message::new(payload.to_string().into_bytes())
        .add_header(string(":message-type", "event"))
        .add_header(string(":event-type", kind))
        .add_header(string(":content-type", "application/json"))
}

/// The awsJson event stream's first message, before the events: the response's other
/// members, of which `StartLiveTail` has none. Empty, as moto's sends it; the SDK's
/// `send()` reads it before it returns the stream.
fn initial_response() -> Message {
    Message::new(Vec::new())
        .add_header(string(":message-type", "event"))
        .add_header(string(":event-type", "initial-response"))
}

/// `LiveTailSessionStart`: the session's request echoed.
fn session_start(request: &Value) -> Message {
    event_message(
        "sessionStart",
        json!({
            "requestId": "00000000-0000-4000-8000-000000000003",
            "sessionId": "00000000-0000-4000-8000-000000000004",
            "logGroupIdentifiers": request["logGroupIdentifiers"],
            "logStreamNames": [],
            "logStreamNamePrefixes": [],
            "logEventFilterPattern": "",
        }),
    )
}

/// `LiveTailSessionUpdate`.
fn update(sampled: bool, events: &[Value]) -> Message {
    event_message("sessionUpdate", json!({"sessionMetadata": {"sampled": sampled}, "sessionResults": events}))
}

fn exception(kind: &'static str, message: &str) -> Message {
    Message::new(json!({"message": message}).to_string().into_bytes())
        .add_header(string(":message-type", "exception"))
        .add_header(string(":exception-type", kind))
        .add_header(string(":content-type", "application/json"))
}

/// An HTTP client for the SDK that speaks HTTP/2 with prior knowledge (h2c) to one address,
/// one connection per request.
#[derive(Debug, Clone)]
pub struct H2c {
    addr: SocketAddr,
}

impl HttpClient for H2c {
    fn http_connector(&self, _: &HttpConnectorSettings, _: &RuntimeComponents) -> SharedHttpConnector {
        SharedHttpConnector::new(self.clone())
    }
}

impl HttpConnector for H2c {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        HttpConnectorFuture::new(h2c(self.addr, request))
    }
}

async fn h2c(addr: SocketAddr, request: HttpRequest) -> Result<HttpResponse, ConnectorError> {
    let request = request.try_into_http1x().map_err(|e| ConnectorError::other(e.into(), None))?;
    let tcp = TcpStream::connect(addr).await.map_err(|e| ConnectorError::io(e.into()))?;
    let io = hyper_util::rt::TokioIo::new(tcp);
    let (mut sender, connection) = hyper::client::conn::http2::handshake(hyper_util::rt::TokioExecutor::new(), io)
        .await
        .map_err(|e| ConnectorError::io(e.into()))?;
    let response = sender.send_request(request);
    // The connection, and the sender with it, live while the response's body is read.
    tokio::spawn(async move {
        let _sender = sender;
        let _ = connection.await;
    });
    let response = response.await.map_err(|e| ConnectorError::io(e.into()))?;
    HttpResponse::try_from(response.map(SdkBody::from_body_1_x)).map_err(|e| ConnectorError::other(e.into(), None))
}
