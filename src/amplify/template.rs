//! What a stack's template declares about its Lambda functions, beyond what the resource
//! list says: the name the user gave (Amplify's `amplify:friendly-name` tag, `say-hello`
//! where the logical id says `sayhellolambdaEFA46D92`) and a log group of its own
//! (`LoggingConfig.LogGroup`, a name or a `Ref` to an `AWS::Logs::LogGroup` of the stack).

use std::collections::HashMap;

use serde_json::Value;

/// The tag Amplify puts on each function it defines: the name the user gave.
pub const FRIENDLY_NAME: &str = "amplify:friendly-name";

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Declared {
    pub friendly: Option<String>,
    pub log_group: Option<LogGroup>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LogGroup {
    Name(String),
    /// The logical id of a log group of the same stack.
    Ref(String),
}

/// Per logical id of each `AWS::Lambda::Function`; nothing for a template that is not JSON.
pub fn read(template: &str) -> HashMap<String, Declared> {
    let Ok(template) = serde_json::from_str::<Value>(template) else { return HashMap::new() };
    let Some(resources) = template.get("Resources").and_then(Value::as_object) else { return HashMap::new() };
    resources
        .iter()
        .filter(|(_, r)| r.get("Type").and_then(Value::as_str) == Some("AWS::Lambda::Function"))
        .map(|(logical, r)| (logical.clone(), declared(r.get("Properties").unwrap_or(&Value::Null))))
        .collect()
}

fn declared(properties: &Value) -> Declared {
    let friendly = properties.get("Tags").and_then(Value::as_array).and_then(|tags| {
        tags.iter()
            .find(|t| t.get("Key").and_then(Value::as_str) == Some(FRIENDLY_NAME))
            .and_then(|t| t.get("Value")?.as_str())
            .map(|s| crate::util::sanitize::sanitize(s).into_owned())
    });
    let log_group = properties.get("LoggingConfig").and_then(|c| c.get("LogGroup")).and_then(|g| match g {
        Value::String(name) => Some(LogGroup::Name(name.clone())),
        other => other.get("Ref").and_then(Value::as_str).map(|r| LogGroup::Ref(r.to_owned())),
    });
    Declared { friendly, log_group }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_apps_function_template_names_say_hello() {
        let template = include_str!("../../tests/fixtures/function-stack.template.json");
        let declared = read(template);
        assert_eq!(declared["sayhellolambdaEFA46D92"].friendly.as_deref(), Some("say-hello"));
        assert_eq!(declared["sayhellolambdaEFA46D92"].log_group, None);
    }

    #[test]
    fn a_log_group_of_its_own_by_name_or_by_ref() {
        let template = r#"{"Resources":{
            "A":{"Type":"AWS::Lambda::Function","Properties":{"LoggingConfig":{"LogGroup":"/custom/a"}}},
            "B":{"Type":"AWS::Lambda::Function","Properties":{"LoggingConfig":{"LogGroup":{"Ref":"BLogs"}}}},
            "BLogs":{"Type":"AWS::Logs::LogGroup","Properties":{}}}}"#;
        let declared = read(template);
        assert_eq!(declared["A"].log_group, Some(LogGroup::Name("/custom/a".into())));
        assert_eq!(declared["B"].log_group, Some(LogGroup::Ref("BLogs".into())));
        assert!(read("Resources: {}\n").is_empty(), "YAML templates are left alone");
    }
}
