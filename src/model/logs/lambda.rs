//! Reading Lambda log messages: platform lines (START/END/REPORT/INIT), the runtimes' own
//! line shapes (Node.js `time\trequest\tLEVEL\tmessage`, Python `[LEVEL]\ttime\trequest\tmessage`),
//! JSON structured logs, and plain text. REPORT lines also give the invocation's figures.

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Error,
    Warn,
    Info,
    Debug,
    /// Platform lines: START, END, REPORT, INIT_START.
    Platform,
}

/// What shape a log message had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Start,
    End,
    Report,
    Init,
    /// A runtime's own tab-separated line (`console.log` in Node.js, `logging` in Python).
    Runtime,
    Json,
    Plain,
    /// ampdeck's own line: a deploy started or ended, or the user's `m`.
    Marker,
}

/// The figures of one invocation, from its REPORT line.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Report {
    pub duration_ms: f64,
    /// Present on a cold start.
    pub init_ms: Option<f64>,
    pub max_memory_mb: Option<u32>,
    pub billed_ms: Option<f64>,
    pub memory_size_mb: Option<u32>,
}

pub struct Parsed<'a> {
    pub level: Level,
    pub kind: Kind,
    pub request_id: Option<&'a str>,
    pub text: std::borrow::Cow<'a, str>,
    pub report: Option<Report>,
}

pub fn parse(message: &str) -> Parsed<'_> {
    let trimmed = message.trim_end();
    if let Some(kind) = platform_kind(trimmed) {
        let report = (kind == Kind::Report).then(|| report(trimmed));
        // REPORT fields are tab-separated; show them as one readable line.
        let text = if trimmed.contains('\t') { trimmed.replace('\t', "  ").into() } else { trimmed.into() };
        return Parsed { level: Level::Platform, kind, request_id: field(trimmed, "RequestId:"), text, report };
    }
    if let Some((level, request_id, rest)) = node_line(trimmed).or_else(|| python_line(trimmed)) {
        let level = json_level(rest).unwrap_or(level);
        return Parsed { level, kind: Kind::Runtime, request_id, text: rest.into(), report: None };
    }
    if is_json_object(trimmed) {
        let level = json_level(trimmed).unwrap_or(Level::Info);
        let request_id =
            ["requestId", "awsRequestId", "AWSRequestId", "request_id"].iter().find_map(|k| string_field(trimmed, k));
        return Parsed { level, kind: Kind::Json, request_id, text: trimmed.into(), report: None };
    }
    Parsed { level: guess_level(trimmed), kind: Kind::Plain, request_id: None, text: trimmed.into(), report: None }
}

fn platform_kind(line: &str) -> Option<Kind> {
    Some(match line.split([' ', '\t']).next()? {
        "START" => Kind::Start,
        "END" => Kind::End,
        "REPORT" => Kind::Report,
        "INIT_START" | "INIT_REPORT" | "INIT_RUNTIME_DONE" => Kind::Init,
        _ => return None,
    })
}

/// The value after `key` up to the next space or tab.
fn field<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let at = line.find(key)? + key.len();
    let rest = line[at..].trim_start();
    rest.split([' ', '\t']).next().filter(|v| !v.is_empty())
}

fn number(line: &str, key: &str) -> Option<f64> {
    field(line, key)?.parse().ok()
}

fn report(line: &str) -> Report {
    Report {
        duration_ms: number(line, "\tDuration:").or_else(|| number(line, " Duration:")).unwrap_or_default(),
        init_ms: number(line, "Init Duration:"),
        max_memory_mb: field(line, "Max Memory Used:").and_then(|v| v.parse().ok()),
        billed_ms: number(line, "Billed Duration:"),
        memory_size_mb: field(line, "Memory Size:").and_then(|v| v.parse().ok()),
    }
}

/// Node.js: `2025-03-11T03:09:36.161Z\t<request id>\tINFO\tmessage`.
fn node_line(line: &str) -> Option<(Level, Option<&str>, &str)> {
    let mut parts = line.splitn(4, '\t');
    let (time, request, level, rest) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    time.ends_with('Z').then_some(())?;
    Some((level_word(level)?, Some(request).filter(|r| !r.is_empty() && *r != "undefined"), rest))
}

/// Python: `[ERROR]\t2025-03-11T03:09:36.161Z\t<request id>\tmessage`.
fn python_line(line: &str) -> Option<(Level, Option<&str>, &str)> {
    let mut parts = line.splitn(4, '\t');
    let (level, time, request, rest) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let level = level.strip_prefix('[')?.strip_suffix(']')?;
    time.ends_with('Z').then_some(())?;
    Some((level_word(level)?, Some(request).filter(|r| !r.is_empty()), rest))
}

/// A structured log line. Checked by shape, not parsed: ingest must keep up with a
/// million lines a second, and the pane shows the text as written.
fn is_json_object(text: &str) -> bool {
    text.starts_with('{') && text.ends_with('}')
}

fn json_level(text: &str) -> Option<Level> {
    if !is_json_object(text) {
        return None;
    }
    ["level", "severity", "logLevel"].iter().find_map(|k| string_field(text, k)).and_then(level_word)
}

/// The string value of `"key": "value"` in a JSON text, without parsing the rest.
fn string_field<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(at) = text[from..].find(key) {
        let start = from + at;
        from = start + key.len();
        if !text[..start].ends_with('"') || !text[from..].starts_with('"') {
            continue;
        }
        let rest = text[from + 1..].trim_start().strip_prefix(':')?.trim_start().strip_prefix('"')?;
        let end = rest.find('"')?;
        return Some(&rest[..end]);
    }
    None
}

fn level_word(word: &str) -> Option<Level> {
    Some(match word.to_ascii_uppercase().as_str() {
        "ERROR" | "FATAL" | "CRITICAL" => Level::Error,
        "WARN" | "WARNING" => Level::Warn,
        "INFO" => Level::Info,
        "DEBUG" | "TRACE" => Level::Debug,
        _ => return None,
    })
}

fn guess_level(text: &str) -> Level {
    if text.contains("ERROR") || text.starts_with("Task timed out") || text.contains("Runtime.") {
        Level::Error
    } else if text.contains("WARN") {
        Level::Warn
    } else {
        Level::Info
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_platform_runtime_and_json_lines() {
        assert_eq!(parse("START RequestId: abc Version: $LATEST").level, Level::Platform);
        let report = parse("REPORT RequestId: abc\tDuration: 2.1 ms\tBilled Duration: 3 ms\t");
        assert_eq!(
            (report.level, report.text.as_ref()),
            (Level::Platform, "REPORT RequestId: abc  Duration: 2.1 ms  Billed Duration: 3 ms")
        );
        let rt = parse("2025-03-11T03:09:36.161Z\tabc-123\tERROR\tInvoke Error {\"x\":1}");
        assert_eq!((rt.level, rt.text.as_ref()), (Level::Error, "Invoke Error {\"x\":1}"));
        let rt_json = parse("2025-03-11T03:09:36.161Z\tabc\tINFO\t{\"level\":\"WARN\",\"msg\":\"slow\"}");
        assert_eq!(rt_json.level, Level::Warn);
        assert_eq!(parse(r#"{"level":"DEBUG","msg":"x"}"#).level, Level::Debug);
        assert_eq!(parse("Task timed out after 3.00 seconds").level, Level::Error);
        assert_eq!(parse("hello").level, Level::Info);
    }

    #[test]
    fn node_runtime_lines_keep_their_request_id() {
        // As the Node.js 20 runtime writes `console.error(err)`.
        let line = "2026-11-29T03:09:36.161Z\t8f5b2c1e-2d3a-4b5c-9d8e-1f2a3b4c5d6e\tERROR\tInvoke Error \t{\"errorType\":\"TypeError\"}";
        let p = parse(line);
        assert_eq!((p.kind, p.level), (Kind::Runtime, Level::Error));
        assert_eq!(p.request_id, Some("8f5b2c1e-2d3a-4b5c-9d8e-1f2a3b4c5d6e"));
    }

    #[test]
    fn python_runtime_lines() {
        let p = parse("[WARNING]\t2026-11-29T03:09:36.161Z\t1f2e-33\tslow downstream call");
        assert_eq!(
            (p.kind, p.level, p.request_id, p.text.as_ref()),
            (Kind::Runtime, Level::Warn, Some("1f2e-33"), "slow downstream call")
        );
        let p =
            parse("[ERROR] KeyError: 'name'\nTraceback (most recent call last):\n  File \"/var/task/app.py\", line 3");
        assert_eq!((p.kind, p.level), (Kind::Plain, Level::Error));
    }

    #[test]
    fn json_structured_logs_with_a_request_id() {
        // Powertools for AWS Lambda (TypeScript) shape.
        let p = parse(
            r#"{"level":"ERROR","message":"failed","timestamp":"2026-11-29T03:09:36.161Z","service":"orders","xray_trace_id":"1-x","function_request_id":"r-1","requestId":"r-1"}"#,
        );
        assert_eq!((p.kind, p.level, p.request_id), (Kind::Json, Level::Error, Some("r-1")));
        assert_eq!(parse(r#"{"msg":"no level"}"#).level, Level::Info);
        assert_eq!(parse("[1,2]").kind, Kind::Plain, "only objects are structured logs");
        assert_eq!(parse(r#"{"msg":"the word level in text","level" : "warn"}"#).level, Level::Warn);
    }

    #[test]
    fn platform_lines_and_report_figures() {
        assert_eq!(parse("START RequestId: 1f2e Version: $LATEST").kind, Kind::Start);
        assert_eq!(parse("START RequestId: 1f2e Version: $LATEST").request_id, Some("1f2e"));
        assert_eq!(parse("END RequestId: 1f2e").kind, Kind::End);
        assert_eq!(parse("INIT_START Runtime Version: nodejs:20.v30\tRuntime Version ARN: arn:x").kind, Kind::Init);
        let cold = parse(
            "REPORT RequestId: 1f2e\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 512 MB\tMax Memory Used: 87 MB\tInit Duration: 201.55 ms\t",
        );
        assert_eq!(cold.kind, Kind::Report);
        assert_eq!(cold.request_id, Some("1f2e"));
        assert_eq!(
            cold.report,
            Some(Report {
                duration_ms: 12.34,
                init_ms: Some(201.55),
                max_memory_mb: Some(87),
                billed_ms: Some(13.0),
                memory_size_mb: Some(512)
            })
        );
        let warm = parse(
            "REPORT RequestId: 2a\tDuration: 1.50 ms\tBilled Duration: 2 ms\tMemory Size: 512 MB\tMax Memory Used: 88 MB\t",
        );
        assert_eq!(
            warm.report,
            Some(Report {
                duration_ms: 1.5,
                init_ms: None,
                max_memory_mb: Some(88),
                billed_ms: Some(2.0),
                memory_size_mb: Some(512)
            })
        );
    }
}
