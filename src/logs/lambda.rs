//! Reading Lambda log messages: platform lines (START/END/REPORT), the Node.js runtime's
//! tab-separated `time\trequest\tLEVEL\tmessage` lines, and JSON structured logs.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Error,
    Warn,
    Info,
    Debug,
    /// Platform lines: START, END, REPORT, INIT_START.
    Platform,
}

pub struct Parsed<'a> {
    pub level: Level,
    pub text: std::borrow::Cow<'a, str>,
}

pub fn parse(message: &str) -> Parsed<'_> {
    let trimmed = message.trim_end();
    if ["START ", "END ", "REPORT ", "INIT_START ", "INIT_REPORT "].iter().any(|p| trimmed.starts_with(p)) {
        // REPORT fields are tab-separated; show them as one readable line.
        return Parsed { level: Level::Platform, text: trimmed.replace('\t', "  ").into() };
    }
    if let Some((level, rest)) = runtime_line(trimmed) {
        return Parsed { level: json_level(rest).unwrap_or(level), text: rest.into() };
    }
    if let Some(level) = json_level(trimmed) {
        return Parsed { level, text: trimmed.into() };
    }
    Parsed { level: guess_level(trimmed), text: trimmed.into() }
}

fn runtime_line(line: &str) -> Option<(Level, &str)> {
    let mut parts = line.splitn(4, '\t');
    let (time, _request, level, rest) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    time.ends_with('Z').then_some(())?;
    Some((level_word(level)?, rest))
}

fn json_level(text: &str) -> Option<Level> {
    if !text.starts_with('{') {
        return None;
    }
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let level = ["level", "severity", "logLevel"].iter().find_map(|k| value.get(*k)?.as_str())?;
    level_word(level)
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
}
