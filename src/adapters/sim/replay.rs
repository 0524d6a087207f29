//! One deploy played back: the recorded messages at their scaled times, what the deploy leaves
//! in the simulated account, and the log traffic after it.

use std::path::Path;
use std::sync::Arc;

use tokio::time::{Instant, sleep_until};

use super::{Deployed, MAX_HISTORY, Scenario, World, account, outputs, traffic};
use crate::domain::deploy::{DeployAction, DeployMsg, Outcome, ToolkitMessage};
use crate::domain::stack::StackEvent;
use crate::ports::{DeployReport, FollowMsg, Sink};
use crate::util::timefmt::now_epoch_ms;

/// The stack's own status, as `DescribeStacks` reads it.
pub(super) fn root_event(stack: &str, status: String, timestamp_ms: i64, reason: Option<String>) -> StackEvent {
    StackEvent::of_stack(account::stack_arn(stack, "demo"), stack, &status, timestamp_ms, reason)
}

/// The recording's synthesis path (`/Users/…/.amplify/artifacts/cdk.out`) in `project`, the
/// demo's workspace, where a replayed deploy synthesizes.
fn in_workspace(text: &str, project: Option<&Path>) -> String {
    const ARTIFACTS: &str = "/.amplify/artifacts/cdk.out";
    match (project, text.find("/Users/"), text.find(ARTIFACTS)) {
        (Some(project), Some(from), Some(to)) if from < to => {
            format!("{}{}{}", &text[..from], project.display(), &text[to..])
        }
        _ => text.to_owned(),
    }
}

/// One deploy played back.
pub(super) struct Replay {
    pub(super) id: u64,
    pub(super) action: DeployAction,
    pub(super) scenario: Scenario,
    pub(super) world: Arc<World>,
    pub(super) sink: Sink<DeployReport>,
}

impl Replay {
    async fn deploy(&self, msg: DeployMsg) -> bool {
        self.sink.send(DeployReport::Deploy(msg)).await
    }

    async fn follow(&self, msg: FollowMsg) -> bool {
        self.sink.send(DeployReport::Follow(msg)).await
    }

    pub(super) async fn run(self, timeline: super::Timeline) {
        if !self.deploy(DeployMsg::Planned { id: self.id, resources: timeline.planned }).await {
            return;
        }
        let failed = timeline.failed();
        let final_status = timeline.final_root_status.clone();
        if !self.play(timeline.messages).await {
            return;
        }
        self.settle(final_status, failed).await;
        if self.scenario == Scenario::SilentRollback {
            self.roll_back().await;
        }
        let outcome = if failed {
            let message = format!("❌  {} failed: the update rolled back", self.world.stack_name);
            let error = ToolkitMessage::text("CDK_TOOLKIT_E5500", &message);
            self.deploy(DeployMsg::Toolkit { id: self.id, message: Box::new(error) }).await;
            Outcome::Failed { exit_code: Some(13), message: Some(message) }
        } else {
            Outcome::Succeeded
        };
        self.follow(FollowMsg::Environments(self.world.environments())).await;
        self.deploy(DeployMsg::Finished { id: self.id, outcome }).await;
        if matches!(self.action, DeployAction::Sandbox { .. }) {
            self.traffic(failed);
        }
    }

    /// The recorded messages at their (scaled) times; false once nobody listens.
    async fn play(&self, messages: Vec<(std::time::Duration, ToolkitMessage)>) -> bool {
        let start = Instant::now();
        for (at, mut message) in messages {
            sleep_until(start + at).await;
            let project = self.world.outputs_file.as_deref().and_then(Path::parent);
            message.message = in_workspace(&message.message, project);
            // Recorded times are from 2025; a replay happens now.
            if let Some(event) = message.event.as_mut() {
                event.timestamp_ms = now_epoch_ms();
                self.remember(event);
            }
            if !self.deploy(DeployMsg::Toolkit { id: self.id, message: Box::new(message) }).await {
                return false;
            }
        }
        true
    }

    /// Keeps an event of the demo's own sandbox, to show it again after following another
    /// environment; a teammate's sandbox or a branch deployed from the demo is not the
    /// sandbox's, and would show in its tree.
    fn remember(&self, event: &StackEvent) {
        let own = matches!(self.action, DeployAction::Sandbox { .. } | DeployAction::DeleteSandbox { own: true, .. });
        if let (true, Ok(mut history)) = (own, self.world.history.lock()) {
            if history.len() >= MAX_HISTORY {
                history.drain(..MAX_HISTORY / 2);
            }
            history.push(event.clone());
        }
    }

    /// What the deploy leaves behind in the simulated account.
    async fn settle(&self, final_status: Option<String>, failed: bool) {
        let world = &self.world;
        match &self.action {
            DeployAction::Sandbox { .. } => {
                if let Ok(mut d) = world.deployed.lock() {
                    if let Some(status) = final_status {
                        d.status = status;
                    }
                    d.reason = None;
                    d.updated_ms = now_epoch_ms();
                }
                if !failed {
                    self.write_outputs();
                    for m in outputs::messages(&world.stack_name) {
                        self.follow(m).await;
                    }
                }
            }
            DeployAction::DeleteSandbox { own: true, .. } => {
                if let Ok(mut d) = world.deployed.lock() {
                    *d = Deployed::default();
                }
                self.follow(FollowMsg::StackMissing).await;
            }
            DeployAction::DeleteSandbox { stack, .. } => {
                if let Ok(mut deleted) = world.deleted.lock() {
                    deleted.push(stack.clone());
                }
                self.follow(FollowMsg::StackMissing).await;
            }
            DeployAction::Branch { stack, .. } => {
                if let (Some(status), Ok(mut deployed)) = (final_status, world.branches_deployed.lock()) {
                    deployed.insert(stack.clone(), (status, now_epoch_ms()));
                }
            }
            DeployAction::Seed | DeployAction::CodePush { .. } => {}
        }
    }

    /// CloudFormation rolls the update back just as the deploy command says it completed.
    async fn roll_back(&self) {
        let world = &self.world;
        let reason = "The following resource(s) failed to update: [storage0EC3F24A]. Resource handler returned \
                      message: \"Bucket policy exceeds the maximum size (20 KB)\"";
        let now = now_epoch_ms();
        if let Ok(mut d) = world.deployed.lock() {
            d.status = "UPDATE_ROLLBACK_COMPLETE".into();
            d.reason = Some(reason.into());
            d.updated_ms = now;
        }
        let stack = &world.stack_name;
        // The same stack id as the replayed events, so the tree shows the rollback on its root.
        let id = world.history.lock().ok().and_then(|h| {
            h.iter().rev().find(|e| e.is_stack_self() && &e.stack_name == stack).map(|e| e.stack_id.clone())
        });
        let events = vec![
            root_event(stack, "UPDATE_ROLLBACK_IN_PROGRESS".into(), now, Some(reason.into())),
            root_event(stack, "UPDATE_ROLLBACK_COMPLETE".into(), now + 1, None),
        ];
        let events = events.into_iter().enumerate().map(|(i, e)| StackEvent {
            event_id: format!("rb-{now}-{i}"),
            stack_id: id.clone().unwrap_or(e.stack_id.clone()),
            ..e
        });
        self.follow(FollowMsg::StackEvents(events.collect())).await;
    }

    /// Writes `amplify_outputs.json` as ampx does after a successful deploy.
    fn write_outputs(&self) {
        let world = &self.world;
        let (Some(file), Ok(mut current)) = (&world.outputs_file, world.outputs.lock()) else { return };
        if let Some(next) = outputs::after(current.as_ref(), self.scenario, &world.stack_name) {
            if let Ok(text) = serde_json::to_string_pretty(&next) {
                let _ = std::fs::write(file, text);
            }
            *current = Some(next);
        }
    }

    /// Only the sandbox's own functions are simulated: a burst of invocations after its deploys.
    fn traffic(&self, failed: bool) {
        let (sink, id, speed) = (self.sink.clone(), self.id, self.world.speed);
        let api = outputs::api_id(&self.world.stack_name);
        let traffic = tokio::spawn(async move { traffic::invocations(&sink, id, speed, failed, &api).await });
        if let Ok(mut slot) = self.world.logs_task.lock()
            && let Some(old) = slot.replace(traffic)
        {
            old.abort();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_recorded_synthesis_happens_in_the_demo_workspace() {
        let said = "Successfully synthesized to /Users/user/Workspaces/sample-project-app/.amplify/artifacts/cdk.out";
        let project = Path::new("/tmp/ampdeck-demo-x");
        let text = in_workspace(said, Some(project));
        assert_eq!(text, "Successfully synthesized to /tmp/ampdeck-demo-x/.amplify/artifacts/cdk.out");
        assert_eq!(in_workspace("Backend synthesized in 1 seconds", Some(project)), "Backend synthesized in 1 seconds");
    }
}
