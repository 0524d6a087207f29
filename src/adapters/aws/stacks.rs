//! CloudFormation's answers as domain types: stack events, resources, outputs, and the
//! Amplify environments among the stacks (the tag rules are `amplify::tags`'). Pure.

use aws_sdk_cloudformation::types::{Stack, StackEvent as SdkEvent, StackResourceSummary};

use crate::amplify::tags;
use crate::domain::env::Environment;
use crate::domain::stack::{StackEvent, StackOutput};
use crate::util::sanitize::sanitize;

fn clean(s: Option<&str>) -> String {
    sanitize(s.unwrap_or_default()).into_owned()
}

fn millis(t: Option<&aws_sdk_cloudformation::primitives::DateTime>) -> i64 {
    t.and_then(|t| t.to_millis().ok()).unwrap_or(0)
}

pub fn event(e: &SdkEvent) -> StackEvent {
    StackEvent {
        stack_id: clean(e.stack_id()),
        stack_name: clean(e.stack_name()),
        event_id: clean(e.event_id()),
        logical_id: clean(e.logical_resource_id()),
        physical_id: clean(e.physical_resource_id()),
        resource_type: clean(e.resource_type()),
        timestamp_ms: millis(e.timestamp()),
        status: e.resource_status().map(|s| s.as_str().to_owned()).unwrap_or_default(),
        reason: e.resource_status_reason().map(|r| sanitize(r).into_owned()).filter(|r| !r.is_empty()),
    }
}

/// A resource as the tree takes it: an event carrying its current status.
pub fn resource(stack_id: &str, stack_name: &str, r: &StackResourceSummary) -> StackEvent {
    StackEvent {
        stack_id: stack_id.to_owned(),
        stack_name: stack_name.to_owned(),
        event_id: String::new(),
        logical_id: clean(r.logical_resource_id()),
        physical_id: clean(r.physical_resource_id()),
        resource_type: clean(r.resource_type()),
        timestamp_ms: millis(r.last_updated_timestamp()),
        status: r.resource_status().map(|s| s.as_str().to_owned()).unwrap_or_default(),
        reason: r.resource_status_reason().map(|s| sanitize(s).into_owned()).filter(|r| !r.is_empty()),
    }
}

/// The stack's own status, as the event CloudFormation would log for it.
pub fn stack_status(s: &Stack) -> StackEvent {
    let name = clean(s.stack_name());
    StackEvent {
        stack_id: clean(s.stack_id()),
        stack_name: name.clone(),
        event_id: String::new(),
        logical_id: name,
        physical_id: clean(s.stack_id()),
        resource_type: "AWS::CloudFormation::Stack".into(),
        timestamp_ms: millis(s.last_updated_time().or(s.creation_time())),
        status: s.stack_status().map(|s| s.as_str().to_owned()).unwrap_or_default(),
        reason: s.stack_status_reason().map(|r| sanitize(r).into_owned()).filter(|r| !r.is_empty()),
    }
}

/// A nested stack that cannot be read, as the tree shows it: its status in its parent, and
/// why there is nothing under it.
pub fn unreadable(id: &str, name: &str, status: String, reason: String) -> StackEvent {
    StackEvent {
        stack_id: id.to_owned(),
        stack_name: name.to_owned(),
        event_id: String::new(),
        logical_id: name.to_owned(),
        physical_id: id.to_owned(),
        resource_type: "AWS::CloudFormation::Stack".into(),
        timestamp_ms: 0,
        status,
        reason: Some(reason),
    }
}

pub fn outputs(s: &Stack) -> Vec<StackOutput> {
    s.outputs()
        .iter()
        .map(|o| StackOutput {
            key: clean(o.output_key()),
            value: clean(o.output_value()),
            description: o.description().map(|d| sanitize(d).into_owned()),
        })
        .collect()
}

/// `arn:aws:cloudformation:REGION:ACCOUNT:stack/NAME/ID` → NAME.
pub fn name_from_arn(arn: &str) -> Option<&str> {
    arn.split(":stack/").nth(1)?.split('/').next()
}

pub fn account_from_arn(arn: &str) -> Option<&str> {
    arn.split(':').nth(4).filter(|a| !a.is_empty())
}

/// Amplify environments among `stacks`, found by their tags. Nested stacks (with a parent)
/// are parts of an environment, not environments.
pub fn environments(stacks: &[Stack], my_stack: &str) -> Vec<Environment> {
    let mut envs: Vec<Environment> = stacks
        .iter()
        .filter(|s| s.parent_id().is_none() && s.root_id().is_none())
        .filter_map(|s| {
            let tag = |key: &str| s.tags().iter().find(|t| t.key() == Some(key)).and_then(|t| t.value());
            let status = s.stack_status().map_or("", |s| s.as_str());
            let updated_ms = millis(s.last_updated_time().or(s.creation_time()));
            let root = tags::RootStack { name: s.stack_name().unwrap_or_default(), status, updated_ms, tag: &tag };
            tags::environment(&root, my_stack)
        })
        .collect();
    tags::sort(&mut envs);
    envs
}

#[cfg(test)]
mod tests {
    use aws_sdk_cloudformation::types::{StackStatus, Tag};

    use super::*;
    use crate::domain::env::EnvKind;

    fn stack(name: &str, tags: &[(&str, &str)]) -> Stack {
        let mut b = Stack::builder()
            .stack_name(name)
            .stack_id(format!("arn:aws:cloudformation:us-east-1:123456789012:stack/{name}/abc"))
            .stack_status(StackStatus::UpdateComplete);
        for (k, v) in tags {
            b = b.tags(Tag::builder().key(*k).value(*v).build());
        }
        b.build()
    }

    #[test]
    fn environments_are_found_by_tags() {
        let sandbox = [("created-by", "amplify"), ("amplify:deployment-type", "sandbox")];
        let stacks = vec![
            stack("amplify-app-root-sandbox-1496b9051c", &sandbox),
            stack("amplify-app-alice-sandbox-0123456789", &sandbox),
            stack(
                "amplify-d1abc-featurelogin-branch-abcdef0123",
                &[
                    ("created-by", "amplify"),
                    ("amplify:deployment-type", "branch"),
                    ("amplify:branch-name", "feature/login"),
                    ("amplify:app-id", "d1abc"),
                ],
            ),
            stack("some-other-stack", &[("team", "x")]),
        ];
        let envs = environments(&stacks, "amplify-app-root-sandbox-1496b9051c");
        let names: Vec<(&str, EnvKind, bool)> = envs.iter().map(|e| (e.name.as_str(), e.kind, e.mine)).collect();
        assert_eq!(
            names,
            vec![
                ("root", EnvKind::Sandbox, true),
                ("alice", EnvKind::Sandbox, false),
                ("feature/login", EnvKind::Branch, false)
            ]
        );
    }

    #[test]
    fn arns_and_names_parse() {
        let arn = "arn:aws:cloudformation:us-east-1:123456789012:stack/amplify-app-root-sandbox-1496b9051c-auth179371D7-1N17/489d";
        assert_eq!(name_from_arn(arn), Some("amplify-app-root-sandbox-1496b9051c-auth179371D7-1N17"));
        assert_eq!(account_from_arn(arn), Some("123456789012"));
    }
}
