//! What a question's answer is for: plain data the pane that asked reads back when the
//! answer comes (a typed line, or a yes).

/// What the answer to a pane's question is for.
#[derive(Debug, Clone, PartialEq)]
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
    /// Delete this user (confirmed).
    DeleteUser {
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
    /// Invoke a function of a branch environment (confirmed).
    Invoke(Box<crate::domain::invoke::InvokeRequest>),
}
