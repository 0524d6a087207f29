//! From parsed flags to a running workbench: settings, theme, project, the adapters, the
//! terminal, the watcher, then the loop. Every way out restores the terminal.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::cli::{Cli, Command};
use super::config::Settings;
use super::demo::{self, DemoWorkspace};
use super::effects::Outside;
use super::runtime::Ending;
use super::{compose, deploys};
use crate::adapters::outputs_file::OutputsTracker;
use crate::adapters::typecheck::TypeChecker;
use crate::adapters::workspace::{default_identifier, detect_project};
use crate::adapters::{git, history_file, watch};
use crate::app::state::{Context, Driver};
use crate::app::{Event, State};
use crate::domain::notice::Notice;
use crate::model::theme::Theme;
use crate::ports::Sink;
use crate::util::file_error::FileError;
use crate::util::timefmt::now_epoch_ms;

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

pub fn run(cli: Cli) -> Result<Ending, StartError> {
    match cli.command.clone() {
        Some(Command::Completions { shell }) => {
            crate::shell::docs::print(&crate::shell::docs::completions(shell))?;
            return Ok(Ending::Quit);
        }
        Some(Command::Man) => {
            crate::shell::docs::print(&crate::shell::docs::man_page()?)?;
            return Ok(Ending::Quit);
        }
        Some(Command::Logs(args)) => {
            let _log = init_tracing();
            return print_logs(&cli, args).map(|()| Ending::Quit);
        }
        None => {}
    }
    let _log = init_tracing();
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
    // Flags, config and themes are checked first: a mistake there is the answer to give.
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        return Err(StartError::Usage(
            "ampdeck needs a terminal (stdin or stdout is not one); for pipes, `ampdeck logs` prints the function logs as plain lines".into(),
        ));
    }
    let (driver, warm) = if settings.demo { (Driver::Command, None) } else { deploys::warm_driver(&settings) };
    let checker = deploys::type_checker(&settings);
    let mut state = initial_state(&settings, ctx, themes, driver, &checker);
    state.notice = problem;
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let result = rt.block_on(async {
        let (tx, rx) = tokio::sync::mpsc::channel::<Event>(CHANNEL);
        // What the Processes page offers, first of all: autostart happens when it arrives.
        let offered = crate::adapters::package_scripts::offered(&settings.dir, &settings.processes);
        let _ = tx.try_send(Event::ProcessesListed(offered));
        // The terminal first: nothing is started that a failure to open it would leave behind.
        let mut terminal = super::terminal::enter()?;
        let cloud = compose::cloud(&settings, &state.ctx.stack_name, deploys::runner_config(&settings), warm, &tx);
        // Outside a project there is nothing to watch; the notice already says what it is.
        let watcher = state.ctx.project_problem.is_none().then(|| {
            watch::spawn(&settings.dir, &settings.watch, &settings.exclude, settings.debounce, Sink::new(tx.clone()))
        });
        if let Some(Err(e)) = &watcher {
            state.notice = Some(Notice::error(format!("not watching files ({e}); press d to deploy by hand")));
        }
        let git_watcher = git::watch(&settings.dir, Sink::new(tx.clone()));
        let mut outside = Outside {
            cloud,
            checker: checker.ok().map(|mut checker| {
                if settings.warm_type_checks {
                    let node = std::env::var("AMPDECK_NODE").unwrap_or_else(|_| "node".into());
                    checker.start_warm(&node, Sink::new(tx.clone()));
                }
                checker
            }),
            checks: Sink::new(tx.clone()),
            code: Sink::new(tx.clone()),
            history: Some(history_file::path(&settings.dir)),
            outputs: OutputsTracker::new(&settings.outputs_dir()),
            on_finish: settings.on_finish,
            editing: None,
            workspace: settings.dir.clone(),
            clipboard: Default::default(),
            processes: Box::new(crate::adapters::process::processes::LocalProcesses::new(Sink::new(tx.clone()))),
            configured: settings.processes.clone(),
        };
        let result = super::runtime::run(&mut terminal, state, &settings.keymap, &mut outside, rx).await;
        super::terminal::restore();
        drop(watcher);
        drop(git_watcher);
        result
    });
    super::terminal::restore();
    rt.shutdown_timeout(std::time::Duration::from_millis(500));
    drop(workspace);
    Ok(result?)
}

/// The state before anything happened: what the files and git say.
fn initial_state(
    settings: &Settings,
    ctx: Context,
    themes: Vec<Theme>,
    driver: Driver,
    checker: &Result<TypeChecker, String>,
) -> State {
    let mut state = State::new(ctx, themes, settings.auto_deploy, Instant::now(), now_epoch_ms());
    state.panes.logs.store.set_budget(usize::try_from(settings.log_memory_mb << 20).unwrap_or(usize::MAX));
    state.project.own_stack = state.ctx.stack_name.clone();
    state.panes.ids.seed = random_seed();
    state.project.git = git::read(&settings.dir);
    state.panes.environments.rows = crate::model::environments::rows(
        &state.panes.environments.envs,
        &state.project.git,
        state.ctx.app_id.as_deref(),
    );
    state.deploy.history = history_file::load(&history_file::path(&settings.dir)).into();
    state.deploy.next_id = state.deploy.history.iter().map(|r| r.id).max().unwrap_or(0) + 1;
    state.deploy.driver = driver;
    state.deploy.express = settings.express;
    // Pushes only ever go to your own sandbox, the one the deploy command deploys: not a stack
    // followed with --stack (a teammate's sandbox, say).
    let identifier = settings.identifier.clone().unwrap_or_else(default_identifier);
    let own = detect_project(&settings.dir).ok().map(|p| p.sandbox_stack(&identifier));
    state.deploy.code_push =
        settings.code_push && (settings.demo || own.as_deref() == Some(state.ctx.stack_name.as_str()));
    state.check.off = checker.as_ref().err().cloned();
    state.project.package_name = detect_project(&settings.dir).ok().map(|p| p.namespace);
    state.project.seed_script = settings.dir.join("amplify/seed/seed.ts").is_file();
    state.panes.processes.autostart = settings.start_processes;
    state
}

/// `ampdeck logs`: no terminal UI, the function logs of the project's sandbox (or `--stack`)
/// on stdout.
fn print_logs(cli: &Cli, args: super::cli::LogsArgs) -> Result<(), StartError> {
    let dir = project_dir(cli)?;
    let settings = Settings::resolve(cli, &dir)?;
    let (ctx, problem) = context(&settings);
    if let Some(problem) = problem {
        return Err(StartError::Usage(problem.text));
    }
    let config = compose::follower_config(&settings, ctx.stack_name);
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    rt.block_on(super::logs_cli::run(config, args))?;
    rt.shutdown_timeout(std::time::Duration::from_millis(200));
    Ok(())
}

fn project_dir(cli: &Cli) -> Result<PathBuf, StartError> {
    let dir = match &cli.dir {
        Some(dir) => dir.clone(),
        // Like ampx under npx: from inside the project, the project.
        None => crate::adapters::workspace::project_root(&std::env::current_dir()?),
    };
    if !dir.is_dir() {
        return Err(StartError::Usage(format!("--dir {}: no such directory", dir.display())));
    }
    Ok(dir.canonicalize().unwrap_or(dir))
}

/// The chosen theme first; `T` cycles through the rest of the built-ins.
fn themes(spec: &str) -> Result<Vec<Theme>, StartError> {
    let chosen = load_theme(spec)?;
    let others: Vec<Theme> = Theme::builtins().into_iter().filter(|t| t.name != chosen.name).collect();
    Ok(std::iter::once(chosen).chain(others).collect())
}

/// A built-in name or a path to a TOML file.
fn load_theme(spec: &str) -> Result<Theme, FileError> {
    if let Some(theme) = Theme::builtin(spec) {
        return Ok(theme);
    }
    let path = Path::new(spec);
    if !path.exists() {
        let names = Theme::builtin_names().join(", ");
        return Err(FileError::plain(path, format!("no such theme file; built-in themes: {names}")));
    }
    let text = std::fs::read_to_string(path).map_err(|e| FileError::plain(path, e.to_string()))?;
    Theme::from_file(&text, path)
}

/// What ampdeck points at, and a notice when the folder is not what it expects.
fn context(settings: &Settings) -> (Context, Option<Notice>) {
    let identifier = settings.identifier.clone().unwrap_or_else(default_identifier);
    let (stack_name, problem) = match (&settings.stack, detect_project(&settings.dir)) {
        (Some(stack), _) => (stack.clone(), None),
        (None, Ok(project)) => (project.sandbox_stack(&identifier), None),
        (None, Err(e)) => (String::new(), Some(e.to_string())),
    };
    let connection = if settings.demo {
        // The simulated account's region, as a real connection shows its own.
        format!("DEMO · {}", crate::adapters::sim::account::REGION)
    } else {
        let profile =
            settings.profile.clone().or_else(|| std::env::var("AWS_PROFILE").ok()).unwrap_or_else(|| "default".into());
        let region =
            settings.region.clone().or_else(|| std::env::var("AWS_REGION").ok()).unwrap_or_else(|| "no region".into());
        format!("{profile} · {region}")
    };
    let environment = match (&settings.stack, &problem) {
        (Some(_), _) => "stack".into(),
        (None, Some(_)) => "no project".into(),
        (None, None) => format!("sandbox {identifier}"),
    };
    let ctx = Context {
        environment,
        stack_name,
        connection,
        workspace: settings.dir.clone(),
        downloads: downloads_dir(settings),
        watching: settings.watch.clone(),
        demo: settings.demo,
        // Like `ampx sandbox`: the sandbox is brought up to date at once. Following some other
        // stack never deploys anything by itself.
        deploy_on_start: settings.demo
            || (settings.deploy_on_start && settings.auto_deploy && settings.stack.is_none() && problem.is_none()),
        follow_branch: settings.follow_branch,
        app_id: settings.app_id.clone(),
        project_problem: problem.clone(),
    };
    (ctx, problem.map(Notice::error))
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

/// Randomness for new record ids: the kernel's, else the clock and the process id.
fn random_seed() -> u64 {
    use std::io::Read;
    let mut bytes = [0u8; 8];
    let read = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut bytes));
    match read {
        Ok(()) => u64::from_le_bytes(bytes),
        Err(_) => now_epoch_ms() as u64 ^ (u64::from(std::process::id()) << 32),
    }
}

/// Where a downloaded file goes by default: the user's download folder (`XDG_DOWNLOAD_DIR`,
/// `~/Downloads`), else the project; in the demo, its own workspace, so nothing lands in the
/// user's folders.
fn downloads_dir(settings: &Settings) -> PathBuf {
    let folder = if settings.demo { None } else { dirs::download_dir() };
    folder.unwrap_or_else(|| settings.dir.clone())
}
