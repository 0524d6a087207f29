//! The outside world behind the ports: AWS through the official SDK, the simulated cloud of
//! `--demo`, child processes (the deploy command, the warm driver), the file watcher, git,
//! the project's TypeScript compiler, the project's files. Adapters report through sinks of
//! their own message types and never see the core's events or state.

pub mod aws;
pub mod git;
pub mod history_file;
pub mod local;
pub mod outputs_file;
pub mod package_scripts;
pub mod payload_files;
pub mod process;
pub mod secret_refs;
pub mod sim;
pub mod typecheck;
pub mod watch;
pub mod workspace;
