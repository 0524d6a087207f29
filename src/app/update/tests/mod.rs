mod access;
mod checks;
mod content;
mod deploys;
mod environments;
mod helpers;
mod keys;
mod stacks;
