//! What a function runs with in Lambda, so a run on this machine can run with the same: its
//! settings (from `GetFunctionConfiguration`, or from the synthesized template when it is not
//! deployed yet), the environment Lambda gives its process (the function's variables plus
//! the ones Lambda itself sets), and what a local run cannot be like the cloud. Secrets are
//! left to Amplify's banner, which reads `AMPLIFY_SSM_ENV_CONFIG` and asks SSM, as in Lambda.

use serde_json::Value;

/// A function's settings as Lambda holds them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FunctionSettings {
    /// The deployed name (`amplify-app-…-sayhellolambda-…`).
    pub function_name: String,
    pub arn: Option<String>,
    /// `nodejs22.x`.
    pub runtime: String,
    /// `index.handler`.
    pub handler: String,
    pub timeout_s: u32,
    pub memory_mb: u32,
    pub variables: Vec<(String, String)>,
    pub role: Option<String>,
    pub region: String,
    /// It runs in a VPC (its configuration names subnets).
    pub vpc: bool,
    pub layers: Vec<String>,
    /// `x86_64` or `arm64`.
    pub architecture: String,
}

/// Keys to sign calls with, as Lambda hands them to the function.
#[derive(Clone, PartialEq, Default)]
pub struct Credentials {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: Option<String>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Credentials({}, ••••)", self.access_key_id)
    }
}

/// The export `handler` names (`index.handler` → `handler`).
pub fn export_name(handler: &str) -> &str {
    handler.rsplit_once('.').map_or(handler, |(_, name)| name)
}

/// The environment of the function's process: its own variables, then what Lambda sets (which
/// a function cannot override), the credentials, and where AWS is when ampdeck points
/// elsewhere (an emulator). `task_root` is where the bundle is.
pub fn environment(
    settings: &FunctionSettings,
    task_root: &str,
    credentials: &Credentials,
    endpoint_url: Option<&str>,
) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> = settings.variables.clone();
    let group = format!("/aws/lambda/{}", settings.function_name);
    let own = [
        ("AWS_REGION", settings.region.clone()),
        ("AWS_DEFAULT_REGION", settings.region.clone()),
        ("AWS_LAMBDA_FUNCTION_NAME", settings.function_name.clone()),
        ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", settings.memory_mb.to_string()),
        ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST".into()),
        ("AWS_LAMBDA_LOG_GROUP_NAME", group),
        ("AWS_LAMBDA_LOG_STREAM_NAME", LOG_STREAM.into()),
        ("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand".into()),
        ("AWS_EXECUTION_ENV", format!("AWS_Lambda_{}", settings.runtime)),
        ("_HANDLER", settings.handler.clone()),
        ("LAMBDA_TASK_ROOT", task_root.to_owned()),
        ("LAMBDA_RUNTIME_DIR", task_root.to_owned()),
        ("TZ", ":UTC".into()),
        ("LANG", "en_US.UTF-8".into()),
        ("AWS_ACCESS_KEY_ID", credentials.access_key_id.clone()),
        ("AWS_SECRET_ACCESS_KEY", credentials.secret_access_key.clone()),
    ];
    let reserved = |k: &str| own.iter().any(|(o, _)| *o == k) || k == "AWS_SESSION_TOKEN" || k == "AWS_ENDPOINT_URL";
    env.retain(|(k, _)| !reserved(k));
    env.extend(own.into_iter().map(|(k, v)| (k.to_owned(), v)));
    if let Some(token) = &credentials.session_token {
        env.push(("AWS_SESSION_TOKEN".into(), token.clone()));
    }
    if let Some(url) = endpoint_url {
        env.push(("AWS_ENDPOINT_URL".into(), url.to_owned()));
    }
    env
}

/// The log stream a local run's lines are said to come from.
pub const LOG_STREAM: &str = "ampdeck/local";

/// What this run does not have of the cloud, each in a few words.
pub fn differences(settings: &FunctionSettings, as_role: bool, host_arch: &str) -> Vec<String> {
    let mut out = Vec::new();
    if !as_role {
        out.push("not the function's role".to_owned());
    }
    if settings.vpc {
        out.push("not in its VPC".to_owned());
    }
    if !settings.layers.is_empty() {
        let names: Vec<&str> = settings.layers.iter().map(|l| layer_name(l)).collect();
        out.push(format!("layers not attached ({})", names.join(", ")));
    }
    out.push(format!("memory not capped at {} MB", settings.memory_mb));
    let arch = if host_arch == "aarch64" { "arm64" } else { host_arch };
    if !settings.architecture.is_empty() && settings.architecture != arch {
        out.push(format!("{arch} here, {} there", settings.architecture));
    }
    out
}

/// `arn:aws:lambda:r:a:layer:sharp:3` → `sharp:3`.
fn layer_name(arn: &str) -> &str {
    arn.split_once(":layer:").map_or(arn, |(_, name)| name)
}

/// A function not deployed yet, as the synthesized template declares it (the template whose
/// `AWS::Lambda::Function` carries `amplify:friendly-name` = `friendly`): its settings, the
/// variables whose value is only known once deployed (a table's name is a `Ref`), and its
/// asset folder in `cdk.out`.
#[derive(Debug, Clone, PartialEq)]
pub struct Declared {
    pub settings: FunctionSettings,
    pub unresolved: Vec<String>,
    pub asset: Option<String>,
}

pub fn declared(template: &str, friendly: &str, region: &str) -> Option<Declared> {
    let template: Value = serde_json::from_str(template).ok()?;
    let resources = template.get("Resources")?.as_object()?;
    let resource = resources.values().find(|r| {
        r.get("Type").and_then(Value::as_str) == Some("AWS::Lambda::Function") && friendly_name(r) == Some(friendly)
    })?;
    let props = resource.get("Properties")?;
    let text = |k: &str| props.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
    let number = |k: &str, default: u32| props.get(k).and_then(Value::as_u64).map_or(default, |n| n as u32);
    let mut unresolved = Vec::new();
    let variables = props
        .pointer("/Environment/Variables")
        .and_then(Value::as_object)
        .map(|vars| {
            vars.iter()
                .filter_map(|(k, v)| match v.as_str() {
                    Some(s) => Some((k.clone(), s.to_owned())),
                    None => {
                        unresolved.push(k.clone());
                        None
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let settings = FunctionSettings {
        function_name: friendly.to_owned(),
        runtime: text("Runtime"),
        handler: text("Handler"),
        timeout_s: number("Timeout", 3),
        memory_mb: number("MemorySize", 128),
        variables,
        region: region.to_owned(),
        vpc: props.get("VpcConfig").is_some(),
        architecture: props.pointer("/Architectures/0").and_then(Value::as_str).unwrap_or("x86_64").to_owned(),
        ..FunctionSettings::default()
    };
    let asset = resource.pointer("/Metadata/aws:asset:path").and_then(Value::as_str).map(str::to_owned);
    Some(Declared { settings, unresolved, asset })
}

fn friendly_name(resource: &Value) -> Option<&str> {
    let tags = resource.pointer("/Properties/Tags")?.as_array()?;
    tags.iter()
        .find(|t| t.get("Key").and_then(Value::as_str) == Some(super::template::FRIENDLY_NAME))
        .and_then(|t| t.get("Value")?.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Amplify's placeholder for a secret's variable until the banner fills it in.
    const SECRET_PLACEHOLDER: &str = "<value will be resolved during runtime>";

    fn settings() -> FunctionSettings {
        FunctionSettings {
            function_name: "amplify-app-sandbox-sayhello-AbC".into(),
            runtime: "nodejs22.x".into(),
            handler: "index.handler".into(),
            timeout_s: 3,
            memory_mb: 512,
            variables: vec![
                ("TODO_TABLE".into(), "Todo-abc-NONE".into()),
                ("AMPLIFY_SSM_ENV_CONFIG".into(), "{\"KEY\":{\"path\":\"/amplify/x/KEY\"}}".into()),
                ("KEY".into(), SECRET_PLACEHOLDER.into()),
                ("AWS_REGION".into(), "eu-west-1".into()),
            ],
            region: "us-east-1".into(),
            architecture: "x86_64".into(),
            ..FunctionSettings::default()
        }
    }

    fn get<'a>(env: &'a [(String, String)], key: &str) -> Option<&'a str> {
        env.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    #[test]
    fn the_environment_is_the_functions_variables_lambdas_own_and_the_credentials() {
        let creds = Credentials {
            access_key_id: "AKIA".into(),
            secret_access_key: "SeCrEt".into(),
            session_token: Some("t".into()),
        };
        let env =
            environment(&settings(), "/p/.amplify/artifacts/ampdeck/say-hello", &creds, Some("http://127.0.0.1:5000"));
        assert_eq!(get(&env, "TODO_TABLE"), Some("Todo-abc-NONE"));
        // The secret is left to the banner: its configuration and placeholder pass as deployed.
        assert_eq!(get(&env, "KEY"), Some(SECRET_PLACEHOLDER));
        assert!(get(&env, "AMPLIFY_SSM_ENV_CONFIG").is_some_and(|c| c.contains("/amplify/x/KEY")));
        // Lambda's own variables win over a variable of the same name.
        assert_eq!(get(&env, "AWS_REGION"), Some("us-east-1"));
        assert_eq!(env.iter().filter(|(k, _)| k == "AWS_REGION").count(), 1);
        assert_eq!(get(&env, "AWS_LAMBDA_FUNCTION_NAME"), Some("amplify-app-sandbox-sayhello-AbC"));
        assert_eq!(get(&env, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), Some("512"));
        assert_eq!(get(&env, "AWS_LAMBDA_LOG_GROUP_NAME"), Some("/aws/lambda/amplify-app-sandbox-sayhello-AbC"));
        assert_eq!(get(&env, "AWS_EXECUTION_ENV"), Some("AWS_Lambda_nodejs22.x"));
        assert_eq!(get(&env, "_HANDLER"), Some("index.handler"));
        assert_eq!(get(&env, "AWS_SESSION_TOKEN"), Some("t"));
        assert_eq!(get(&env, "AWS_ENDPOINT_URL"), Some("http://127.0.0.1:5000"));
        let plain = environment(&settings(), "/p", &Credentials::default(), None);
        assert_eq!((get(&plain, "AWS_SESSION_TOKEN"), get(&plain, "AWS_ENDPOINT_URL")), (None, None));
        assert_eq!(export_name("index.handler"), "handler");
        assert!(!format!("{creds:?}").contains("SeCrEt"));
    }

    #[test]
    fn what_a_local_run_lacks_is_named() {
        let mut s = settings();
        assert_eq!(differences(&s, false, "x86_64"), ["not the function's role", "memory not capped at 512 MB"]);
        s.vpc = true;
        s.layers = vec!["arn:aws:lambda:us-east-1:1:layer:sharp:3".into()];
        s.architecture = "arm64".into();
        assert_eq!(
            differences(&s, true, "x86_64"),
            [
                "not in its VPC",
                "layers not attached (sharp:3)",
                "memory not capped at 512 MB",
                "x86_64 here, arm64 there"
            ]
        );
        assert_eq!(differences(&s, true, "aarch64").len(), 3);
    }

    #[test]
    fn a_function_not_deployed_yet_runs_with_its_templates_variables_the_unresolved_named() {
        let template = r#"{"Resources":{"sayhellolambdaEFA46D92":{"Type":"AWS::Lambda::Function",
          "Properties":{"Runtime":"nodejs22.x","Handler":"index.handler","MemorySize":512,"Timeout":3,
            "Architectures":["x86_64"],
            "Environment":{"Variables":{"GREETING":"hi","TODO_TABLE":{"Ref":"TodoTable"}}},
            "Tags":[{"Key":"amplify:friendly-name","Value":"say-hello"}]},
          "Metadata":{"aws:asset:path":"asset.faa2"}}}}"#;
        let d = declared(template, "say-hello", "us-east-1").expect("declared");
        assert_eq!(d.settings.variables, [("GREETING".to_owned(), "hi".to_owned())]);
        assert_eq!(d.unresolved, ["TODO_TABLE"]);
        assert_eq!((d.settings.timeout_s, d.settings.memory_mb, d.asset.as_deref()), (3, 512, Some("asset.faa2")));
        assert!(declared(template, "other", "us-east-1").is_none());
    }
}
