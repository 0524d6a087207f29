//! The CloudFormation stack name of an Amplify backend, computed exactly as
//! `BackendIdentifierConversions.toStackName` in `@aws-amplify/platform-core` does.

use sha2::{Digest, Sha512};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeploymentType {
    Sandbox,
    Branch,
    Standalone,
}

impl DeploymentType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sandbox => "sandbox",
            Self::Branch => "branch",
            Self::Standalone => "standalone",
        }
    }
}

const MAX_STACK_NAME: usize = 128;
const MAX_NAME: usize = 50;

/// `amplify-{ns}-{name}-{type}-{hash}`: `hash` is the first 10 hex digits of SHA-512 over the
/// unsanitized `ns` then `name`; only ASCII alphanumerics of `ns` and `name` are kept in the
/// name, `name` is cut to 50 characters and `ns` so that the whole stays within 128.
pub fn stack_name(namespace: &str, name: &str, kind: DeploymentType) -> String {
    let mut hasher = Sha512::new();
    hasher.update(namespace.as_bytes());
    hasher.update(name.as_bytes());
    let hash: String = hasher.finalize().iter().take(5).map(|b| format!("{b:02x}")).collect();
    let name: String = alphanumeric(name).take(MAX_NAME).collect();
    let fixed = "amplify---".len() + name.len() + 1 + kind.as_str().len() + hash.len();
    let ns: String = alphanumeric(namespace).take(MAX_STACK_NAME.saturating_sub(fixed)).collect();
    format!("amplify-{ns}-{name}-{}-{hash}", kind.as_str())
}

fn alphanumeric(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().filter(char::is_ascii_alphanumeric)
}

/// `--identifier` values ampx accepts: `^[a-zA-Z0-9-]{1,15}$`.
pub fn is_valid_identifier(id: &str) -> bool {
    (1..=15).contains(&id.len()) && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_sample_app_stack_synthesized_by_ampx() {
        assert_eq!(stack_name("app", "root", DeploymentType::Sandbox), "amplify-app-root-sandbox-1496b9051c");
    }

    #[test]
    fn hash_covers_the_unsanitized_parts_while_the_name_drops_punctuation() {
        // sha512("sample-project-app" + "user") starts with 892caafcdc.
        assert_eq!(
            stack_name("sample-project-app", "user", DeploymentType::Sandbox),
            "amplify-sampleprojectapp-user-sandbox-892caafcdc"
        );
        assert_ne!(stack_name("a-b", "c", DeploymentType::Sandbox), stack_name("ab", "c", DeploymentType::Sandbox));
    }

    #[test]
    fn branch_names_keep_only_alphanumerics() {
        let name = stack_name("d1abc2def3", "feature/login-page", DeploymentType::Branch);
        assert!(name.starts_with("amplify-d1abc2def3-featureloginpage-branch-"), "{name}");
    }

    #[test]
    fn long_parts_are_cut_to_fit_128_characters() {
        let name = stack_name(&"n".repeat(200), &"x".repeat(80), DeploymentType::Sandbox);
        assert_eq!(name.len(), 128);
        assert!(name.contains(&format!("-{}-sandbox-", "x".repeat(50))));
    }

    #[test]
    fn identifiers_follow_the_ampx_rule() {
        assert!(is_valid_identifier("root"));
        assert!(is_valid_identifier("alice-2"));
        assert!(!is_valid_identifier(""));
        assert!(!is_valid_identifier("with space"));
        assert!(!is_valid_identifier("sixteen-chars-xx"));
    }
}
