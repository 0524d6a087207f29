//! Models fed by CloudFormation stack events: the live resource tree of an environment and
//! the progress of one deploy. The stack poller and the simulated cloud feed the same code.

pub mod progress;
pub mod tree;
