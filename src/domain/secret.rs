//! Text that must never be shown by accident or written down: passwords, secret values,
//! tokens. Its `Debug` says nothing of it and it has no `Display`, so neither a log line nor
//! a debug print can carry it; reading it takes [`SecretText::expose`], on purpose.

#[derive(Clone, Default, PartialEq, Eq)]
pub struct SecretText(String);

impl SecretText {
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// The text itself, for the one place that needs it (the API call, the clipboard).
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn len(&self) -> usize {
        self.0.chars().count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Debug for SecretText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretText(••••)")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn debug_never_shows_the_text() {
        let secret = super::SecretText::new("hunter2");
        assert!(!format!("{secret:?}").contains("hunter2"));
        assert_eq!(secret.expose(), "hunter2");
    }
}
