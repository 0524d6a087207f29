//! What a local run needs of AWS: the deployed function's settings (`GetFunctionConfiguration`)
//! and credentials to run it with — the developer's from the standard chain, or the function's
//! own execution role through STS `AssumeRole`, so a permission it lacks fails here too.

use std::future::Future;
use std::pin::Pin;

use aws_sdk_lambda::error::ProvideErrorMetadata;
use aws_sdk_lambda::operation::get_function_configuration::GetFunctionConfigurationOutput;
use aws_sdk_sts::config::ProvideCredentials;

use super::client::{Connection, action_problem, sdk_config};
use crate::adapters::local::{FunctionSource, Resolved};
use crate::amplify::lambda_env::{Credentials, FunctionSettings};
use crate::domain::health::{Problem, ProblemKind, Source};

const HINTS: &[(&str, &str)] = &[
    ("AccessDenied", "your credentials may not assume the function's role: U runs with yours"),
    ("ExpiredToken", "refresh AWS credentials (aws sso login, or check --profile)"),
];

pub struct AwsFunctionSettings {
    connection: Connection,
}

impl AwsFunctionSettings {
    pub fn new(connection: Connection) -> Self {
        Self { connection }
    }
}

impl FunctionSource for AwsFunctionSettings {
    fn resolve(
        &self,
        target: String,
        as_role: bool,
    ) -> Pin<Box<dyn Future<Output = Result<Resolved, Problem>> + Send>> {
        let connection = self.connection.clone();
        Box::pin(async move { resolve(&connection, &target, as_role).await })
    }
}

async fn resolve(connection: &Connection, target: &str, as_role: bool) -> Result<Resolved, Problem> {
    let sdk = sdk_config(connection).await;
    let region = sdk.region().map(|r| r.to_string()).unwrap_or_else(|| "us-east-1".into());
    let lambda = aws_sdk_lambda::Client::new(&sdk);
    // No target: not deployed, as far as the followed stack knows.
    let settings = match (!target.is_empty()).then(|| lambda.get_function_configuration().function_name(target).send())
    {
        None => None,
        Some(call) => match call.await {
            Ok(out) => Some(settings_of(&out, &region)),
            Err(e) if e.code() == Some("ResourceNotFoundException") => None,
            Err(e) => return Err(action_problem(&e, Source::Invoke, HINTS)),
        },
    };
    let role = settings.as_ref().and_then(|s| s.role.clone()).filter(|_| as_role);
    let as_role = role.is_some();
    let (credentials, whose) = match role {
        Some(role) => (assume(&sdk, &role).await?, format!("the function's role {}", role_name(&role))),
        None => (yours(&sdk).await?, yours_from(connection)),
    };
    // `--endpoint-url`, or AWS_ENDPOINT_URL as the standard chain read it.
    let endpoint_url = connection.endpoint_url.clone().or_else(|| sdk.endpoint_url().map(str::to_owned));
    Ok(Resolved { settings, credentials, whose, as_role, region, endpoint_url })
}

fn settings_of(out: &GetFunctionConfigurationOutput, region: &str) -> FunctionSettings {
    let variables = out
        .environment()
        .and_then(|e| e.variables())
        .map(|v| {
            let mut vars: Vec<(String, String)> = v.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            vars.sort();
            vars
        })
        .unwrap_or_default();
    let arn = out.function_arn().map(str::to_owned);
    // The function's own region, from its ARN (arn:aws:lambda:REGION:…).
    let region = arn.as_deref().and_then(|a| a.split(':').nth(3)).filter(|r| !r.is_empty()).unwrap_or(region);
    FunctionSettings {
        function_name: out.function_name().unwrap_or_default().to_owned(),
        arn: arn.clone(),
        runtime: out.runtime().map(|r| r.as_str().to_owned()).unwrap_or_default(),
        handler: out.handler().unwrap_or("index.handler").to_owned(),
        timeout_s: out.timeout().unwrap_or(3).max(1) as u32,
        memory_mb: out.memory_size().unwrap_or(128).max(128) as u32,
        variables,
        role: out.role().map(str::to_owned),
        region: region.to_owned(),
        vpc: out.vpc_config().is_some_and(|v| !v.subnet_ids().is_empty()),
        layers: out.layers().iter().filter_map(|l| l.arn().map(str::to_owned)).collect(),
        architecture: out.architectures().first().map_or("x86_64", |a| a.as_str()).to_owned(),
    }
}

async fn yours(sdk: &aws_config::SdkConfig) -> Result<Credentials, Problem> {
    let provider = sdk.credentials_provider().ok_or_else(no_credentials)?;
    let c = provider.provide_credentials().await.map_err(|_| no_credentials())?;
    Ok(Credentials {
        access_key_id: c.access_key_id().to_owned(),
        secret_access_key: c.secret_access_key().to_owned(),
        session_token: c.session_token().map(str::to_owned),
    })
}

fn yours_from(connection: &Connection) -> String {
    match &connection.profile {
        Some(profile) => format!("your credentials (profile {profile})"),
        None => "your credentials".into(),
    }
}

async fn assume(sdk: &aws_config::SdkConfig, role: &str) -> Result<Credentials, Problem> {
    let sts = aws_sdk_sts::Client::new(sdk);
    let out = sts
        .assume_role()
        .role_arn(role)
        .role_session_name("ampdeck-local-run")
        .send()
        .await
        .map_err(|e| action_problem(&e, Source::Invoke, HINTS))?;
    let c = out.credentials().ok_or_else(no_credentials)?;
    Ok(Credentials {
        access_key_id: c.access_key_id().to_owned(),
        secret_access_key: c.secret_access_key().to_owned(),
        session_token: Some(c.session_token().to_owned()),
    })
}

/// `arn:aws:iam::1:role/amplify-…-sayhellolambdaServiceRole-X` → the part after `role/`.
fn role_name(arn: &str) -> &str {
    arn.rsplit_once('/').map_or(arn, |(_, name)| name)
}

fn no_credentials() -> Problem {
    Problem {
        source: Source::Invoke,
        kind: ProblemKind::Credentials,
        message: "no AWS credentials found to run the function with".into(),
        hint: "set them: aws configure, aws sso login, or --profile NAME".into(),
    }
}
