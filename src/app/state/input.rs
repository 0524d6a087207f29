//! A line being typed with a choice below it (help's filter, the palette, a picker): a leaf.

use crate::app::text_input::{Keyed, TextInput};

impl Input {
    /// A key typed into it: an edit of the text starts the choice over.
    pub fn key(&mut self, key: &crossterm::event::KeyEvent) -> Keyed {
        let keyed = self.text.key(key);
        if keyed == Keyed::Edited {
            self.selected = 0;
            self.chosen = false;
        }
        keyed
    }

    /// Backspace: deletes a character and starts the choice over.
    pub fn erase(&mut self) {
        self.text.erase();
        self.selected = 0;
        self.chosen = false;
    }
}

/// The message log as the user looks at it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LogView {
    pub query: Input,
    /// The chosen message's copied secret is shown.
    pub reveal: bool,
}

/// A line of text being typed (help's filter, the palette), and the chosen row below it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Input {
    pub text: TextInput,
    pub selected: usize,
    /// The user moved the choice (↑↓) since the text last changed.
    pub chosen: bool,
}
