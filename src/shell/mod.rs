//! The shell around the core: flags and settings, composing the adapters, the event loop,
//! carrying out effects, the terminal, the demo workspace, `ampdeck logs`.

pub mod browser;
pub mod cli;
pub mod clipboard;
pub mod compose;
pub mod config;
pub mod demo;
pub mod deploys;
pub mod docs;
pub mod editor;
pub mod effects;
pub mod keys_config;
pub mod logs_cli;
pub mod runtime;
pub mod startup;
pub mod terminal;
