//! Amplify's functions as a person names them: the name the user gave (`say-hello`), which
//! functions are Amplify's and CDK's own (custom-resource handlers, the table manager), and
//! where a function logs by default.

use crate::domain::logs::Function;

/// Logical ids of the functions CDK and Amplify add for themselves.
const INTERNAL: &[&str] = &[
    "CustomResourceProvider",
    "Provider",
    "TableManager",
    "BucketDeployment",
    "BucketNotificationsHandler",
    "AutoDeleteObjects",
    "LogRetention",
    "AWS679f53fac002430cb0da5b7982bd2287",
];

/// The root stack output listing the functions the user defined (a JSON array of names).
pub const DEFINED_FUNCTIONS: &str = "definedFunctions";

/// An `AWS::Lambda::Function` resource, before its template says more: named after its
/// logical id, logging to the group CloudWatch gives it by default.
pub fn function_of(logical_id: &str, physical_id: &str) -> Function {
    let base = friendly_logical_id(logical_id);
    let name = base.strip_suffix("lambda").filter(|n| !n.is_empty()).unwrap_or(base);
    Function {
        name: name.to_owned(),
        log_group: format!("/aws/lambda/{physical_id}"),
        internal: INTERNAL.iter().any(|m| logical_id.contains(m)),
        source: crate::domain::logs::LogSource::Lambda,
    }
}

/// The names in the `definedFunctions` output, when it is there and readable.
pub fn defined_functions(output_value: &str) -> Option<Vec<String>> {
    serde_json::from_str(output_value).ok()
}

/// The root stack output naming the data API.
pub const APPSYNC_API_ID: &str = "awsAppsyncApiId";
pub const APPSYNC_LOG_PREFIX: &str = "/aws/appsync/apis/";

/// The data API as a log source: where AppSync logs its resolvers when `defineData` turns
/// logging on. Tailed whether or not it is on: a group that does not exist has no lines.
pub fn data_api(outputs: &[crate::domain::stack::StackOutput]) -> Option<Function> {
    let id = outputs.iter().find(|o| o.key == APPSYNC_API_ID).map(|o| o.value.trim()).filter(|v| !v.is_empty())?;
    Some(Function {
        name: DATA_API.into(),
        log_group: format!("{APPSYNC_LOG_PREFIX}{id}"),
        internal: false,
        source: crate::domain::logs::LogSource::AppSync,
    })
}

/// The data API's name among the functions in the Logs pane.
pub const DATA_API: &str = "data API";

/// CDK appends an 8-digit hex hash to logical ids (`auth179371D7`); they read better without
/// it (`auth`).
pub fn friendly_logical_id(id: &str) -> &str {
    let n = id.len();
    let hashed = n > 8 && id[n - 8..].bytes().all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b));
    if hashed { &id[..n - 8] } else { id }
}

/// How a nested stack reads in its parent: `data7552DF31` is `data`, Amplify's
/// `amplifyDataPostNestedStackPostNestedStackResourceB65AFCD3` is `Post`.
pub fn nested_stack_label(logical_id: &str) -> &str {
    let id = friendly_logical_id(logical_id);
    match id.find("NestedStack") {
        Some(at) if at > 0 => {
            let head = &id[..at];
            head.strip_prefix("amplifyData").filter(|h| !h.is_empty()).unwrap_or(head)
        }
        _ => id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_stacks_read_by_what_they_hold() {
        assert_eq!(nested_stack_label("data7552DF31"), "data");
        assert_eq!(nested_stack_label("amplifyDataPostNestedStackPostNestedStackResourceB65AFCD3"), "Post");
        assert_eq!(
            nested_stack_label(
                "amplifyDataAmplifyTableManagerNestedStackAmplifyTableManagerNestedStackResource86290833"
            ),
            "AmplifyTableManager"
        );
        assert_eq!(nested_stack_label("NestedStackX"), "NestedStackX");
    }

    #[test]
    fn function_names_read_like_the_amplify_function() {
        let f = function_of("sayhellolambdaEFA46D92", "amplify-app-root-sa-sayhellolambdaEFA4-AbC123");
        assert_eq!(f.name, "sayhello");
        assert_eq!(f.log_group, "/aws/lambda/amplify-app-root-sa-sayhellolambdaEFA4-AbC123");
        assert!(!f.internal);
        assert!(function_of("TableManagerCustomProviderframeworkonEvent1DFC2ECC", "x").internal);
        assert!(function_of("CustomS3AutoDeleteObjectsCustomResourceProviderHandler9D90184F", "x").internal);
    }

    #[test]
    fn strips_cdk_hashes_only_when_present() {
        assert_eq!(friendly_logical_id("auth179371D7"), "auth");
        assert_eq!(friendly_logical_id("function1351588B"), "function");
        assert_eq!(friendly_logical_id("plain"), "plain");
    }

    #[test]
    fn defined_functions_are_a_json_list() {
        assert_eq!(defined_functions(r#"["say-hello"]"#), Some(vec!["say-hello".to_owned()]));
        assert_eq!(defined_functions("not json"), None);
    }
}
