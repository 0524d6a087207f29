use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

use ampdeck::shell::cli::Cli;
use ampdeck::shell::startup::{StartError, run};

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
            eprintln!("ampdeck: {} (see ampdeck --help)", first.trim_start_matches("error: "));
            return ExitCode::from(2);
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e @ StartError::Usage(_)) => {
            eprintln!("ampdeck: {e}");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("ampdeck: {e}");
            ExitCode::FAILURE
        }
    }
}
