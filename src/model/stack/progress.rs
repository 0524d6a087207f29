//! Progress of one deploy from its stack events: counts, per-resource durations, rollback
//! and the root cause of a failure.

use std::collections::HashMap;

use crate::domain::stack::{StackEvent, StatusClass};

#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub timestamp_ms: i64,
    pub stack_name: String,
    pub logical_id: String,
    pub resource_type: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default)]
struct Touched {
    first_ms: i64,
    last_ms: i64,
    class: Option<StatusClass>,
}

#[derive(Debug, Clone, Default)]
pub struct DeployProgress {
    /// Resources the deploy is expected to touch (e.g. from the synthesized templates).
    planned: usize,
    touched: HashMap<(String, String), Touched>,
    failures: Vec<Failure>,
    root_stack: Option<String>,
    root_status: Option<String>,
    first_ms: Option<i64>,
    last_ms: Option<i64>,
}

/// Parent-level reasons that only point at a failure elsewhere.
const ECHO_REASONS: &[&str] =
    &["Embedded stack", "Resource creation cancelled", "Resource update cancelled", "The following resource(s) failed"];

impl DeployProgress {
    pub fn new(planned: usize) -> Self {
        Self { planned, ..Self::default() }
    }

    pub fn set_planned(&mut self, planned: usize) {
        self.planned = planned;
    }

    pub fn apply(&mut self, ev: &StackEvent) {
        self.first_ms.get_or_insert(ev.timestamp_ms);
        self.last_ms = Some(ev.timestamp_ms);
        let class = StatusClass::of(&ev.status);
        if class == StatusClass::Failed {
            self.failures.push(Failure {
                timestamp_ms: ev.timestamp_ms,
                stack_name: ev.stack_name.clone(),
                logical_id: ev.logical_id.clone(),
                resource_type: ev.resource_type.clone(),
                reason: ev.reason.clone().unwrap_or_default(),
            });
        }
        if ev.is_stack_self() {
            // The first stack reporting on itself is the one the deploy targets.
            let root = self.root_stack.get_or_insert_with(|| ev.stack_id.clone());
            if *root == ev.stack_id {
                self.root_status = Some(ev.status.clone());
            }
            return;
        }
        let entry = self
            .touched
            .entry((ev.stack_id.clone(), ev.logical_id.clone()))
            .or_insert(Touched { first_ms: ev.timestamp_ms, ..Touched::default() });
        entry.last_ms = ev.timestamp_ms;
        entry.class = Some(class);
    }

    pub fn done(&self) -> usize {
        self.touched.values().filter(|t| t.class.is_some_and(StatusClass::is_terminal)).count()
    }

    pub fn total(&self) -> usize {
        self.planned.max(self.touched.len())
    }

    pub fn failed(&self) -> usize {
        self.touched.values().filter(|t| t.class == Some(StatusClass::Failed)).count()
    }

    pub fn root_status(&self) -> Option<&str> {
        self.root_status.as_deref()
    }

    pub fn rolling_back(&self) -> bool {
        self.root_status.as_deref().is_some_and(|s| s.contains("ROLLBACK"))
    }

    /// Time covered by the stack events so far.
    pub fn span_ms(&self) -> i64 {
        self.last_ms.zip(self.first_ms).map_or(0, |(l, f)| l - f)
    }

    /// The deepest failure: the first failed event whose reason is its own rather than an
    /// echo of a nested failure ("Embedded stack ... was not successfully updated").
    pub fn root_cause(&self) -> Option<&Failure> {
        let own = |f: &&Failure| !f.reason.is_empty() && !ECHO_REASONS.iter().any(|e| f.reason.starts_with(e));
        self.failures.iter().find(own).or_else(|| self.failures.first())
    }

    /// Finished resources with how long each took, slowest first.
    pub fn durations(&self) -> Vec<(&str, i64)> {
        let mut out: Vec<_> = self
            .touched
            .iter()
            .filter(|(_, t)| t.class.is_some_and(StatusClass::is_terminal))
            .map(|((_, id), t)| (id.as_str(), t.last_ms - t.first_ms))
            .collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::deploy::ToolkitMessage;

    fn replay(stream: &str) -> DeployProgress {
        let mut p = DeployProgress::default();
        for ev in stream.lines().filter_map(|l| ToolkitMessage::parse(l).ok()?.event) {
            p.apply(&ev);
        }
        p
    }

    #[test]
    fn failed_auth_surfaces_the_nested_cognito_reason() {
        let p = replay(include_str!("../../../assets/cdk-deploy-events/failed_auth.jsonl"));
        let cause = p.root_cause().expect("a failure");
        assert_eq!(cause.resource_type, "AWS::Cognito::UserPool");
        assert!(cause.reason.contains("Email address is not verified"), "{}", cause.reason);
        assert_eq!(p.root_status(), Some("UPDATE_ROLLBACK_COMPLETE"));
        assert!(p.rolling_back());
    }

    #[test]
    fn new_deployment_finishes_every_resource() {
        let p = replay(include_str!("../../../assets/cdk-deploy-events/new_deployment.jsonl"));
        assert_eq!(p.done(), p.total());
        assert!(p.total() > 90, "{}", p.total());
        assert_eq!(p.root_status(), Some("CREATE_COMPLETE"));
        assert!(p.root_cause().is_none());
        let (slowest, ms) = p.durations()[0];
        assert!(ms > 10_000, "{slowest} took {ms} ms");
    }

    #[test]
    fn hotswap_and_noop_have_no_stack_events() {
        for stream in [
            include_str!("../../../assets/cdk-deploy-events/hotswap_lambda_data_resources.jsonl"),
            include_str!("../../../assets/cdk-deploy-events/noop.jsonl"),
        ] {
            let p = replay(stream);
            assert_eq!((p.done(), p.total(), p.root_status()), (0, 0, None));
        }
    }

    /// Every recorded stream, through the same code the poller feeds.
    #[test]
    fn every_recorded_stream_replays_to_a_consistent_end() {
        let streams = [
            (
                "new_deployment",
                include_str!("../../../assets/cdk-deploy-events/new_deployment.jsonl"),
                Some("CREATE_COMPLETE"),
            ),
            (
                "add_function_storage",
                include_str!("../../../assets/cdk-deploy-events/add_function_storage.jsonl"),
                Some("UPDATE_COMPLETE"),
            ),
            (
                "delete_function_storage",
                include_str!("../../../assets/cdk-deploy-events/delete_function_storage.jsonl"),
                Some("UPDATE_COMPLETE"),
            ),
            (
                "update_amplify_outputs",
                include_str!("../../../assets/cdk-deploy-events/update_amplify_outputs.jsonl"),
                Some("UPDATE_COMPLETE"),
            ),
            (
                "failed_auth",
                include_str!("../../../assets/cdk-deploy-events/failed_auth.jsonl"),
                Some("UPDATE_ROLLBACK_COMPLETE"),
            ),
            // The recording stops before the root's own DELETE_COMPLETE.
            ("destroy", include_str!("../../../assets/cdk-deploy-events/destroy.jsonl"), Some("DELETE_IN_PROGRESS")),
            ("hotswap", include_str!("../../../assets/cdk-deploy-events/hotswap_lambda_data_resources.jsonl"), None),
            ("noop", include_str!("../../../assets/cdk-deploy-events/noop.jsonl"), None),
        ];
        for (name, stream, root) in streams {
            for line in stream.lines() {
                assert!(ToolkitMessage::parse(line).is_ok(), "{name}: unreadable line {line}");
            }
            let p = replay(stream);
            assert_eq!(p.root_status(), root, "{name}");
            // The truncated destroy recording leaves one resource mid-delete.
            let open = usize::from(name == "destroy");
            assert_eq!(p.done() + open, p.total(), "{name}: every touched resource ends");
            assert!(p.durations().iter().all(|(_, ms)| *ms >= 0), "{name}");
            let failed = root.is_some_and(|r| r.contains("ROLLBACK"));
            assert_eq!(p.root_cause().is_some(), failed, "{name}");
        }
        let updated = replay(include_str!("../../../assets/cdk-deploy-events/update_amplify_outputs.jsonl"));
        assert!(updated.total() > 0 && updated.span_ms() > 0);
    }
}
