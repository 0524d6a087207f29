//! `[keys]` in a config file: command ids (those help shows) mapped to a key or a list of
//! keys, checked before the terminal opens. An unknown id, an unreadable key or a key that
//! would do two things at once is an error naming the entry's `file:line:col`.

use std::path::{Path, PathBuf};

use crate::app::keymap::{KeyError, Keymap};
use crate::util::file_error::FileError;

/// One entry, and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyEntry {
    pub action: String,
    pub keys: Vec<String>,
    path: PathBuf,
    line: Option<usize>,
    column: Option<usize>,
}

impl KeyEntry {
    fn error(&self, message: String) -> FileError {
        FileError { path: self.path.clone(), line: self.line, column: self.column, message }
    }
}

/// The entries of one file's `[keys]` table; `"logs.errors_only" = "e"` and
/// `[keys.logs] errors_only = "e"` say the same.
pub fn entries(path: &Path, text: &str, table: &toml::Table) -> Result<Vec<KeyEntry>, FileError> {
    let mut found = Vec::new();
    flatten(table, "", &mut found);
    let mut entries = Vec::new();
    for (action, value) in found {
        let at = locate(path, text, &action);
        let entry = |keys| KeyEntry { action: action.clone(), keys, path: path.to_owned(), line: at.0, column: at.1 };
        let keys = match value {
            toml::Value::String(key) => vec![key.clone()],
            toml::Value::Array(list) if list.iter().all(toml::Value::is_str) => {
                list.iter().filter_map(|k| k.as_str().map(str::to_owned)).collect()
            }
            _ => return Err(entry(Vec::new()).error(format!("[keys] {action}: expected a key or a list of keys"))),
        };
        entries.push(entry(keys));
    }
    // A file's own mistakes are reported in that file, before any other file is read.
    keymap(&entries)?;
    Ok(entries)
}

fn flatten<'a>(table: &'a toml::Table, prefix: &str, out: &mut Vec<(String, &'a toml::Value)>) {
    for (key, value) in table {
        let id = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
        match value {
            toml::Value::Table(inner) => flatten(inner, &id, out),
            value => out.push((id, value)),
        }
    }
}

/// The line that sets `action`, written whole (quoted or dotted) or under its section.
fn locate(path: &Path, text: &str, action: &str) -> (Option<usize>, Option<usize>) {
    let last = action.rsplit('.').next().unwrap_or(action);
    [action, last]
        .iter()
        .map(|key| FileError::at_key(path, text, key, String::new()))
        .find(|e| e.line.is_some())
        .map_or((None, None), |e| (e.line, e.column))
}

/// The keys in effect: later entries for an id replace earlier ones (the project's file is
/// read after the user's).
pub fn keymap(entries: &[KeyEntry]) -> Result<Keymap, FileError> {
    let overrides: Vec<(String, Vec<String>)> = entries.iter().map(|e| (e.action.clone(), e.keys.clone())).collect();
    crate::app::keys::keymap(&overrides).map_err(|e: KeyError| {
        let entry = entries.iter().rev().find(|entry| entry.action == e.action());
        match entry {
            Some(entry) => entry.error(e.to_string()),
            None => FileError { path: PathBuf::new(), line: None, column: None, message: e.to_string() },
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Vec<KeyEntry>, FileError> {
        let table: toml::Table = toml::from_str(text).expect("toml");
        let keys = table.get("keys").and_then(toml::Value::as_table).cloned().unwrap_or_default();
        entries(Path::new("/p/ampdeck.toml"), text, &keys)
    }

    #[test]
    fn ids_may_be_quoted_dotted_or_sections() {
        let quoted = read("[keys]\ndeploy = \"f5\"\n\"logs.errors_only\" = [\"e\", \"ctrl-e\"]\n").expect("valid");
        let sections =
            read("[keys]\ndeploy = \"f5\"\n[keys.logs]\nerrors_only = [\"e\", \"ctrl-e\"]\n").expect("valid");
        let ids = |e: &[KeyEntry]| e.iter().map(|e| (e.action.clone(), e.keys.clone())).collect::<Vec<_>>();
        assert_eq!(ids(&quoted), ids(&sections));
        assert_eq!((sections[1].line, sections[1].column), (Some(4), Some(1)));
    }

    #[test]
    fn each_kind_of_mistake_names_its_line() {
        let at = |text: &str| read(text).map(|_| ()).expect_err(text).to_string();
        assert!(at("[keys]\n\nlogs.bogus = \"b\"\n").starts_with("/p/ampdeck.toml:3:1: unknown action `logs.bogus`"));
        assert!(
            at("[keys]\ndeploy = \"ctrl-\"\n").starts_with("/p/ampdeck.toml:2:1: [keys] deploy: `ctrl-` is not a key")
        );
        assert!(at("[keys]\ndeploy = 5\n").contains(":2:1: [keys] deploy: expected a key or a list of keys"));
        let clash = at("[keys]\n\"logs.errors_only\" = \"q\"\n");
        assert!(
            clash.starts_with("/p/ampdeck.toml:2:1: [keys] logs.errors_only: `q` is already bound to `quit`"),
            "{clash}"
        );
    }
}
