//! The demo's functions as a local run sees them: `say-hello`'s simulated configuration (the
//! demo account's region, Amplify's defaults, its secrets already resolved as the banner
//! would resolve them) and simulated credentials; the handler itself runs for real.

use std::future::Future;
use std::pin::Pin;

use super::account::{ACCOUNT_ID, REGION};
use crate::adapters::local::{FunctionSource, Resolved};
use crate::amplify::lambda_env::{Credentials, FunctionSettings};
use crate::domain::health::Problem;

pub struct SimFunctionSettings;

impl FunctionSource for SimFunctionSettings {
    fn resolve(
        &self,
        target: String,
        as_role: bool,
    ) -> Pin<Box<dyn Future<Output = Result<Resolved, Problem>> + Send>> {
        Box::pin(async move {
            let role = format!("arn:aws:iam::{ACCOUNT_ID}:role/{target}-ServiceRole");
            let settings = FunctionSettings {
                arn: Some(format!("arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{target}")),
                function_name: target,
                runtime: "nodejs22.x".into(),
                handler: "index.handler".into(),
                timeout_s: 3,
                memory_mb: 512,
                // The demo's secrets, as the banner would have set them from SSM.
                variables: vec![
                    ("WEATHER_API_KEY".into(), "demo-weather-key-4f9a".into()),
                    ("SLACK_WEBHOOK_URL".into(), String::new()),
                ],
                role: Some(role.clone()),
                region: REGION.into(),
                architecture: "x86_64".into(),
                ..FunctionSettings::default()
            };
            let whose = if as_role {
                format!("the function's role {role} (simulated)")
            } else {
                "the demo's credentials (simulated)".into()
            };
            let credentials =
                Credentials { access_key_id: "ASIADEMO".into(), secret_access_key: "demo".into(), session_token: None };
            Ok(Resolved {
                settings: Some(settings),
                credentials,
                whose,
                as_role,
                region: REGION.into(),
                endpoint_url: None,
            })
        })
    }
}
