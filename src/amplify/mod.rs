//! What ampdeck knows about Amplify Gen 2, in one place and without I/O: stack names and
//! their parsing, the project shape, environments from tags, function names, what the
//! toolkit's messages and ampx's lines mean, templates, console addresses.

pub mod ampx;
pub mod auth;
pub mod bootstrap;
pub mod changes;
pub mod console;
pub mod data_models;
pub mod function_build;
pub mod functions;
pub mod graphql;
pub mod lambda_env;
pub mod payloads;
pub mod project;
pub mod records;
pub mod secrets;
pub mod stack_name;
pub mod storage;
pub mod tags;
pub mod template;
pub mod toolkit;
