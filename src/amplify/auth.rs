//! Amplify auth as its outputs describe it: the environment's user pool, how users sign in,
//! the password rules, the groups; and what Cognito accepts as a password and as a filter.

use crate::domain::stack::StackOutput;
use crate::domain::users::{PasswordPolicy, SignIn, UserPool};

/// The pool `defineAuth` deployed, from the root stack's outputs (`userPoolId`,
/// `webClientId`, `usernameAttributes`, `passwordPolicy*`, `groups`); `None` without auth.
pub fn pool(outputs: &[StackOutput]) -> Option<UserPool> {
    let get = |key: &str| outputs.iter().find(|o| o.key == key).map(|o| o.value.as_str()).filter(|v| !v.is_empty());
    let id = get("userPoolId")?.to_owned();
    let list = |key: &str| -> Vec<String> { get(key).and_then(|v| serde_json::from_str(v).ok()).unwrap_or_default() };
    let attributes = list("usernameAttributes");
    let sign_in = if attributes.iter().any(|a| a == "email") {
        SignIn::Email
    } else if attributes.iter().any(|a| a == "phone_number") {
        SignIn::Phone
    } else {
        SignIn::Username
    };
    let requirements = list("passwordPolicyRequirements");
    let requires = |what: &str| requirements.iter().any(|r| r == what);
    let policy = match get("passwordPolicyMinLength").and_then(|v| v.parse().ok()) {
        Some(min_length) => PasswordPolicy {
            min_length,
            numbers: requires("REQUIRES_NUMBERS"),
            lowercase: requires("REQUIRES_LOWERCASE"),
            uppercase: requires("REQUIRES_UPPERCASE"),
            symbols: requires("REQUIRES_SYMBOLS"),
        },
        None => PasswordPolicy::default(),
    };
    Some(UserPool {
        id,
        client_id: get("webClientId").map(str::to_owned),
        sign_in,
        policy,
        groups: groups(get("groups")),
    })
}

/// `["ADMINS"]`, or `[{"ADMINS": {"precedence": 0}}]` as `amplify_outputs.json` has them.
fn groups(value: Option<&str>) -> Vec<String> {
    let Some(value) = value.and_then(|v| serde_json::from_str::<serde_json::Value>(v).ok()) else { return Vec::new() };
    value
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|g| match g {
            serde_json::Value::String(name) => vec![name.clone()],
            serde_json::Value::Object(map) => map.keys().cloned().collect(),
            _ => Vec::new(),
        })
        .collect()
}

impl PasswordPolicy {
    /// The rule as a person reads it.
    pub fn describe(&self) -> String {
        let mut needs = vec![format!("at least {} characters", self.min_length)];
        for (on, what) in [
            (self.lowercase, "a lowercase letter"),
            (self.uppercase, "an uppercase letter"),
            (self.numbers, "a number"),
            (self.symbols, "a symbol"),
        ] {
            if on {
                needs.push(what.to_owned());
            }
        }
        needs.join(", ")
    }

    /// Whether Cognito will accept `password`, checked before any call: what it lacks.
    pub fn check(&self, password: &str) -> Result<(), String> {
        let has = |f: fn(char) -> bool| password.chars().any(f);
        let length = format!("at least {} characters", self.min_length);
        let lacks: Vec<&str> = [
            (password.chars().count() < self.min_length, length.as_str()),
            (self.lowercase && !has(char::is_lowercase), "a lowercase letter"),
            (self.uppercase && !has(char::is_uppercase), "an uppercase letter"),
            (self.numbers && !has(|c| c.is_ascii_digit()), "a number"),
            (self.symbols && !has(|c| !c.is_alphanumeric() && !c.is_whitespace()), "a symbol"),
        ]
        .into_iter()
        .filter_map(|(missing, what)| missing.then_some(what))
        .collect();
        if lacks.is_empty() {
            Ok(())
        } else {
            Err(format!("refused before asking Cognito: it needs {}", lacks.join(", ")))
        }
    }
}

/// Cognito's `ListUsers` filter for a prefix of what users sign in with; it filters on one
/// attribute, by prefix (`^=`), server-side.
pub fn filter(sign_in: SignIn, prefix: &str) -> Option<String> {
    let prefix = prefix.trim();
    if prefix.is_empty() {
        return None;
    }
    let attribute = match sign_in {
        SignIn::Email => "email",
        SignIn::Phone => "phone_number",
        SignIn::Username => "username",
    };
    Some(format!("{attribute} ^= \"{}\"", prefix.replace(['"', '\\'], "")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output(key: &str, value: &str) -> StackOutput {
        StackOutput { key: key.into(), value: value.into(), description: None }
    }

    #[test]
    fn the_sample_apps_outputs_name_its_pool_and_rules() {
        let outputs = vec![
            output("userPoolId", "us-east-1_abc"),
            output("webClientId", "client1"),
            output("usernameAttributes", r#"["email"]"#),
            output("passwordPolicyMinLength", "8"),
            output(
                "passwordPolicyRequirements",
                r#"["REQUIRES_NUMBERS","REQUIRES_LOWERCASE","REQUIRES_UPPERCASE","REQUIRES_SYMBOLS"]"#,
            ),
            output("groups", r#"[{"ADMINS":{"precedence":0}},"EDITORS"]"#),
        ];
        let found = pool(&outputs).expect("auth");
        assert_eq!(
            (found.id.as_str(), found.client_id.as_deref(), found.sign_in),
            ("us-east-1_abc", Some("client1"), SignIn::Email)
        );
        assert_eq!(found.groups, ["ADMINS", "EDITORS"]);
        assert_eq!(found.policy, PasswordPolicy::default());
        assert!(pool(&[output("definedFunctions", "[]")]).is_none(), "no auth in the backend");
    }

    #[test]
    fn passwords_are_checked_against_the_pools_rules_before_any_call() {
        let policy = PasswordPolicy::default();
        assert!(policy.check("Passw0rd!").is_ok());
        let err = policy.check("password").expect_err("too weak");
        assert_eq!(err, "refused before asking Cognito: it needs an uppercase letter, a number, a symbol");
        let err = policy.check("Pa1!").expect_err("too short");
        assert_eq!(err, "refused before asking Cognito: it needs at least 8 characters");
        let lax = PasswordPolicy { min_length: 6, numbers: false, lowercase: false, uppercase: false, symbols: false };
        assert!(lax.check("abcdef").is_ok() && lax.check("abc").is_err());
    }

    #[test]
    fn filters_are_a_server_side_prefix_of_the_sign_in_attribute() {
        assert_eq!(filter(SignIn::Email, " ali"), Some(r#"email ^= "ali""#.into()));
        assert_eq!(filter(SignIn::Username, "b\"ob"), Some(r#"username ^= "bob""#.into()));
        assert_eq!(filter(SignIn::Email, "  "), None);
    }
}
