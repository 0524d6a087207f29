//! A small stand-in for the Amplify REST API (the local emulator has no Amplify): the
//! operations the Hosting port calls, with bodies shaped like the API reference's
//! (restJson1, epoch-second timestamps), `nextToken` paging two items a page, presigned log
//! URLs it serves itself, a custom domain with one verified branch, an answer that is not
//! Amplify's (an HTML 404, as an emulator without Amplify gives) (only the newest one works, as an expired one would not), and the
//! error replies AWS sends (`NotFoundException` 404, `LimitExceededException` 429).
#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub const APP: &str = "d1abcdef123456";
const PAGE: usize = 2;
pub const BUILD_LOG: &str = "# Starting phase: build\nnpm run build\n\u{1b}[31msrc/App.tsx(3,1): error TS2304: Cannot find name 'x'.\u{1b}[0m\n!!! Build failed\n";

#[derive(Default)]
struct World {
    port: u16,
    branches: Vec<Value>,
    jobs: HashMap<String, Vec<Value>>,
    app_variables: Value,
    /// Every request: method, path (decoded), body.
    seen: Vec<(String, String, String)>,
    signature: u64,
    throttle: HashMap<String, usize>,
}

#[derive(Clone)]
pub struct AmplifyApi {
    world: Arc<Mutex<World>>,
    pub port: u16,
}

fn branch(name: &str, stage: &str, source: Option<&str>, active: &str, vars: Value) -> Value {
    let mut b = json!({
        "branchArn": format!("arn:aws:amplify:us-east-1:123456789012:apps/{APP}/branches/{name}"),
        "branchName": name, "description": "", "stage": stage, "displayName": name.replace('/', "-"),
        "enableNotification": false, "createTime": 1_764_000_000, "updateTime": 1_764_000_000,
        "environmentVariables": vars, "enableAutoBuild": true, "customDomains": [], "framework": "Next.js - SSR",
        "activeJobId": active, "totalNumberOfJobs": "3", "enableBasicAuth": false, "ttl": "5",
        "enablePullRequestPreview": stage == "PULL_REQUEST",
        "backend": { "stackArn": format!("arn:aws:cloudformation:us-east-1:123456789012:stack/amplify-{APP}-{}-branch-abc/1", name.replace('/', "")) }
    });
    if let Some(source) = source {
        b["sourceBranch"] = json!(source);
    }
    b
}

fn job(id: &str, status: &str, job_type: &str, message: &str, start: i64, end: Option<i64>) -> Value {
    let mut j = json!({
        "jobArn": format!("arn:aws:amplify:us-east-1:123456789012:apps/{APP}/branches/main/jobs/{id}"),
        "jobId": id, "commitId": format!("abc{id}def"), "commitMessage": message, "commitTime": start,
        "startTime": start, "status": status, "jobType": job_type
    });
    if let Some(end) = end {
        j["endTime"] = json!(end);
    }
    j
}

impl AmplifyApi {
    pub async fn start() -> AmplifyApi {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let world = World {
            port,
            branches: vec![
                branch("main", "PRODUCTION", None, "3", json!({"API_URL": "https://api.prod"})),
                branch("feature/profile", "DEVELOPMENT", None, "2", json!({})),
                branch("pr-7", "PULL_REQUEST", Some("main"), "1", json!({"API_URL": "https://api.preview"})),
            ],
            jobs: HashMap::from([
                (
                    "main".to_owned(),
                    vec![
                        job("3", "SUCCEED", "WEB_HOOK", "Add profile page", 1_764_003_000, Some(1_764_003_200)),
                        job("2", "FAILED", "WEB_HOOK", "Try the build", 1_764_002_000, Some(1_764_002_090)),
                        job("1", "SUCCEED", "RELEASE", "First", 1_764_001_000, Some(1_764_001_300)),
                    ],
                ),
                (
                    "feature/profile".to_owned(),
                    vec![job(
                        "2",
                        "FAILED",
                        "WEB_HOOK",
                        "Profile \u{1b}]0;pwned\u{7}page",
                        1_764_002_500,
                        Some(1_764_002_600),
                    )],
                ),
                ("pr-7".to_owned(), vec![job("1", "RUNNING", "WEB_HOOK", "PR 7", 1_764_004_000, None)]),
            ]),
            app_variables: json!({"NODE_VERSION": "20", "API_URL": "https://api.default"}),
            ..World::default()
        };
        let world = Arc::new(Mutex::new(world));
        let w = world.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let w = w.clone();
                tokio::spawn(async move { serve(stream, w).await });
            }
        });
        AmplifyApi { world, port }
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The next `times` requests whose path contains `path` are throttled.
    pub fn throttle(&self, path: &str, times: usize) {
        self.world.lock().expect("world").throttle.insert(path.to_owned(), times);
    }

    pub fn seen(&self) -> Vec<(String, String, String)> {
        self.world.lock().expect("world").seen.clone()
    }

    /// Ends the running job of `branch`.
    pub fn finish(&self, branch: &str, status: &str) {
        let mut world = self.world.lock().expect("world");
        if let Some(first) = world.jobs.get_mut(branch).and_then(|j| j.first_mut()) {
            first["status"] = json!(status);
            first["endTime"] = json!(1_764_004_300);
        }
    }
}

async fn serve(mut stream: TcpStream, world: Arc<Mutex<World>>) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let Some(head_end) = find(&buf, b"\r\n\r\n") else {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
            continue;
        };
        let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
        let length = head
            .lines()
            .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse().unwrap_or(0)))
            .unwrap_or(0usize);
        while buf.len() < head_end + 4 + length {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        let body = String::from_utf8_lossy(&buf[head_end + 4..head_end + 4 + length]).into_owned();
        buf.drain(..head_end + 4 + length);
        let mut words = head.split_whitespace();
        let (method, target) =
            (words.next().unwrap_or_default().to_owned(), words.next().unwrap_or_default().to_owned());
        let (status, headers, reply) = route(&world, &method, &target, &body);
        let mut out = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\n", reply.len());
        for (k, v) in headers {
            out.push_str(&format!("{k}: {v}\r\n"));
        }
        out.push_str("\r\n");
        let mut bytes = out.into_bytes();
        bytes.extend_from_slice(reply.as_bytes());
        if stream.write_all(&bytes).await.is_err() {
            return;
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

type Reply = (&'static str, Vec<(&'static str, String)>, String);

fn ok(value: Value) -> Reply {
    ("200 OK", vec![("Content-Type", "application/json".into())], value.to_string())
}

fn error(status: &'static str, kind: &str, message: &str) -> Reply {
    (
        status,
        vec![("Content-Type", "application/json".into()), ("x-amzn-ErrorType", kind.into())],
        json!({"message": message}).to_string(),
    )
}

fn page(items: &[Value], query: &HashMap<String, String>, key: &str) -> Value {
    let start: usize =
        query.get("nextToken").and_then(|t| t.strip_prefix("page-")).and_then(|n| n.parse().ok()).unwrap_or(0);
    let end = (start + PAGE).min(items.len());
    let mut out = json!({ key: items[start.min(items.len())..end] });
    if end < items.len() {
        out["nextToken"] = json!(format!("page-{end}"));
    }
    out
}

fn app_body(id: &str, name: &str, variables: &Value) -> Value {
    json!({
        "appId": id, "appArn": format!("arn:aws:amplify:us-east-1:123456789012:apps/{id}"), "name": name,
        "tags": {}, "description": "", "repository": format!("https://github.com/example/{name}"), "platform": "WEB_COMPUTE",
        "createTime": 1_764_000_000, "updateTime": 1_764_000_000, "environmentVariables": variables,
        "defaultDomain": format!("{id}.amplifyapp.com"), "enableBranchAutoBuild": true, "enableBasicAuth": false
    })
}

/// `example.com` serves main; `dev.example.com` is not verified yet.
fn domain() -> Value {
    json!({
        "domainAssociationArn": format!("arn:aws:amplify:us-east-1:123456789012:apps/{APP}/domains/example.com"),
        "domainName": "example.com", "enableAutoSubDomain": false, "domainStatus": "AVAILABLE", "statusReason": "",
        "subDomains": [
            {"subDomainSetting": {"prefix": "", "branchName": "main"}, "verified": true, "dnsRecord": " CNAME d1.cloudfront.net"},
            {"subDomainSetting": {"prefix": "dev", "branchName": "feature/profile"}, "verified": false, "dnsRecord": "dev CNAME d1.cloudfront.net"}
        ]
    })
}

fn route(world: &Mutex<World>, method: &str, target: &str, body: &str) -> Reply {
    let mut w = world.lock().expect("world");
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let query: HashMap<String, String> =
        query.split('&').filter_map(|kv| kv.split_once('=')).map(|(k, v)| (k.to_owned(), decode(v))).collect();
    let parts: Vec<String> = path.trim_matches('/').split('/').map(decode).collect();
    w.seen.push((method.to_owned(), parts.join("/"), body.to_owned()));
    if let Some((_, left)) = w.throttle.iter_mut().find(|(p, left)| path.contains(p.as_str()) && **left > 0) {
        *left -= 1;
        return error("429 Too Many Requests", "LimitExceededException", "Rate exceeded");
    }
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    let app = |w: &World| app_body(APP, "sample-app", &w.app_variables);
    match (method, parts.as_slice()) {
        ("GET", ["apps"]) => {
            let apps =
                [app(&w), app_body("d2other", "marketing-site", &json!({})), app_body("d3third", "docs", &json!({}))];
            ok(page(&apps, &query, "apps"))
        }
        ("GET", ["apps", "dforeign"]) => {
            ("404 Not Found", vec![("Content-Type", "text/html".into())], "<html><body>Not Found</body></html>".into())
        }
        ("GET", ["apps", id, "domains"]) if *id == APP => ok(json!({"domainAssociations": [domain()]})),
        ("GET", ["apps", id]) if *id == APP => ok(json!({"app": app(&w)})),
        ("GET", ["apps", id]) => error("404 Not Found", "NotFoundException", &format!("App {id} not found.")),
        ("POST", ["apps", id]) if *id == APP => {
            let sent: Value = serde_json::from_str(body).unwrap_or_default();
            w.app_variables = sent["environmentVariables"].clone();
            ok(json!({"app": app(&w)}))
        }
        ("GET", ["apps", _, "branches"]) => ok(page(&w.branches, &query, "branches")),
        ("POST", ["apps", _, "branches", name]) => {
            let sent: Value = serde_json::from_str(body).unwrap_or_default();
            let Some(found) = w.branches.iter_mut().find(|b| b["branchName"] == *name) else {
                return error("404 Not Found", "NotFoundException", "Branch not found.");
            };
            found["environmentVariables"] = sent["environmentVariables"].clone();
            ok(json!({"branch": found.clone()}))
        }
        ("GET", ["apps", _, "branches", name, "jobs"]) => {
            let jobs = w.jobs.get(*name).cloned().unwrap_or_default();
            ok(page(&jobs, &query, "jobSummaries"))
        }
        ("POST", ["apps", _, "branches", name, "jobs"]) => {
            let sent: Value = serde_json::from_str(body).unwrap_or_default();
            let jobs = w.jobs.entry((*name).to_owned()).or_default();
            let id = (jobs.len() + 1).to_string();
            let kind = sent["jobType"].as_str().unwrap_or("RELEASE").to_owned();
            let started = job(&id, "PENDING", &kind, "started", 1_764_005_000, None);
            jobs.insert(0, started.clone());
            ok(json!({"jobSummary": started}))
        }
        ("DELETE", ["apps", _, "branches", name, "jobs", id, "stop"]) => {
            let Some(found) = w.jobs.get_mut(*name).and_then(|j| j.iter_mut().find(|j| j["jobId"] == *id)) else {
                return error("404 Not Found", "NotFoundException", "Job not found.");
            };
            found["status"] = json!("CANCELLING");
            ok(json!({"jobSummary": found.clone()}))
        }
        ("GET", ["apps", _, "branches", name, "jobs", id]) => {
            let Some(found) = w.jobs.get(*name).and_then(|j| j.iter().find(|j| j["jobId"] == *id)).cloned() else {
                return error("404 Not Found", "NotFoundException", "Job not found.");
            };
            w.signature += 1;
            let url = format!("http://127.0.0.1:{}/logs/{name}/{id}/BUILD?X-Amz-Signature=s{}", w.port, w.signature);
            let failed = found["status"] == "FAILED";
            let steps = json!([
                {"stepName": "BUILD", "startTime": found["startTime"], "endTime": found["startTime"].as_i64().unwrap_or(0) + 60,
                 "status": if failed { "FAILED" } else { "SUCCEED" }, "logUrl": url,
                 "statusReason": if failed { "Build step failed" } else { "" }},
                {"stepName": "DEPLOY", "startTime": found["startTime"], "endTime": found["startTime"].as_i64().unwrap_or(0) + 90,
                 "status": if failed { "CANCELLED" } else { "SUCCEED" }}
            ]);
            ok(json!({"job": {"summary": found, "steps": steps}}))
        }
        ("GET", ["logs", ..]) => {
            let fresh = query.get("X-Amz-Signature").is_some_and(|s| *s == format!("s{}", w.signature));
            if fresh {
                ("200 OK", vec![("Content-Type", "text/plain".into())], BUILD_LOG.to_owned())
            } else {
                (
                    "403 Forbidden",
                    vec![],
                    "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>".into(),
                )
            }
        }
        _ => error("404 Not Found", "NotFoundException", &format!("no route {method} {path}")),
    }
}
