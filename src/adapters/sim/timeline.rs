//! Which recorded stream a deploy replays, and when each of its messages is due.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::domain::deploy::ToolkitMessage;

/// The stack names the recordings were made with; replays swap in the demo's own.
const RECORDED_STACK: &str = "amplify-sampleprojectapp-user-sandbox-0e1752a889";
const RECORDED_HOTSWAP_STACK: &str = "amplify-project-user-sandbox-0e1752a889";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    NewDeployment,
    Update,
    AddFunctionStorage,
    /// The update reports success while CloudFormation rolls the stack back (#169).
    SilentRollback,
    Hotswap,
    FailedAuth,
    NoChanges,
    Destroy,
}

impl Scenario {
    fn stream(self) -> &'static str {
        match self {
            Self::NewDeployment => {
                include_str!("../../../assets/cdk-deploy-events/new_deployment.jsonl")
            }
            Self::Update => {
                include_str!("../../../assets/cdk-deploy-events/update_amplify_outputs.jsonl")
            }
            Self::AddFunctionStorage | Self::SilentRollback => {
                include_str!("../../../assets/cdk-deploy-events/add_function_storage.jsonl")
            }
            Self::Hotswap => {
                include_str!("../../../assets/cdk-deploy-events/hotswap_lambda_data_resources.jsonl")
            }
            Self::FailedAuth => include_str!("../../../assets/cdk-deploy-events/failed_auth.jsonl"),
            Self::NoChanges => include_str!("../../../assets/cdk-deploy-events/noop.jsonl"),
            Self::Destroy => include_str!("../../../assets/cdk-deploy-events/destroy.jsonl"),
        }
    }

    /// The stream with what the toolkit said about hotswapping: Amplify's sandbox deploys try a
    /// hotswap first, and the recorded update was one that fell back.
    fn text(self) -> std::borrow::Cow<'static, str> {
        let stream = self.stream();
        match (self, stream.find("{\"code\":\"CDK_TOOLKIT_I5100\"")) {
            (Self::Update, Some(at)) => {
                let prelude = include_str!("../../../assets/cdk-deploy-events/hotswap_fallback.jsonl");
                format!("{}{prelude}{}", &stream[..at], &stream[at..]).into()
            }
            _ => stream.into(),
        }
    }

    /// How long the stack-event part of the replay takes at speed 1.
    fn event_time(self) -> Duration {
        match self {
            Self::NewDeployment => Duration::from_secs(12),
            Self::AddFunctionStorage | Self::SilentRollback => Duration::from_secs(9),
            _ => Duration::from_secs(6),
        }
    }

    /// What a deploy of these changed files would do, the way ampx decides it: function code
    /// alone hotswaps; resource definitions update the stacks.
    pub fn for_changes(changed: &[PathBuf], deployed: bool) -> Self {
        let is = |p: &Path, suffix: &str| p.to_string_lossy().replace('\\', "/").ends_with(suffix);
        if !deployed {
            Self::NewDeployment
        } else if changed.is_empty() {
            Self::NoChanges
        } else if changed.iter().any(|p| is(p, "auth/resource.ts")) {
            Self::FailedAuth
        } else if changed.iter().any(|p| is(p, "storage/resource.ts")) {
            Self::SilentRollback
        } else if changed.iter().any(|p| is(p, "backend.ts")) {
            Self::AddFunctionStorage
        } else if changed.iter().all(|p| p.components().any(|c| c.as_os_str() == "functions") && !is(p, "resource.ts"))
        {
            Self::Hotswap
        } else {
            Self::Update
        }
    }
}

/// A replay: each message with the time it is due after the start.
pub struct Timeline {
    pub messages: Vec<(Duration, ToolkitMessage)>,
    /// Distinct resources the stream touches.
    pub planned: usize,
    pub final_root_status: Option<String>,
}

impl Timeline {
    pub fn build(scenario: Scenario, stack_name: &str, speed: f64) -> Self {
        let text = scenario.text().replace(RECORDED_STACK, stack_name).replace(RECORDED_HOTSWAP_STACK, stack_name);
        let parsed: Vec<ToolkitMessage> =
            text.lines().filter_map(|l| ToolkitMessage::parse(l).ok()).filter(|m| !m.is_noise()).collect();
        let times: Vec<i64> = parsed.iter().filter_map(|m| Some(m.event.as_ref()?.timestamp_ms)).collect();
        let span = times.last().zip(times.first()).map_or(0, |(l, f)| l - f).max(1);
        let scale = scenario.event_time().as_secs_f64() / span as f64;
        let speed = speed.max(0.01);
        let mut at = Duration::ZERO;
        let mut prev_event: Option<i64> = None;
        let mut planned = std::collections::HashSet::new();
        let mut final_root_status = None;
        let mut messages = Vec::with_capacity(parsed.len());
        for message in parsed {
            let gap = match (&message.event, prev_event) {
                (Some(ev), Some(prev)) => Duration::from_secs_f64((ev.timestamp_ms - prev).max(0) as f64 * scale),
                _ => gap_after(&message.code),
            };
            at += gap.div_f64(speed);
            if let Some(ev) = &message.event {
                prev_event = Some(ev.timestamp_ms);
                if ev.is_stack_self() {
                    if ev.stack_name == stack_name {
                        final_root_status = Some(ev.status.clone());
                    }
                } else {
                    planned.insert((ev.stack_id.clone(), ev.logical_id.clone()));
                }
            }
            messages.push((at, message));
        }
        Self { messages, planned: planned.len(), final_root_status }
    }

    /// `next` played after this one.
    pub fn then(mut self, next: Timeline) -> Timeline {
        let offset = self.messages.last().map(|(at, _)| *at).unwrap_or_default();
        self.messages.extend(next.messages.into_iter().map(|(at, m)| (offset + at, m)));
        Timeline {
            messages: self.messages,
            planned: self.planned + next.planned,
            final_root_status: next.final_root_status,
        }
    }

    pub fn failed(&self) -> bool {
        self.final_root_status.as_deref().is_some_and(|s| s.contains("ROLLBACK") || s.ends_with("_FAILED"))
    }
}

/// Pauses before messages without timestamps, shaped like a warm ampx run.
fn gap_after(code: &str) -> Duration {
    Duration::from_millis(match code {
        "SYNTH_FINISHED" => 1_200,
        "TS_FINISHED" => 1_500,
        "CDK_TOOLKIT_I5402" => 120,
        "CDK_TOOLKIT_I5403" => 300,
        "CDK_TOOLKIT_I5210" | "CDK_TOOLKIT_I5221" | "CDK_TOOLKIT_I5100" => 300,
        _ => 60,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> PathBuf {
        PathBuf::from(s)
    }

    #[test]
    fn edits_choose_the_scenario_ampx_would_run() {
        use Scenario::*;
        assert_eq!(Scenario::for_changes(&[], false), NewDeployment);
        assert_eq!(Scenario::for_changes(&[], true), NoChanges);
        assert_eq!(Scenario::for_changes(&[p("amplify/functions/say-hello/handler.ts")], true), Hotswap);
        assert_eq!(Scenario::for_changes(&[p("amplify/functions/say-hello/resource.ts")], true), Update);
        assert_eq!(Scenario::for_changes(&[p("amplify/data/resource.ts")], true), Update);
        assert_eq!(Scenario::for_changes(&[p("amplify/auth/resource.ts")], true), FailedAuth);
        assert_eq!(Scenario::for_changes(&[p("amplify/backend.ts")], true), AddFunctionStorage);
        assert_eq!(Scenario::for_changes(&[p("amplify/storage/resource.ts")], true), SilentRollback);
    }

    #[test]
    fn the_update_tries_a_hotswap_first_and_falls_back() {
        let codes: Vec<String> =
            Timeline::build(Scenario::Update, "s", 1.0).messages.into_iter().map(|(_, m)| m.code).collect();
        let at = |code: &str| codes.iter().position(|c| c == code).unwrap_or(usize::MAX);
        assert!(at("CDK_TOOLKIT_I5400") < at("CDK_TOOLKIT_I5410"));
        assert!(at("CDK_TOOLKIT_I5410") < at("CDK_TOOLKIT_I5100") && at("CDK_TOOLKIT_I5100") < codes.len());
    }

    #[test]
    fn first_deploy_replays_in_demo_time_with_the_demo_stack_name() {
        let t = Timeline::build(Scenario::NewDeployment, "amplify-app-root-sandbox-1496b9051c", 1.0);
        let total = t.messages.last().map(|(at, _)| *at).unwrap_or_default();
        assert!((Duration::from_secs(10)..=Duration::from_secs(20)).contains(&total), "{total:?}");
        assert!(t.planned > 90);
        assert_eq!(t.final_root_status.as_deref(), Some("CREATE_COMPLETE"));
        assert!(t.messages.iter().all(|(_, m)| !m.message.contains(RECORDED_STACK)));
        assert!(!t.failed());
    }

    #[test]
    fn the_auth_scenario_fails_and_speed_scales_time() {
        let slow = Timeline::build(Scenario::FailedAuth, "s", 1.0);
        let fast = Timeline::build(Scenario::FailedAuth, "s", 10.0);
        assert!(slow.failed());
        let end = |t: &Timeline| t.messages.last().map(|(at, _)| *at).unwrap_or_default();
        assert!(end(&fast) * 9 < end(&slow));
    }

    #[test]
    fn recreating_plays_the_delete_then_a_fresh_deployment() {
        let both =
            Timeline::build(Scenario::Destroy, "s", 1.0).then(Timeline::build(Scenario::NewDeployment, "s", 1.0));
        assert_eq!(both.final_root_status.as_deref(), Some("CREATE_COMPLETE"));
        assert!(both.messages.windows(2).all(|w| w[0].0 <= w[1].0), "in time order");
    }
}
