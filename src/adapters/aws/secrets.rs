//! The [`Secrets`] port on SSM Parameter Store, called the way `@aws-amplify/backend-secret`
//! 1.4.2 calls it (`ampx sandbox secret set/get/list/remove`): SecureString parameters,
//! overwritten on set, described "Amplify Secret". Listings read every page without
//! decrypting anything; a value is decrypted only when the user asks to see it.

use aws_sdk_ssm::Client;
use aws_sdk_ssm::types::ParameterType;

use super::client::{Connection, action_problem};
use super::on_demand::{OnDemand, pages};
use crate::domain::health::{Problem, Source};
use crate::domain::secret::SecretText;
use crate::domain::secrets::{SecretEntry, SecretScope, SecretsReply, SecretsRequest};
use crate::ports::{Secrets, Sink};

const HINTS: &[(&str, &str)] = &[
    ("ParameterNotFound", "the secret is not set (any more): r reloads the list"),
    ("ParameterLimitExceeded", "the account's parameter limit is reached: remove unused ones"),
    ("TooManyUpdates", "SSM is busy with this parameter: try again in a moment"),
    ("KMS", "the parameter's KMS key refused: check its key policy"),
];

pub struct AwsSecrets {
    calls: OnDemand<Client>,
    sink: Sink<SecretsReply>,
}

impl AwsSecrets {
    pub fn new(connection: Connection, sink: Sink<SecretsReply>) -> Self {
        Self { calls: OnDemand::new(connection, Client::new), sink }
    }
}

impl Secrets for AwsSecrets {
    fn request(&mut self, request: SecretsRequest) {
        let sink = self.sink.clone();
        self.calls.spawn(|client| async move {
            sink.send(answer(&client, request).await).await;
        });
    }

    fn shutdown(&mut self) {
        self.calls.shutdown();
    }
}

fn problem<E, R>(err: aws_sdk_ssm::error::SdkError<E, R>) -> Problem
where
    E: aws_sdk_ssm::error::ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug + 'static,
{
    action_problem(&err, Source::Secrets, HINTS)
}

async fn answer(client: &Client, request: SecretsRequest) -> SecretsReply {
    let failed = |generation, what: String, problem| SecretsReply::Failed { generation, what, problem };
    match request {
        SecretsRequest::List { paths, generation } => {
            let mut entries = Vec::new();
            for scope in [SecretScope::Backend, SecretScope::Shared] {
                match list(client, paths.prefix(scope), scope).await {
                    Ok(found) => entries.extend(found),
                    Err(problem) => return failed(Some(generation), "list secrets".into(), problem),
                }
            }
            SecretsReply::Listed { generation, entries }
        }
        SecretsRequest::Reveal { path } => {
            match client.get_parameter().name(&path).with_decryption(true).send().await {
                Ok(out) => {
                    let value = out.parameter().and_then(|p| p.value()).unwrap_or_default();
                    SecretsReply::Revealed { path, value: SecretText::new(value) }
                }
                Err(e) => failed(None, format!("read {}", leaf(&path)), problem(e)),
            }
        }
        SecretsRequest::Set { path, name, value } => {
            let put = client
                .put_parameter()
                .name(&path)
                .value(value.expose())
                .r#type(ParameterType::SecureString)
                .overwrite(true)
                .description("Amplify Secret")
                .send()
                .await;
            match put {
                Ok(_) => SecretsReply::Set { path, name },
                Err(e) => failed(None, format!("set {name}"), problem(e)),
            }
        }
        SecretsRequest::Remove { path, name } => match client.delete_parameter().name(&path).send().await {
            Ok(_) => SecretsReply::Removed { path, name },
            Err(e) => failed(None, format!("remove {name}"), problem(e)),
        },
    }
}

/// Every parameter directly under `prefix` (every page), without values.
async fn list(client: &Client, prefix: &str, scope: SecretScope) -> Result<Vec<SecretEntry>, Problem> {
    let (entries, _) = pages(usize::MAX, |token| async move {
        let request = client.get_parameters_by_path().path(prefix).with_decryption(false).max_results(10);
        let page = request.set_next_token(token).send().await.map_err(problem)?;
        let entries = page.parameters().iter().map(|p| {
            let path = p.name().unwrap_or_default().to_owned();
            let modified_ms = p.last_modified_date().and_then(|d| d.to_millis().ok()).unwrap_or_default();
            SecretEntry { name: leaf(&path).to_owned(), path, scope, modified_ms, version: p.version() }
        });
        Ok((entries.collect(), page.next_token().map(str::to_owned)))
    })
    .await?;
    Ok(entries)
}

fn leaf(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}
