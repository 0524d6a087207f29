//! The `amplify_outputs.json` a deploy of the sample app leaves behind, changing the way the
//! real file changes: a first deploy writes it, resource changes add to it, code does not;
//! and the root stack's outputs the demo's stacks report.

use serde_json::{Value, json};

use super::Scenario;
use crate::domain::invoke::Target;
use crate::domain::stack::StackOutput;

/// The outputs after `scenario` succeeded on top of `current`.
pub fn after(current: Option<&Value>, scenario: Scenario, stack_name: &str) -> Option<Value> {
    let mut outputs = current.cloned().unwrap_or_else(|| base(stack_name));
    match scenario {
        Scenario::NewDeployment => outputs = base(stack_name),
        Scenario::Update => {
            outputs["data"]["model_introspection"]["models"]["Todo"]["fields"]["priority"] =
                json!({ "name": "priority", "type": "Int", "isRequired": false });
        }
        Scenario::AddFunctionStorage => {
            outputs["custom"] = json!({ "sayHelloFunctionName": format!("{stack_name}-sayhellolambda") });
            outputs["storage"]["buckets"][0]["paths"]["media/{entity_id}/*"]["entityidentity"] =
                json!(["get", "list", "write", "delete"]);
        }
        // A rolled-back update leaves the outputs as they were.
        Scenario::Hotswap | Scenario::NoChanges | Scenario::FailedAuth | Scenario::SilentRollback => return None,
        Scenario::Destroy => return None,
    }
    Some(outputs)
}

fn base(stack_name: &str) -> Value {
    let hash = stack_name.rsplit('-').next().unwrap_or("0000000000");
    json!({
        "version": "1.4",
        "auth": {
            "aws_region": "us-east-1",
            "user_pool_id": format!("us-east-1_{}", &hash[..hash.len().min(9)]),
            "user_pool_client_id": format!("{hash}clientid0demo"),
            "identity_pool_id": format!("us-east-1:{hash}-0000-4000-8000-identitypool"),
            "standard_required_attributes": ["email"],
            "username_attributes": ["email"],
        },
        "data": {
            "url": format!("https://{hash}demo.appsync-api.us-east-1.amazonaws.com/graphql"),
            "aws_region": "us-east-1",
            "default_authorization_type": "AMAZON_COGNITO_USER_POOLS",
            "model_introspection": { "models": { "Todo": { "fields": {
                "content": { "name": "content", "type": "String", "isRequired": false },
                "done": { "name": "done", "type": "Boolean", "isRequired": false },
            } } } },
        },
        "storage": {
            "aws_region": "us-east-1",
            "bucket_name": format!("{stack_name}-demofilesbucket"),
            "buckets": [{ "name": "demoFiles", "bucket_name": format!("{stack_name}-demofilesbucket"), "paths": {} }],
        },
    })
}

/// What following the demo's stack reports after its resources: its outputs and its function.
pub fn messages(stack: &str) -> Vec<crate::ports::FollowMsg> {
    let say_hello = Target { name: "say-hello".into(), function_name: format!("{stack}-sayhellolambda") };
    vec![
        crate::ports::FollowMsg::StackOutputs(stack_outputs(stack)),
        crate::ports::FollowMsg::Functions(vec![say_hello]),
    ]
}

/// The root stack's outputs, shaped like the sample app's (see its root template).
pub fn stack_outputs(stack: &str) -> Vec<StackOutput> {
    let hash = stack.rsplit('-').next().unwrap_or_default();
    [
        ("awsAppsyncApiEndpoint", format!("https://{hash}demo.appsync-api.us-east-1.amazonaws.com/graphql")),
        ("userPoolId", format!("us-east-1_{}", &hash[..hash.len().min(9)])),
        ("webClientId", format!("{hash}democlient")),
        ("authRegion", "us-east-1".into()),
        ("usernameAttributes", r#"["email"]"#.into()),
        ("passwordPolicyMinLength", "8".into()),
        (
            "passwordPolicyRequirements",
            r#"["REQUIRES_NUMBERS","REQUIRES_LOWERCASE","REQUIRES_UPPERCASE","REQUIRES_SYMBOLS"]"#.into(),
        ),
        ("groups", r#"[{"ADMINS":{"precedence":0}},{"EDITORS":{"precedence":1}}]"#.into()),
        ("definedFunctions", "[\"say-hello\"]".into()),
        ("bucketName", format!("{stack}-demofilesbucket")),
        (
            "buckets",
            serde_json::to_string(&[json!({"name": "demoFiles", "bucketName": format!("{stack}-demofilesbucket"), "storageRegion": "us-east-1"}).to_string()]).unwrap_or_default(),
        ),
        ("awsAppsyncApiId", format!("{hash}demoapi")),
        ("amplifyApiModelSchemaS3Uri", format!("s3://{stack}-codegenassets/model-schema.graphql")),
        ("deploymentType", "sandbox".into()),
    ]
    .into_iter()
    .map(|(key, value)| StackOutput { key: key.into(), value, description: None })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::outputs::diff;

    #[test]
    fn resource_changes_change_the_outputs_and_code_changes_do_not() {
        let first = after(None, Scenario::NewDeployment, "amplify-app-root-sandbox-1496b9051c").expect("written");
        assert!(after(Some(&first), Scenario::Hotswap, "s").is_none());
        let updated = after(Some(&first), Scenario::Update, "s").expect("written");
        let d = diff(Some(&first), Some(&updated));
        assert!(
            d.changes
                .iter()
                .all(|c| matches!(c, crate::model::outputs::Change::Added { path, .. } if path.contains("priority")))
        );
        assert!(!d.is_empty());
    }
}
