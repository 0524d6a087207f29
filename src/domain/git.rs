//! The project's git repository as the Environments pane shows it: branches, HEAD (detached
//! too), upstream ahead/behind, the last commit. Not a repository, a bare one or a linked
//! worktree are states to show, not errors.

#[derive(Debug, Clone, PartialEq)]
pub struct Branch {
    pub name: String,
    pub current: bool,
    /// `origin/main`, when the branch tracks one.
    pub upstream: Option<String>,
    pub ahead: usize,
    pub behind: usize,
    pub summary: String,
    pub time_ms: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Head {
    Branch(String),
    /// Detached at this short commit id.
    Detached(String),
    /// A new repository without commits.
    Unborn,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Repo {
    NotARepository,
    Bare,
    Worktree { head: Head, branches: Vec<Branch>, remotes: Vec<String>, linked: bool },
    Unreadable(String),
}

impl Repo {
    pub fn head_branch(&self) -> Option<&str> {
        match self {
            Repo::Worktree { head: Head::Branch(b), .. } => Some(b),
            _ => None,
        }
    }

    pub fn branches(&self) -> &[Branch] {
        match self {
            Repo::Worktree { branches, .. } => branches,
            _ => &[],
        }
    }

    /// One line for the pane title.
    pub fn describe(&self) -> String {
        match self {
            Repo::NotARepository => "not a git repository".into(),
            Repo::Bare => "bare repository".into(),
            Repo::Unreadable(e) => format!("git: {e}"),
            Repo::Worktree { head, linked, .. } => {
                let head = match head {
                    Head::Branch(b) => format!("on {b}"),
                    Head::Detached(id) => format!("detached at {id}"),
                    Head::Unborn => "no commits yet".into(),
                };
                if *linked { format!("{head} (worktree)") } else { head }
            }
        }
    }
}
