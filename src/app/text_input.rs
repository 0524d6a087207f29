//! One line of typed text, for every prompt, question, filter and palette: a cursor and the
//! usual editing keys (←/→, Home/End, Ctrl-A/E, Ctrl-W, Ctrl-U, Ctrl-K, Delete), from the
//! `tui-input` crate rather than an editor by hand per overlay. A leaf: it knows no overlay.

use crossterm::event::{Event as TermEvent, KeyEvent};
use tui_input::backend::crossterm::to_input_request;
use tui_input::{Input, InputRequest};

/// What [`TextInput::key`] did with a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keyed {
    /// The text changed.
    Edited,
    /// An editing key that left the text as it was (a cursor move, Backspace at the start).
    Moved,
    /// Not an editing key.
    Ignored,
}

#[derive(Clone, Default)]
pub struct TextInput {
    line: Input,
}

impl TextInput {
    /// `text`, with the cursor after it.
    pub fn new(text: impl Into<String>) -> Self {
        Self { line: Input::new(text.into()) }
    }

    pub fn value(&self) -> &str {
        self.line.value()
    }

    pub fn is_empty(&self) -> bool {
        self.line.value().is_empty()
    }

    /// What an editing key did: changed the text, moved the cursor, or nothing (not an
    /// editing key, which the caller handles).
    pub fn key(&mut self, key: &KeyEvent) -> Keyed {
        let Some(request) = to_input_request(&TermEvent::Key(*key)) else { return Keyed::Ignored };
        match self.line.handle(request) {
            Some(changed) if changed.value => Keyed::Edited,
            _ => Keyed::Moved,
        }
    }

    /// Deletes the character before the cursor.
    pub fn erase(&mut self) {
        self.line.handle(InputRequest::DeletePrevChar);
    }

    pub fn clear(&mut self) {
        self.line.reset();
    }

    /// The text with the cursor drawn as `▏` where it is.
    pub fn with_cursor(&self) -> String {
        let (before, after) = self.split();
        format!("{before}▏{after}")
    }

    /// The text before the cursor and from it on, for drawing the cursor between them.
    pub fn split(&self) -> (&str, &str) {
        let at = self.value().char_indices().nth(self.line.cursor()).map_or(self.value().len(), |(i, _)| i);
        self.value().split_at(at)
    }
}

impl PartialEq for TextInput {
    fn eq(&self, other: &Self) -> bool {
        self.value() == other.value() && self.line.cursor() == other.line.cursor()
    }
}

/// Only the length: the text may be a password or a secret's value.
impl std::fmt::Debug for TextInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TextInput({} chars)", self.value().chars().count())
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyModifiers};

    use super::*;

    fn press(input: &mut TextInput, code: KeyCode, modifiers: KeyModifiers) -> bool {
        input.key(&KeyEvent::new(code, modifiers)) != Keyed::Ignored
    }

    #[test]
    fn typing_moving_and_deleting_edit_where_the_cursor_is() {
        let mut input = TextInput::new("helo");
        assert_eq!(input.key(&KeyEvent::new(KeyCode::Left, KeyModifiers::NONE)), Keyed::Moved);
        assert!(press(&mut input, KeyCode::Char('l'), KeyModifiers::NONE));
        assert_eq!(input.value(), "hello");
        assert_eq!(input.split(), ("hell", "o"));
        press(&mut input, KeyCode::Char('a'), KeyModifiers::CONTROL);
        press(&mut input, KeyCode::Delete, KeyModifiers::NONE);
        assert_eq!(input.value(), "ello");
        press(&mut input, KeyCode::End, KeyModifiers::NONE);
        press(&mut input, KeyCode::Char('W'), KeyModifiers::SHIFT);
        assert_eq!(input.split(), ("elloW", ""));
        press(&mut input, KeyCode::Char('w'), KeyModifiers::CONTROL);
        assert!(input.is_empty(), "Ctrl-W deletes the word before the cursor");
    }

    #[test]
    fn keys_that_do_not_edit_are_left_to_the_caller() {
        let mut input = TextInput::new("x");
        assert!(!press(&mut input, KeyCode::Enter, KeyModifiers::NONE));
        assert!(!press(&mut input, KeyCode::Tab, KeyModifiers::NONE));
        assert!(!press(&mut input, KeyCode::F(5), KeyModifiers::NONE));
        assert_eq!(input.value(), "x");
    }

    #[test]
    fn a_masked_answer_never_reaches_debug_output() {
        assert_eq!(format!("{:?}", TextInput::new("hunter2")), "TextInput(7 chars)");
    }
}
