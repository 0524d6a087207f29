//! What ampdeck knows about Amplify Gen 2, with no I/O beyond reading a project folder.

pub mod changes;
pub mod project;
pub mod stack_name;
pub mod toolkit;
