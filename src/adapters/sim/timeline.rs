//! Which recorded stream a deploy replays, and when each of its messages is due.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::account::say_hello_function;
use super::seconds;
use crate::amplify::stack_name::parse_stack_name;
use crate::domain::deploy::ToolkitMessage;

/// The stack names the recordings were made with; replays swap in the demo's own.
const RECORDED_STACK: &str = "amplify-sampleprojectapp-user-sandbox-0e1752a889";
const RECORDED_USER_POOL: &str = "us-west-2_j6BNFhRJd";
const RECORDED_HOTSWAP_STACK: &str = "amplify-project-user-sandbox-0e1752a889";
/// The hotswap recording's name for its `say-hello` function.
const RECORDED_HOTSWAP_SAY_HELLO: &str = "amplify-project-p-sayhelloslambda734D68D9-33dq3RGkPNTR";
/// The other recordings' names for it: each recreated it, with a new random suffix.
const RECORDED_SAY_HELLO: &[&str] = &[
    "amplify-sampleprojectapp-pr-sayhellolambdaEFA46D92-SavDejwvL2I1",
    "amplify-sampleprojectapp-pr-sayhellolambdaEFA46D92-dhZij4y0tmIY",
    "amplify-sampleprojectapp-pr-sayhellolambdaEFA46D92-FKnDZgZ20NmE",
];

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

/// What the recordings call the recorded project's things, and what the replay for `stack`
/// calls them: its stack (nested stacks' names start with it), its project and identifier in
/// physical names, logical ids and parameter paths, and its `say-hello` function (one name,
/// the one the Functions list and the Invoke page use).
fn renames(stack: &str) -> Vec<(String, String)> {
    let say_hello = say_hello_function(stack);
    let mut pairs: Vec<(String, String)> = RECORDED_SAY_HELLO
        .iter()
        .chain([&RECORDED_HOTSWAP_SAY_HELLO])
        .map(|r| ((*r).to_owned(), say_hello.clone()))
        .collect();
    pairs.extend([RECORDED_STACK, RECORDED_HOTSWAP_STACK].map(|r| (r.to_owned(), stack.to_owned())));
    // The recorded pool's id, where the outputs and the Users page name the demo's.
    pairs.push((RECORDED_USER_POOL.to_owned(), super::outputs::user_pool_id(stack)));
    let Some(p) = parse_stack_name(stack) else { return pairs };
    let (ns, name, kind, hash) = (p.namespace, p.name, p.kind.as_str(), p.hash);
    pairs.extend([
        // CloudFormation cut the recorded root's name short in front of deeper stacks' names.
        ("amplify-sampleprojectapp-user-sandbox-0-".to_owned(), format!("{stack}-")),
        ("sampleprojectappusersandbox0e1752a889".to_owned(), format!("{ns}{name}{kind}{hash}")),
        ("sampleprojectapp/user-sandbox-0e1752a889".to_owned(), format!("{ns}/{name}-{kind}-{hash}")),
        ("amplify-sampleprojectapp-pr-".to_owned(), format!("amplify-{ns}-{name}-")),
        ("amplify-sampleprojectapp-".to_owned(), format!("amplify-{ns}-")),
    ]);
    pairs
}

/// The messages of `scenario` as a deploy of `stack` prints them. The hotswap recording
/// changed ten functions, a schema and two buckets of its own app; an edit of the demo's
/// handler changes `say-hello` alone, so the other hotswaps are left out.
fn parse(scenario: Scenario, stack: &str) -> Vec<ToolkitMessage> {
    let text = renames(stack).iter().fold(scenario.text().into_owned(), |text, (from, to)| text.replace(from, to));
    let say_hello = say_hello_function(stack);
    let kept = |m: &ToolkitMessage| {
        let hotswap = matches!(m.code.as_str(), "CDK_TOOLKIT_I5402" | "CDK_TOOLKIT_I5403");
        scenario != Scenario::Hotswap || !hotswap || m.message.contains(&say_hello)
    };
    text.lines().filter_map(|l| ToolkitMessage::parse(l).ok()).filter(|m| !m.is_noise() && kept(m)).collect()
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
        let mut timeline = Self::schedule(parse(scenario, stack_name), scenario.event_time(), stack_name, speed);
        report_replayed_durations(&mut timeline.messages);
        timeline
    }

    /// When each message is due: stack events keep their recorded spacing, scaled so that
    /// they take `event_time`; other messages follow [`gap_before`].
    fn schedule(parsed: Vec<ToolkitMessage>, event_time: Duration, stack_name: &str, speed: f64) -> Self {
        let times: Vec<i64> = parsed.iter().filter_map(|m| Some(m.event.as_ref()?.timestamp_ms)).collect();
        let span = times.last().zip(times.first()).map_or(0, |(l, f)| l - f).max(1);
        let scale = event_time.as_secs_f64() / span as f64;
        let speed = speed.max(0.01);
        let mut at = Duration::ZERO;
        let mut prev_event: Option<i64> = None;
        let mut prev_code = String::new();
        let mut checked = false;
        let mut planned = std::collections::HashSet::new();
        let mut final_root_status = None;
        let mut messages = Vec::with_capacity(parsed.len());
        for message in parsed {
            let gap = match (&message.event, prev_event) {
                (Some(ev), Some(prev)) => Duration::from_secs_f64((ev.timestamp_ms - prev).max(0) as f64 * scale),
                _ => gap_before(&message.code, &prev_code, checked),
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
            checked |= message.code == "TS_FINISHED";
            prev_code.clone_from(&message.code);
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

/// Pauses before messages without timestamps, shaped like a warm ampx run: synthesis takes
/// its time before the toolkit reports it, the cached re-synthesis after the type checks
/// (`checked`) none to speak of.
fn gap_before(code: &str, prev: &str, checked: bool) -> Duration {
    Duration::from_millis(match (code, prev) {
        ("CDK_TOOLKIT_I1000", "SYNTH_STARTED" | "CDK_TOOLKIT_I1001") if !checked => 1_100,
        ("TS_FINISHED", _) => 1_500,
        ("CDK_TOOLKIT_I5402", _) => 120,
        ("CDK_TOOLKIT_I5403", _) => 300,
        ("CDK_TOOLKIT_I5210" | "CDK_TOOLKIT_I5221" | "CDK_TOOLKIT_I5100", _) => 300,
        _ => 60,
    })
}

/// Phases whose last message says how long they took: (first message, last message).
const TIMED: &[(&str, &str)] = &[
    ("SYNTH_STARTED", "SYNTH_FINISHED"),
    ("SYNTH_STARTED", "CDK_TOOLKIT_I1000"),
    ("CDK_TOOLKIT_I1001", "CDK_TOOLKIT_I1000"),
    ("TS_STARTED", "TS_FINISHED"),
    ("CDK_TOOLKIT_I5100", "CDK_TOOLKIT_I5000"),
    ("CDK_TOOLKIT_I7100", "CDK_TOOLKIT_I7000"),
    ("CDK_TOOLKIT_I5400", "CDK_TOOLKIT_I5410"),
];

/// The recordings say how long their phases took for real (`Deployment time: 236.43s`); a
/// replay takes seconds, and says so: each timed phase's last message reports the replay's
/// own time since its first. A repeated report (the no-op recording says it twice) repeats
/// the rewritten one; one with no phase open (the cached re-synthesis) stays as recorded.
fn report_replayed_durations(messages: &mut [(Duration, ToolkitMessage)]) {
    let mut open: [Option<Duration>; TIMED.len()] = [None; TIMED.len()];
    let mut reported: Vec<(String, String)> = Vec::new();
    for (at, message) in messages.iter_mut() {
        let ends = |(_, last): &(&str, &str)| *last == message.code;
        let began = TIMED.iter().zip(&open).filter(|(t, _)| ends(t)).filter_map(|(_, o)| *o).max();
        TIMED.iter().zip(open.iter_mut()).filter(|(t, _)| ends(t)).for_each(|(_, o)| *o = None);
        let rewritten = match began {
            Some(began) => Some(seconds::rewrite(&message.message, |_| at.saturating_sub(began).as_secs_f64())),
            None => reported.iter().find(|(was, _)| *was == message.message).map(|(_, now)| now.clone()),
        };
        if let Some(text) = rewritten {
            reported.push((std::mem::replace(&mut message.message, text.clone()), text));
        }
        TIMED
            .iter()
            .zip(open.iter_mut())
            .filter(|((first, _), _)| *first == message.code)
            .for_each(|(_, o)| *o = Some(*at));
    }
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

    const DEMO_STACK: &str = "amplify-app-root-sandbox-1496b9051c";

    fn said(t: &Timeline, code: &str) -> Vec<(Duration, String)> {
        t.messages.iter().filter(|(_, m)| m.code == code).map(|(at, m)| (*at, m.message.clone())).collect()
    }

    fn due(t: &Timeline, code: &str) -> Duration {
        said(t, code).first().map(|(at, _)| *at).unwrap_or(Duration::MAX)
    }

    #[test]
    fn the_durations_a_replay_reports_are_the_replays_own() {
        let t = Timeline::build(Scenario::NewDeployment, DEMO_STACK, 1.0);
        let deploy = (due(&t, "CDK_TOOLKIT_I5000") - due(&t, "CDK_TOOLKIT_I5100")).as_secs_f64();
        assert_eq!(said(&t, "CDK_TOOLKIT_I5000")[0].1, seconds::rewrite("  Deployment time: 236.43s", |_| deploy));
        let synth = (due(&t, "SYNTH_FINISHED") - due(&t, "SYNTH_STARTED")).as_secs_f64();
        assert_eq!(said(&t, "SYNTH_FINISHED")[0].1, seconds::rewrite("Backend synthesized in 1.91 seconds", |_| synth));
        let all: Vec<String> = t.messages.iter().map(|(_, m)| m.message.clone()).collect();
        assert!(!all.iter().any(|m| m.contains("236.43") || m.contains("4.81 seconds")), "{all:?}");
        let twice = Timeline::build(Scenario::NoChanges, DEMO_STACK, 1.0);
        let reports = said(&twice, "CDK_TOOLKIT_I5000");
        assert!(reports.len() == 2 && reports[0].1 == reports[1].1 && !reports[0].1.contains("14.05"), "{reports:?}");
        let hotswap = Timeline::build(Scenario::Hotswap, DEMO_STACK, 3.0);
        let took = (due(&hotswap, "CDK_TOOLKIT_I5410") - due(&hotswap, "CDK_TOOLKIT_I5400")).as_secs_f64();
        assert_eq!(
            said(&hotswap, "CDK_TOOLKIT_I5410")[0].1,
            seconds::rewrite("  hotswap-deployment time: 9.18s", |_| took)
        );
    }

    #[test]
    fn a_handler_edit_hotswaps_the_demo_apps_own_function_alone() {
        let t = Timeline::build(Scenario::Hotswap, DEMO_STACK, 1.0);
        let say_hello = say_hello_function(DEMO_STACK);
        let hotswapped = said(&t, "CDK_TOOLKIT_I5403");
        assert_eq!(hotswapped.len(), 1, "{hotswapped:?}");
        assert!(hotswapped[0].1.contains(&format!("AWS::Lambda::Function '{say_hello}'")), "{hotswapped:?}");
        assert!(said(&t, "CDK_TOOLKIT_I5402").iter().all(|(_, m)| m.contains(&say_hello)));
    }

    #[test]
    fn replays_name_the_demo_project_never_the_recorded_one() {
        for scenario in [Scenario::NewDeployment, Scenario::Update, Scenario::AddFunctionStorage, Scenario::Destroy] {
            let t = Timeline::build(scenario, DEMO_STACK, 1.0);
            for (_, m) in &t.messages {
                let event = m
                    .event
                    .as_ref()
                    .map(|e| format!("{} {} {} {}", e.stack_id, e.stack_name, e.logical_id, e.physical_id));
                let text = format!("{} {}", m.message, event.unwrap_or_default());
                assert!(!text.contains("sampleprojectapp") && !text.contains("amplify-project-"), "{text}");
                assert!(!text.contains(RECORDED_USER_POOL), "the demo's own pool: {text}");
            }
        }
        let t = Timeline::build(Scenario::NewDeployment, DEMO_STACK, 1.0);
        let functions: Vec<&str> = t
            .messages
            .iter()
            .filter_map(|(_, m)| m.event.as_ref())
            .filter(|e| e.resource_type == "AWS::Lambda::Function" && e.logical_id.starts_with("sayhello"))
            .map(|e| e.physical_id.as_str())
            .filter(|p| !p.is_empty())
            .collect();
        assert!(
            !functions.is_empty() && functions.iter().all(|p| *p == say_hello_function(DEMO_STACK)),
            "{functions:?}"
        );
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
