//! Pure models the core keeps, fed by domain types: the log store, the resource tree and a
//! deploy's progress, environments beside branches, deploy history, the outputs diff, themes.

pub mod builds;
pub mod data;
pub mod dev_server;
pub mod environments;
pub mod history;
pub mod hosting;
pub mod invocations;
pub mod logs;
pub mod messages;
pub mod outputs;
pub mod process_output;
pub mod secrets;
pub mod stack;
pub mod storage;
pub mod theme;
pub mod timeline;
pub mod users;
