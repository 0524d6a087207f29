mod access;
mod checks;
mod deploys;
mod environments;
mod helpers;
mod keys;
mod stacks;
