//! The Secrets pane's model: the secrets the backend reads beside those set for the followed
//! environment (its own, and the shared ones it falls back to), and the one value the user
//! asked to see, forgotten as soon as the selection or the focus moves.

use crate::domain::health::Problem;
use crate::domain::secret::SecretText;
use crate::domain::secrets::{SecretEntry, SecretPaths, SecretScope, SecretsReply, SecretsRequest};

/// A secret as the pane lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretRow {
    pub name: String,
    /// The backend reads it (`secret('NAME')`).
    pub needed: bool,
    /// Set for the environment itself.
    pub own: Option<SecretEntry>,
    /// Set for every environment of the app; read when there is no own value.
    pub shared: Option<SecretEntry>,
}

impl SecretRow {
    /// What a function would read: the own value, else the shared one.
    pub fn effective(&self) -> Option<&SecretEntry> {
        self.own.as_ref().or(self.shared.as_ref())
    }

    pub fn missing(&self) -> bool {
        self.needed && self.effective().is_none()
    }
}

#[derive(Debug, Clone, Default)]
pub struct SecretsModel {
    /// The followed stack the listing is of, and where its secrets are.
    pub stack: String,
    pub paths: Option<SecretPaths>,
    pub generation: u64,
    pub stale: bool,
    pub loading: bool,
    /// The listing arrived at least once for this environment.
    pub listed: bool,
    /// The names the backend's source reads.
    pub needed: Vec<String>,
    entries: Vec<SecretEntry>,
    pub rows: Vec<SecretRow>,
    /// The value the user asked to see: its path and the value.
    pub revealed: Option<(String, SecretText)>,
    pub problem: Option<(String, Problem)>,
}

impl SecretsModel {
    /// Follows the secrets of `stack`; another stack starts over.
    pub fn set_stack(&mut self, stack: &str, paths: Option<SecretPaths>) {
        if self.stack != stack {
            self.stack = stack.to_owned();
            self.paths = paths;
            self.entries.clear();
            self.listed = false;
            self.problem = None;
            self.revealed = None;
            self.reload();
        }
    }

    pub fn reload(&mut self) {
        self.generation += 1;
        self.loading = false;
        self.stale = self.paths.is_some();
        self.rebuild();
    }

    pub fn set_needed(&mut self, names: Vec<String>) {
        self.needed = names;
        self.rebuild();
    }

    pub fn wanted(&mut self) -> Option<SecretsRequest> {
        let paths = self.paths.clone().filter(|_| self.stale)?;
        self.stale = false;
        self.loading = true;
        Some(SecretsRequest::List { paths, generation: self.generation })
    }

    /// Takes an answer in; returns what to tell the user, and whether a secret changed.
    pub fn apply(&mut self, reply: SecretsReply) -> (Option<String>, bool) {
        match reply {
            SecretsReply::Listed { generation, entries } if generation == self.generation => {
                self.entries = entries;
                self.loading = false;
                self.listed = true;
                self.problem = None;
                self.rebuild();
            }
            SecretsReply::Listed { .. } => {}
            SecretsReply::Revealed { path, value } => self.revealed = Some((path, value)),
            SecretsReply::Set { name, .. } => {
                self.reload();
                return (Some(format!("secret {name} set")), true);
            }
            SecretsReply::Removed { name, .. } => {
                self.reload();
                return (Some(format!("secret {name} removed")), true);
            }
            SecretsReply::Failed { generation, what, problem } => {
                if generation.is_some_and(|g| g != self.generation) {
                    return (None, false);
                }
                self.loading = false;
                self.problem = Some((what, problem));
            }
        }
        (None, false)
    }

    /// Forgets a shown value.
    pub fn hide(&mut self) {
        self.revealed = None;
    }

    /// The value shown for `row`, if the user asked for it.
    pub fn value_of(&self, row: &SecretRow) -> Option<&SecretText> {
        let path = &row.effective()?.path;
        self.revealed.as_ref().filter(|(p, _)| p == path).map(|(_, v)| v)
    }

    pub fn any_missing(&self) -> bool {
        self.listed && self.rows.iter().any(SecretRow::missing)
    }

    pub fn missing(&self) -> Vec<&str> {
        if !self.listed {
            return Vec::new();
        }
        self.rows.iter().filter(|r| r.missing()).map(|r| r.name.as_str()).collect()
    }

    /// Missing ones first (they break functions), then by name.
    fn rebuild(&mut self) {
        let mut rows: Vec<SecretRow> = Vec::new();
        let mut row = |name: &str| -> usize {
            match rows.iter().position(|r| r.name == name) {
                Some(i) => i,
                None => {
                    rows.push(SecretRow { name: name.to_owned(), needed: false, own: None, shared: None });
                    rows.len() - 1
                }
            }
        };
        let needed = self.needed.clone();
        let mut indexes: Vec<(usize, SecretEntry)> = self.entries.iter().map(|e| (row(&e.name), e.clone())).collect();
        let needed_rows: Vec<usize> = needed.iter().map(|n| row(n)).collect();
        for i in needed_rows {
            rows[i].needed = true;
        }
        for (i, entry) in indexes.drain(..) {
            match entry.scope {
                SecretScope::Backend => rows[i].own = Some(entry),
                SecretScope::Shared => rows[i].shared = Some(entry),
            }
        }
        rows.sort_by(|a, b| (!a.missing(), &a.name).cmp(&(!b.missing(), &b.name)));
        self.rows = rows;
    }
}
