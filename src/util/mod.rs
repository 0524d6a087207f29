//! Helpers with no knowledge of ampdeck: text from outside made safe, times, terminal
//! colours, errors that point into a file.

pub mod ansi;
pub mod base64;
pub mod file_error;
pub mod plural;
pub mod sanitize;
pub mod timefmt;
