//! The saved events of each function: plain JSON files a team commits, under
//! `ampdeck/events/<function>/<event>.json` in the project (outside `amplify/`, so editing
//! one never starts a deploy).

use std::path::{Path, PathBuf};

use crate::amplify::payloads::FOLDER;
use crate::model::invocations::Payload;

/// Events bigger than Lambda's limit are listed, not read whole.
const READ_LIMIT: u64 = 6 * 1024 * 1024 + 1;

pub fn folder(workspace: &Path, function: &str) -> PathBuf {
    workspace.join(FOLDER).join(function)
}

/// The function's events, by name; an unreadable folder is no events.
pub fn list(workspace: &Path, function: &str) -> Vec<Payload> {
    let Ok(entries) = std::fs::read_dir(folder(workspace, function)) else { return Vec::new() };
    entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json") && p.is_file())
        .filter_map(|path| {
            let name = path.file_stem()?.to_string_lossy().into_owned();
            Some(Payload { name, text: read(&path) })
        })
        .collect()
}

/// Removes the event `name` of `function`; why not, when it cannot.
pub fn delete(workspace: &Path, function: &str, name: &str) -> Result<(), String> {
    let path = folder(workspace, function).join(format!("{name}.json"));
    std::fs::remove_file(&path).map_err(|e| format!("cannot delete {}: {e}", path.display()))
}

fn read(path: &Path) -> String {
    use std::io::Read;
    let mut text = String::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(READ_LIMIT).read_to_string(&mut text));
    match read {
        Ok(_) => text,
        Err(e) => format!("(cannot read {}: {e})", path.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_files_of_the_functions_folder_are_its_events() {
        let dir = tempfile::tempdir().unwrap();
        let events = folder(dir.path(), "say-hello");
        std::fs::create_dir_all(&events).unwrap();
        std::fs::write(events.join("hello.json"), "{\"name\":\"Ann\"}").unwrap();
        std::fs::write(events.join("notes.txt"), "not an event").unwrap();
        let found = list(dir.path(), "say-hello");
        assert_eq!(found, vec![Payload { name: "hello".into(), text: "{\"name\":\"Ann\"}".into() }]);
        assert!(list(dir.path(), "other").is_empty());
        assert_eq!(delete(dir.path(), "say-hello", "hello"), Ok(()));
        assert!(list(dir.path(), "say-hello").is_empty());
        assert!(delete(dir.path(), "say-hello", "hello").is_err_and(|e| e.contains("hello.json")), "gone already");
    }
}
