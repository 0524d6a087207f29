//! Copying: to the desktop's clipboard where there is one (X11, macOS, through `arboard`), and
//! always by OSC 52 too, which terminals pass on to the clipboard of the machine the user sits
//! at (over SSH as well; tmux only with `set-clipboard on`). What was copied is in the message
//! log either way.

use std::io::Write;

#[derive(Default)]
pub struct Clipboard {
    /// Kept open: on X11 the copied text is served by this process for as long as it holds it.
    desktop: Option<arboard::Clipboard>,
    /// The desktop clipboard was tried (and, when `desktop` is none, is not there).
    tried: bool,
}

impl Clipboard {
    pub fn copy(&mut self, text: &str) {
        if !self.tried {
            self.tried = true;
            self.desktop = arboard::Clipboard::new().ok();
        }
        if let Some(desktop) = self.desktop.as_mut()
            && desktop.set_text(text).is_err()
        {
            // The display went away: OSC 52 alone from now on.
            self.desktop = None;
        }
        let mut out = std::io::stdout();
        let osc52 = format!("\x1b]52;c;{}\x07", crate::util::base64::encode(text.as_bytes()));
        let _ = out.write_all(osc52.as_bytes()).and_then(|()| out.flush());
    }
}
