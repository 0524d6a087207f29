//! What a type check of the project found.

use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Relative to the project root, as tsc names it; empty when the error has no place.
    pub file: String,
    pub line: u32,
    pub column: u32,
    /// `TS2322`.
    pub code: String,
    pub message: String,
}

impl Diagnostic {
    /// `file:line:col`, the form editors and terminals open.
    pub fn location(&self) -> String {
        if self.file.is_empty() { String::new() } else { format!("{}:{}:{}", self.file, self.line, self.column) }
    }

    /// Amplify writes `$amplify/env/<function>` types during synthesis: before the first
    /// synthesis these imports cannot resolve, and that is not the user's mistake.
    pub fn is_missing_function_env(&self) -> bool {
        self.code == "TS2307" && self.message.contains("'$amplify/env/")
    }
}

/// The outcome of one check.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckReport {
    pub generation: u64,
    pub diagnostics: Vec<Diagnostic>,
    /// Errors in all, also those beyond the ones kept.
    pub errors: usize,
    pub elapsed: Duration,
    /// The compiler could not run or said something that is not a diagnostic.
    pub failure: Option<String>,
}

impl CheckReport {
    pub fn clean(&self) -> bool {
        self.errors == 0 && self.failure.is_none()
    }
}
