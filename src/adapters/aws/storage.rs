//! The [`Storage`] port on S3: one folder page per listing (delimiter `/`), downloads
//! written beside their target and renamed into place (never half a file), uploads from a
//! local path, deletes, presigned GET URLs.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use aws_sdk_s3::Client;
use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_s3::primitives::ByteStream;

use super::client::{Connection, action_problem};
use super::on_demand::OnDemand;
use crate::domain::health::{Problem, ProblemKind, Source};
use crate::domain::secret::SecretText;
use crate::domain::storage::{Entry, StorageReply, StorageRequest};
use crate::ports::{Sink, Storage};

const HINTS: &[(&str, &str)] = &[
    ("NoSuchBucket", "the bucket is gone (the storage was removed or redeployed): r reloads"),
    ("NoSuchKey", "the file is gone: r reloads the folder"),
    ("AccessDenied", "your AWS identity may not use this bucket: check its policy, or --profile"),
];

/// An S3 client; path-style addressing when an endpoint is given (a local emulator cannot
/// answer `bucket.127.0.0.1`).
pub fn s3_client(sdk: &aws_config::SdkConfig) -> Client {
    let config = aws_sdk_s3::config::Builder::from(sdk).force_path_style(sdk.endpoint_url().is_some()).build();
    Client::from_conf(config)
}

pub struct AwsStorage {
    calls: OnDemand<Client>,
    sink: Sink<StorageReply>,
}

impl AwsStorage {
    pub fn new(connection: Connection, sink: Sink<StorageReply>) -> Self {
        Self { calls: OnDemand::new(connection, s3_client), sink }
    }
}

impl Storage for AwsStorage {
    fn request(&mut self, request: StorageRequest) {
        let sink = self.sink.clone();
        self.calls.spawn(|client| async move {
            sink.send(answer(&client, request).await).await;
        });
    }

    fn shutdown(&mut self) {
        self.calls.shutdown();
    }
}

fn problem<E, R>(err: aws_sdk_s3::error::SdkError<E, R>) -> Problem
where
    E: aws_sdk_s3::error::ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug + 'static,
{
    action_problem(&err, Source::Storage, HINTS)
}

fn local(message: String, hint: &str) -> Problem {
    Problem { source: Source::Storage, kind: ProblemKind::Other, message, hint: hint.into() }
}

async fn answer(client: &Client, request: StorageRequest) -> StorageReply {
    let failed = |generation, what: String, problem| StorageReply::Failed { generation, what, problem };
    match request {
        StorageRequest::List { bucket, prefix, token, generation } => {
            let listed = client
                .list_objects_v2()
                .bucket(&bucket)
                .prefix(&prefix)
                .delimiter("/")
                .encoding_type(aws_sdk_s3::types::EncodingType::Url)
                .max_keys(200)
                .set_continuation_token(token)
                .send()
                .await;
            match listed {
                Ok(out) => {
                    let folders = out
                        .common_prefixes()
                        .iter()
                        .filter_map(|p| p.prefix())
                        .map(|p| Entry::Folder { prefix: decode_key(p) });
                    let objects = out.contents().iter().filter_map(|o| {
                        let modified_ms = o.last_modified().and_then(|d| d.to_millis().ok()).unwrap_or_default();
                        Some(Entry::Object {
                            key: decode_key(o.key()?),
                            size: o.size().unwrap_or_default(),
                            modified_ms,
                        })
                    });
                    let next =
                        out.next_continuation_token().filter(|_| out.is_truncated() == Some(true)).map(str::to_owned);
                    StorageReply::Listed { generation, entries: folders.chain(objects).collect(), next }
                }
                Err(e) => failed(Some(generation), format!("list {bucket}/{prefix}"), problem(e)),
            }
        }
        StorageRequest::Download { bucket, key, to, replace } if !replace && to.exists() => {
            StorageReply::Exists { bucket, key, to }
        }
        StorageRequest::Download { bucket, key, to, .. } => match download(client, &bucket, &key, &to).await {
            Ok(bytes) => StorageReply::Downloaded { key, to, bytes },
            Err(p) => failed(None, format!("download {key}"), p),
        },
        StorageRequest::Upload { bucket, key, from } => {
            let bytes = std::fs::metadata(&from).map(|m| m.len()).unwrap_or_default();
            let body = match ByteStream::from_path(&from).await {
                Ok(body) => body,
                Err(e) => {
                    let p = local(format!("cannot read {}: {e}", from.display()), "check the path, then try again");
                    return failed(None, format!("upload {}", from.display()), p);
                }
            };
            let content_type = crate::domain::storage::content_type(&key);
            let put = client.put_object().bucket(&bucket).key(&key).body(body);
            let put = if content_type.is_empty() { put } else { put.content_type(content_type) };
            match put.send().await {
                Ok(_) => StorageReply::Uploaded { key, bytes },
                Err(e) => failed(None, format!("upload {key}"), problem(e)),
            }
        }
        StorageRequest::Delete { bucket, key } => match client.delete_object().bucket(&bucket).key(&key).send().await {
            Ok(_) => StorageReply::Deleted { key },
            Err(e) => failed(None, format!("delete {key}"), problem(e)),
        },
        StorageRequest::Presign { bucket, key, seconds } => {
            let config = PresigningConfig::expires_in(Duration::from_secs(seconds));
            let presigned = match config {
                Ok(config) => client.get_object().bucket(&bucket).key(&key).presigned(config).await.map_err(problem),
                Err(e) => Err(local(e.to_string(), "a shorter time, then try again")),
            };
            match presigned {
                Ok(request) => StorageReply::Presigned { key, url: SecretText::new(request.uri()) },
                Err(p) => failed(None, format!("share {key}"), p),
            }
        }
    }
}

/// Reads a whole (small) object: the model schema.
pub async fn read_object(client: &Client, bucket: &str, key: &str) -> Result<Vec<u8>, Problem> {
    let out = client.get_object().bucket(bucket).key(key).send().await.map_err(|e| {
        let mut p = problem(e);
        p.source = Source::Data;
        p
    })?;
    let body = out.body.collect().await.map_err(|e| local(format!("reading {key}: {e}"), "try again"))?;
    Ok(body.into_bytes().to_vec())
}

/// Streams the object into `<to>.part`, then renames it over `to`.
async fn download(client: &Client, bucket: &str, key: &str, to: &Path) -> Result<u64, Problem> {
    let mut out = client.get_object().bucket(bucket).key(key).send().await.map_err(problem)?;
    let part = to.with_extension(format!(
        "{}part",
        to.extension().map(|e| format!("{}.", e.to_string_lossy())).unwrap_or_default()
    ));
    let cannot = |e: std::io::Error| local(format!("cannot write {}: {e}", to.display()), "choose another path");
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(cannot)?;
    }
    let mut file = std::fs::File::create(&part).map_err(cannot)?;
    let mut bytes = 0u64;
    loop {
        match out.body.try_next().await {
            Ok(Some(chunk)) => {
                bytes += chunk.len() as u64;
                file.write_all(&chunk).map_err(cannot)?;
            }
            Ok(None) => break,
            Err(e) => {
                let _ = std::fs::remove_file(&part);
                return Err(local(format!("download of {key} broke off: {e}"), "try again"));
            }
        }
    }
    drop(file);
    std::fs::rename(&part, to).map_err(cannot)?;
    Ok(bytes)
}

/// A key as ListObjectsV2 gives it with `EncodingType=url`. Asked for plainly, S3 puts keys in
/// XML as they are, and one with a character XML cannot carry (ESC) makes the whole folder
/// unreadable. S3 encodes a space as `+` (botocore decodes with `unquote_plus`); a `+` of the
/// key itself comes as `%2B`.
fn decode_key(encoded: &str) -> String {
    let spaced = encoded.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced).decode_utf8_lossy().into_owned()
}
