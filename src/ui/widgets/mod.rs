//! Widgets shared by panes.

pub mod table;
