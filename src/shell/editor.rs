//! Editing a text in the user's editor, the way git does: `$VISUAL`, else `$EDITOR`, else
//! `vi`, run through `sh` (so `code --wait` works) on a file under `.amplify/ampdeck/edit/`,
//! with the terminal handed over meanwhile and taken back after, whatever the editor did.

use std::path::{Path, PathBuf};

use super::terminal::{self, Tui};
use crate::app::Event;
use crate::app::state::EditFor;

pub struct EditJob {
    pub file: String,
    pub text: String,
    pub purpose: EditFor,
}

pub fn editor() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|e| !e.trim().is_empty()))
        .unwrap_or_else(|| "vi".into())
}

/// Where the text is edited: a record in a scratch file of ampdeck's, a saved event in
/// place in the project (a new one starts from the text).
fn place(workspace: &Path, file: &str, purpose: &EditFor) -> std::io::Result<PathBuf> {
    let path = match purpose {
        EditFor::Record { .. } => workspace.join(".amplify/ampdeck/edit").join(file),
        EditFor::Payload { .. } => workspace.join(file),
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    Ok(path)
}

/// Runs the editor on the job's text; the answer is the text the file holds afterwards.
pub async fn edit(tui: &mut Tui, workspace: &Path, job: EditJob) -> Event {
    let EditJob { file, text, purpose } = job;
    let text = run(tui, workspace, &file, &text, &purpose).await;
    Event::Edited { purpose, text }
}

async fn run(tui: &mut Tui, workspace: &Path, file: &str, text: &str, purpose: &EditFor) -> Result<String, String> {
    let path = place(workspace, file, purpose).map_err(|e| format!("cannot write the file to edit: {e}"))?;
    let scratch = matches!(purpose, EditFor::Record { .. });
    if scratch || !path.exists() {
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    let editor = editor();
    terminal::suspend();
    let status = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("ampdeck-editor")
        .arg(&path)
        .status()
        .await;
    let resumed = terminal::resume(tui);
    let result = match status {
        Ok(s) if s.success() => {
            std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))
        }
        Ok(s) if s.code() == Some(127) => Err(format!("the editor ({editor}) was not found: set $EDITOR")),
        Ok(s) => Err(format!("the editor ({editor}) exited with {s}")),
        Err(e) => Err(format!("the editor ({editor}) did not start: {e}")),
    };
    if scratch {
        let _ = std::fs::remove_file(&path);
    }
    resumed.map_err(|e| format!("the terminal could not be taken back: {e}"))?;
    result
}
