//! From parsed flags to a running workbench: settings, theme, project, the cloud adapter, the
//! terminal, the watcher, then the loop. Every way out restores the terminal.

use std::path::PathBuf;
use std::time::Instant;

use crate::amplify::project::{Project, default_identifier};
use crate::app::state::{Context, Driver};
use crate::app::{Event, Notice, State};
use crate::cli::{Cli, Command};
use crate::cloud::Cloud;
use crate::cloud::aws::AwsCloud;
use crate::cloud::aws::client::Connection;
use crate::cloud::aws::poller::Timing;
use crate::cloud::sim::SimCloud;
use crate::config::DriverChoice;
use crate::config::{FileError, Settings};
use crate::demo::{self, DemoWorkspace};
use crate::deploy::runner::RunnerConfig;
use crate::deploy::warm::DriverConfig;
use crate::deploy::warm::protocol::{Backend, OutputsSpec};
use crate::effects::Outside;
use crate::outputs::OutputsTracker;
use crate::theme::Theme;
use crate::timefmt::now_epoch_ms;
use crate::typecheck::TypeChecker;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// Bad flags, config or theme: exit code 2.
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Demo(#[from] demo::DemoError),
}

impl From<FileError> for StartError {
    fn from(e: FileError) -> Self {
        Self::Usage(e.to_string())
    }
}

/// Workers talk to the loop through a bounded channel: a flood waits instead of growing memory.
const CHANNEL: usize = 1024;

pub fn run(cli: Cli) -> Result<(), StartError> {
    let _log = init_tracing();
    if let Some(Command::Logs(args)) = cli.command.clone() {
        return print_logs(&cli, args);
    }
    let workspace = if cli.demo { Some(DemoWorkspace::create()?) } else { None };
    let dir = match &workspace {
        Some(ws) => ws.root(),
        None => project_dir(&cli)?,
    };
    let mut settings = Settings::resolve(&cli, &dir)?;
    if settings.demo {
        settings.identifier = Some(demo::IDENTIFIER.into());
    }
    let themes = themes(&settings.theme)?;
    let (ctx, problem) = context(&settings);
    let mut state = State::new(ctx, themes, settings.auto_deploy, Instant::now(), now_epoch_ms());
    state.logs.set_budget(usize::try_from(settings.log_memory_mb << 20).unwrap_or(usize::MAX));
    state.own_stack = state.ctx.stack_name.clone();
    state.git = crate::git::read(&settings.dir);
    state.env_rows = crate::environments::rows(&state.envs, &state.git, state.ctx.app_id.as_deref());
    let history_file = crate::history::path(&settings.dir);
    state.deploy.history = crate::history::load(&history_file).into();
    state.deploy.next_id = state.deploy.history.iter().map(|r| r.id).max().unwrap_or(0) + 1;
    state.notice = problem;
    let cloud: Box<dyn Cloud> = if settings.demo {
        let speed = std::env::var("AMPDECK_DEMO_SPEED").ok().and_then(|s| s.parse().ok()).unwrap_or(1.0);
        Box::new(
            SimCloud::new(state.ctx.stack_name.clone(), settings.identifier.clone().unwrap_or_default(), speed)
                .with_outputs_in(&outputs_dir(&settings)),
        )
    } else {
        let connection = Connection {
            profile: settings.profile.clone(),
            region: settings.region.clone(),
            endpoint_url: settings.endpoint_url.clone(),
        };
        let timing = Timing { log_budget: settings.log_calls_per_second, ..Timing::default() };
        let cloud = AwsCloud::new(runner_config(&settings), connection, state.ctx.stack_name.clone(), timing);
        let (driver, config) = warm_driver(&settings);
        state.deploy.driver = driver;
        Box::new(match config {
            Some(config) => cloud.with_warm_driver(config),
            None => cloud,
        })
    };
    let checker = type_checker(&settings);
    state.check.off = checker.as_ref().err().cloned();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let result = rt.block_on(async {
        let (tx, rx) = tokio::sync::mpsc::channel::<Event>(CHANNEL);
        let watcher =
            crate::watch::spawn(&settings.dir, &settings.watch, &settings.exclude, settings.debounce, tx.clone());
        if let Err(e) = &watcher {
            state.notice = Some(Notice::error(format!("not watching files ({e}); press d to deploy by hand")));
        }
        let git_watcher = crate::git::watch(&settings.dir, tx.clone());
        let mut terminal = crate::terminal::enter()?;
        let mut outside = Outside {
            cloud,
            checker: checker.ok(),
            events: None,
            history: Some(history_file),
            outputs: OutputsTracker::new(&outputs_dir(&settings)),
            on_finish: settings.on_finish,
        };
        let result = crate::runtime::run(&mut terminal, state, &mut outside, tx, rx).await;
        crate::terminal::restore();
        drop(watcher);
        drop(git_watcher);
        result
    });
    crate::terminal::restore();
    rt.shutdown_timeout(std::time::Duration::from_millis(500));
    drop(workspace);
    Ok(result?)
}

/// `ampdeck logs`: no terminal UI, the function logs of the project's sandbox (or `--stack`)
/// on stdout.
fn print_logs(cli: &Cli, args: crate::cli::LogsArgs) -> Result<(), StartError> {
    let dir = project_dir(cli)?;
    let settings = Settings::resolve(cli, &dir)?;
    let (ctx, problem) = context(&settings);
    if let Some(problem) = problem {
        return Err(StartError::Usage(problem.text));
    }
    let connection = Connection {
        profile: settings.profile.clone(),
        region: settings.region.clone(),
        endpoint_url: settings.endpoint_url.clone(),
    };
    let timing = Timing { log_budget: settings.log_calls_per_second, ..Timing::default() };
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    rt.block_on(crate::logs::print::run(connection, ctx.stack_name, timing, args))?;
    rt.shutdown_timeout(std::time::Duration::from_millis(200));
    Ok(())
}

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
        dir: settings.dir.clone(),
        env,
        grace: std::time::Duration::from_secs(3),
    }
}

use crate::deploy::runner::quote as shell_quote;

/// Whether sandbox deploys go to the warm driver, and its settings when they do.
fn warm_driver(settings: &Settings) -> (Driver, Option<DriverConfig>) {
    if settings.driver == DriverChoice::Ampx || settings.deploy_command != crate::config::DEFAULT_DEPLOY_COMMAND {
        return (Driver::Command, None);
    }
    let Ok(project) = Project::detect(&settings.dir) else { return (Driver::Command, None) };
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
fn type_checker(settings: &Settings) -> Result<TypeChecker, String> {
    if settings.demo {
        return Err("demo (your project's tsc runs them)".into());
    }
    if !settings.type_checks {
        return Err("turned off (type_checks = false)".into());
    }
    TypeChecker::find(&settings.dir)
}

/// Where `amplify_outputs.json` is written.
fn outputs_dir(settings: &Settings) -> PathBuf {
    settings.outputs_out_dir.as_ref().map_or_else(|| settings.dir.clone(), |d| settings.dir.join(d))
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

fn project_dir(cli: &Cli) -> Result<PathBuf, StartError> {
    let dir = match &cli.dir {
        Some(dir) => dir.clone(),
        None => std::env::current_dir()?,
    };
    if !dir.is_dir() {
        return Err(StartError::Usage(format!("--dir {}: no such directory", dir.display())));
    }
    Ok(dir.canonicalize().unwrap_or(dir))
}

/// The chosen theme first; `T` cycles through the rest of the built-ins.
fn themes(spec: &str) -> Result<Vec<Theme>, StartError> {
    let chosen = Theme::load(spec)?;
    let others: Vec<Theme> = Theme::builtins().into_iter().filter(|t| t.name != chosen.name).collect();
    Ok(std::iter::once(chosen).chain(others).collect())
}

/// What ampdeck points at, and a notice when the folder is not what it expects.
fn context(settings: &Settings) -> (Context, Option<Notice>) {
    let identifier = settings.identifier.clone().unwrap_or_else(default_identifier);
    let (stack_name, problem) = match (&settings.stack, Project::detect(&settings.dir)) {
        (Some(stack), _) => (stack.clone(), None),
        (None, Ok(project)) => (project.sandbox_stack(&identifier), None),
        (None, Err(e)) => ("(no stack)".to_owned(), Some(Notice::error(e.to_string()))),
    };
    let connection = if settings.demo {
        "DEMO".to_owned()
    } else {
        let profile =
            settings.profile.clone().or_else(|| std::env::var("AWS_PROFILE").ok()).unwrap_or_else(|| "default".into());
        let region =
            settings.region.clone().or_else(|| std::env::var("AWS_REGION").ok()).unwrap_or_else(|| "no region".into());
        format!("{profile} · {region}")
    };
    let ctx = Context {
        environment: if settings.stack.is_some() { "stack".into() } else { format!("sandbox {identifier}") },
        stack_name,
        connection,
        workspace: settings.dir.clone(),
        watching: settings.watch.clone(),
        demo: settings.demo,
        deploy_on_start: settings.demo,
        follow_branch: settings.follow_branch,
        app_id: settings.app_id.clone(),
    };
    (ctx, problem)
}

/// Logs go to a file in the state dir, never to the screen.
fn init_tracing() -> Option<()> {
    let dir = dirs::state_dir().or_else(dirs::cache_dir)?.join("ampdeck");
    std::fs::create_dir_all(&dir).ok()?;
    let file = std::fs::OpenOptions::new().create(true).append(true).open(dir.join("ampdeck.log")).ok()?;
    let level = std::env::var("AMPDECK_LOG").ok().and_then(|l| l.parse().ok()).unwrap_or(tracing::Level::INFO);
    tracing_subscriber::fmt()
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .with_max_level(level)
        .try_init()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn settings(args: &[&str], config: &str) -> Settings {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join(crate::config::PROJECT_FILE), config).expect("write");
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
        assert!(config.env.contains(&("AWS_PROFILE".into(), "dev team".into())));
        assert!(outputs_dir(&s).ends_with("web/src"));
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
