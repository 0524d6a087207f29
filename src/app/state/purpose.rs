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
    /// Disable this user (confirmed).
    DisableUser {
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
    /// The data model to show.
    Model,
    /// The template of a new saved event (its label, as picked).
    PayloadTemplate {
        function: String,
    },
    /// The name of a new saved event from the template labelled `template`.
    NewPayload {
        function: String,
        template: String,
    },
    /// Where to set a Hosting variable: on the branch, or the app.
    VariableScope {
        name: String,
    },
    /// A Hosting variable's value (`name` known) or `NAME=value`, for the app or a branch.
    Variable {
        scope: crate::domain::hosting::Scope,
        name: Option<String>,
    },
    /// Invoke a function of a branch environment (confirmed).
    Invoke(Box<crate::domain::invoke::InvokeRequest>),
}
