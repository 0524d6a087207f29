//! Running the deploy command: the child process in its own process group, its output
//! read line by line, what ampx's plain-text lines mean, and the warm driver that deploys
//! without ampx's cold start.

pub mod ampx;
pub mod group;
pub mod runner;
pub mod warm;
