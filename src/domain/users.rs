//! An environment's Cognito user pool as the Users pane shows it: its users and groups, and
//! what can be done to them.

use super::secret::SecretText;

/// The pool an environment's auth uses, from its root stack's outputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserPool {
    pub id: String,
    /// The app's client (`webClientId`), for signing in.
    pub client_id: Option<String>,
    /// What users sign in with: `email`, `phone_number`, or the username itself.
    pub sign_in: SignIn,
    pub policy: PasswordPolicy,
    /// The groups the backend defines.
    pub groups: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignIn {
    Username,
    Email,
    Phone,
}

/// Cognito's password rules for the pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordPolicy {
    pub min_length: usize,
    pub numbers: bool,
    pub lowercase: bool,
    pub uppercase: bool,
    pub symbols: bool,
}

impl Default for PasswordPolicy {
    /// Cognito's own default.
    fn default() -> Self {
        Self { min_length: 8, numbers: true, lowercase: true, uppercase: true, symbols: true }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub username: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// `CONFIRMED`, `FORCE_CHANGE_PASSWORD`, `UNCONFIRMED`, …
    pub status: String,
    pub enabled: bool,
    pub created_ms: i64,
}

impl User {
    /// Whether `name` names this user: its username, or the email or phone it signs in with.
    pub fn is(&self, name: &str) -> bool {
        self.username == name || self.email.as_deref() == Some(name) || self.phone.as_deref() == Some(name)
    }

    /// What the user signs in with: the email or phone of pools that sign in with those (their
    /// usernames are generated ids), else the username.
    pub fn sign_in_name(&self, sign_in: SignIn) -> &str {
        let attribute = match sign_in {
            SignIn::Email => self.email.as_deref(),
            SignIn::Phone => self.phone.as_deref(),
            SignIn::Username => None,
        };
        attribute.unwrap_or(&self.username)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub name: String,
    pub description: Option<String>,
    pub precedence: Option<i32>,
    /// Its members, at most [`MAX_MEMBERS`].
    pub members: Vec<User>,
    /// It has more members than are listed.
    pub more: bool,
}

/// What the user asked to do to the pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserAction {
    /// A test user who can sign in at once: no invitation, a permanent password.
    Create {
        username: String,
        password: SecretText,
    },
    SetPassword {
        username: String,
        password: SecretText,
    },
    AddToGroup {
        username: String,
        group: String,
    },
    RemoveFromGroup {
        username: String,
        group: String,
    },
    Enable {
        username: String,
    },
    Disable {
        username: String,
    },
    Delete {
        username: String,
    },
    /// Sign in with the password and hand back the ID token.
    SignIn {
        username: String,
        password: SecretText,
    },
}

impl UserAction {
    /// What it does, as a person says it (never with its password): `add bob to ADMINS`.
    pub fn what(&self) -> String {
        let user = self.username();
        match self {
            Self::Create { .. } => format!("create {user}"),
            Self::SetPassword { .. } => format!("set the password of {user}"),
            Self::AddToGroup { group, .. } => format!("add {user} to {group}"),
            Self::RemoveFromGroup { group, .. } => format!("remove {user} from {group}"),
            Self::Enable { .. } => format!("enable {user}"),
            Self::Disable { .. } => format!("disable {user}"),
            Self::Delete { .. } => format!("delete {user}"),
            Self::SignIn { .. } => format!("sign in as {user}"),
        }
    }

    pub fn username(&self) -> &str {
        match self {
            Self::Create { username, .. }
            | Self::SetPassword { username, .. }
            | Self::AddToGroup { username, .. }
            | Self::RemoveFromGroup { username, .. }
            | Self::Enable { username }
            | Self::Disable { username }
            | Self::Delete { username }
            | Self::SignIn { username, .. } => username,
        }
    }
}

/// What the core asks of the pool. `generation` ties an answer to the listing it belongs to:
/// a page that arrives after the filter or the environment changed is dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsersRequest {
    /// One page of `ListUsers` (Cognito's largest, 60), from `token`.
    Page {
        pool: UserPool,
        filter: Option<String>,
        token: Option<String>,
        generation: u64,
    },
    /// The groups and their members.
    Groups {
        pool: UserPool,
        generation: u64,
    },
    Act {
        pool: UserPool,
        action: UserAction,
    },
}

/// What a finished action changed, for the pane to show without reading the pool again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserChange {
    Created(User),
    PasswordSet(String),
    Grouped { username: String, group: String, member: bool },
    Enabled { username: String, enabled: bool },
    Deleted(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum UsersReply {
    Page {
        generation: u64,
        users: Vec<User>,
        next: Option<String>,
    },
    Groups {
        generation: u64,
        groups: Vec<Group>,
    },
    Done(UserChange),
    /// Signed in: the user's ID token, for the clipboard.
    SignedIn {
        username: String,
        id_token: SecretText,
    },
    Failed {
        generation: Option<u64>,
        what: String,
        problem: super::health::Problem,
    },
}

/// The most members a group shows: a group of thousands is counted, not listed.
pub const MAX_MEMBERS: usize = 500;
