//! A code push's upload: `UpdateFunctionCode` with the zip, then `GetFunctionConfiguration`
//! until Lambda's `LastUpdateStatus` leaves `InProgress` (the new code answers from then on).

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use aws_sdk_lambda::Client;
use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::LastUpdateStatus;
use tokio::sync::OnceCell;

use super::client::{Connection, describe, sdk_config};
use crate::adapters::local::push::Uploader;

/// How long Lambda gets to take the new code.
const PATIENCE: Duration = Duration::from_secs(60);

pub struct AwsUploader {
    connection: Connection,
    client: std::sync::Arc<OnceCell<Client>>,
}

impl AwsUploader {
    pub fn new(connection: Connection) -> Self {
        Self { connection, client: Default::default() }
    }
}

impl Uploader for AwsUploader {
    fn upload(
        &self,
        function_name: String,
        zip: Vec<u8>,
    ) -> Pin<Box<dyn Future<Output = Result<String, String>> + Send>> {
        let (cell, connection) = (self.client.clone(), self.connection.clone());
        Box::pin(async move {
            let client = cell.get_or_init(|| async { Client::new(&sdk_config(&connection).await) }).await;
            let out = client
                .update_function_code()
                .function_name(&function_name)
                .zip_file(Blob::new(zip))
                .send()
                .await
                .map_err(|e| describe(&e).message)?;
            let sha = out.code_sha256().unwrap_or_default().to_owned();
            wait_until_updated(client, &function_name).await?;
            Ok(sha)
        })
    }
}

async fn wait_until_updated(client: &Client, function_name: &str) -> Result<(), String> {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let config = client.get_function_configuration().function_name(function_name).send().await;
        let config = config.map_err(|e| describe(&e).message)?;
        match config.last_update_status() {
            Some(LastUpdateStatus::InProgress) if tokio::time::Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Some(LastUpdateStatus::InProgress) => return Err("Lambda is still updating it after 60 s".into()),
            Some(LastUpdateStatus::Failed) => {
                let why = crate::util::sanitize::owned(config.last_update_status_reason().unwrap_or("no reason given"));
                return Err(format!("Lambda could not take the new code: {why}"));
            }
            _ => return Ok(()),
        }
    }
}
