//! The whole text of the selected row of a pane, as the detail view shows it: nothing a list
//! cuts to fit is lost. A leaf: each pane builds its own.

#[derive(Debug, Clone, PartialEq)]
pub struct Detail {
    /// What it is: `Resource sayhellolambda`.
    pub title: String,
    /// Every line, whole (sanitized by the pane that builds it); the view wraps them.
    pub lines: Vec<String>,
    /// The line `c` copies (an address, a value), when there is one worth copying alone.
    pub copy: Option<String>,
    /// What `c` copies is a secret: the message log masks it.
    pub secret: bool,
    /// The top line shown.
    pub scroll: usize,
}

impl Detail {
    pub fn new(title: impl Into<String>, lines: Vec<String>) -> Self {
        Self { title: title.into(), lines, copy: None, secret: false, scroll: 0 }
    }

    /// `c` copies `text` rather than every line.
    pub fn copying(mut self, text: impl Into<String>) -> Self {
        self.copy = Some(text.into());
        self
    }

    /// `c` copies `text`, a secret.
    pub fn copying_secret(mut self, text: impl Into<String>) -> Self {
        self.secret = true;
        self.copying(text)
    }
}
