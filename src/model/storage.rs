//! The Storage pane's model: the followed environment's buckets, the folder shown (a
//! prefix), and its entries read a page at a time as the user scrolls.

use crate::domain::health::Problem;
use crate::domain::storage::{Bucket, Entry, StorageReply, StorageRequest};

const LOOKAHEAD: usize = 20;

#[derive(Debug, Clone, Default)]
pub struct StorageModel {
    pub stack: String,
    pub buckets: Vec<Bucket>,
    pub current: usize,
    /// The folder shown: `""` or `photos/2026/`.
    pub prefix: String,
    pub entries: Vec<Entry>,
    pub next: Option<String>,
    generation: u64,
    stale: bool,
    pub loading: bool,
    pub listed: bool,
    pub problem: Option<(String, Problem)>,
    /// The entries shown are the last listing's, kept while `r` lists again (and after that
    /// failed): the first page of the new listing replaces them.
    pub kept: bool,
}

impl StorageModel {
    /// Follows the buckets of `stack`; another stack, or other buckets, start over.
    pub fn set_buckets(&mut self, stack: &str, buckets: Vec<Bucket>) {
        if self.stack != stack || self.buckets != buckets {
            let same_bucket = self.stack == stack && self.bucket().is_some_and(|b| buckets.contains(b));
            self.stack = stack.to_owned();
            if !same_bucket {
                self.current = 0;
                self.prefix.clear();
            }
            self.buckets = buckets;
            self.current = self.current.min(self.buckets.len().saturating_sub(1));
            self.reload();
        }
    }

    /// Which listing answers belong to.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn bucket(&self) -> Option<&Bucket> {
        self.buckets.get(self.current)
    }

    /// Lists the folder again (`r`), showing the last listing until the new one answers, and
    /// after it fails.
    pub fn read_again(&mut self) {
        let entries = std::mem::take(&mut self.entries);
        self.reload();
        self.kept = !entries.is_empty();
        self.listed = self.kept;
        self.entries = entries;
    }

    pub fn reload(&mut self) {
        self.generation += 1;
        self.kept = false;
        self.entries.clear();
        self.next = None;
        self.loading = false;
        self.listed = false;
        // A failure stands until a listing succeeds.
        self.stale = !self.buckets.is_empty();
    }

    /// Into a folder.
    pub fn open(&mut self, prefix: &str) {
        self.prefix = prefix.to_owned();
        self.reload();
    }

    /// Up to the parent folder; false at the top.
    pub fn up(&mut self) -> bool {
        if self.prefix.is_empty() {
            return false;
        }
        let trimmed = self.prefix.trim_end_matches('/');
        self.prefix = trimmed.rfind('/').map_or(String::new(), |i| trimmed[..=i].to_owned());
        self.reload();
        true
    }

    /// The bucket `step` places on (-1: the previous), around.
    pub fn step_bucket(&mut self, step: isize) {
        if self.buckets.len() > 1 {
            self.current = crate::util::step_around(self.current, step, self.buckets.len());
            self.prefix.clear();
            self.reload();
        }
    }

    pub fn wanted(&mut self, selected: usize) -> Option<StorageRequest> {
        let bucket = self.bucket()?.bucket.clone();
        let more = self.next.is_some() && !self.loading && selected + LOOKAHEAD >= self.entries.len();
        if !(self.stale || more) {
            return None;
        }
        self.stale = false;
        self.loading = true;
        Some(StorageRequest::List {
            bucket,
            prefix: self.prefix.clone(),
            token: self.next.clone(),
            generation: self.generation,
        })
    }

    /// Takes an answer in; returns what to tell the user.
    pub fn apply(&mut self, reply: StorageReply) -> Option<String> {
        match reply {
            StorageReply::Listed { generation, entries, next } if generation == self.generation => {
                if std::mem::take(&mut self.kept) {
                    self.entries.clear();
                }
                self.entries.extend(entries);
                self.next = next;
                self.loading = false;
                self.listed = true;
                self.problem = None;
            }
            StorageReply::Listed { .. } | StorageReply::Presigned { .. } | StorageReply::Exists { .. } => {}
            StorageReply::Downloaded { key, to, bytes } => {
                return Some(format!("{key} downloaded to {} ({})", to.display(), size(bytes as i64)));
            }
            StorageReply::Uploaded { key, bytes } => {
                self.reload();
                return Some(format!("{key} uploaded ({})", size(bytes as i64)));
            }
            StorageReply::Deleted { key } => {
                self.entries.retain(|e| e.path() != key);
                return Some(format!("{key} deleted"));
            }
            StorageReply::Failed { generation, what, problem } => {
                if generation.is_some_and(|g| g != self.generation) {
                    return None;
                }
                if generation.is_some() {
                    self.loading = false;
                }
                self.problem = Some((what, problem));
            }
        }
        None
    }
}

/// `532 B`, `14.2 KB`, `3.1 MB`.
pub fn size(bytes: i64) -> String {
    let b = bytes as f64;
    if bytes < 1_000 {
        format!("{bytes} B")
    } else if bytes < 1_000_000 {
        format!("{:.1} KB", b / 1e3)
    } else if bytes < 1_000_000_000 {
        format!("{:.1} MB", b / 1e6)
    } else {
        format!("{:.1} GB", b / 1e9)
    }
}
