//! Test events for a function, shaped the way its trigger sends them: an AppSync resolver
//! event with the arguments of the custom query or mutation it handles (from the model
//! schema: `@function(name: "FnSayHello")` is `a.handler.function(sayHello)`), an API Gateway
//! proxy request, an S3 put, a Cognito trigger, a schedule, or `{}`. And where a team keeps
//! them: `ampdeck/events/<function>/<event>.json`, outside `amplify/`, so editing one never
//! deploys.

use serde_json::{Value, json};

use super::graphql::{self, TypeDef};

pub const FOLDER: &str = "ampdeck/events";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    AppSync,
    Api,
    S3,
    Cognito,
    Schedule,
    Empty,
}

impl Template {
    pub const ALL: [Template; 6] = [Self::AppSync, Self::Api, Self::S3, Self::Cognito, Self::Schedule, Self::Empty];

    /// Its name and what it is, as a picker lists it.
    pub fn label(self) -> &'static str {
        match self {
            Self::AppSync => "appsync: an AppSync resolver event with the arguments of its query",
            Self::Api => "api: an API Gateway proxy request",
            Self::S3 => "s3: an S3 put notification",
            Self::Cognito => "cognito: a Cognito trigger",
            Self::Schedule => "schedule: an EventBridge schedule",
            Self::Empty => "empty: {}",
        }
    }

    /// The template a [`Template::label`] names.
    pub fn by_label(label: &str) -> Option<Template> {
        Self::ALL.into_iter().find(|t| t.label() == label)
    }
}

/// A query or mutation whose resolver is the function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolver {
    pub type_name: String,
    pub field: String,
    /// Argument names and their GraphQL types.
    pub args: Vec<(String, String)>,
    /// The name in `@function(name: …)`.
    pub handler: String,
}

/// Every `@function` resolver of a model schema in GraphQL.
pub fn resolvers(schema: &str) -> Vec<Resolver> {
    let Ok(types) = graphql::parse(schema) else { return Vec::new() };
    let mut found = Vec::new();
    for t in types {
        let TypeDef::Object { name, fields, .. } = t else { continue };
        if !matches!(name.as_str(), "Query" | "Mutation") {
            continue;
        }
        for f in fields {
            for d in f.directives.iter().filter(|d| d.name == "function") {
                let Some(handler) = d.args.get("name").and_then(Value::as_str) else { continue };
                let args = f.args.iter().map(|a| (a.name.clone(), a.kind.clone())).collect();
                found.push(Resolver {
                    type_name: name.clone(),
                    field: f.name.clone(),
                    args,
                    handler: handler.to_owned(),
                });
            }
        }
    }
    found
}

/// Whether `handler` (as the schema names it) is the function the user named `function`:
/// Amplify names it `Fn` and the name in PascalCase (`say-hello` → `FnSayHello`).
pub fn handles(handler: &str, function: &str) -> bool {
    let pascal: String =
        function.split(['-', '_', ' ']).filter(|w| !w.is_empty()).map(|w| w[..1].to_uppercase() + &w[1..]).collect();
    handler == function || handler == format!("Fn{pascal}")
}

/// The template a new event of `function` starts from unless the user names another.
pub fn default_for(resolvers: &[Resolver], function: &str) -> Template {
    if resolvers.iter().any(|r| handles(&r.handler, function)) { Template::AppSync } else { Template::Empty }
}

fn sample(kind: &str) -> Value {
    match kind {
        "Int" => json!(1),
        "Float" => json!(1.5),
        "Boolean" => json!(true),
        "AWSJSON" => json!("{}"),
        "AWSDateTime" => json!("2026-01-31T12:00:00.000Z"),
        "ID" => json!("00000000-0000-4000-8000-000000000000"),
        _ => json!("Amplify"),
    }
}

/// A new event from `template`, pretty JSON.
pub fn event(template: Template, function: &str, resolvers: &[Resolver]) -> String {
    let value = match template {
        Template::AppSync => {
            let resolver = resolvers.iter().find(|r| handles(&r.handler, function));
            let (type_name, field) = resolver.map_or(("Query", "field"), |r| (r.type_name.as_str(), r.field.as_str()));
            let arguments: serde_json::Map<String, Value> =
                resolver.into_iter().flat_map(|r| &r.args).map(|(n, k)| (n.clone(), sample(k))).collect();
            json!({
                "typeName": type_name,
                "fieldName": field,
                "arguments": arguments,
                "identity": { "sub": "00000000-0000-4000-8000-000000000001", "username": "dev@example.com", "claims": {} },
                "source": null,
                "request": { "headers": {} },
                "prev": null,
                "info": { "fieldName": field, "parentTypeName": type_name, "variables": {} },
                "stash": {}
            })
        }
        Template::Api => json!({
            "resource": "/items", "path": "/items", "httpMethod": "POST",
            "headers": { "content-type": "application/json" },
            "queryStringParameters": null, "pathParameters": null,
            "requestContext": { "stage": "prod", "requestId": "test-request" },
            "body": "{\"hello\":\"world\"}", "isBase64Encoded": false
        }),
        Template::S3 => json!({ "Records": [{
            "eventSource": "aws:s3", "eventName": "ObjectCreated:Put", "awsRegion": "us-east-1",
            "s3": { "bucket": { "name": "my-bucket" }, "object": { "key": "public/photo.jpg", "size": 1024 } }
        }] }),
        Template::Cognito => json!({
            "version": "1", "triggerSource": "PostConfirmation_ConfirmSignUp", "region": "us-east-1",
            "userPoolId": "us-east-1_example", "userName": "dev@example.com",
            "request": { "userAttributes": { "sub": "00000000-0000-4000-8000-000000000001", "email": "dev@example.com" } },
            "response": {}
        }),
        Template::Schedule => json!({
            "version": "0", "id": "00000000-0000-4000-8000-000000000002", "detail-type": "Scheduled Event",
            "source": "aws.events", "time": "2026-01-31T12:00:00Z", "region": "us-east-1", "resources": [], "detail": {}
        }),
        Template::Empty => json!({}),
    };
    serde_json::to_string_pretty(&value).unwrap_or_else(|_| "{}".into()) + "\n"
}

/// An event's file name from what the user typed: letters, digits, `-`, `_`, `.` only.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        && !name.starts_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMA: &str = include_str!("../../tests/fixtures/data/model-schema.graphql");

    #[test]
    fn the_sample_apps_query_gives_an_appsync_event_with_its_arguments() {
        let found = resolvers(SCHEMA);
        assert_eq!(found.len(), 1);
        assert!(handles(&found[0].handler, "say-hello"), "{found:?}");
        assert_eq!(default_for(&found, "say-hello"), Template::AppSync);
        assert_eq!(default_for(&found, "other"), Template::Empty);
        let event: Value = serde_json::from_str(&event(Template::AppSync, "say-hello", &found)).unwrap();
        assert_eq!((event["typeName"].as_str(), event["fieldName"].as_str()), (Some("Query"), Some("sayHello")));
        assert_eq!(event["arguments"], json!({ "name": "Amplify" }));
    }

    #[test]
    fn every_template_is_json_and_names_are_checked() {
        for t in Template::ALL {
            assert!(serde_json::from_str::<Value>(&event(t, "f", &[])).is_ok(), "{t:?}");
            assert_eq!(Template::by_label(t.label()), Some(t));
        }
        assert!(valid_name("hello-world_1.v2") && !valid_name("../x") && !valid_name(".hidden"));
    }
}
