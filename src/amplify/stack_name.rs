//! The CloudFormation stack name of an Amplify backend, computed exactly as
//! `BackendIdentifierConversions.toStackName` in `@aws-amplify/platform-core` does, and read
//! back into its parts.

use sha2::{Digest, Sha512};

use crate::domain::env::EnvKind;

const MAX_STACK_NAME: usize = 128;
const MAX_NAME: usize = 50;

/// `amplify-{ns}-{name}-{type}-{hash}`: `hash` is the first 10 hex digits of SHA-512 over the
/// unsanitized `ns` then `name`; only ASCII alphanumerics of `ns` and `name` are kept in the
/// name, `name` is cut to 50 characters and `ns` so that the whole stays within 128.
pub fn stack_name(namespace: &str, name: &str, kind: EnvKind) -> String {
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

/// A stack name read back into the parts it was made of (all alphanumeric: sanitized).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StackParts<'a> {
    /// The package name of a sandbox, the Amplify app id of a branch.
    pub namespace: &'a str,
    /// The sandbox identifier, the branch name.
    pub name: &'a str,
    pub kind: EnvKind,
    pub hash: &'a str,
}

/// `amplify-{ns}-{name}-{type}-{hash}` → its parts (`BackendIdentifierConversions.fromStackName`).
pub fn parse_stack_name(name: &str) -> Option<StackParts<'_>> {
    let parts: Vec<&str> = name.split('-').collect();
    match parts.as_slice() {
        ["amplify", namespace, name, kind, hash] if hash.len() == 10 => {
            Some(StackParts { namespace, name, kind: EnvKind::parse(kind)?, hash })
        }
        _ => None,
    }
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
        assert_eq!(stack_name("app", "root", EnvKind::Sandbox), "amplify-app-root-sandbox-1496b9051c");
    }

    #[test]
    fn hash_covers_the_unsanitized_parts_while_the_name_drops_punctuation() {
        // sha512("sample-project-app" + "user") starts with 892caafcdc.
        assert_eq!(
            stack_name("sample-project-app", "user", EnvKind::Sandbox),
            "amplify-sampleprojectapp-user-sandbox-892caafcdc"
        );
        assert_ne!(stack_name("a-b", "c", EnvKind::Sandbox), stack_name("ab", "c", EnvKind::Sandbox));
    }

    #[test]
    fn branch_names_keep_only_alphanumerics() {
        let name = stack_name("d1abc2def3", "feature/login-page", EnvKind::Branch);
        assert!(name.starts_with("amplify-d1abc2def3-featureloginpage-branch-"), "{name}");
    }

    #[test]
    fn long_parts_are_cut_to_fit_128_characters() {
        let name = stack_name(&"n".repeat(200), &"x".repeat(80), EnvKind::Sandbox);
        assert_eq!(name.len(), 128);
        assert!(name.contains(&format!("-{}-sandbox-", "x".repeat(50))));
    }

    #[test]
    fn names_parse_back_into_their_parts() {
        let parts = parse_stack_name("amplify-app-root-sandbox-1496b9051c").expect("parts");
        assert_eq!(
            (parts.namespace, parts.name, parts.kind, parts.hash),
            ("app", "root", EnvKind::Sandbox, "1496b9051c")
        );
        assert_eq!(parse_stack_name("amplify-app-root-sandbox-1496b9051c-auth179371D7-1N17"), None);
        assert_eq!(parse_stack_name("amplify-app-root-other-1496b9051c"), None);
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
