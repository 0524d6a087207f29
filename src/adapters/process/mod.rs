//! Child processes: the deploy command in its own process group with its output read line
//! by line, the warm driver that deploys without ampx's cold start, and the registry of
//! process groups that lets every way out end them.

pub mod deployer;
pub mod group;
pub mod port_holder;
pub mod processes;
pub mod runner;
pub mod warm;
