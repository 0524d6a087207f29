//! The environment's Lambda functions, named as the user named them (Amplify's
//! `amplify:friendly-name` tag, read from each stack's template once per deploy), each with its
//! log group, and which of them are Amplify's own (those missing from `definedFunctions`).

use std::collections::HashMap;

use aws_sdk_cloudformation::Client;

use crate::amplify::functions::{DEFINED_FUNCTIONS, defined_functions, function_of};
use crate::amplify::template::{self, Declared, LogGroup};
use crate::domain::logs::Function;
use crate::domain::stack::{StackEvent, StackOutput};

/// The environment's functions, named as the user named them, each with its log group.
pub async fn of(
    client: &Client,
    resources: &[StackEvent],
    outputs: &[StackOutput],
    templates: &mut HashMap<String, HashMap<String, Declared>>,
) -> Vec<Function> {
    let lambdas: Vec<&StackEvent> =
        resources.iter().filter(|r| r.resource_type == "AWS::Lambda::Function" && !r.physical_id.is_empty()).collect();
    for stack_id in lambdas.iter().map(|r| &r.stack_id) {
        if !templates.contains_key(stack_id) {
            // Without the template (no permission, YAML) the logical id names it.
            let body = client.get_template().stack_name(stack_id).send().await.ok();
            let declared = body.and_then(|b| b.template_body().map(template::read)).unwrap_or_default();
            templates.insert(stack_id.clone(), declared);
        }
    }
    // Amplify lists the functions the user defined in the root's `definedFunctions`
    // output; every other function is one of its own.
    let defined: Option<Vec<String>> =
        outputs.iter().find(|o| o.key == DEFINED_FUNCTIONS).and_then(|o| defined_functions(&o.value));
    lambdas
        .iter()
        .map(|r| {
            let mut function = function_of(&r.logical_id, &r.physical_id);
            if let Some(defined) = &defined {
                function.internal = !defined.contains(&r.physical_id);
            }
            let declared = templates.get(&r.stack_id).and_then(|t| t.get(&r.logical_id));
            if let Some(name) = declared.and_then(|d| d.friendly.clone()) {
                function.name = name;
            }
            if let Some(group) = declared.and_then(|d| log_group(d.log_group.as_ref()?, &r.stack_id, resources)) {
                function.log_group = group;
            }
            function
        })
        .collect()
}

/// The user's functions of `of`'s answer (same order as the resources' functions) with
/// their Lambda names, for invoking.
pub fn targets(functions: &[Function], resources: &[StackEvent]) -> Vec<crate::domain::invoke::Target> {
    let lambdas = resources.iter().filter(|r| r.resource_type == "AWS::Lambda::Function" && !r.physical_id.is_empty());
    functions
        .iter()
        .zip(lambdas)
        .filter(|(f, _)| !f.internal)
        .map(|(f, r)| crate::domain::invoke::Target { name: f.name.clone(), function_name: r.physical_id.clone() })
        .collect()
}

/// The name of a function's own log group: given, or the physical id of the stack's log group
/// it refers to.
fn log_group(declared: &LogGroup, stack_id: &str, resources: &[StackEvent]) -> Option<String> {
    match declared {
        LogGroup::Name(name) => Some(name.clone()),
        LogGroup::Ref(logical) => resources
            .iter()
            .find(|r| r.stack_id == stack_id && &r.logical_id == logical && !r.physical_id.is_empty())
            .map(|r| r.physical_id.clone()),
    }
}
