//! ampdeck: a terminal workbench for AWS Amplify Gen 2. See ARCHITECTURE.md for the map.
//!
//! Layers, lowest first; a module imports only from its own layer and those below it
//! (`tests/layers.rs` checks): `util`, `domain`, `amplify`, `model`, `ports`, `adapters`,
//! `app` (the core), `ui` (drawing), `shell` (wiring and the loop).

#![forbid(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod adapters;
pub mod amplify;
pub mod app;
pub mod domain;
pub mod model;
pub mod ports;
pub mod shell;
pub mod ui;
pub mod util;
