//! The `amplify_outputs.json` a deploy of the sample app leaves behind, changing the way the
//! real file changes: a first deploy writes it, resource changes add to it, code does not;
//! and the root stack's outputs the demo's stacks report.

use serde_json::{Value, json};

use super::Scenario;
use super::account::{REGION, say_hello_function};
use crate::amplify::stack_name::parse_stack_name;
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
            outputs["custom"] = json!({ "sayHelloFunctionName": say_hello_function(stack_name) });
            outputs["storage"]["buckets"][0]["paths"]["media/{entity_id}/*"]["entityidentity"] =
                json!(["get", "list", "write", "delete"]);
        }
        // A rolled-back update leaves the outputs as they were.
        Scenario::Hotswap | Scenario::NoChanges | Scenario::FailedAuth | Scenario::SilentRollback => return None,
        Scenario::Destroy => return None,
    }
    Some(outputs)
}

/// The hash that ends a stack's name, which the demo's made-up ids are derived from.
fn hash(stack: &str) -> &str {
    stack.rsplit('-').next().unwrap_or("0000000000")
}

pub(super) fn user_pool_id(stack: &str) -> String {
    let hash = hash(stack);
    format!("{REGION}_{}", &hash[..hash.len().min(9)])
}

fn client_id(stack: &str) -> String {
    format!("{}clientid0demo", hash(stack))
}

fn graphql_url(stack: &str) -> String {
    format!("https://{}demo.appsync-api.{REGION}.amazonaws.com/graphql", hash(stack))
}

/// The id of a stack's data API, as its outputs and its resolvers' ARNs give it.
pub fn api_id(stack: &str) -> String {
    format!("{}demoapi", hash(stack))
}

fn base(stack_name: &str) -> Value {
    let hash = hash(stack_name);
    json!({
        "version": "1.4",
        "auth": {
            "aws_region": REGION,
            "user_pool_id": user_pool_id(stack_name),
            "user_pool_client_id": client_id(stack_name),
            "identity_pool_id": format!("{REGION}:{hash}-0000-4000-8000-identitypool"),
            "standard_required_attributes": ["email"],
            "username_attributes": ["email"],
        },
        "data": {
            "url": graphql_url(stack_name),
            "aws_region": REGION,
            "default_authorization_type": "AMAZON_COGNITO_USER_POOLS",
            "model_introspection": { "models": { "Todo": { "fields": {
                "content": { "name": "content", "type": "String", "isRequired": false },
                "done": { "name": "done", "type": "Boolean", "isRequired": false },
            } } } },
        },
        "storage": {
            "aws_region": REGION,
            "bucket_name": format!("{stack_name}-demofilesbucket"),
            "buckets": [{ "name": "demoFiles", "bucket_name": format!("{stack_name}-demofilesbucket"), "paths": {} }],
        },
    })
}

/// What following the demo's stack reports after its resources: its outputs and its function.
pub fn messages(stack: &str) -> Vec<crate::ports::FollowMsg> {
    let say_hello = Target { name: "say-hello".into(), function_name: say_hello_function(stack) };
    vec![
        crate::ports::FollowMsg::StackOutputs(stack_outputs(stack)),
        crate::ports::FollowMsg::Functions(vec![say_hello]),
    ]
}

/// The root stack's outputs, shaped like the sample app's (see its root template).
pub fn stack_outputs(stack: &str) -> Vec<StackOutput> {
    [
        ("awsAppsyncApiEndpoint", graphql_url(stack)),
        ("userPoolId", user_pool_id(stack)),
        ("webClientId", client_id(stack)),
        ("authRegion", REGION.into()),
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
            serde_json::to_string(&[
                json!({"name": "demoFiles", "bucketName": format!("{stack}-demofilesbucket"), "storageRegion": REGION})
                    .to_string(),
            ])
            .unwrap_or_default(),
        ),
        ("awsAppsyncApiId", api_id(stack)),
        ("amplifyApiModelSchemaS3Uri", format!("s3://{stack}-codegenassets/model-schema.graphql")),
        // A branch's stack says it is one.
        ("deploymentType", parse_stack_name(stack).map_or("sandbox", |p| p.kind.as_str()).into()),
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

    #[test]
    fn the_outputs_file_and_the_stack_outputs_name_one_region_pool_client_and_function() {
        let stack = "amplify-app-root-sandbox-1496b9051c";
        let file = after(None, Scenario::NewDeployment, stack).expect("written");
        let file = after(Some(&file), Scenario::AddFunctionStorage, stack).expect("written");
        let outputs = stack_outputs(stack);
        let output = |key: &str| outputs.iter().find(|o| o.key == key).map(|o| o.value.clone()).expect(key);
        assert_eq!(file["auth"]["user_pool_id"], output("userPoolId"));
        assert_eq!(file["auth"]["user_pool_client_id"], output("webClientId"));
        assert_eq!(file["data"]["url"], output("awsAppsyncApiEndpoint"));
        assert_eq!(file["custom"]["sayHelloFunctionName"], say_hello_function(stack));
        let everything = format!("{file} {outputs:?}");
        assert!(!everything.contains("us-east-1") && everything.contains(REGION), "{everything}");
        assert_eq!(output("deploymentType"), "sandbox");
        let main = stack_outputs(&super::super::account::branch_stack("main"));
        assert!(main.iter().any(|o| o.key == "deploymentType" && o.value == "branch"), "{main:?}");
    }
}
