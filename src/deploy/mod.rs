//! Running the deploy command: the child process in its own process group, its output
//! read line by line, and what ampx's plain-text lines mean.

pub mod ampx;
pub mod group;
pub mod runner;
