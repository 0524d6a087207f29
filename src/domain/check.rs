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
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CheckReport {
    pub generation: u64,
    pub diagnostics: Vec<Diagnostic>,
    /// Errors in all, also those beyond the ones kept.
    pub errors: usize,
    pub elapsed: Duration,
    /// The compiler could not run or said something that is not a diagnostic.
    pub failure: Option<String>,
    pub checker: Checker,
    /// Which checker runs and, for a cold check while a warm one was meant to, why.
    pub checker_note: Option<String>,
    /// A full `tsc` run found otherwise than the warm checker for this generation: how. This
    /// report, tsc's, replaces the warm one.
    pub disagreed: Option<String>,
}

/// The checker the next check runs on changed (the warm one became ready, or is gone), in the
/// Workspace pane's words: `warm (TypeScript 7.0.2)`, `tsc (why not warm)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckerChanged(pub String);

/// What a check looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The files the watcher saw change (the project's paths).
    Changed(Vec<std::path::PathBuf>),
    /// Everything again: files appeared that the watcher does not see (synthesis writes the
    /// `$amplify/env` types).
    Everything,
    /// The warm checker's answer as it stands, compared with a full `tsc` run.
    Verify,
}

/// Which checker gave a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Checker {
    /// A cold `tsc --noEmit` run.
    #[default]
    Tsc,
    /// The warm, incremental checker (TypeScript's own API, kept loaded).
    Warm,
}

impl Checker {
    pub fn label(self) -> &'static str {
        match self {
            Self::Tsc => "tsc",
            Self::Warm => "warm",
        }
    }
}

impl CheckReport {
    pub fn clean(&self) -> bool {
        self.errors == 0 && self.failure.is_none()
    }
}
