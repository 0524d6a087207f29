//! Opening an address in the user's browser: `open` on macOS, `xdg-open` elsewhere, started
//! in a group of its own with nothing of the terminal (a browser must not draw over the UI or
//! end with it), and reaped when it exits.

use std::process::Stdio;

pub fn open(url: &str) -> Result<(), String> {
    let opener = if cfg!(target_os = "macos") { "open" } else { "xdg-open" };
    let child = tokio::process::Command::new(opener)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .map_err(|e| format!("no browser to open here ({opener}: {e})"))?;
    tokio::spawn(async move {
        let mut child = child;
        let _ = child.wait().await;
    });
    Ok(())
}
