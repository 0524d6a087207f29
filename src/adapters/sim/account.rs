//! The demo's AWS account: one account, one region and one Amplify app, named once, so every
//! ARN, output, console URL, stack name and status bar of the demo agrees with the others.

use crate::amplify::stack_name::{parse_stack_name, stack_name};
use crate::domain::env::EnvKind;

pub const ACCOUNT_ID: &str = "123456789012";
/// The region the recorded deployments in `assets/cdk-deploy-events/` were made in: their
/// thousands of ARNs say it, so everything else the demo makes up says it too.
pub const REGION: &str = "us-west-2";
/// The Amplify app the demo hosts, whose branches are also its branch environments.
pub const APP_ID: &str = "d2demo7example";
/// The demo app's package name: ampx's namespace for its sandboxes.
const PROJECT: &str = "app";

/// A stack's ARN in the demo's account.
pub fn stack_arn(stack: &str, id: &str) -> String {
    format!("arn:aws:cloudformation:{REGION}:{ACCOUNT_ID}:stack/{stack}/{id}")
}

/// The stack of a teammate's sandbox of the demo app, named as ampx names it.
pub fn sandbox_stack(identifier: &str) -> String {
    stack_name(PROJECT, identifier, EnvKind::Sandbox)
}

/// The stack of a branch of the demo's Amplify app, named as `ampx pipeline-deploy` names it.
pub fn branch_stack(branch: &str) -> String {
    stack_name(APP_ID, branch, EnvKind::Branch)
}

/// The `say-hello` function of a stack's backend, as its recorded deployments name it (the
/// recording's random suffix, under the stack's own project and identifier).
pub fn say_hello_function(stack: &str) -> String {
    match parse_stack_name(stack) {
        Some(p) => format!("amplify-{}-{}-sayhellolambdaEFA46D92-SavDejwvL2I1", p.namespace, p.name),
        None => format!("{stack}-sayhellolambda"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_sandbox_and_its_teammates_share_the_app_naming() {
        assert_eq!(sandbox_stack("root"), "amplify-app-root-sandbox-1496b9051c", "the demo's own");
        assert!(sandbox_stack("bob").starts_with("amplify-app-bob-sandbox-"));
        assert!(branch_stack("feature/profile-page").starts_with("amplify-d2demo7example-featureprofilepage-branch-"));
        assert_eq!(
            say_hello_function("amplify-app-root-sandbox-1496b9051c"),
            "amplify-app-root-sayhellolambdaEFA46D92-SavDejwvL2I1"
        );
    }
}
