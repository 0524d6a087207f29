//! What a line of `ampx sandbox --once` output means (with `CI=1` it prints plain,
//! timestamped lines; see `../shared/fixtures/amplify-gen2-sample/ampx-output/`).

use crate::domain::deploy::Phase;

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
    if text.ends_with("hotswapped!") {
        LineKind::Hotswapped
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
    }
}
