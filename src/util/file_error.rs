//! Errors in files the user wrote (config, themes), pointing at the place: `path:line:col`.

use std::fmt;
use std::path::{Path, PathBuf};

/// An error in a file the user wrote, pointing at the place.
#[derive(Debug, Clone, PartialEq)]
pub struct FileError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let (Some(l), Some(c)) = (self.line, self.column) {
            write!(f, ":{l}:{c}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for FileError {}

impl FileError {
    pub fn plain(path: &Path, message: String) -> Self {
        Self { path: path.to_path_buf(), line: None, column: None, message }
    }

    pub fn from_toml(path: &Path, text: &str, err: &toml::de::Error) -> Self {
        let (line, column) = err.span().map_or((None, None), |s| {
            let (l, c) = line_col(text, s.start);
            (Some(l), Some(c))
        });
        let message = err.message().lines().next().unwrap_or("invalid TOML").to_owned();
        Self { path: path.to_path_buf(), line, column, message }
    }

    /// Points at the line that sets `key`, for errors found after parsing.
    pub fn at_key(path: &Path, text: &str, key: &str, message: String) -> Self {
        let found = text.lines().position(|l| {
            let l = l.trim_start();
            let rest = l.strip_prefix(key).or_else(|| l.strip_prefix(&format!("\"{key}\"")));
            rest.is_some_and(|r| r.trim_start().starts_with('='))
        });
        Self { path: path.to_path_buf(), line: found.map(|l| l + 1), column: found.map(|_| 1), message }
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}
