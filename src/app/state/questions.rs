//! The questions the core asks: yes/no ones whose default is No, and ones answered by a typed
//! line.

pub use super::purpose::AskFor;
use crate::app::intent::Intent;
use crate::app::pane_id::PaneId;
use crate::app::text_input::TextInput;

/// A question whose default answer is No, with what it says and what each answer does: the
/// one who asks fills it in, the overlay only shows it and hands the intents of the answer
/// to the core, so it knows nobody who asks.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// The frame's title: ` Delete the user? `.
    pub title: String,
    /// What it asks, already sanitized by the one who asks.
    pub lines: Vec<String>,
    /// The name the user must type to go ahead, when a plain yes is not enough (deleting a
    /// teammate's sandbox, or what other people share).
    pub typed: Option<String>,
    /// What has been typed of that name so far.
    pub input: TextInput,
    pub yes: Vec<Intent>,
    pub no: Vec<Intent>,
}

impl Question {
    pub fn new(title: &str, lines: Vec<String>) -> Self {
        let input = TextInput::default();
        Self { title: title.to_owned(), lines, typed: None, input, yes: Vec::new(), no: Vec::new() }
    }

    /// A question whose no does nothing and says so.
    pub fn yes_or_nothing(title: &str, lines: Vec<String>, yes: impl IntoIterator<Item = Intent>) -> Self {
        Self::new(title, lines).yes(yes).no([crate::domain::notice::Notice::info("nothing done").into()])
    }

    /// What yes does.
    pub fn yes(mut self, intents: impl IntoIterator<Item = Intent>) -> Self {
        self.yes.extend(intents);
        self
    }

    /// What no does (also Esc, and any key the question does not bind).
    pub fn no(mut self, intents: impl IntoIterator<Item = Intent>) -> Self {
        self.no.extend(intents);
        self
    }

    /// Yes only after typing `name` (and Enter).
    pub fn typed(mut self, name: Option<String>) -> Self {
        self.typed = name;
        self
    }

    /// For what others share: yes only after typing `name`, which the question asks for.
    pub fn shared(mut self, name: Option<String>) -> Self {
        if let Some(name) = &name {
            let name = crate::util::sanitize::owned(name);
            self.lines.push(format!("This is shared with others: type {name} and press Enter; Esc keeps it."));
        }
        self.typed(name)
    }

    /// The name the user must type to go ahead, when a plain yes is not enough.
    pub fn name_to_type(&self) -> Option<&str> {
        self.typed.as_deref()
    }
}

/// A question answered by picking one of a known set (a group, an app): typing filters the
/// choices, Enter hands the chosen one to the pane that asked, as a typed answer would be.
#[derive(Debug, Clone, PartialEq)]
pub struct Pick {
    pub pane: PaneId,
    pub purpose: AskFor,
    pub prompt: String,
    pub choices: Vec<String>,
    /// The filter and the chosen row among the choices it leaves.
    pub query: super::input::Input,
}

impl Pick {
    /// The choices the filter leaves, in their order.
    pub fn shown(&self) -> Vec<&str> {
        let needle = self.query.text.value().to_lowercase();
        self.choices.iter().map(String::as_str).filter(|c| c.to_lowercase().contains(&needle)).collect()
    }
}

/// A question with a typed answer. A masked answer (a password, a secret value) is drawn as
/// dots and left out of `Debug`.
#[derive(Clone, PartialEq)]
pub struct Ask {
    /// The pane that asked: the answer goes to its `answered` (see `PaneSpec`).
    pub pane: PaneId,
    pub purpose: AskFor,
    pub prompt: String,
    /// The rule the answer must follow, shown under it.
    pub rule: String,
    pub masked: bool,
    pub text: TextInput,
    /// Why the last answer was refused.
    pub error: Option<String>,
}

impl std::fmt::Debug for Ask {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = if self.masked { "••••" } else { self.text.value() };
        f.debug_struct("Ask")
            .field("pane", &self.pane)
            .field("purpose", &self.purpose)
            .field("prompt", &self.prompt)
            .field("text", &text)
            .finish()
    }
}
