//! Where Amplify keeps an environment's secrets and which ones its backend reads.
//!
//! `ParameterPathConversions` (`@aws-amplify/platform-core`) puts a backend's secrets at
//! `/amplify/<namespace>/<name>-<type>-<hash>/NAME`, the parts being those of the stack name
//! read back (the same sanitizing and hash), and an app's shared secrets at
//! `/amplify/shared/<namespace>/NAME`. A function reads the environment's own value first, then
//! the shared one (`AMPLIFY_SSM_ENV_CONFIG`'s `path`, then `sharedPath`).

use super::stack_name::parse_stack_name;
use crate::domain::secrets::SecretPaths;

/// Amplify's rule for a secret's name.
pub const NAME_RULE: &str = "letters, digits, _ . - (Amplify's ^[a-zA-Z0-9_.-]+$)";

pub fn valid_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
}

/// Where the secrets of the environment `stack_name` are. The shared prefix is made of the
/// backend's namespace as it is, unsanitized (`ParameterPathConversions.toParameterFullPath`
/// of `backendIdentifier.namespace`): the app id of a branch, the package name of a sandbox.
/// The stack name keeps only its alphanumerics, so the project's own package name is used
/// when it is the one the stack was made from.
pub fn paths(stack_name: &str, package_name: Option<&str>) -> Option<SecretPaths> {
    let parts = parse_stack_name(stack_name)?;
    let backend = format!("/amplify/{}/{}-{}-{}", parts.namespace, parts.name, parts.kind.as_str(), parts.hash);
    let sanitized = |raw: &str| raw.chars().filter(char::is_ascii_alphanumeric).collect::<String>();
    let namespace = package_name.filter(|raw| sanitized(raw) == parts.namespace).unwrap_or(parts.namespace);
    Some(SecretPaths { backend, shared: format!("/amplify/shared/{namespace}") })
}

/// The secret names a backend source file reads: `secret('NAME')` / `secret("NAME")`.
pub fn referenced(source: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find("secret(") {
        let before = &rest[..at];
        rest = &rest[at + "secret(".len()..];
        // `mySecret(` or `.secret(` on some other object is not Amplify's.
        if before.ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '.') {
            continue;
        }
        let args = rest.trim_start();
        let Some(quote) = args.chars().next().filter(|c| *c == '\'' || *c == '"' || *c == '`') else { continue };
        let Some(end) = args[1..].find(quote) else { continue };
        let name = &args[1..1 + end];
        if valid_name(name) && !names.iter().any(|n| n == name) {
            names.push(name.to_owned());
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_follow_amplifys_parameter_path_conversions() {
        let sandbox = paths("amplify-app-root-sandbox-1496b9051c", None).expect("a backend");
        assert_eq!(sandbox.backend, "/amplify/app/root-sandbox-1496b9051c");
        assert_eq!(sandbox.shared, "/amplify/shared/app");
        assert_eq!(sandbox.path("API_KEY"), "/amplify/app/root-sandbox-1496b9051c/API_KEY");
        let branch = paths("amplify-d1abc-featurelogin-branch-abcdef0123", None).expect("a backend");
        assert_eq!(branch.backend, "/amplify/d1abc/featurelogin-branch-abcdef0123");
        assert_eq!(branch.shared, "/amplify/shared/d1abc");
        assert!(paths("some-other-stack", None).is_none());
    }

    #[test]
    fn the_shared_prefix_keeps_the_package_name_as_it_is() {
        let stack = "amplify-sampleprojectapp-user-sandbox-892caafcdc";
        let own = paths(stack, Some("sample-project-app")).expect("a backend");
        assert_eq!(own.backend, "/amplify/sampleprojectapp/user-sandbox-892caafcdc");
        assert_eq!(own.shared, "/amplify/shared/sample-project-app");
        let other = paths(stack, Some("another-app")).expect("a backend");
        assert_eq!(other.shared, "/amplify/shared/sampleprojectapp", "not this project's stack");
    }

    #[test]
    fn the_backend_names_the_secrets_it_reads() {
        let source = r#"
            import { defineFunction, secret } from '@aws-amplify/backend';
            export const f = defineFunction({ environment: { API_KEY: secret('API_KEY'), OTHER: secret( "STRIPE.key" ) } });
            const x = mySecret('NOT_THIS'); obj.secret('NOR_THIS'); secret('API_KEY');
        "#;
        assert_eq!(referenced(source), ["API_KEY", "STRIPE.key"]);
    }

    #[test]
    fn names_follow_amplifys_rule() {
        assert!(valid_name("API_KEY") && valid_name("a.b-c_1"));
        assert!(!valid_name("") && !valid_name("has space") && !valid_name("slash/no"));
    }
}
