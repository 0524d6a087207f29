//! An environment's secrets as the Secrets pane shows them: the SSM parameters Amplify keeps
//! them in. Listings never carry values; one is read on demand, as [`SecretText`].

use super::health::Problem;
use super::secret::SecretText;

/// Whose secret it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SecretScope {
    /// The environment's own (`/amplify/<ns>/<name>-<type>-<hash>/NAME`).
    Backend,
    /// Shared by every environment of the app (`/amplify/shared/<ns>/NAME`), read when the
    /// environment has no value of its own.
    Shared,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretEntry {
    pub name: String,
    pub path: String,
    pub scope: SecretScope,
    pub modified_ms: i64,
    pub version: i64,
}

/// Where an environment's secrets are: its own prefix and the shared one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretPaths {
    pub backend: String,
    pub shared: String,
}

impl SecretPaths {
    /// The environment's own path of secret `name`.
    pub fn path(&self, name: &str) -> String {
        format!("{}/{name}", self.backend)
    }

    pub fn prefix(&self, scope: SecretScope) -> &str {
        match scope {
            SecretScope::Backend => &self.backend,
            SecretScope::Shared => &self.shared,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretsRequest {
    /// Every page of both prefixes.
    List {
        paths: SecretPaths,
        generation: u64,
    },
    Reveal {
        path: String,
    },
    Set {
        path: String,
        name: String,
        value: SecretText,
    },
    Remove {
        path: String,
        name: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum SecretsReply {
    Listed { generation: u64, entries: Vec<SecretEntry> },
    Revealed { path: String, value: SecretText },
    Set { path: String, name: String },
    Removed { path: String, name: String },
    Failed { generation: Option<u64>, what: String, problem: Problem },
}
