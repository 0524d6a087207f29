//! A build step's log, from the presigned S3 URL Amplify gives for it: a plain HTTPS GET
//! (no AWS signing: the URL carries its own), read up to a bound, the end kept (a failing
//! build says why at the end).

use std::time::Duration;

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

/// What a log may take in memory; a longer one keeps its last part.
const MAX_BYTES: usize = 4 << 20;
const TIMEOUT: Duration = Duration::from_secs(30);
const REDIRECTS: usize = 3;

/// The log's text (lossy UTF-8) and whether its start was cut off.
pub async fn fetch(url: &str) -> Result<(String, bool), String> {
    let https = hyper_rustls::HttpsConnectorBuilder::new()
        .with_native_roots()
        .map_err(|e| format!("no TLS roots on this machine: {e}"))?
        .https_or_http()
        .enable_http1()
        .build();
    let client: Client<_, Empty<Bytes>> = Client::builder(TokioExecutor::new()).build(https);
    let mut url = url.to_owned();
    for _ in 0..=REDIRECTS {
        let uri: hyper::Uri = url.parse().map_err(|_| "the log's address is not a URL".to_owned())?;
        let response = tokio::time::timeout(TIMEOUT, client.get(uri))
            .await
            .map_err(|_| "the log did not answer in 30 s".to_owned())?
            .map_err(|e| format!("cannot reach the log: {e}"))?;
        let status = response.status();
        if status.is_redirection() {
            let next = response.headers().get(hyper::header::LOCATION).and_then(|l| l.to_str().ok());
            url = next.ok_or_else(|| "the log redirected nowhere".to_owned())?.to_owned();
            continue;
        }
        if status == hyper::StatusCode::FORBIDDEN {
            return Err("the log's link expired or was refused (403)".into());
        }
        if !status.is_success() {
            return Err(format!("the log answered {status}"));
        }
        return read(response.into_body()).await;
    }
    Err("the log redirected too often".into())
}

async fn read(mut body: hyper::body::Incoming) -> Result<(String, bool), String> {
    let mut kept: Vec<u8> = Vec::new();
    let mut truncated = false;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| format!("the log broke off: {e}"))?;
        if let Some(data) = frame.data_ref() {
            kept.extend_from_slice(data);
            if kept.len() > MAX_BYTES {
                let cut = kept.len() - MAX_BYTES;
                kept.drain(..cut);
                truncated = true;
            }
        }
    }
    let mut text = String::from_utf8_lossy(&kept).into_owned();
    if truncated {
        // Start at a whole line.
        if let Some(i) = text.find('\n') {
            text.drain(..=i);
        }
    }
    Ok((text, truncated))
}
