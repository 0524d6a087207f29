//! The demo's storage bucket: a handful of files in folders, listed a page at a time like
//! S3 lists them, downloads written to disk, uploads read from it.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use crate::domain::health::{Problem, ProblemKind, Source};
use crate::domain::secret::SecretText;
use crate::domain::storage::{Entry, StorageReply, StorageRequest};
use crate::ports::{Sink, Storage};
use crate::util::timefmt::now_epoch_ms;

/// Entries per listing page, small so the demo shows paging.
const PAGE: usize = 25;

const FILES: &[(&str, &str)] = &[
    ("public/welcome.txt", "Welcome to the demo bucket of the sample app.\n"),
    ("public/terms.md", "# Terms\n\nBe nice.\n"),
    ("media/ana/holiday-1.jpg", "JPEG…"),
    ("media/ana/holiday-2.jpg", "JPEG…"),
    ("media/ben/avatar.png", "PNG…"),
    ("exports/todos-2026-11.json", "[]\n"),
];

#[derive(Clone)]
pub struct SimStorage {
    /// bucket → key → (bytes, modified)
    store: Arc<Mutex<BTreeMap<String, Objects>>>,
    sink: Option<Sink<StorageReply>>,
    speed: f64,
}

fn failed(what: String, message: String, hint: &str) -> StorageReply {
    let problem = Problem { source: Source::Storage, kind: ProblemKind::Other, message, hint: hint.into() };
    StorageReply::Failed { generation: None, what, problem }
}

type Objects = BTreeMap<String, (Vec<u8>, i64)>;

/// A bucket, with the demo's files the first time it is read.
fn bucket_of<'a>(buckets: &'a mut BTreeMap<String, Objects>, name: &str) -> &'a mut Objects {
    buckets.entry(name.to_owned()).or_insert_with(|| {
        let now = now_epoch_ms();
        let files = FILES.iter().enumerate();
        files.map(|(i, (k, body))| ((*k).to_owned(), (body.as_bytes().to_vec(), now - i as i64 * 7_200_000))).collect()
    })
}

impl SimStorage {
    pub fn new(sink: Sink<StorageReply>, speed: f64) -> Self {
        Self { store: Arc::default(), sink: Some(sink), speed }
    }

    fn answer(&self, request: StorageRequest) -> StorageReply {
        let Ok(mut buckets) = self.store.lock() else { return failed("demo".into(), "demo broke".into(), "restart") };
        match request {
            StorageRequest::List { bucket, prefix, token, generation } => {
                let objects = bucket_of(&mut buckets, &bucket);
                let mut entries: Vec<Entry> = Vec::new();
                for (key, (body, modified)) in
                    objects.range(prefix.clone()..).take_while(|(k, _)| k.starts_with(&prefix))
                {
                    match key[prefix.len()..].find('/') {
                        Some(i) => {
                            let folder = format!("{}/", &key[..prefix.len() + i]);
                            if !entries.iter().any(|e| e.path() == folder) {
                                entries.push(Entry::Folder { prefix: folder });
                            }
                        }
                        None => entries.push(Entry::Object {
                            key: key.clone(),
                            size: body.len() as i64,
                            modified_ms: *modified,
                        }),
                    }
                }
                entries.sort_by_key(|e| matches!(e, Entry::Object { .. }));
                let from = token.and_then(|t| t.parse::<usize>().ok()).unwrap_or(0);
                let next = (from + PAGE < entries.len()).then(|| (from + PAGE).to_string());
                StorageReply::Listed { generation, entries: entries.into_iter().skip(from).take(PAGE).collect(), next }
            }
            StorageRequest::Download { bucket, key, to, replace } if !replace && to.exists() => {
                StorageReply::Exists { bucket, key, to }
            }
            StorageRequest::Download { bucket, key, to, .. } => {
                let Some((body, _)) = bucket_of(&mut buckets, &bucket).get(&key).cloned() else {
                    return failed(
                        format!("download {key}"),
                        format!("NoSuchKey: {key}"),
                        "the file is gone: r reloads the folder",
                    );
                };
                let written = to
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .map_or(Ok(()), std::fs::create_dir_all)
                    .and_then(|()| std::fs::write(&to, &body));
                match written {
                    Ok(()) => StorageReply::Downloaded { key, to, bytes: body.len() as u64 },
                    Err(e) => failed(
                        format!("download {key}"),
                        format!("cannot write {}: {e}", to.display()),
                        "choose another path",
                    ),
                }
            }
            StorageRequest::Upload { bucket, key, from } => match std::fs::read(&from) {
                Ok(body) => {
                    let bytes = body.len() as u64;
                    bucket_of(&mut buckets, &bucket).insert(key.clone(), (body, now_epoch_ms()));
                    StorageReply::Uploaded { key, bytes }
                }
                Err(e) => failed(
                    format!("upload {}", from.display()),
                    format!("cannot read {}: {e}", from.display()),
                    "check the path, then try again",
                ),
            },
            StorageRequest::Delete { bucket, key } => {
                bucket_of(&mut buckets, &bucket).remove(&key);
                StorageReply::Deleted { key }
            }
            StorageRequest::Presign { bucket, key, seconds } => {
                let url = format!(
                    "https://{bucket}.s3.{}.amazonaws.com/{key}?X-Amz-Expires={seconds}&X-Amz-Signature=demo",
                    super::account::REGION
                );
                StorageReply::Presigned { key, url: SecretText::new(url) }
            }
        }
    }
}

impl Storage for SimStorage {
    fn request(&mut self, request: StorageRequest) {
        let sim = self.clone();
        super::answer_later(self.sink.clone(), 0.15, self.speed, move || sim.answer(request));
    }

    fn shutdown(&mut self) {
        self.sink = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_presigned_url_points_into_the_demos_region() {
        let (sink, _rx) = Sink::channel(1);
        let request = StorageRequest::Presign { bucket: "b".into(), key: "k".into(), seconds: 60 };
        let StorageReply::Presigned { url, .. } = SimStorage::new(sink, 1.0).answer(request) else { panic!("a URL") };
        assert!(url.expose().starts_with(&format!("https://b.s3.{}.amazonaws.com/k?", super::super::account::REGION)));
    }
}
