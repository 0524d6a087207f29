//! Reading the data API's log lines (AppSync logging, `/aws/appsync/apis/<apiId>`): its JSON
//! records (`RequestSummary`, `ExecutionSummary`, the resolvers' mapping records, `Tracing`)
//! and its request-level text lines (`<request id> GraphQL Query: …, Operation: …`), each
//! turned into one line that says which resolver, which operation, how long, and what failed.
//! The mapping records keep their JSON after the summary: their context is the arguments and
//! results. A request summary counts as one invocation in the pane's figures.

use std::borrow::Cow;

use super::lambda::{Kind, Level, Parsed, Report};

#[derive(serde::Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct Record<'a> {
    #[serde(borrow)]
    log_type: Option<&'a str>,
    request_id: Option<&'a str>,
    #[serde(borrow)]
    parent_type: Option<Cow<'a, str>>,
    #[serde(borrow)]
    field_name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    resolver_arn: Option<Cow<'a, str>>,
    #[serde(borrow)]
    function_name: Option<Cow<'a, str>>,
    status_code: Option<u16>,
    /// Nanoseconds.
    latency: Option<f64>,
    /// Nanoseconds.
    duration: Option<f64>,
    field_in_error: bool,
    errors: Vec<serde_json::Value>,
}

pub fn parse(message: &str) -> Parsed<'_> {
    let trimmed = message.trim_end();
    if trimmed.starts_with('{')
        && let Ok(record) = serde_json::from_str::<Record>(trimmed)
    {
        return record_line(&record, trimmed);
    }
    text_line(trimmed)
}

fn ms(ns: f64) -> String {
    format!("{:.2} ms", ns / 1e6)
}

fn record_line<'a>(r: &Record<'a>, raw: &'a str) -> Parsed<'a> {
    let request_id = r.request_id;
    let parsed = |level, kind, text: String, report| Parsed { level, kind, request_id, text: text.into(), report };
    match r.log_type.unwrap_or_default() {
        "RequestSummary" => {
            let status = r.status_code.unwrap_or_default();
            let latency = r.latency.unwrap_or_default();
            let level = if status >= 400 { Level::Error } else { Level::Info };
            let report = Report { duration_ms: latency / 1e6, ..Report::default() };
            parsed(level, Kind::Report, format!("request {status} · {}", ms(latency)), Some(report))
        }
        "ExecutionSummary" => {
            parsed(Level::Info, Kind::Json, format!("executed in {}", ms(r.duration.unwrap_or_default())), None)
        }
        "Tracing" => {
            let text = format!("{} · {}", resolver(r), ms(r.duration.unwrap_or_default()));
            parsed(Level::Debug, Kind::Json, text, None)
        }
        kind => {
            let step = mapping_step(kind);
            let failure = first_error(&r.errors).or_else(|| r.field_in_error.then(|| "field in error".to_owned()));
            let (level, mark) = match &failure {
                Some(error) => (Level::Error, format!(" ✗ {error}")),
                None => (Level::Info, String::new()),
            };
            parsed(level, Kind::Json, format!("{} · {step}{mark}  {raw}", resolver(r)), None)
        }
    }
}

/// `Query.listTodos`, from the record's fields or its resolver's ARN
/// (`…/types/Query/resolvers/listTodos`); a pipeline function by its name.
fn resolver(r: &Record) -> String {
    if let (Some(parent), Some(field)) = (&r.parent_type, &r.field_name) {
        return format!("{parent}.{field}");
    }
    let from_arn = r.resolver_arn.as_deref().and_then(|arn| {
        let (_, rest) = arn.split_once("/types/")?;
        let (parent, field) = rest.split_once("/resolvers/")?;
        Some(format!("{parent}.{field}"))
    });
    from_arn.or_else(|| r.function_name.as_ref().map(|f| format!("function {f}"))).unwrap_or_else(|| "resolver".into())
}

fn mapping_step(log_type: &str) -> Cow<'_, str> {
    match log_type {
        "RequestMapping" => "request mapping".into(),
        "ResponseMapping" => "response mapping".into(),
        "BeforeMapping" => "before mapping".into(),
        "AfterMapping" => "after mapping".into(),
        "FunctionRequestMapping" => "function request".into(),
        "FunctionResponseMapping" => "function response".into(),
        "" => "record".into(),
        other => other.into(),
    }
}

fn first_error(errors: &[serde_json::Value]) -> Option<String> {
    let error = errors.first()?;
    let text = match error {
        serde_json::Value::String(s) => s.clone(),
        other => other.get("message").and_then(|m| m.as_str()).map_or_else(|| other.to_string(), str::to_owned),
    };
    Some(text.lines().next().unwrap_or_default().to_owned())
}

/// `<request id> GraphQL Query: query … , Operation: ListTodos, Variables: {…}`, `<request id>
/// Begin Request`, and the like.
fn text_line<'a>(line: &'a str) -> Parsed<'a> {
    let (request_id, rest) = match line.split_once(' ') {
        Some((id, rest)) if is_request_id(id) => (Some(id), rest),
        _ => (None, line),
    };
    let parsed = |level, kind, text: Cow<'a, str>| Parsed { level, kind, request_id, text, report: None };
    match rest {
        "Begin Request" => return parsed(Level::Platform, Kind::Start, rest.into()),
        "End Request" => return parsed(Level::Platform, Kind::End, rest.into()),
        _ => {}
    }
    if let Some(query) = rest.strip_prefix("GraphQL Query: ") {
        let (query, after) = query.rsplit_once(", Operation: ").unwrap_or((query, ""));
        let operation = after.split(", Variables: ").next().filter(|o| !o.is_empty() && *o != "null");
        let query: String = query.split_whitespace().collect::<Vec<_>>().join(" ");
        let text = match operation {
            Some(op) => format!("operation {op}: {query}"),
            None => format!("query: {query}"),
        };
        return parsed(Level::Info, Kind::Plain, text.into());
    }
    let level = if rest.contains("Error") || rest.contains("error") { Level::Error } else { Level::Debug };
    parsed(level, Kind::Plain, rest.into())
}

/// A UUID, as AppSync's request ids are.
fn is_request_id(s: &str) -> bool {
    s.len() == 36
        && s.bytes()
            .enumerate()
            .all(|(i, b)| if [8, 13, 18, 23].contains(&i) { b == b'-' } else { b.is_ascii_hexdigit() })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "dbe87af3-c114-4b32-ae79-8af11f3f96f1";

    #[test]
    fn a_request_summary_counts_with_its_latency_and_status() {
        let line = format!(
            r#"{{"logType":"RequestSummary","requestId":"{ID}","graphQLAPIId":"api1","statusCode":200,"latency":33707000}}"#
        );
        let p = parse(&line);
        assert_eq!((p.kind, p.level, p.request_id), (Kind::Report, Level::Info, Some(ID)));
        assert_eq!(p.text, "request 200 · 33.71 ms");
        assert!((p.report.expect("figures").duration_ms - 33.707).abs() < 1e-9);
        let failed = format!(r#"{{"logType":"RequestSummary","requestId":"{ID}","statusCode":401,"latency":1000000}}"#);
        assert_eq!(parse(&failed).level, Level::Error);
    }

    #[test]
    fn a_resolver_record_names_its_resolver_and_its_error() {
        let line = format!(
            r#"{{"logType":"ResponseMapping","path":["listTodos"],"fieldName":"listTodos","resolverArn":"arn:aws:appsync:us-east-1:1:apis/api1/types/Query/resolvers/listTodos","requestId":"{ID}","context":{{"arguments":{{}}}},"fieldInError":true,"errors":[{{"message":"Not Authorized to access listTodos on type Query","errorType":"Unauthorized"}}],"parentType":"Query","graphQLAPIId":"api1"}}"#
        );
        let p = parse(&line);
        assert_eq!(p.level, Level::Error);
        assert!(
            p.text.starts_with("Query.listTodos · response mapping ✗ Not Authorized to access listTodos"),
            "{}",
            p.text
        );
        assert!(p.text.contains(r#""context":{"arguments":{}}"#), "the record follows its summary");
        let by_arn = r#"{"logType":"RequestMapping","resolverArn":"arn:aws:appsync:us-east-1:1:apis/a/types/Mutation/resolvers/createTodo","fieldInError":false}"#;
        assert!(parse(by_arn).text.starts_with("Mutation.createTodo · request mapping  {"));
    }

    #[test]
    fn tracing_and_execution_read_in_milliseconds() {
        let trace = format!(
            r#"{{"logType":"Tracing","path":["listTodos","id"],"parentType":"Todo","fieldName":"id","duration":11300,"requestId":"{ID}"}}"#
        );
        let p = parse(&trace);
        assert_eq!((p.text.as_ref(), p.level), ("Todo.id · 0.01 ms", Level::Debug));
        let exec = r#"{"logType":"ExecutionSummary","requestId":"x","duration":5495422}"#;
        assert_eq!(parse(exec).text, "executed in 5.50 ms");
    }

    #[test]
    fn request_text_lines_give_the_operation_and_request_id() {
        let line = format!(
            "{ID} GraphQL Query: query ListTodos {{\n  listTodos {{ items {{ id }} }}\n}}, Operation: ListTodos, Variables: {{}}"
        );
        let p = parse(&line);
        assert_eq!(p.request_id, Some(ID));
        assert_eq!(p.text, "operation ListTodos: query ListTodos { listTodos { items { id } } }");
        assert_eq!(parse(&format!("{ID} Begin Request")).kind, Kind::Start);
        assert_eq!(parse("not a uuid at all").request_id, None);
    }

    #[test]
    fn unknown_shapes_are_plain_lines_never_errors() {
        for line in ["{", "{\"logType\":7}", "{}", "", "\u{1b}[31mred"] {
            let _ = parse(line);
        }
        assert_eq!(
            parse(r#"{"logType":"SomethingNew","requestId":"r"}"#).text.split("  ").next(),
            Some("resolver · SomethingNew")
        );
    }
}
