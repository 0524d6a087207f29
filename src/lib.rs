//! ampdeck: a terminal workbench for AWS Amplify Gen 2. See ARCHITECTURE.md for the map.

#![forbid(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod amplify;
pub mod ansi;
pub mod app;
pub mod cli;
pub mod cloud;
pub mod config;
pub mod demo;
pub mod deploy;
pub mod effects;
pub mod environments;
pub mod git;
pub mod history;
pub mod logs;
pub mod outputs;
pub mod runtime;
pub mod sanitize;
pub mod stack;
pub mod startup;
pub mod terminal;
pub mod theme;
pub mod timefmt;
pub mod typecheck;
pub mod ui;
pub mod watch;
