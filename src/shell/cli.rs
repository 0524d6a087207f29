//! Command-line flags. These names are a contract with users and scripts.

use std::path::PathBuf;

use clap::Parser;

use crate::amplify::stack_name::is_valid_identifier;

#[derive(Debug, Clone, Default, Parser)]
#[command(
    name = "ampdeck",
    version,
    about = "A terminal workbench for AWS Amplify Gen 2: deploys, resources, logs and environments in one window.",
    after_help = "Run `ampdeck --demo` to try it on a bundled sample app and a simulated cloud (no AWS account needed)."
)]
pub struct Cli {
    /// Run on a bundled sample app and a simulated cloud; no AWS account needed.
    #[arg(long)]
    pub demo: bool,
    /// Project root (the folder with amplify/ and package.json). Default: the current dir.
    #[arg(long, value_name = "PATH", global = true)]
    pub dir: Option<PathBuf>,
    /// AWS profile to use (as AWS_PROFILE).
    #[arg(long, value_name = "NAME", global = true)]
    pub profile: Option<String>,
    /// AWS region (as AWS_REGION).
    #[arg(long, value_name = "REGION", value_parser = parse_region, global = true)]
    pub region: Option<String>,
    /// AWS API endpoint, e.g. a local emulator (as AWS_ENDPOINT_URL).
    #[arg(long, value_name = "URL", value_parser = parse_endpoint, global = true)]
    pub endpoint_url: Option<String>,
    /// Sandbox identifier (as `ampx sandbox --identifier`); default: your user name.
    #[arg(long, value_name = "ID", value_parser = parse_identifier, global = true)]
    pub identifier: Option<String>,
    /// Follow this CloudFormation stack instead of the project's sandbox.
    #[arg(long, value_name = "NAME", global = true)]
    pub stack: Option<String>,
    /// Command that deploys the sandbox once.
    #[arg(long, value_name = "CMD", value_parser = parse_command)]
    pub deploy_command: Option<String>,
    /// Theme: dark, light, high-contrast, or a path to a TOML theme.
    #[arg(long, value_name = "NAME|PATH")]
    pub theme: Option<String>,
    /// Config file to use instead of $XDG_CONFIG_HOME/ampdeck/config.toml.
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,
    /// Changes to files matching this glob (gitignore syntax) never deploy; repeatable.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Start with auto-deploy off: file changes accumulate until you press `d`.
    #[arg(long)]
    pub no_auto_deploy: bool,
    /// Do not deploy the sandbox at start (ampx sandbox does; so does ampdeck by default,
    /// with auto-deploy on).
    #[arg(long)]
    pub no_deploy_on_start: bool,
    /// How sandbox deploys run: auto (the warm driver when the project has Amplify's
    /// deployer installed) or ampx (always the deploy command).
    #[arg(long, value_enum, value_name = "auto|ampx")]
    pub driver: Option<DriverChoice>,
    /// No live type checks (ampx still checks types inside each deploy).
    #[arg(long)]
    pub no_type_checks: bool,
    /// Type checks with a cold `tsc` per save instead of the compiler kept loaded (which
    /// answers in about 0.1 s but holds about 800 MiB on the sample app).
    #[arg(long)]
    pub no_warm_type_checks: bool,
    /// Deploy the sandbox in CloudFormation's express mode (`ampx sandbox --express`, Amplify
    /// backend-cli 1.9 and later): faster, rollback off.
    #[arg(long)]
    pub express: bool,
    /// Start the `[[processes]]` marked autostart (the frontend's dev server) with ampdeck.
    #[arg(long, conflicts_with = "no_processes")]
    pub processes: bool,
    /// Start no process with ampdeck; the Processes page still offers them.
    #[arg(long)]
    pub no_processes: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum Command {
    /// Stream the function logs of the environment to stdout as plain lines, for piping.
    Logs(LogsArgs),
    /// Print a completion script for a shell, e.g. `ampdeck completions bash > ~/.local/share/bash-completion/completions/ampdeck`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `ampdeck man | man -l -`.
    Man,
}

#[derive(Debug, Clone, Default, clap::Args)]
pub struct LogsArgs {
    /// Only this function, as the Logs pane names it (repeatable; Amplify's own functions are
    /// left out unless named).
    #[arg(long = "function", value_name = "NAME")]
    pub functions: Vec<String>,
    /// Only lines matching this text or regex (case-insensitive).
    #[arg(long, value_name = "TEXT|REGEX")]
    pub filter: Option<String>,
    /// How far back to start: 30s, 10m, 2h (default 5m).
    #[arg(long, value_name = "DURATION", value_parser = parse_since)]
    pub since: Option<std::time::Duration>,
    /// Print the log text exactly as CloudWatch gave it, escape sequences and control
    /// characters included (for a pager like `less -R`). Without it they are removed or shown
    /// as visible marks (␍ ⏎ ␛ ⇆), as in the Logs pane.
    #[arg(long)]
    pub raw: bool,
}

fn parse_since(s: &str) -> Result<std::time::Duration, String> {
    let (number, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: u64 = number.parse().map_err(|_| "expected a duration like 30s, 10m or 2h".to_owned())?;
    let secs = match unit {
        "s" | "" => n,
        "m" => n * 60,
        "h" => n * 3600,
        "d" => n * 86_400,
        _ => return Err("expected a duration like 30s, 10m or 2h".into()),
    };
    Ok(std::time::Duration::from_secs(secs))
}

fn parse_endpoint(s: &str) -> Result<String, String> {
    check_endpoint(s).map(|()| s.to_owned())
}

fn parse_identifier(s: &str) -> Result<String, String> {
    if is_valid_identifier(s) { Ok(s.to_owned()) } else { Err("must be 1-15 letters, digits or dashes".into()) }
}

fn parse_region(s: &str) -> Result<String, String> {
    let ok = !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok { Ok(s.to_owned()) } else { Err("expected a region like us-east-1".into()) }
}

fn parse_command(s: &str) -> Result<String, String> {
    if s.trim().is_empty() { Err("the command is empty".into()) } else { Ok(s.to_owned()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_contract_flag_parses() {
        let cli = Cli::try_parse_from([
            "ampdeck",
            "--demo",
            "--dir",
            "/tmp",
            "--profile",
            "dev",
            "--region",
            "us-east-1",
            "--endpoint-url",
            "http://127.0.0.1:5000",
            "--identifier",
            "alice",
            "--stack",
            "s",
            "--deploy-command",
            "npx ampx sandbox --once",
            "--theme",
            "light",
            "--config",
            "c.toml",
        ]);
        assert!(cli.is_ok(), "{:?}", cli.err());
    }

    #[test]
    fn project_flags_may_follow_the_subcommand() {
        let cli = Cli::try_parse_from(["ampdeck", "logs", "--dir", "app", "--since", "1h", "--profile", "dev"]);
        let cli = cli.expect("flags after `logs`");
        assert_eq!((cli.dir.as_deref(), cli.profile.as_deref()), (Some(std::path::Path::new("app")), Some("dev")));
        assert!(Cli::try_parse_from(["ampdeck", "--dir", "app", "logs", "--since", "1h"]).is_ok(), "and before it");
    }

    #[test]
    fn bad_values_are_rejected() {
        for args in [
            &["ampdeck", "--identifier", "has space"][..],
            &["ampdeck", "--endpoint-url", "ftp://x"],
            &["ampdeck", "--region", "US EAST"],
            &["ampdeck", "--bogus"],
        ] {
            assert!(Cli::try_parse_from(args).is_err(), "{args:?}");
        }
    }
}

/// How sandbox deploys run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum DriverChoice {
    /// The warm driver when the project has Amplify's deployer and the deploy command is the
    /// default one; otherwise the deploy command.
    #[default]
    Auto,
    /// Always the deploy command (`npx ampx sandbox --once`).
    Ampx,
}

/// An endpoint URL as `--endpoint-url` and `endpoint_url` take it.
pub fn check_endpoint(url: &str) -> Result<(), String> {
    let rest = url.strip_prefix("http://").or_else(|| url.strip_prefix("https://"));
    match rest {
        Some(host) if !host.is_empty() && !host.starts_with('/') && !host.contains(char::is_whitespace) => Ok(()),
        _ => Err(format!("endpoint URL `{url}` must look like http://127.0.0.1:5000")),
    }
}
