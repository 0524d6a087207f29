//! What the CDK toolkit's structured messages mean, as Amplify's deployer emits them (and as
//! the recorded streams in `assets/cdk-deploy-events/` hold them, one JSON object per line).

use crate::domain::deploy::{HotswapAttempt, Phase, Rejection, ToolkitMessage};
use crate::domain::stack::RawStackEvent;
use crate::util::sanitize::sanitize;

#[derive(serde::Deserialize)]
struct Raw {
    code: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    event: Option<RawStackEvent>,
    #[serde(default)]
    progress: Option<RawProgress>,
    /// The toolkit's `HotswapDeploymentDetails` / `HotswapResult` (`@aws-cdk/toolkit-lib`
    /// `payloads/hotswap.d.ts`), as the warm driver forwards it. Read leniently: a shape this
    /// does not know is no hotswap information, never a broken line.
    #[serde(default)]
    hotswap: Option<serde_json::Value>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct RawHotswap {
    hotswapped: bool,
    hotswap_fallback: bool,
    non_hotswappable_changes: Vec<RawRejected>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct RawRejected {
    subject: RawSubject,
    reason: String,
    description: Option<String>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct RawSubject {
    r#type: String,
    logical_id: String,
    resource_type: String,
    rejected_properties: Vec<String>,
}

fn hotswap(value: serde_json::Value) -> Option<HotswapAttempt> {
    let raw: RawHotswap = serde_json::from_value(value).ok()?;
    let clean = |s: &str| sanitize(s).into_owned();
    let rejected = raw
        .non_hotswappable_changes
        .into_iter()
        .filter(|c| !c.subject.logical_id.is_empty())
        .map(|c| Rejection {
            logical_id: clean(&c.subject.logical_id),
            resource_type: if c.subject.r#type == "Output" { String::new() } else { clean(&c.subject.resource_type) },
            properties: c.subject.rejected_properties.iter().map(|p| clean(p)).collect(),
            reason: clean(c.description.as_deref().filter(|d| !d.is_empty()).unwrap_or(&c.reason)),
        })
        .collect();
    Some(HotswapAttempt { hotswapped: raw.hotswapped, fell_back: raw.hotswap_fallback, rejected })
}

/// A destroy reports `completed` without `total`.
#[derive(serde::Deserialize)]
struct RawProgress {
    #[serde(default)]
    completed: Option<u32>,
    #[serde(default)]
    total: Option<u32>,
}

impl ToolkitMessage {
    pub fn parse(line: &str) -> Result<Self, serde_json::Error> {
        let raw: Raw = serde_json::from_str(line)?;
        Ok(Self {
            code: sanitize(&raw.code).into_owned(),
            message: raw.message.lines().map(|l| sanitize(l).into_owned()).collect::<Vec<_>>().join("\n"),
            event: raw.event.and_then(RawStackEvent::into_event),
            progress: raw.progress.and_then(|p| p.completed.zip(p.total)),
            hotswap: raw.hotswap.and_then(hotswap),
        })
    }

    /// Debug chatter ampx does not print at its normal level.
    pub fn is_noise(&self) -> bool {
        matches!(
            self.code.as_str(),
            "CDK_SDK_I0100" | "CDK_ASSEMBLY_I0010" | "CDK_TOOLKIT_I0000" | "CDK_ASSEMBLY_I0000"
        )
    }

    pub fn is_error(&self) -> bool {
        self.code.split('_').next_back().is_some_and(|c| c.starts_with('E'))
    }

    pub fn is_warning(&self) -> bool {
        self.code.split('_').next_back().is_some_and(|c| c.starts_with('W'))
    }

    /// The deploy phase this message starts, if any.
    pub fn phase(&self) -> Option<Phase> {
        Some(match self.code.as_str() {
            "SYNTH_STARTED" | "CDK_TOOLKIT_I1001" => Phase::Synthesizing,
            "TS_STARTED" => Phase::TypeChecking,
            // The first asset check (I5271) ends the type check's gate: what follows is the
            // toolkit asking which assets are published, then building and publishing the rest.
            "CDK_ASSETS_I5271" | "CDK_TOOLKIT_I5210" | "CDK_TOOLKIT_I5221" => Phase::PublishingAssets,
            "CDK_TOOLKIT_I5100" | "CDK_TOOLKIT_I5501" => Phase::Deploying,
            "CDK_TOOLKIT_I5400" => Phase::Hotswapping,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_stack_activity_with_its_event_and_progress() {
        let line = include_str!("../../assets/cdk-deploy-events/failed_auth.jsonl")
            .lines()
            .find(|l| l.contains("UPDATE_FAILED"))
            .expect("fixture has a failure");
        let msg = ToolkitMessage::parse(line).expect("valid line");
        let event = msg.event.expect("stack activity carries an event");
        assert_eq!(event.resource_type, "AWS::Cognito::UserPool");
        assert!(event.reason.unwrap_or_default().contains("Amazon SES"));
        assert_eq!(msg.progress, Some((1, 5)));
    }

    #[test]
    fn classifies_codes() {
        let msg = |code: &str| ToolkitMessage::text(code, "");
        assert_eq!(msg("TS_STARTED").phase(), Some(Phase::TypeChecking));
        assert_eq!(msg("CDK_TOOLKIT_I5400").phase(), Some(Phase::Hotswapping));
        assert_eq!(msg("CDK_ASSETS_I5271").phase(), Some(Phase::PublishingAssets), "asset checks are publishing");
        assert!(msg("CDK_TOOLKIT_E5500").is_error());
        assert!(msg("CDK_TOOLKIT_W0000").is_warning());
        assert!(msg("CDK_SDK_I0100").is_noise());
    }

    #[test]
    fn the_hotswap_result_carries_the_toolkits_reasons() {
        let line = include_str!("../../assets/cdk-deploy-events/hotswap_fallback.jsonl")
            .lines()
            .find(|l| l.contains("CDK_TOOLKIT_I5410"))
            .expect("fixture has the result");
        let attempt = ToolkitMessage::parse(line).expect("valid").hotswap.expect("hotswap details");
        assert!(attempt.fell_back && !attempt.hotswapped);
        let summaries: Vec<String> = attempt.rejected.iter().map(Rejection::summary).collect();
        assert_eq!(
            summaries,
            [
                "Custom::AmplifyDynamoDBTable PostTable (attributeDefinitions, globalSecondaryIndexes): This resource type is not supported for hotswap deployments",
                "AWS::AppSync::Resolver PostauthorIdIndexResolverF8A2B3C1: resource 'PostauthorIdIndexResolverF8A2B3C1' was created by this deployment",
                "output awsAppsyncApiEndpoint: output was changed",
            ]
        );
    }

    #[test]
    fn unknown_hotswap_shapes_are_no_information_not_a_broken_line() {
        for hotswap in [r#""x""#, "[1]", r#"{"nonHotswappableChanges":"no"}"#, r#"{"hotswapped":"yes"}"#] {
            let line = format!(r#"{{"code":"CDK_TOOLKIT_I5410","message":"m","hotswap":{hotswap}}}"#);
            let msg = ToolkitMessage::parse(&line).expect("the line still parses");
            assert_eq!(msg.hotswap, None, "{hotswap}");
        }
        let odd = r#"{"code":"CDK_TOOLKIT_I5410","message":"m","hotswap":{"hotswapFallback":true,"nonHotswappableChanges":[{"subject":{}},{"subject":{"logicalId":"A\u001b[2J","type":"Resource","resourceType":"T"},"reason":"r"}]}}"#;
        let attempt = ToolkitMessage::parse(odd).expect("valid").hotswap.expect("read");
        assert_eq!(attempt.rejected.len(), 1, "a change without a subject is left out");
        assert_eq!((attempt.rejected[0].logical_id.as_str(), attempt.rejected[0].reason.as_str()), ("A", "r"));
    }

    #[test]
    fn escape_sequences_in_messages_are_removed() {
        let msg = ToolkitMessage::parse(r#"{"code":"X","message":"\u001b]0;evil\u0007ok\u001b[2J"}"#).expect("valid");
        assert_eq!(msg.message, "ok");
    }
}
