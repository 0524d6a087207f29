//! `ampdeck logs`: the same follower as the Logs pane, printed as plain lines to stdout for
//! piping (`time function text`, continuation lines indented), filtered by function and text.
//! Each line passes through the sanitizer the Logs pane uses (escape sequences removed,
//! controls and bidi controls shown as marks), unless `--raw` asks for the text as it came.

use std::io::Write;

use super::cli::LogsArgs;
use crate::adapters::aws::{AwsFollower, FollowConfig, FunctionChoice};
use crate::domain::health::Health;
use crate::domain::logs::LogEvent;
use crate::model::logs::{Filter, lambda};
use crate::ports::{Activity, FollowMsg, Follower, Sink};
use crate::util::sanitize::sanitize;

/// Streams until stdout closes or the process is interrupted.
pub async fn run(mut config: FollowConfig, args: LogsArgs) -> std::io::Result<()> {
    config.functions =
        if args.functions.is_empty() { FunctionChoice::Users } else { FunctionChoice::Named(args.functions.clone()) };
    config.first_look = args.since.unwrap_or(config.first_look);
    let stack = config.stack.clone();
    let (sink, mut messages) = Sink::channel(1024);
    let mut follower = AwsFollower::spawn(config, Activity::default(), sink);
    let filter = Filter::new(args.filter.as_deref().unwrap_or_default());
    let mut out = std::io::stdout().lock();
    let mut told: Option<String> = None;
    let result = loop {
        let message = tokio::select! {
            message = messages.recv() => message,
            _ = tokio::signal::ctrl_c() => break Ok(()),
        };
        let Some(message) = message else { break Ok(()) };
        let written = match message {
            FollowMsg::Logs(batch) => {
                batch.iter().try_for_each(|e| print(&mut out, e, &filter, args.raw)).and_then(|()| out.flush())
            }
            FollowMsg::Health(Health::Problem(p)) => tell(&mut told, format!("{}: {}", p.message, p.hint)),
            FollowMsg::StackMissing => tell(&mut told, format!("stack {stack} does not exist (not deployed yet?)")),
            FollowMsg::Notice(notice) => tell(&mut told, notice.text),
            _ => Ok(()),
        };
        // A closed pipe (`| head`) ends the stream quietly.
        if written.is_err() {
            break Ok(());
        }
    };
    follower.shutdown();
    result
}

/// Problems go to stderr, each once, so stdout stays the log lines alone.
fn tell(told: &mut Option<String>, text: String) -> std::io::Result<()> {
    if told.as_ref() != Some(&text) {
        // A closed stderr is no reason to stop the stream (or to panic).
        let _ = writeln!(std::io::stderr(), "ampdeck logs: {text}");
        *told = Some(text);
    }
    Ok(())
}

/// One event's lines; `raw` writes the text as CloudWatch gave it (only split into lines).
fn print(out: &mut impl Write, event: &LogEvent, filter: &Filter, raw: bool) -> std::io::Result<()> {
    let parsed = lambda::parse(&event.message);
    let function = sanitize(&event.function);
    if !filter.text_matches(&parsed.text) && !filter.text_matches(&function) {
        return Ok(());
    }
    let time = crate::util::timefmt::clock(event.timestamp_ms);
    for (i, line) in parsed.text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        let line = if raw { line.into() } else { sanitize(line.trim_end()) };
        if i == 0 {
            writeln!(out, "{time} {function} {line}")?;
        } else {
            writeln!(out, "{:width$} {line}", "", width = time.len() + function.len() + 1)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_lines_with_indented_continuations_and_no_escapes() {
        let event = |m: &str| LogEvent {
            function: "say-hello".into(),
            timestamp_ms: 0,
            message: m.into(),
            internal: false,
            source: Default::default(),
        };
        let mut out = Vec::new();
        let all = Filter::new("");
        print(&mut out, &event("Error: bad\n    at handler (index.js:1)"), &all, false).expect("print");
        print(&mut out, &event("\x1b]0;t\x07hi \x1b[31mred"), &all, false).expect("print");
        print(&mut out, &event("unrelated"), &Filter::new("red|bad"), false).expect("print");
        let text = String::from_utf8(out).expect("utf-8");
        let time = crate::util::timefmt::clock(0);
        assert_eq!(
            text,
            format!(
                "{time} say-hello Error: bad\n                       at handler (index.js:1)\n{time} say-hello hi red\n"
            )
        );
    }

    #[test]
    fn controls_show_as_marks_unless_raw() {
        let event = LogEvent {
            function: "say-hello".into(),
            timestamp_ms: 0,
            message: "user \u{202e}nimda\rroot \x1b[6nok".into(),
            internal: false,
            source: Default::default(),
        };
        let time = crate::util::timefmt::clock(0);
        let (mut plain, mut raw) = (Vec::new(), Vec::new());
        print(&mut plain, &event, &Filter::new(""), false).expect("print");
        print(&mut raw, &event, &Filter::new(""), true).expect("print");
        assert_eq!(String::from_utf8(plain).expect("utf-8"), format!("{time} say-hello user ⇆nimda␍root ok\n"));
        assert_eq!(String::from_utf8(raw).expect("utf-8"), format!("{time} say-hello {}\n", event.message));
    }
}
