//! Entering and leaving the terminal's full-screen mode. Leaving is idempotent and runs on
//! every way out: normal quit, error, panic (hook), SIGTERM/SIGHUP (runtime).

use std::io::{self, Stdout, Write};
use std::mem::ManuallyDrop;
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

/// Never dropped: ratatui's `Terminal` shows the cursor when dropped and `eprintln!`s when
/// that fails, and once the terminal's window is closed that print panics. [`restore`]
/// shows the cursor instead, ignoring a terminal that is gone.
pub type Tui = ManuallyDrop<Terminal<CrosstermBackend<Stdout>>>;

static ACTIVE: AtomicBool = AtomicBool::new(false);

pub fn enter() -> io::Result<Tui> {
    install_panic_hook();
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let mut stdout = io::stdout();
    if let Err(e) = execute!(stdout, EnterAlternateScreen, EnableMouseCapture, cursor::Hide) {
        restore();
        return Err(e);
    }
    Terminal::new(CrosstermBackend::new(stdout)).map(ManuallyDrop::new).inspect_err(|_| restore())
}

/// Puts the terminal back as it was. Safe to call more than once.
pub fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let mut stdout = io::stdout();
        let _ = execute!(stdout, DisableMouseCapture, LeaveAlternateScreen, cursor::Show);
        let _ = disable_raw_mode();
        let _ = stdout.flush();
    }
}

/// Hands the terminal to another program (the user's editor): the normal screen, cooked
/// mode, the cursor shown. [`resume`] takes it back.
pub fn suspend() {
    restore();
}

/// Takes the terminal back after [`suspend`] and clears it, so the next frame draws whole.
pub fn resume(terminal: &mut Tui) -> io::Result<()> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture, cursor::Hide, Clear(ClearType::All))?;
    // Both buffers blank, so the next frame draws everything. (`Terminal::clear` would ask
    // the terminal where its cursor is, which not every terminal answers.)
    terminal.current_buffer_mut().reset();
    terminal.swap_buffers();
    Ok(())
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        crate::adapters::process::group::kill_all();
        tracing::error!("panic: {info}");
        previous(info);
    }));
}
