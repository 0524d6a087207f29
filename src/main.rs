use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

use ampdeck::shell::cli::Cli;
use ampdeck::shell::startup::{StartError, run};

/// A line on stderr, if there is still somewhere to write it: after the terminal's window
/// closed, writing fails, and that must not turn into a panic.
fn say(text: &str) {
    let _ = writeln!(std::io::stderr(), "ampdeck: {text}");
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            let text = e.to_string();
            let first = text.lines().next().unwrap_or("invalid arguments");
            say(&format!("{} (see ampdeck --help)", first.trim_start_matches("error: ")));
            return ExitCode::from(2);
        }
    };
    match run(cli) {
        Ok(ending) => ExitCode::from(ending.code()),
        Err(e @ StartError::Usage(_)) => {
            say(&e.to_string());
            ExitCode::from(2)
        }
        Err(e) => {
            say(&e.to_string());
            ExitCode::FAILURE
        }
    }
}
