//! Amplify environments: a sandbox per developer, one per git branch, standalone stacks.

/// The kind of an Amplify backend, as its `amplify:deployment-type` tag and its stack name
/// say it (the one definition of it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EnvKind {
    Sandbox,
    Branch,
    Standalone,
}

impl EnvKind {
    /// As Amplify writes it in tags and stack names.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sandbox => "sandbox",
            Self::Branch => "branch",
            Self::Standalone => "standalone",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Sandbox, Self::Branch, Self::Standalone].into_iter().find(|k| k.as_str() == s)
    }
}

/// A deployed Amplify environment found in the account.
#[derive(Debug, Clone, PartialEq)]
pub struct Environment {
    pub name: String,
    pub kind: EnvKind,
    pub stack_name: String,
    pub status: String,
    pub updated_ms: i64,
    /// The user's own sandbox for this project.
    pub mine: bool,
    /// The Amplify app of a branch environment (tag `amplify:app-id`).
    pub app_id: Option<String>,
}

impl Environment {
    /// An environment for tests and examples: its stack named after it, up to date.
    pub fn sample(name: &str, kind: EnvKind, mine: bool) -> Self {
        Self {
            name: name.into(),
            kind,
            stack_name: format!("stack-{name}"),
            status: "UPDATE_COMPLETE".into(),
            updated_ms: 0,
            mine,
            app_id: None,
        }
    }
}
