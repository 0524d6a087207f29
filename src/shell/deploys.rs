//! How deploys run here: the deploy command with the flags ampx understands passed through,
//! whether the warm driver takes sandbox deploys, and the project's compiler for live type
//! checks.

use super::config::{DEFAULT_DEPLOY_COMMAND, DriverChoice, Settings};
use crate::adapters::process::runner::{RunnerConfig, quote as shell_quote};
use crate::adapters::process::warm::DriverConfig;
use crate::adapters::process::warm::protocol::{Backend, OutputsSpec};
use crate::adapters::typecheck::TypeChecker;
use crate::adapters::workspace::{default_identifier, detect_project};
use crate::app::state::Driver;

/// The deploy (and delete) command with the settings ampx understands passed through, and
/// the AWS settings in its environment.
pub fn runner_config(settings: &Settings) -> RunnerConfig {
    let with_flags = |base: &str| {
        let mut command = base.to_owned();
        if command.contains("ampx sandbox") {
            for (flag, value) in [("--identifier", &settings.identifier), ("--profile", &settings.profile)] {
                if let Some(value) = value.as_deref().filter(|_| !command.contains(flag)) {
                    command.push_str(&format!(" {flag} {}", shell_quote(value)));
                }
            }
        }
        command
    };
    let env = [
        ("AWS_PROFILE", &settings.profile),
        ("AWS_REGION", &settings.region),
        ("AWS_ENDPOINT_URL", &settings.endpoint_url),
    ]
    .into_iter()
    .filter_map(|(k, v)| Some((k.to_owned(), v.clone()?)))
    .collect();
    RunnerConfig {
        command: with_outputs_dir(with_flags(&settings.deploy_command), settings),
        delete_command: with_flags(&settings.delete_command),
        branch_command: settings.branch_deploy_command.clone(),
        delete_other_command: settings.delete_other_command.clone(),
        seed_command: with_flags(&settings.seed_command),
        dir: settings.dir.clone(),
        env,
        grace: std::time::Duration::from_secs(3),
    }
}

/// Whether sandbox deploys go to the warm driver, and its settings when they do.
pub fn warm_driver(settings: &Settings) -> (Driver, Option<DriverConfig>) {
    if settings.driver == DriverChoice::Ampx || settings.deploy_command != DEFAULT_DEPLOY_COMMAND {
        return (Driver::Command, None);
    }
    let Ok(project) = detect_project(&settings.dir) else { return (Driver::Command, None) };
    // Tests put a stub deployer in place of Amplify's.
    let stubbed = std::env::var_os("AMPDECK_DRIVER_STUB").is_some();
    if let Some(reason) = DriverConfig::missing(&settings.dir).filter(|_| !stubbed) {
        return (Driver::Fallback { reason }, None);
    }
    let identifier = settings.identifier.clone().unwrap_or_else(default_identifier);
    let config = DriverConfig {
        dir: settings.dir.clone(),
        node: std::env::var("AMPDECK_NODE").unwrap_or_else(|_| "node".into()),
        env: runner_config(settings).env,
        backend: Backend::sandbox(&project.namespace, &identifier),
        outputs: OutputsSpec {
            dir: settings.outputs_out_dir.as_ref().map_or_else(|| ".".into(), |d| d.to_string_lossy().into_owned()),
            version: None,
        },
        grace: std::time::Duration::from_secs(3),
    };
    (Driver::Starting, Some(config))
}

/// The project's TypeScript compiler, or why live type checks are off.
pub fn type_checker(settings: &Settings) -> Result<TypeChecker, String> {
    if settings.demo {
        return Err("demo (your project's tsc runs them)".into());
    }
    if !settings.type_checks {
        return Err("turned off (type_checks = false)".into());
    }
    TypeChecker::find(&settings.dir)
}

/// ampx writes the outputs where it is told; ampdeck reads them from there too.
fn with_outputs_dir(mut command: String, settings: &Settings) -> String {
    if let Some(dir) = &settings.outputs_out_dir
        && command.contains("ampx sandbox")
        && !command.contains("--outputs-out-dir")
    {
        command.push_str(&format!(" --outputs-out-dir {}", shell_quote(&dir.to_string_lossy())));
    }
    command
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::shell::cli::Cli;

    fn settings(args: &[&str], config: &str) -> Settings {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join(crate::shell::config::PROJECT_FILE), config).expect("write");
        let mut argv = vec!["ampdeck", "--config", "/dev/null"];
        argv.extend_from_slice(args);
        Settings::resolve(&Cli::parse_from(argv), dir.path()).expect("settings")
    }

    #[test]
    fn the_deploy_command_gets_identifier_profile_and_outputs_dir() {
        let s = settings(&["--identifier", "alice", "--profile", "dev team"], "outputs_out_dir = \"web/src\"\n");
        let config = runner_config(&s);
        assert_eq!(
            config.command,
            "npx ampx sandbox --once --identifier alice --profile 'dev team' --outputs-out-dir web/src"
        );
        assert_eq!(config.delete_command, "npx ampx sandbox delete --yes --identifier alice --profile 'dev team'");
        assert_eq!(config.seed_command, "npx ampx sandbox seed --identifier alice --profile 'dev team'");
        assert!(config.env.contains(&("AWS_PROFILE".into(), "dev team".into())));
        assert!(s.outputs_dir().ends_with("web/src"));
    }

    #[test]
    fn flags_already_in_a_custom_command_are_not_added_twice() {
        let s =
            settings(&["--identifier", "alice", "--deploy-command", "npx ampx sandbox --once --identifier bob"], "");
        assert_eq!(runner_config(&s).command, "npx ampx sandbox --once --identifier bob");
        let s = settings(&["--identifier", "alice", "--deploy-command", "make deploy"], "");
        assert_eq!(runner_config(&s).command, "make deploy", "only ampx commands get ampx flags");
    }
}
