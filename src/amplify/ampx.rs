//! What a line of `ampx sandbox --once` output means (with `CI=1` it prints plain,
//! timestamped lines; see `../shared/fixtures/amplify-gen2-sample/ampx-output/`).

use crate::domain::deploy::{Phase, Rejection};

#[derive(Debug, Clone, PartialEq)]
pub enum LineKind {
    /// A phase starts.
    Phase(Phase),
    /// A step finished well (`✔ ...`, `Deployment completed`).
    Success,
    Warning,
    /// `[ERROR] [Name] message`.
    Error {
        name: String,
        message: String,
    },
    /// `∟ Caused by: ...`, continuing the last error.
    Cause(String),
    /// `stack | n/m | time | STATUS | Type | path (LogicalId)`.
    StackActivity {
        done: u32,
        total: u32,
        status: String,
    },
    Hotswapped,
    /// `resource: Id, type: T, rejected changes: P, reason: R` under the toolkit's "The
    /// following non-hotswappable changes were found:".
    NotHotswappable(Rejection),
    /// `Falling back to doing a full deployment`.
    FellBack,
    Plain,
}

/// Drops ampx's leading `9:12:12 PM ` clock (or a 24-hour `21:12:12 `).
pub fn strip_clock(line: &str) -> &str {
    let Some((first, rest)) = line.split_once(' ') else {
        return line;
    };
    if !is_clock(first) {
        return line;
    }
    rest.strip_prefix("AM ").or_else(|| rest.strip_prefix("PM ")).unwrap_or(rest)
}

fn is_clock(s: &str) -> bool {
    let parts: Vec<&str> = s.split(':').collect();
    parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()))
}

pub fn classify(line: &str) -> LineKind {
    let text = strip_clock(line).trim();
    if let Some(rest) = text.strip_prefix("[ERROR]") {
        let rest = rest.trim_start();
        return match rest.strip_prefix('[').and_then(|r| r.split_once(']')) {
            Some((name, message)) => LineKind::Error { name: name.to_owned(), message: message.trim().to_owned() },
            None => LineKind::Error { name: String::new(), message: rest.to_owned() },
        };
    }
    if let Some(cause) = text.strip_prefix("∟ Caused by:") {
        return LineKind::Cause(cause.trim().to_owned());
    }
    if let Some(activity) = stack_activity(text) {
        return activity;
    }
    let phase = [
        ("Synthesizing backend", Phase::Synthesizing),
        ("Running type checks", Phase::TypeChecking),
        ("Building and publishing assets", Phase::PublishingAssets),
        ("Deploying", Phase::Deploying),
        ("Starting hotswap", Phase::Hotswapping),
    ]
    .into_iter()
    .find(|(prefix, _)| text.starts_with(prefix));
    if let Some((_, phase)) = phase {
        return LineKind::Phase(phase);
    }
    if let Some(rejection) = not_hotswappable(text) {
        return LineKind::NotHotswappable(rejection);
    }
    if text.ends_with("hotswapped!") {
        LineKind::Hotswapped
    } else if text == "Falling back to doing a full deployment" {
        LineKind::FellBack
    } else if text.starts_with('✔')
        || text.starts_with("Deployment completed")
        || text.contains("Deployment completed in")
    {
        LineKind::Success
    } else if text.starts_with("[WARNING]") || text.starts_with("WARNING") || text.starts_with('⚠') {
        LineKind::Warning
    } else {
        LineKind::Plain
    }
}

/// The toolkit's (`@aws-cdk/toolkit-lib` 1.32 `nonHotswappableChangeMessage`) line for one
/// change it could not hotswap.
fn not_hotswappable(text: &str) -> Option<Rejection> {
    if let Some(rest) = text.strip_prefix("output: ") {
        let (id, reason) = rest.split_once(", reason: ")?;
        return Some(Rejection {
            logical_id: id.to_owned(),
            resource_type: String::new(),
            properties: Vec::new(),
            reason: reason.to_owned(),
        });
    }
    let (id, rest) = text.strip_prefix("resource: ")?.split_once(", type: ")?;
    let (kind, rest) = rest.split_once(", ")?;
    let (properties, reason) = match rest.strip_prefix("rejected changes: ") {
        Some(rest) => {
            let (props, reason) = rest.split_once(", reason: ")?;
            (props.split(',').map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()).collect(), reason)
        }
        None => (Vec::new(), rest.strip_prefix("reason: ")?),
    };
    Some(Rejection { logical_id: id.to_owned(), resource_type: kind.to_owned(), properties, reason: reason.to_owned() })
}

fn stack_activity(text: &str) -> Option<LineKind> {
    let fields: Vec<&str> = text.split(" | ").collect();
    if fields.len() < 5 {
        return None;
    }
    let (done, total) = fields[1].trim().split_once('/')?;
    let status = fields[3].trim();
    status.chars().all(|c| c.is_ascii_uppercase() || c == '_').then_some(())?;
    Some(LineKind::StackActivity { done: done.parse().ok()?, total: total.parse().ok()?, status: status.to_owned() })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEPLOY_FAILED: &str = include_str!("../../tests/fixtures/ampx/sandbox-once-deploy-failed.txt");
    const ASSETS_FAILED: &str = include_str!("../../tests/fixtures/ampx/sandbox-once-asset-publish-failed.txt");

    #[test]
    fn recognises_the_phases_of_a_real_run() {
        let phases: Vec<Phase> = DEPLOY_FAILED
            .lines()
            .filter_map(|l| match classify(l) {
                LineKind::Phase(p) => Some(p),
                _ => None,
            })
            .collect();
        assert_eq!(phases, vec![Phase::Synthesizing, Phase::TypeChecking, Phase::PublishingAssets]);
        assert!(DEPLOY_FAILED.lines().any(|l| classify(l) == LineKind::Success));
    }

    #[test]
    fn reads_the_error_and_its_cause_chain() {
        let kinds: Vec<LineKind> = ASSETS_FAILED.lines().map(classify).collect();
        assert!(kinds.contains(&LineKind::Error {
            name: "CDKAssetPublishError".into(),
            message: "CDK failed to publish assets".into()
        }));
        let causes = kinds.iter().filter(|k| matches!(k, LineKind::Cause(_))).count();
        assert_eq!(causes, 2);
        let deploy = DEPLOY_FAILED.lines().map(classify).find(|k| matches!(k, LineKind::Error { .. }));
        assert!(
            matches!(deploy, Some(LineKind::Error { name, message }) if name == "UnknownFault" && message.contains("NoSuchBucket"))
        );
    }

    #[test]
    fn reads_stack_activity_progress() {
        let line = "amplify-app-root-sandbox-1496b9051c | 3/7 | 9:12:45 PM | CREATE_IN_PROGRESS | AWS::CloudFormation::Stack | auth.NestedStack/auth.NestedStackResource (auth179371D7)";
        assert_eq!(classify(line), LineKind::StackActivity { done: 3, total: 7, status: "CREATE_IN_PROGRESS".into() });
    }

    #[test]
    fn clocks_are_stripped() {
        assert_eq!(strip_clock("9:12:12 PM Synthesizing backend..."), "Synthesizing backend...");
        assert_eq!(strip_clock("no clock here"), "no clock here");
        assert_eq!(classify("9:13:16 PM ✔ Backend synthesized in 6.36 seconds"), LineKind::Success);
        assert_eq!(classify(" AWS::Lambda::Function 'x' hotswapped!"), LineKind::Hotswapped);
        assert_eq!(classify("9:13:20 PM Falling back to doing a full deployment"), LineKind::FellBack);
    }

    #[test]
    fn the_toolkits_non_hotswappable_lines_read_as_rejections() {
        let line = "    resource: sayhelloLambda5A2A8F6A, type: AWS::Lambda::Function, rejected changes: Timeout,MemorySize, reason: resource properties 'Timeout,MemorySize' are not hotswappable on this resource type";
        let LineKind::NotHotswappable(r) = classify(line) else { panic!("{:?}", classify(line)) };
        assert_eq!(
            (r.logical_id.as_str(), r.resource_type.as_str()),
            ("sayhelloLambda5A2A8F6A", "AWS::Lambda::Function")
        );
        assert_eq!(r.properties, ["Timeout", "MemorySize"]);
        assert!(r.reason.starts_with("resource properties 'Timeout,MemorySize'"));
        let created = classify(
            "resource: Bucket83908E77, type: AWS::S3::Bucket, reason: resource 'Bucket83908E77' was created by this deployment",
        );
        assert!(
            matches!(created, LineKind::NotHotswappable(r) if r.properties.is_empty() && r.reason.ends_with("by this deployment"))
        );
        let output = classify("output: awsAppsyncApiEndpoint, reason: output was changed");
        assert!(matches!(output, LineKind::NotHotswappable(r) if r.resource_type.is_empty()));
    }
}
