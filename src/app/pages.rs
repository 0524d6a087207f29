//! Pages: panes grouped by what the developer is doing, shown as tabs on the top line.
//! Each pane names its page in its spec (so a page's panes are listed by `panes/`); the number
//! keys count within the page. A leaf: it imports nothing of the core.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Page {
    /// Deploying and watching it: deploy, resources, logs, environments, workspace.
    Dev,
    /// Past deploys.
    Deploys,
    /// The environment's users and secrets: what the app signs in with and reads.
    Access,
    /// The environment's records and files: its data models' tables and storage buckets.
    Content,
    /// Invoking the environment's functions with saved events.
    Functions,
    /// Amplify Hosting: each branch's builds, why one failed, previews, variables.
    Hosting,
    /// Commands run beside the backend: the frontend's dev server and its output.
    Processes,
}

impl Page {
    pub const ALL: &'static [Page] =
        &[Page::Dev, Page::Deploys, Page::Access, Page::Content, Page::Functions, Page::Hosting, Page::Processes];

    /// Its palette name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Dev => "dev",
            Self::Access => "access",
            Self::Content => "content",
            Self::Functions => "functions",
            Self::Deploys => "deploys",
            Self::Hosting => "hosting",
            Self::Processes => "processes",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Dev => "Dev",
            Self::Access => "Users & secrets",
            Self::Content => "Data & storage",
            Self::Functions => "Invoke",
            Self::Deploys => "Deploys",
            Self::Hosting => "Hosting",
            Self::Processes => "Processes",
        }
    }

    pub fn index(self) -> usize {
        Self::ALL.iter().position(|&p| p == self).unwrap_or(0)
    }

    pub fn by_name(name: &str) -> Option<Page> {
        Self::ALL.iter().copied().find(|p| p.name() == name)
    }
}
