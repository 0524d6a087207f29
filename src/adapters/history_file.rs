//! The deploy history file: one JSON line per finished deploy in the project's
//! `.amplify/ampdeck/` (ampx's own, git-ignored folder), read back at start.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::model::history::{FILE, KEEP, Record};

pub fn path(project: &Path) -> PathBuf {
    project.join(FILE)
}

/// The newest `KEEP` records, newest first; unreadable lines are skipped.
pub fn load(file: &Path) -> Vec<Record> {
    let Ok(text) = std::fs::read_to_string(file) else { return Vec::new() };
    let mut records: Vec<Record> = text.lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    records.reverse();
    records.truncate(KEEP);
    records
}

pub fn append(file: &Path, record: &Record) -> std::io::Result<()> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut line = serde_json::to_string(record).map_err(std::io::Error::other)?;
    line.push('\n');
    std::fs::OpenOptions::new().create(true).append(true).open(file)?.write_all(line.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::deploy::DeployKind;
    use crate::model::history::{Result, record};

    #[test]
    fn appends_and_loads_newest_first_skipping_garbage() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = path(dir.path());
        append(&file, &record(1, DeployKind::Full, Result::Succeeded, 30_000)).expect("append");
        std::fs::OpenOptions::new().append(true).open(&file).expect("open").write_all(b"not json\n").expect("write");
        append(&file, &record(2, DeployKind::Hotswap, Result::Failed, 4_000)).expect("append");
        let loaded = load(&file);
        assert_eq!(loaded.iter().map(|r| r.id).collect::<Vec<_>>(), vec![2, 1]);
    }
}
