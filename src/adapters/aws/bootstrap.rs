//! The [`Bootstrap`] port on SSM: one `GetParameter` of the CDK bootstrap version (read-only),
//! reported as the health of [`Source::Bootstrap`]. No permission to read it, or any other
//! failure, says nothing: the deploy will tell, and a check must never nag.

use aws_sdk_ssm::Client;
use aws_sdk_ssm::error::ProvideErrorMetadata;

use super::client::Connection;
use super::on_demand::OnDemand;
use crate::amplify::bootstrap::{PARAMETER, verdict};
use crate::domain::health::{Health, Source};
use crate::ports::{Bootstrap, Sink};

pub struct AwsBootstrap {
    calls: OnDemand<Client>,
    sink: Sink<Health>,
}

impl AwsBootstrap {
    pub fn new(connection: Connection, sink: Sink<Health>) -> Self {
        Self { calls: OnDemand::new(connection, Client::new), sink }
    }
}

impl Bootstrap for AwsBootstrap {
    fn check(&mut self, account: Option<String>, region: Option<String>) {
        let sink = self.sink.clone();
        self.calls.spawn(|client| async move {
            let read = client.get_parameter().name(PARAMETER).send().await;
            let health = match read {
                Ok(out) => verdict(
                    Some(out.parameter().and_then(|p| p.value()).unwrap_or_default()),
                    account.as_deref(),
                    region.as_deref(),
                ),
                Err(e) if e.code() == Some("ParameterNotFound") => verdict(None, account.as_deref(), region.as_deref()),
                Err(e) => {
                    tracing::info!("bootstrap check skipped: {}", e.code().unwrap_or("no answer"));
                    Health::Recovered(Source::Bootstrap)
                }
            };
            sink.send(health).await;
        });
    }

    fn shutdown(&mut self) {
        self.calls.shutdown();
    }
}
