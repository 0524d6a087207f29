//! Whether the account and region are ready for Amplify's deploys: the CDK bootstrap
//! version parameter, read the way `@aws-amplify/sandbox` (and `ampx pipeline-deploy`) read it
//! before deploying (`file_watching_sandbox.js`: `/cdk-bootstrap/hnb659fds/version`, at least
//! version 6), so a missing or old bootstrap shows before a deploy fails on it.

use crate::domain::health::{Health, Problem, ProblemKind, Source};

pub const PARAMETER: &str = "/cdk-bootstrap/hnb659fds/version";
pub const MIN_VERSION: u32 = 6;

/// The command that bootstraps `account` in `region` (placeholders where unknown).
pub fn fix(account: Option<&str>, region: Option<&str>) -> String {
    format!("npx cdk bootstrap aws://{}/{}", account.unwrap_or("ACCOUNT"), region.unwrap_or("REGION"))
}

/// The verdict on the parameter's value (`None`: the parameter does not exist).
pub fn verdict(value: Option<&str>, account: Option<&str>, region: Option<&str>) -> Health {
    let place = region.unwrap_or("this region");
    let message = match value.map(|v| v.trim().parse::<u32>()) {
        None => format!("{place} is not bootstrapped for CDK"),
        Some(Ok(version)) if version >= MIN_VERSION => return Health::Recovered(Source::Bootstrap),
        Some(Ok(version)) => {
            format!("{place}'s CDK bootstrap is version {version}; Amplify needs {MIN_VERSION} or later")
        }
        Some(Err(_)) => format!("{place}'s CDK bootstrap version is unreadable"),
    };
    let hint = format!("run {} (once per account and region)", fix(account, region));
    Health::Problem(Problem { source: Source::Bootstrap, kind: ProblemKind::Other, message, hint })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_and_old_bootstraps_say_the_command_that_fixes_them() {
        let Health::Problem(missing) = verdict(None, Some("123456789012"), Some("us-east-1")) else { panic!() };
        assert_eq!(missing.message, "us-east-1 is not bootstrapped for CDK");
        assert!(missing.hint.contains("npx cdk bootstrap aws://123456789012/us-east-1"));
        let Health::Problem(old) = verdict(Some("5"), None, Some("eu-west-1")) else { panic!() };
        assert!(old.message.contains("version 5") && old.hint.contains("aws://ACCOUNT/eu-west-1"));
        assert_eq!(verdict(Some("27"), None, None), Health::Recovered(Source::Bootstrap));
    }
}
