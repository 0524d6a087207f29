//! The types every layer shares: what the cloud, the deploy tools, the logs, git and the
//! compiler tell ampdeck, and what ampdeck asks of them. Plain data; this layer imports
//! nothing of ampdeck's but `util`.

pub mod changes;
pub mod check;
pub mod data;
pub mod deploy;
pub mod env;
pub mod git;
pub mod health;
pub mod hosting;
pub mod invoke;
pub mod logs;
pub mod notice;
pub mod processes;
pub mod secret;
pub mod secrets;
pub mod stack;
pub mod storage;
pub mod users;
