//! A proxy in front of moto that misbehaves the way AWS does on a bad day: it throttles,
//! expires credentials, fails chosen calls and corrupts chosen responses, for a number of
//! matching requests, then lets them through again. Requests match by API action
//! (`DescribeStackEvents`, `FilterLogEvents`) and optionally by a text in the request body.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What to do to a matching request.
#[derive(Debug, Clone)]
pub enum Fault {
    /// `ThrottlingException` / `Throttling`.
    Throttle,
    /// `ExpiredTokenException` / `ExpiredToken`.
    ExpireToken,
    /// A `ValidationError` saying the stack does not exist.
    NoSuchStack,
    /// Moto's answer, with `from` in its body replaced by `to` (a malformed event).
    Rewrite { from: String, to: String },
    /// S3's `SlowDown` (HTTP 503), or a JSON service's `TooManyRequestsException`.
    SlowDown,
    /// Moto's answer with one more header (Lambda's `X-Amz-Function-Error`, which moto's
    /// Docker-less Lambda never sends).
    Header { name: String, value: String },
}

#[derive(Debug, Clone)]
struct Rule {
    action: String,
    body: Option<String>,
    fault: Fault,
    /// How many more requests it applies to; `None`: until cleared.
    left: Option<usize>,
}

#[derive(Clone, Default)]
pub struct Faults {
    rules: Arc<Mutex<Vec<Rule>>>,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Faults {
    /// `fault` for the next `times` requests of `action` (all of them with `None`) whose body
    /// contains `body`, when given.
    pub fn add(&self, action: &str, body: Option<&str>, fault: Fault, times: Option<usize>) {
        let rule = Rule { action: action.into(), body: body.map(str::to_owned), fault, left: times };
        self.rules.lock().expect("rules").push(rule);
    }

    pub fn clear(&self) {
        self.rules.lock().expect("rules").clear();
    }

    /// The actions of the requests seen so far, in order.
    pub fn actions(&self) -> Vec<String> {
        self.seen.lock().expect("seen").clone()
    }

    fn take(&self, action: &str, body: &str) -> Option<Fault> {
        let mut rules = self.rules.lock().expect("rules");
        let rule = rules
            .iter_mut()
            .find(|r| r.action == action && r.body.as_ref().is_none_or(|b| body.contains(b)) && r.left != Some(0))?;
        if let Some(left) = rule.left.as_mut() {
            *left -= 1;
        }
        Some(rule.fault.clone())
    }
}

/// Listens on a free loopback port and forwards to `upstream` (`127.0.0.1:PORT`).
pub async fn proxy(upstream: u16) -> (String, Faults) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let faults = Faults::default();
    let shared = faults.clone();
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            tokio::spawn(serve(client, upstream, shared.clone()));
        }
    });
    (format!("http://127.0.0.1:{port}"), faults)
}

struct Request {
    head: String,
    body: Vec<u8>,
}

async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Request> {
    let end = loop {
        if let Some(i) = find(buffer, b"\r\n\r\n") {
            break i + 4;
        }
        let mut chunk = [0u8; 8192];
        let n = stream.read(&mut chunk).await.ok().filter(|&n| n > 0)?;
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
    let length = header(&head, "content-length").and_then(|v| v.parse::<usize>().ok()).unwrap_or(0);
    while buffer.len() < end + length {
        let mut chunk = [0u8; 8192];
        let n = stream.read(&mut chunk).await.ok().filter(|&n| n > 0)?;
        buffer.extend_from_slice(&chunk[..n]);
    }
    let body = buffer[end..end + length].to_vec();
    buffer.drain(..end + length);
    Some(Request { head, body })
}

async fn serve(mut client: TcpStream, upstream: u16, faults: Faults) {
    let mut buffer = Vec::new();
    while let Some(request) = read_request(&mut client, &mut buffer).await {
        let body = String::from_utf8_lossy(&request.body).into_owned();
        let action = action_of(&request.head, &body);
        faults.seen.lock().expect("seen").push(action.clone());
        let json = header(&request.head, "x-amz-target").is_some() || action == "Invoke";
        let s3 = s3_action(&request.head).is_some();
        let response = match faults.take(&action, &body) {
            Some(fault) if s3 => s3_error(&fault),
            Some(Fault::SlowDown) => error(json, "TooManyRequestsException", "Throttling", "Too many requests"),
            Some(Fault::Throttle) => error(json, "ThrottlingException", "Throttling", "Rate exceeded"),
            Some(Fault::ExpireToken) => error(
                json,
                "ExpiredTokenException",
                "ExpiredToken",
                "The security token included in the request is expired",
            ),
            Some(Fault::NoSuchStack) => {
                error(json, "ValidationError", "ValidationError", "Stack with id gone does not exist")
            }
            Some(Fault::Rewrite { from, to }) => match forward(&request, upstream).await {
                Some((status, headers, body)) => {
                    respond(&status, &headers, String::from_utf8_lossy(&body).replace(&from, &to).as_bytes())
                }
                None => return,
            },
            Some(Fault::Header { name, value }) => match forward(&request, upstream).await {
                Some((status, mut headers, body)) => {
                    headers.push((name, value));
                    respond(&status, &headers, &body)
                }
                None => return,
            },
            None => match forward(&request, upstream).await {
                Some((status, headers, body)) => respond(&status, &headers, &body),
                None => return,
            },
        };
        if client.write_all(&response).await.is_err() {
            return;
        }
    }
}

/// The API action: the JSON protocol's `X-Amz-Target` suffix, Lambda's `Invoke` by its
/// path, or the query protocol's `Action=` parameter.
fn action_of(head: &str, body: &str) -> String {
    if head.lines().next().is_some_and(|l| l.contains("/invocations")) {
        return "Invoke".into();
    }
    if let Some(action) = s3_action(head) {
        return action.into();
    }
    if let Some(target) = header(head, "x-amz-target") {
        return target.rsplit('.').next().unwrap_or(&target).to_owned();
    }
    body.split('&').find_map(|p| p.strip_prefix("Action=")).unwrap_or_default().to_owned()
}

fn header(head: &str, name: &str) -> Option<String> {
    head.lines().find_map(|l| {
        let (key, value) = l.split_once(':')?;
        key.trim().eq_ignore_ascii_case(name).then(|| value.trim().to_owned())
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Sends the request to moto on a connection of its own and reads the whole answer.
async fn forward(request: &Request, upstream: u16) -> Option<(String, Vec<(String, String)>, Vec<u8>)> {
    let mut moto = TcpStream::connect(("127.0.0.1", upstream)).await.ok()?;
    let mut head: Vec<&str> =
        request.head.trim_end().lines().filter(|l| !l.to_lowercase().starts_with("connection:")).collect();
    head.push("Connection: close");
    let out = format!("{}\r\n\r\n", head.join("\r\n"));
    moto.write_all(out.as_bytes()).await.ok()?;
    moto.write_all(&request.body).await.ok()?;
    let mut raw = Vec::new();
    moto.read_to_end(&mut raw).await.ok()?;
    let end = find(&raw, b"\r\n\r\n")? + 4;
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.lines();
    let status = lines.next()?.to_owned();
    let headers = lines
        .filter_map(|l| l.split_once(':').map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned())))
        .filter(|(k, _)| !["content-length", "connection", "transfer-encoding"].contains(&k.to_lowercase().as_str()))
        .collect();
    Some((status, headers, raw[end..].to_vec()))
}

fn respond(status: &str, headers: &[(String, String)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("{status}\r\n");
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str(&format!("Content-Length: {}\r\nConnection: keep-alive\r\n\r\n", body.len()));
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// An error answer in the protocol of the request: JSON for CloudWatch Logs, XML for
/// CloudFormation.
fn error(json: bool, json_code: &str, query_code: &str, message: &str) -> Vec<u8> {
    if json {
        let body = format!(r#"{{"__type":"{json_code}","message":"{message}"}}"#);
        let headers = [
            ("Content-Type".to_owned(), "application/x-amz-json-1.1".to_owned()),
            ("x-amzn-ErrorType".to_owned(), json_code.to_owned()),
        ];
        respond("HTTP/1.1 400 Bad Request", &headers, body.as_bytes())
    } else {
        let body = format!(
            "<ErrorResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\"><Error><Type>Sender</Type>\
             <Code>{query_code}</Code><Message>{message}</Message></Error><RequestId>fault</RequestId></ErrorResponse>"
        );
        respond("HTTP/1.1 400 Bad Request", &[("Content-Type".to_owned(), "text/xml".to_owned())], body.as_bytes())
    }
}

/// S3's REST calls by method and path: no target header, no `Action=`. Path-style requests
/// (`/bucket/key`), as tests point the SDK at the proxy with path-style addressing.
fn s3_action(head: &str) -> Option<&'static str> {
    if header(head, "x-amz-target").is_some() || header(head, "x-amz-content-sha256").is_none() {
        return None;
    }
    let line = head.lines().next()?;
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next()?, parts.next()?);
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let object = path.trim_matches('/').contains('/');
    Some(match (method, object) {
        ("GET", false) if query.contains("list-type=2") => "ListObjectsV2",
        ("GET", true) => "GetObject",
        ("HEAD", true) => "HeadObject",
        ("PUT", true) => "PutObject",
        ("DELETE", true) => "DeleteObject",
        _ => return None,
    })
}

/// An S3 error document: XML, with the HTTP status S3 gives each code.
fn s3_error(fault: &Fault) -> Vec<u8> {
    let (status, code, message) = match fault {
        Fault::ExpireToken => ("400 Bad Request", "ExpiredToken", "The provided token has expired."),
        Fault::Throttle | Fault::SlowDown => ("503 Slow Down", "SlowDown", "Please reduce your request rate."),
        _ => ("500 Internal Server Error", "InternalError", "We encountered an internal error."),
    };
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message>\
         <RequestId>fault</RequestId></Error>"
    );
    respond(
        &format!("HTTP/1.1 {status}"),
        &[("Content-Type".to_owned(), "application/xml".to_owned())],
        body.as_bytes(),
    )
}
