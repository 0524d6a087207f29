//! The questions the core asks: yes/no ones whose default is No, and ones answered by a typed
//! line.

/// A question whose default answer is No.
#[derive(Debug, Clone, PartialEq)]
pub enum Confirm {
    /// Quit while a deploy runs.
    Quit,
    /// Many files changed at once (a checkout, rebase or pull): deploy them?
    DeployBulk { files: usize, git: bool },
    /// ampx's `CFNUpdateNotSupportedError`: delete the sandbox and deploy it anew?
    RecreateSandbox,
    /// The deploy command was cancelled but CloudFormation is still updating: roll back?
    CancelUpdate,
    /// Deploy a branch environment, or delete a sandbox (someone else's needs its name typed).
    Action(crate::domain::deploy::DeployAction),
    /// Invoke a function of a branch environment (real users' data may change).
    Invoke(crate::domain::invoke::InvokeRequest),
    /// Delete a user or remove a secret; in a branch environment, after typing its name.
    Access { action: AccessAction, typed: Option<String> },
    /// Start, retry or stop a Hosting build, or set a variable: the question says which.
    Hosting { request: crate::domain::hosting::HostingRequest, question: String },
}

impl Confirm {
    /// The name the user must type to go ahead, when a plain yes is not enough.
    pub fn name_to_type(&self) -> Option<&str> {
        match self {
            Self::Action(crate::domain::deploy::DeployAction::DeleteSandbox { identifier, own: false, .. }) => {
                Some(identifier)
            }
            Self::Access { typed, .. } => typed.as_deref(),
            _ => None,
        }
    }
}

/// A destructive action on the followed environment's users, secrets, records or files.
#[derive(Debug, Clone, PartialEq)]
pub enum AccessAction {
    DeleteUser { username: String, label: String },
    RemoveSecret { name: String, path: String },
    DeleteRecord { model: String, table: String, key: crate::domain::data::Record, expect: crate::domain::data::Expect },
    DeleteObject { bucket: String, key: String },
}

/// What the typed answer of an [`Overlay::Ask`] is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AskFor {
    NewUser,
    NewUserPassword {
        username: String,
    },
    SetPassword {
        username: String,
    },
    SignIn {
        username: String,
    },
    AddToGroup {
        username: String,
    },
    RemoveFromGroup {
        username: String,
    },
    SecretName,
    SecretValue {
        name: String,
    },
    /// A local file to upload into the folder shown.
    UploadPath,
    /// Where to save the selected object.
    DownloadPath {
        key: String,
    },
    /// The name (and template) of a new saved event.
    NewPayload {
        function: String,
    },
    /// A Hosting variable's value (`name` known) or `NAME=value`, for the app or a branch.
    Variable {
        scope: crate::domain::hosting::Scope,
        name: Option<String>,
    },
}

/// A question with a typed answer. A masked answer (a password, a secret value) is drawn as
/// dots and left out of `Debug`.
#[derive(Clone, PartialEq)]
pub struct Ask {
    pub purpose: AskFor,
    pub prompt: String,
    /// The rule the answer must follow, shown under it.
    pub rule: String,
    pub masked: bool,
    pub text: String,
    /// Why the last answer was refused.
    pub error: Option<String>,
}

impl std::fmt::Debug for Ask {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = if self.masked { "••••" } else { self.text.as_str() };
        f.debug_struct("Ask")
            .field("purpose", &self.purpose)
            .field("prompt", &self.prompt)
            .field("text", &text)
            .finish()
    }
}
