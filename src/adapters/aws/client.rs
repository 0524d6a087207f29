//! The SDK clients from the standard AWS chain (env vars, profiles with SSO or
//! assume-role, `--profile`, `--region`, `--endpoint-url`/`AWS_ENDPOINT_URL`), with every
//! API call counted, and SDK errors turned into a line a person can act on.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use aws_config::{BehaviorVersion, Region};
use aws_sdk_cloudformation::Client;
use aws_sdk_cloudformation::config::Intercept;
use aws_sdk_cloudformation::config::interceptors::BeforeSerializationInterceptorContextRef;
use aws_sdk_cloudformation::error::{ProvideErrorMetadata, SdkError};

use crate::domain::health::{Problem, ProblemKind, Source};

/// Where to connect; `None` fields come from the standard chain.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Connection {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
}

/// Counts API calls (one per operation, retries included in it).
#[derive(Debug, Clone, Default)]
pub struct CallCounter(Arc<AtomicU64>);

impl CallCounter {
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

impl Intercept for CallCounter {
    fn name(&self) -> &'static str {
        "ampdeck-call-counter"
    }

    fn read_before_execution(
        &self,
        _context: &BeforeSerializationInterceptorContextRef<'_>,
        _cfg: &mut aws_sdk_cloudformation::config::ConfigBag,
    ) -> Result<(), aws_sdk_cloudformation::error::BoxError> {
        self.0.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

/// The shared AWS configuration from the standard chain and the given overrides.
pub async fn sdk_config(connection: &Connection) -> aws_config::SdkConfig {
    let mut loader = aws_config::defaults(BehaviorVersion::latest());
    if let Some(profile) = &connection.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(region) = &connection.region {
        loader = loader.region(Region::new(region.clone()));
    }
    if let Some(url) = &connection.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    loader.load().await
}

pub async fn connect(connection: &Connection, counter: CallCounter) -> (Client, Option<String>) {
    let sdk = sdk_config(connection).await;
    let region = sdk.region().map(|r| r.to_string());
    let config = aws_sdk_cloudformation::config::Builder::from(&sdk).interceptor(counter).build();
    (Client::from_conf(config), region)
}

/// A CloudWatch Logs client on the same configuration, its calls counted too.
pub async fn logs(connection: &Connection, counter: CallCounter) -> aws_sdk_cloudwatchlogs::Client {
    let sdk = sdk_config(connection).await;
    let config = aws_sdk_cloudwatchlogs::config::Builder::from(&sdk).interceptor(counter).build();
    aws_sdk_cloudwatchlogs::Client::from_conf(config)
}

/// What went wrong, and what to do about it.
#[derive(Debug, Clone, PartialEq)]
pub struct CloudError {
    pub message: String,
    pub hint: &'static str,
    pub kind: ProblemKind,
}

impl CloudError {
    pub fn problem(&self, source: Source) -> Problem {
        Problem { source, kind: self.kind, message: self.message.clone(), hint: self.hint.to_owned() }
    }
}

/// The deepest cause in an error chain ("Connection refused (os error 111)").
fn innermost(err: &(dyn std::error::Error + 'static)) -> String {
    let mut current = err;
    while let Some(next) = current.source() {
        current = next;
    }
    current.to_string()
}

/// Any SDK client's error (they share the runtime's error type) as one line and a hint.
pub fn describe<E: ProvideErrorMetadata + std::error::Error + 'static, R: std::fmt::Debug + 'static>(
    err: &SdkError<E, R>,
) -> CloudError {
    let code = err.code().unwrap_or_default();
    let deepest = innermost(err);
    let unsent =
        matches!(err, SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) | SdkError::ConstructionFailure(_));
    if unsent && deepest.to_ascii_lowercase().contains("credential") {
        return CloudError {
            message: "no AWS credentials found".into(),
            hint: "set them: aws configure, aws sso login, or --profile NAME",
            kind: ProblemKind::Credentials,
        };
    }
    let text = match err {
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) => format!("cannot reach AWS: {deepest}"),
        _ => err.message().map(str::to_owned).unwrap_or_else(|| format!("unexpected answer from AWS: {deepest}")),
    };
    // One line in the status bar, however verbose the SDK was.
    let text = one_line(&text);
    let (kind, hint) = match err {
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) => {
            (ProblemKind::Network, "check the network or --endpoint-url; retrying")
        }
        _ if code == "ValidationError" && text.contains("does not exist") => {
            (ProblemKind::NotFound, "not deployed yet: press d to deploy")
        }
        _ if is_throttling(code) => (ProblemKind::Throttled, "AWS is throttling; backing off"),
        _ if [
            "ExpiredToken",
            "InvalidClientTokenId",
            "UnrecognizedClientException",
            "AccessDenied",
            "SignatureDoesNotMatch",
        ]
        .iter()
        .any(|c| code.contains(c)) =>
        {
            (ProblemKind::Credentials, "refresh AWS credentials (aws sso login, or check --profile)")
        }
        _ => (ProblemKind::Other, "retrying"),
    };
    let message = if code.is_empty() { text } else { format!("{code}: {text}") };
    CloudError { message, hint, kind }
}

/// The codes AWS services throttle with: Amplify and Cognito say LimitExceededException (HTTP
/// 429), S3 SlowDown (503), EC2-style APIs RequestLimitExceeded, others TooManyRequests or a
/// Throttling… code.
fn is_throttling(code: &str) -> bool {
    const CODES: &[&str] = &[
        "RequestLimitExceeded",
        "LimitExceededException",
        "TooManyRequestsException",
        "TooManyRequests",
        "SlowDown",
        "RequestThrottled",
        "ProvisionedThroughputExceededException",
        "BandwidthLimitExceeded",
        "PriorRequestNotComplete",
    ];
    code.contains("Throttl") || CODES.contains(&code)
}

/// Sanitized, on one line, at most 200 characters.
fn one_line(text: &str) -> String {
    crate::util::sanitize::sanitize(text).split_whitespace().collect::<Vec<_>>().join(" ").chars().take(200).collect()
}

/// An SDK error of a one-off action (on users, on secrets) as a problem of `source`: the
/// error's line, and the hint `hints` gives for its code (the first whose code the error's
/// contains), else the general one. Nothing is retried: the user decides.
pub fn action_problem<E: ProvideErrorMetadata + std::error::Error + 'static, R: std::fmt::Debug + 'static>(
    err: &SdkError<E, R>,
    source: Source,
    hints: &[(&str, &str)],
) -> Problem {
    let described = describe(err);
    let code = err.code().unwrap_or_default();
    let hint = hints.iter().find(|(c, _)| !code.is_empty() && code.contains(c)).map(|(_, h)| (*h).to_owned());
    let hint = hint.unwrap_or_else(|| match described.kind {
        _ if code.contains("AccessDenied") => {
            "your AWS identity may not do this: ask for the permission, or --profile".into()
        }
        ProblemKind::Throttled => "AWS is throttling: wait a moment, then try again".into(),
        ProblemKind::Network => "check the network or --endpoint-url, then try again".into(),
        ProblemKind::Other => "try again; r reloads".into(),
        _ => described.hint.to_owned(),
    });
    Problem { source, kind: described.kind, message: described.message, hint }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_services_way_of_saying_slow_down_is_throttling() {
        for code in
            ["ThrottlingException", "Throttling", "SlowDown", "RequestLimitExceeded", "TooManyRequestsException"]
        {
            assert!(super::is_throttling(code), "{code}");
        }
        assert!(!super::is_throttling("AccessDenied") && !super::is_throttling(""));
    }
}
