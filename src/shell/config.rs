//! Settings from, in rising precedence: built-in defaults, the user file
//! (`$XDG_CONFIG_HOME/ampdeck/config.toml`, or `--config FILE`), the project's
//! `ampdeck.toml`, then command-line flags. A malformed file is an error that names the
//! file, line and column.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::keys_config::{self, KeyEntry};
use crate::amplify::stack_name::is_valid_identifier;
use crate::app::keymap::Keymap;
use crate::shell::cli::Cli;
pub use crate::shell::cli::{DriverChoice, check_endpoint};
use crate::util::file_error::FileError;

pub const DEFAULT_DEPLOY_COMMAND: &str = "npx ampx sandbox --once";
pub const DEFAULT_DELETE_COMMAND: &str = "npx ampx sandbox delete --yes";
pub const DEFAULT_BRANCH_DEPLOY_COMMAND: &str = "npx ampx pipeline-deploy --branch {branch} --app-id {app_id}";
pub const DEFAULT_DELETE_OTHER_COMMAND: &str = "npx ampx sandbox delete --yes --identifier {identifier}";
pub const DEFAULT_SEED_COMMAND: &str = "npx ampx sandbox seed";
pub const PROJECT_FILE: &str = "ampdeck.toml";
/// Quiet time before a save counts. Editors write a file within a few milliseconds (in place
/// or by rename); ampx's own watcher waits for none. Every millisecond here is on the way
/// from save to errors and to CloudFormation.
const DEFAULT_DEBOUNCE_MS: u64 = 100;

/// What a config file may set. Unknown keys are errors: a typo must not be silently ignored.
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub theme: Option<String>,
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    pub identifier: Option<String>,
    pub stack: Option<String>,
    pub deploy_command: Option<String>,
    pub auto_deploy: Option<bool>,
    pub deploy_on_start: Option<bool>,
    pub debounce_ms: Option<u64>,
    pub watch: Option<Vec<String>>,
    pub exclude: Option<Vec<String>>,
    pub delete_command: Option<String>,
    pub on_finish: Option<OnFinish>,
    pub follow_branch: Option<bool>,
    pub branch_deploy_command: Option<String>,
    pub delete_other_command: Option<String>,
    pub seed_command: Option<String>,
    pub outputs_out_dir: Option<String>,
    pub app_id: Option<String>,
    pub driver: Option<DriverChoice>,
    pub type_checks: Option<bool>,
    pub express: Option<bool>,
    pub code_push: Option<bool>,
    pub warm_type_checks: Option<bool>,
    pub log_memory_mb: Option<u64>,
    pub log_calls_per_second: Option<f64>,
    /// Start the `[[processes]]` marked `autostart` with ampdeck (`--processes`,
    /// `--no-processes`).
    pub start_processes: Option<bool>,
    /// Commands run beside the backend: the frontend's dev server, a watcher.
    pub processes: Option<Vec<ProcessEntry>>,
    /// Command ids mapped to keys (`shell::keys_config`).
    pub keys: Option<toml::Table>,
    /// The `[keys]` entries read from this file (and, after merging, the files before it).
    #[serde(skip)]
    pub bindings: Vec<KeyEntry>,
}

/// One `[[processes]]` entry.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcessEntry {
    pub name: String,
    pub command: String,
    /// Relative to the project (default: the project itself).
    pub directory: Option<String>,
    #[serde(default)]
    pub environment: std::collections::BTreeMap<String, String>,
    /// Started with ampdeck (default: yes; `--no-processes` starts none).
    pub autostart: Option<bool>,
    /// Restarted after a deploy changed `amplify_outputs.json` (default: no, as Vite and Next
    /// reload it themselves).
    #[serde(default)]
    pub restart_on_outputs: bool,
    /// Its output also appended to this file (relative to the project).
    pub log_file: Option<String>,
}

impl ProcessEntry {
    fn spec(&self, project: &Path) -> crate::domain::processes::ProcessSpec {
        crate::domain::processes::ProcessSpec {
            name: self.name.clone(),
            command: self.command.clone(),
            dir: self.directory.as_ref().map_or_else(|| project.to_path_buf(), |d| project.join(d)),
            env: self.environment.clone().into_iter().collect(),
            autostart: self.autostart.unwrap_or(true),
            restart_on_outputs: self.restart_on_outputs,
            log_file: self.log_file.as_ref().map(|f| project.join(f)),
            origin: crate::domain::processes::Origin::Config,
        }
    }
}

/// How a finished deploy is announced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OnFinish {
    #[default]
    Bell,
    Desktop,
    None,
}

impl FileConfig {
    pub fn load(path: &Path) -> Result<Self, FileError> {
        let text = std::fs::read_to_string(path).map_err(|e| FileError::plain(path, e.to_string()))?;
        let mut config: Self = toml::from_str(&text).map_err(|e| FileError::from_toml(path, &text, &e))?;
        config.validate(path, &text)?;
        if let Some(keys) = &config.keys {
            config.bindings = keys_config::entries(path, &text, keys)?;
        }
        Ok(config)
    }

    fn validate(&self, path: &Path, text: &str) -> Result<(), FileError> {
        let bad = |key: &str, msg: String| Err(FileError::at_key(path, text, key, msg));
        if let Some(id) = self.identifier.as_deref().filter(|id| !is_valid_identifier(id)) {
            return bad("identifier", format!("identifier `{id}` must be 1-15 letters, digits or dashes"));
        }
        if let Some(Err(msg)) = self.endpoint_url.as_deref().map(check_endpoint) {
            return bad("endpoint_url", msg);
        }
        if let Some(ms) = self.debounce_ms.filter(|ms| !(10..=10_000).contains(ms)) {
            return bad("debounce_ms", format!("debounce_ms = {ms} is outside 10..=10000"));
        }
        if let Some(mb) = self.log_memory_mb.filter(|mb| !(1..=65_536).contains(mb)) {
            return bad("log_memory_mb", format!("log_memory_mb = {mb} is outside 1..=65536"));
        }
        if let Some(rate) = self.log_calls_per_second.filter(|r| !(0.1..=100.0).contains(r)) {
            return bad("log_calls_per_second", format!("log_calls_per_second = {rate} is outside 0.1..=100"));
        }
        if self.deploy_command.as_deref().is_some_and(|c| c.trim().is_empty()) {
            return bad("deploy_command", "deploy_command is empty".into());
        }
        let processes = self.processes.as_deref().unwrap_or_default();
        if let Some(empty) = processes.iter().find(|p| p.name.trim().is_empty() || p.command.trim().is_empty()) {
            return bad("processes", format!("[[processes]] `{}` needs a name and a command", empty.name));
        }
        if let Some(twice) =
            processes.iter().enumerate().find(|(i, p)| processes[..*i].iter().any(|q| q.name == p.name))
        {
            return bad("processes", format!("two [[processes]] are named `{}`", twice.1.name));
        }
        Ok(())
    }

    /// Fields set in `other` win.
    fn overlay(self, other: Self) -> Self {
        Self {
            theme: other.theme.or(self.theme),
            profile: other.profile.or(self.profile),
            region: other.region.or(self.region),
            endpoint_url: other.endpoint_url.or(self.endpoint_url),
            identifier: other.identifier.or(self.identifier),
            stack: other.stack.or(self.stack),
            deploy_command: other.deploy_command.or(self.deploy_command),
            auto_deploy: other.auto_deploy.or(self.auto_deploy),
            deploy_on_start: other.deploy_on_start.or(self.deploy_on_start),
            debounce_ms: other.debounce_ms.or(self.debounce_ms),
            watch: other.watch.or(self.watch),
            exclude: other.exclude.or(self.exclude),
            delete_command: other.delete_command.or(self.delete_command),
            on_finish: other.on_finish.or(self.on_finish),
            follow_branch: other.follow_branch.or(self.follow_branch),
            branch_deploy_command: other.branch_deploy_command.or(self.branch_deploy_command),
            delete_other_command: other.delete_other_command.or(self.delete_other_command),
            seed_command: other.seed_command.or(self.seed_command),
            outputs_out_dir: other.outputs_out_dir.or(self.outputs_out_dir),
            app_id: other.app_id.or(self.app_id),
            driver: other.driver.or(self.driver),
            type_checks: other.type_checks.or(self.type_checks),
            express: other.express.or(self.express),
            code_push: other.code_push.or(self.code_push),
            start_processes: other.start_processes.or(self.start_processes),
            processes: other.processes.or(self.processes),
            warm_type_checks: other.warm_type_checks.or(self.warm_type_checks),
            log_memory_mb: other.log_memory_mb.or(self.log_memory_mb),
            log_calls_per_second: other.log_calls_per_second.or(self.log_calls_per_second),
            keys: None,
            bindings: self.bindings.into_iter().chain(other.bindings).collect(),
        }
    }
}

/// Everything resolved: what the rest of ampdeck reads.
#[derive(Debug, Clone)]
pub struct Settings {
    pub demo: bool,
    pub dir: PathBuf,
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    pub identifier: Option<String>,
    pub stack: Option<String>,
    pub deploy_command: String,
    pub theme: String,
    pub auto_deploy: bool,
    /// Deploy the sandbox at start, as `ampx sandbox` does (with auto-deploy on).
    pub deploy_on_start: bool,
    pub debounce: Duration,
    pub watch: Vec<String>,
    /// Globs (gitignore syntax) whose changes never deploy.
    pub exclude: Vec<String>,
    /// Deletes the sandbox, for "recreate" after `CFNUpdateNotSupportedError`.
    pub delete_command: String,
    /// How a finished deploy is announced: `bell` (default), `desktop` or `none`.
    pub on_finish: OnFinish,
    /// Follow the environment of the checked-out git branch.
    pub follow_branch: bool,
    /// `{branch}` and `{app_id}` are filled in.
    pub branch_deploy_command: String,
    /// `{identifier}` is filled in.
    pub delete_other_command: String,
    /// Runs `amplify/seed/seed.ts` against the sandbox.
    pub seed_command: String,
    /// Where ampx writes `amplify_outputs.json` (`--outputs-out-dir`); default the project root.
    pub outputs_out_dir: Option<std::path::PathBuf>,
    /// The Amplify app id; with it, other apps' branch environments stay out of the list.
    pub app_id: Option<String>,
    pub driver: DriverChoice,
    /// Live type checks with the project's TypeScript compiler.
    pub type_checks: bool,
    /// Sandbox deploys in CloudFormation's express mode (`ampx sandbox --express`).
    pub express: bool,
    /// A sandbox save of functions' own code goes live by `UpdateFunctionCode`, no synthesis.
    pub code_push: bool,
    /// Type checks with the compiler kept loaded (TypeScript 7+): fast, about 700 MiB more.
    pub warm_type_checks: bool,
    /// Memory for buffered log lines.
    pub log_memory_mb: u64,
    /// `FilterLogEvents` calls per second for the whole environment.
    pub log_calls_per_second: f64,
    /// The keys, with the user's `[keys]` applied.
    pub keymap: Keymap,
    /// `[[processes]]`: what the Processes page runs (none: `package.json`'s scripts offered).
    pub processes: Vec<crate::domain::processes::ProcessSpec>,
    /// Start the processes marked `autostart` with ampdeck.
    pub start_processes: bool,
}

impl Settings {
    /// Where `amplify_outputs.json` is written.
    pub fn outputs_dir(&self) -> PathBuf {
        self.outputs_out_dir.as_ref().map_or_else(|| self.dir.clone(), |d| self.dir.join(d))
    }
}

pub fn user_config_path() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("ampdeck").join("config.toml"))
}

impl Settings {
    /// Reads the user and project files (when present) under the flags in `cli`.
    pub fn resolve(cli: &Cli, dir: &Path) -> Result<Self, FileError> {
        let user = match &cli.config {
            Some(path) => FileConfig::load(path)?,
            None => match user_config_path().filter(|p| p.is_file()) {
                Some(path) => FileConfig::load(&path)?,
                None => FileConfig::default(),
            },
        };
        let project_path = dir.join(PROJECT_FILE);
        let project = if project_path.is_file() { FileConfig::load(&project_path)? } else { FileConfig::default() };
        let flags = FileConfig {
            theme: cli.theme.clone(),
            profile: cli.profile.clone(),
            region: cli.region.clone(),
            endpoint_url: cli.endpoint_url.clone(),
            identifier: cli.identifier.clone(),
            stack: cli.stack.clone(),
            deploy_command: cli.deploy_command.clone(),
            auto_deploy: cli.no_auto_deploy.then_some(false),
            deploy_on_start: cli.no_deploy_on_start.then_some(false),
            exclude: (!cli.exclude.is_empty()).then(|| cli.exclude.clone()),
            driver: cli.driver,
            type_checks: cli.no_type_checks.then_some(false),
            express: cli.express.then_some(true),
            warm_type_checks: cli.no_warm_type_checks.then_some(false),
            start_processes: cli.processes.then_some(true).or(cli.no_processes.then_some(false)),
            ..FileConfig::default()
        };
        let merged = user.overlay(project).overlay(flags);
        Ok(Self {
            demo: cli.demo,
            dir: dir.to_path_buf(),
            profile: merged.profile,
            region: merged.region,
            endpoint_url: merged.endpoint_url,
            identifier: merged.identifier,
            stack: merged.stack,
            deploy_command: merged.deploy_command.unwrap_or_else(|| DEFAULT_DEPLOY_COMMAND.into()),
            theme: merged.theme.unwrap_or_else(|| "dark".into()),
            auto_deploy: merged.auto_deploy.unwrap_or(true),
            deploy_on_start: merged.deploy_on_start.unwrap_or(true),
            debounce: Duration::from_millis(merged.debounce_ms.unwrap_or(DEFAULT_DEBOUNCE_MS)),
            watch: merged.watch.unwrap_or_else(|| vec!["amplify".into()]),
            exclude: merged.exclude.unwrap_or_default(),
            delete_command: merged.delete_command.unwrap_or_else(|| DEFAULT_DELETE_COMMAND.into()),
            on_finish: merged.on_finish.unwrap_or_default(),
            follow_branch: merged.follow_branch.unwrap_or(false),
            branch_deploy_command: merged.branch_deploy_command.unwrap_or_else(|| DEFAULT_BRANCH_DEPLOY_COMMAND.into()),
            delete_other_command: merged.delete_other_command.unwrap_or_else(|| DEFAULT_DELETE_OTHER_COMMAND.into()),
            seed_command: merged.seed_command.unwrap_or_else(|| DEFAULT_SEED_COMMAND.into()),
            outputs_out_dir: merged.outputs_out_dir.map(std::path::PathBuf::from),
            app_id: merged.app_id,
            driver: merged.driver.unwrap_or_default(),
            type_checks: merged.type_checks.unwrap_or(true),
            express: merged.express.unwrap_or(false),
            code_push: merged.code_push.unwrap_or(true),
            warm_type_checks: merged.warm_type_checks.unwrap_or(true),
            log_memory_mb: merged.log_memory_mb.unwrap_or(64),
            log_calls_per_second: merged.log_calls_per_second.unwrap_or(2.0),
            keymap: keys_config::keymap(&merged.bindings)?,
            processes: merged.processes.unwrap_or_default().iter().map(|p| p.spec(dir)).collect(),
            start_processes: merged.start_processes.unwrap_or(true),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write");
        path
    }

    #[test]
    fn flags_beat_the_project_file_which_beats_the_user_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let user = write(dir.path(), "user.toml", "theme = \"light\"\nregion = \"eu-west-1\"\ndebounce_ms = 300\n");
        write(dir.path(), PROJECT_FILE, "region = \"us-east-1\"\nauto_deploy = false\n");
        let cli = Cli::parse_from(["ampdeck", "--config", &user.to_string_lossy(), "--theme", "high-contrast"]);
        let s = Settings::resolve(&cli, dir.path()).expect("resolves");
        assert_eq!(s.theme, "high-contrast");
        assert_eq!(s.region.as_deref(), Some("us-east-1"));
        assert!(!s.auto_deploy);
        assert_eq!(s.debounce, Duration::from_millis(300));
        assert_eq!(s.deploy_command, DEFAULT_DEPLOY_COMMAND);
    }

    #[test]
    fn malformed_files_name_line_and_column() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write(dir.path(), PROJECT_FILE, "theme = \"dark\"\nauto_deploy = maybe\n");
        let err = FileConfig::load(&path).expect_err("invalid");
        assert_eq!((err.line, err.column), (Some(2), Some(15)), "{err}");
        assert!(err.to_string().starts_with(&format!("{}:2:15: ", path.display())), "{err}");
    }

    #[test]
    fn unknown_keys_and_bad_values_are_errors() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write(dir.path(), PROJECT_FILE, "\nthem = \"dark\"\n");
        let err = FileConfig::load(&path).expect_err("unknown key");
        assert_eq!(err.line, Some(2), "{err}");
        let path = write(dir.path(), PROJECT_FILE, "region = \"x\"\nidentifier = \"not valid!\"\n");
        let err = FileConfig::load(&path).expect_err("bad identifier");
        assert_eq!((err.line, err.column), (Some(2), Some(1)), "{err}");
        let path = write(dir.path(), PROJECT_FILE, "endpoint_url = \"localhost:5000\"\n");
        assert!(FileConfig::load(&path).is_err());
        let path = write(dir.path(), PROJECT_FILE, "log_memory_mb = 0\n");
        assert!(FileConfig::load(&path).expect_err("no memory").to_string().contains("log_memory_mb = 0"));
        let path = write(dir.path(), PROJECT_FILE, "log_calls_per_second = 500.0\n");
        assert!(FileConfig::load(&path).is_err(), "over the budget's range");
    }

    #[test]
    fn express_and_warm_type_checks_come_from_flags_and_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cli = Cli::parse_from(["ampdeck", "--config", "/dev/null"]);
        let s = Settings::resolve(&cli, dir.path()).expect("defaults");
        assert_eq!((s.express, s.warm_type_checks), (false, true));
        write(dir.path(), PROJECT_FILE, "express = true\nwarm_type_checks = false\n");
        let s = Settings::resolve(&cli, dir.path()).expect("from the file");
        assert_eq!((s.express, s.warm_type_checks), (true, false));
        write(dir.path(), PROJECT_FILE, "");
        let cli = Cli::parse_from(["ampdeck", "--config", "/dev/null", "--express", "--no-warm-type-checks"]);
        let s = Settings::resolve(&cli, dir.path()).expect("from flags");
        assert_eq!((s.express, s.warm_type_checks), (true, false));
    }

    #[test]
    fn the_log_budgets_and_the_driver_have_defaults_and_can_be_set() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cli = Cli::parse_from(["ampdeck", "--config", "/dev/null"]);
        let s = Settings::resolve(&cli, dir.path()).expect("defaults");
        assert_eq!(
            (s.log_memory_mb, s.log_calls_per_second, s.driver, s.type_checks),
            (64, 2.0, DriverChoice::Auto, true)
        );
        write(dir.path(), PROJECT_FILE, "log_memory_mb = 256\nlog_calls_per_second = 5.0\ndriver = \"ampx\"\n");
        let cli = Cli::parse_from(["ampdeck", "--config", "/dev/null", "--no-type-checks"]);
        let s = Settings::resolve(&cli, dir.path()).expect("set");
        assert_eq!(
            (s.log_memory_mb, s.log_calls_per_second, s.driver, s.type_checks),
            (256, 5.0, DriverChoice::Ampx, false)
        );
    }
}
