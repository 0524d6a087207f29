//! What is generated from the flags themselves, so it never drifts from them: shell completion
//! scripts and the manual page.

use std::io::{self, Write};

use clap::CommandFactory;

use crate::shell::cli::Cli;

pub fn completions(shell: clap_complete::Shell) -> Vec<u8> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "ampdeck", &mut script);
    script
}

pub fn man_page() -> io::Result<Vec<u8>> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    Ok(page)
}

/// To stdout; a reader that stopped early (`| head`) is not an error.
pub fn print(bytes: &[u8]) -> io::Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every subcommand and every long flag, as the definition has them.
    fn names() -> Vec<String> {
        let cli = Cli::command();
        let flags = |c: &clap::Command| {
            c.get_arguments().filter_map(|a| a.get_long().map(|l| format!("--{l}"))).collect::<Vec<_>>()
        };
        let mut all = flags(&cli);
        for sub in cli.get_subcommands() {
            all.push(sub.get_name().to_owned());
            all.extend(flags(sub));
        }
        all.sort();
        all.dedup();
        all
    }

    #[test]
    fn every_shell_completes_every_subcommand_and_flag() {
        let names = names();
        assert!(names.iter().any(|n| n == "logs") && names.iter().any(|n| n == "--demo"), "{names:?}");
        for shell in [clap_complete::Shell::Bash, clap_complete::Shell::Zsh, clap_complete::Shell::Fish] {
            let script = String::from_utf8(completions(shell)).expect("utf-8");
            // fish names long flags without their dashes (`-l demo`).
            let missing: Vec<&String> = names
                .iter()
                .filter(|n| {
                    !script.contains(n.as_str()) && !script.contains(&format!("-l {}", n.trim_start_matches("--")))
                })
                .collect();
            assert!(missing.is_empty(), "{shell:?} misses {missing:?}");
        }
    }

    #[test]
    fn the_man_page_documents_every_flag_and_subcommand() {
        let page = String::from_utf8(man_page().expect("rendered")).expect("utf-8");
        assert!(page.contains(".TH ampdeck"), "roff: {}", &page[..80.min(page.len())]);
        let cli = Cli::command();
        let flags = cli.get_arguments().filter_map(|a| a.get_long().map(|l| format!("--{l}")));
        let subcommands = cli.get_subcommands().map(|s| s.get_name().to_owned());
        for name in flags.chain(subcommands) {
            // roff escapes dashes: `\-\-demo`.
            assert!(page.contains(&name.replace('-', "\\-")), "{name} missing from the man page");
        }
    }
}
