//! The JSON lines between ampdeck and its warm deploy driver (`driver.mjs` says the same from
//! the other side).

use serde::{Deserialize, Serialize};

use crate::domain::deploy::ToolkitMessage;
use crate::util::sanitize::sanitize;

/// Amplify's backend identifier of a sandbox: `amplify-{namespace}-{name}-sandbox-…`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Backend {
    pub namespace: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
}

impl Backend {
    pub fn sandbox(namespace: &str, name: &str) -> Self {
        Self { namespace: namespace.to_owned(), name: name.to_owned(), kind: "sandbox" }
    }
}

/// Where and in which version `amplify_outputs.json` is written after a deploy (no
/// version: the installed Amplify's default, as with ampx).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutputsSpec {
    pub dir: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(tag = "op", rename_all = "lowercase")]
pub enum Request<'a> {
    Deploy {
        id: u64,
        backend: &'a Backend,
        gate: bool,
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        express: bool,
        outputs: &'a OutputsSpec,
    },
    /// The type check's verdict for a gated deploy.
    Release {
        id: u64,
        proceed: bool,
        reason: &'a str,
    },
    /// Synthesize once and deploy nothing, so the first deploy of this process is warm.
    Warm {
        backend: &'a Backend,
    },
    Quit,
}

impl Request<'_> {
    pub fn line(&self) -> String {
        // Serializing these plain structs cannot fail; an empty object would be ignored anyway.
        let mut line = serde_json::to_string(self).unwrap_or_else(|_| "{}".into());
        line.push('\n');
        line
    }
}

/// What a deploy that did not succeed reported.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
pub struct DriverError {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub resolution: Option<String>,
    #[serde(default)]
    pub cause: Option<String>,
}

impl DriverError {
    /// The lines ampx prints for the same error, so the Deploy pane reads them the same way.
    pub fn ampx_lines(&self) -> Vec<String> {
        let mut lines = vec![format!("[ERROR] [{}] {}", self.name, self.message)];
        lines.extend(self.cause.iter().filter(|c| !c.is_empty()).map(|c| format!("  ∟ Caused by: {c}")));
        lines.extend(self.resolution.iter().map(|r| format!("Resolution: {r}")));
        lines.iter().map(|l| sanitize(l).into_owned()).collect()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// The driver loaded Amplify's deployer; versions for the status line.
    Ready {
        versions: String,
    },
    /// It cannot load (no node_modules, another Amplify version); it exits next.
    Unavailable {
        reason: String,
    },
    /// A CDK toolkit / Amplify message of deploy `id` (none: between deploys).
    Message {
        id: Option<u64>,
        message: Box<ToolkitMessage>,
    },
    Done {
        id: u64,
        result: Result<(), DriverError>,
    },
    Crash {
        reason: String,
    },
    /// Its heap grew this much over so many deploys; it exits next, idle, to be replaced.
    Recycle {
        grown_mb: u64,
        deploys: u64,
    },
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum Raw {
    Ready {
        #[serde(default)]
        deployer: Option<String>,
        #[serde(default, rename = "backendCli")]
        backend_cli: Option<String>,
        #[serde(default)]
        node: Option<String>,
    },
    Unavailable {
        #[serde(default)]
        reason: String,
    },
    Message {
        #[serde(default)]
        id: Option<u64>,
    },
    Done {
        id: u64,
        ok: bool,
        #[serde(default)]
        error: Option<DriverError>,
    },
    Crash {
        #[serde(default)]
        reason: Option<DriverError>,
    },
    Recycle {
        #[serde(default)]
        grown_mb: u64,
        #[serde(default)]
        deploys: u64,
    },
}

impl Reply {
    /// `None` for a line that is not the protocol's (it is shown as plain output instead).
    pub fn parse(line: &str) -> Option<Self> {
        let raw: Raw = serde_json::from_str(line).ok()?;
        Some(match raw {
            Raw::Ready { deployer, backend_cli, node } => {
                let versions = [("backend-deployer", deployer), ("backend-cli", backend_cli), ("node", node)]
                    .into_iter()
                    .filter_map(|(name, v)| Some(format!("{name} {}", sanitize(&v?))))
                    .collect::<Vec<_>>()
                    .join(", ");
                Self::Ready { versions }
            }
            Raw::Unavailable { reason } => Self::Unavailable { reason: sanitize(&reason).into_owned() },
            // The message fields sit at the top level, exactly as in the recorded streams.
            Raw::Message { id } => Self::Message { id, message: Box::new(ToolkitMessage::parse(line).ok()?) },
            Raw::Done { id, ok: true, .. } => Self::Done { id, result: Ok(()) },
            Raw::Done { id, error, .. } => Self::Done { id, result: Err(error.unwrap_or_default()) },
            Raw::Recycle { grown_mb, deploys } => Self::Recycle { grown_mb, deploys },
            Raw::Crash { reason } => {
                let reason = reason.unwrap_or_default();
                Self::Crash { reason: sanitize(&format!("{}: {}", reason.name, reason.message)).into_owned() }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_one_json_object_per_line() {
        let backend = Backend::sandbox("app", "root");
        let outputs = OutputsSpec { dir: ".".into(), version: Some("1.4".into()) };
        let line = Request::Deploy { id: 7, backend: &backend, gate: true, express: false, outputs: &outputs }.line();
        assert_eq!(
            line,
            "{\"op\":\"deploy\",\"id\":7,\"backend\":{\"namespace\":\"app\",\"name\":\"root\",\"type\":\"sandbox\"},\
             \"gate\":true,\"outputs\":{\"dir\":\".\",\"version\":\"1.4\"}}\n"
        );
        assert_eq!(Request::Release { id: 7, proceed: false, reason: "2 errors" }.line().matches('\n').count(), 1);
        assert_eq!(Request::Quit.line(), "{\"op\":\"quit\"}\n");
        assert_eq!(
            Request::Warm { backend: &backend }.line(),
            "{\"op\":\"warm\",\"backend\":{\"namespace\":\"app\",\"name\":\"root\",\"type\":\"sandbox\"}}\n"
        );
        assert_eq!(
            Reply::parse("{\"type\":\"recycle\",\"grown_mb\":161,\"deploys\":23}"),
            Some(Reply::Recycle { grown_mb: 161, deploys: 23 })
        );
    }

    #[test]
    fn every_line_of_the_recorded_streams_reads_as_a_message_once_enveloped() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/cdk-deploy-events");
        let mut events = 0;
        for entry in std::fs::read_dir(dir).expect("recorded streams") {
            let path = entry.expect("entry").path();
            if path.extension().is_none_or(|e| e != "jsonl") {
                continue;
            }
            for line in std::fs::read_to_string(&path).expect("read").lines().filter(|l| !l.trim().is_empty()) {
                let enveloped = format!("{{\"type\":\"message\",\"id\":3,{}", line.trim().trim_start_matches('{'));
                let Some(Reply::Message { id: Some(3), message }) = Reply::parse(&enveloped) else {
                    panic!("{}: not a message: {line}", path.display());
                };
                events += usize::from(message.event.is_some());
            }
        }
        assert!(events > 700, "the stack events of the recorded streams come through ({events})");
    }

    #[test]
    fn a_real_driver_message_keeps_its_stack_event_and_progress() {
        let line = r#"{"type":"message","id":2,"code":"CDK_TOOLKIT_I5502","message":"x | 3/9 | CREATE_COMPLETE","level":"info","action":"deploy","event":{"StackId":"arn:aws:cloudformation:us-east-1:1:stack/s/1","EventId":"e1","StackName":"s","LogicalResourceId":"Fn","PhysicalResourceId":"fn-1","ResourceType":"AWS::Lambda::Function","Timestamp":"2026-11-29T03:00:00.000Z","ResourceStatus":"CREATE_COMPLETE"},"progress":{"completed":3,"total":9,"formatted":"3/9"}}"#;
        let Some(Reply::Message { id: Some(2), message }) = Reply::parse(line) else { panic!("message") };
        assert_eq!(message.progress, Some((3, 9)));
        assert_eq!(message.event.as_ref().map(|e| e.status.as_str()), Some("CREATE_COMPLETE"));
    }

    #[test]
    fn a_failed_deploy_reads_like_ampx_and_escapes_are_gone() {
        let line = r#"{"type":"done","id":4,"ok":false,"error":{"name":"UnknownFault","message":"DeployStackFailed: \u001b]0;pwned\u0007NoSuchBucket","cause":"[DeployStackFailed] NoSuchBucket","resolution":"See the cause"}}"#;
        let Some(Reply::Done { id: 4, result: Err(error) }) = Reply::parse(line) else { panic!("done") };
        assert_eq!(
            error.ampx_lines(),
            [
                "[ERROR] [UnknownFault] DeployStackFailed: NoSuchBucket",
                "  ∟ Caused by: [DeployStackFailed] NoSuchBucket",
                "Resolution: See the cause",
            ]
        );
        assert_eq!(Reply::parse(r#"{"type":"done","id":5,"ok":true}"#), Some(Reply::Done { id: 5, result: Ok(()) }));
    }

    #[test]
    fn ready_unavailable_and_foreign_lines() {
        assert_eq!(
            Reply::parse(r#"{"type":"ready","deployer":"2.3.1","backendCli":"1.10.0","node":"v20.20.2"}"#),
            Some(Reply::Ready { versions: "backend-deployer 2.3.1, backend-cli 1.10.0, node v20.20.2".into() })
        );
        assert_eq!(
            Reply::parse(r#"{"type":"unavailable","reason":"Error: Cannot find module"}"#),
            Some(Reply::Unavailable { reason: "Error: Cannot find module".into() })
        );
        assert_eq!(Reply::parse("Be careful when using @auth directives"), None);
        assert_eq!(Reply::parse(r#"{"type":"something-new"}"#), None);
    }
}
