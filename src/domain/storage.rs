//! The storage bucket as the Storage pane lists it, and what the core asks of it.

use std::path::PathBuf;

use crate::domain::health::Problem;
use crate::domain::secret::SecretText;

/// A bucket of the backend (`defineStorage`), by its friendly name and its real one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    pub name: String,
    pub bucket: String,
}

/// One row of a folder listing: a sub-folder (a common prefix) or an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Folder { prefix: String },
    Object { key: String, size: i64, modified_ms: i64 },
}

impl Entry {
    /// The full key or prefix.
    pub fn path(&self) -> &str {
        match self {
            Self::Folder { prefix } => prefix,
            Self::Object { key, .. } => key,
        }
    }

    /// What is shown: the part after `prefix`.
    pub fn label<'a>(&'a self, prefix: &str) -> &'a str {
        let path = self.path();
        path.strip_prefix(prefix).unwrap_or(path)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum StorageRequest {
    /// One page of the folder `prefix` (delimiter `/`), from `token`.
    List {
        bucket: String,
        prefix: String,
        token: Option<String>,
        generation: u64,
    },
    /// Save an object to `to`; a file already there is left alone unless `replace`
    /// (answered by [`StorageReply::Exists`]).
    Download {
        bucket: String,
        key: String,
        to: PathBuf,
        replace: bool,
    },
    Upload {
        bucket: String,
        key: String,
        from: PathBuf,
    },
    Delete {
        bucket: String,
        key: String,
    },
    /// A presigned GET URL for the object, valid for `seconds`.
    Presign {
        bucket: String,
        key: String,
        seconds: u64,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum StorageReply {
    Listed {
        generation: u64,
        entries: Vec<Entry>,
        next: Option<String>,
    },
    Downloaded {
        key: String,
        to: PathBuf,
        bytes: u64,
    },
    /// A download would replace the file at `to`: nothing was written.
    Exists {
        bucket: String,
        key: String,
        to: PathBuf,
    },
    Uploaded {
        key: String,
        bytes: u64,
    },
    Deleted {
        key: String,
    },
    Presigned {
        key: String,
        url: SecretText,
    },
    Failed {
        generation: Option<u64>,
        what: String,
        problem: Problem,
    },
}

/// A content type from the key's extension, for the listing (S3 lists no types).
pub fn content_type(key: &str) -> &'static str {
    let ext = key.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "pdf" => "application/pdf",
        "json" => "application/json",
        "txt" | "md" | "log" => "text/plain",
        "csv" => "text/csv",
        "html" | "htm" => "text/html",
        "mp4" => "video/mp4",
        "zip" => "application/zip",
        _ => "",
    }
}
