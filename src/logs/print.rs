//! `ampdeck logs`: the same streaming as the Logs pane, printed as plain lines to stdout for
//! piping (`time function text`, continuation lines indented), filtered by function and text.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use tokio::sync::{Notify, mpsc, watch};

use super::{Filter, lambda};
use crate::app::Event;
use crate::cli::LogsArgs;
use crate::cloud::aws::client::{CallCounter, Connection};
use crate::cloud::aws::logs::{Function, LogTail, Pace};
use crate::cloud::aws::poller::{Poller, Timing};
use crate::cloud::{CloudStatus, LogEvent};
use crate::sanitize::sanitize;

/// Streams until stdout closes or the process is interrupted.
pub async fn run(connection: Connection, stack: String, timing: Timing, args: LogsArgs) -> std::io::Result<()> {
    let (events_tx, mut events) = mpsc::channel::<Event>(1024);
    let (functions_tx, functions_rx) = watch::channel(Vec::new());
    let (chosen_tx, chosen_rx) = watch::channel(Vec::new());
    let poller = Poller {
        connection: connection.clone(),
        stack: stack.clone(),
        timing,
        calls: CallCounter::default(),
        deploying: Arc::new(AtomicBool::new(false)),
        wake: Arc::new(Notify::new()),
        tx: events_tx.clone(),
        functions: Some(functions_tx),
    };
    let pace = Pace {
        budget: timing.log_budget,
        first_look: args.since.unwrap_or(std::time::Duration::from_secs(300)),
        ..Pace::new(timing.logs)
    };
    let tail = LogTail { connection, calls: CallCounter::default(), pace, tx: events_tx };
    let poller = tokio::spawn(poller.run());
    let tail = tokio::spawn(tail.run(chosen_rx));
    let choose = tokio::spawn(choose(functions_rx, chosen_tx, args.functions.clone()));
    let filter = Filter::new(args.filter.as_deref().unwrap_or_default());
    let mut out = std::io::stdout().lock();
    let mut told: Option<String> = None;
    let result = loop {
        let event = tokio::select! {
            event = events.recv() => event,
            _ = tokio::signal::ctrl_c() => break Ok(()),
        };
        let Some(event) = event else { break Ok(()) };
        let written = match event {
            Event::Logs(batch) => batch.iter().try_for_each(|e| print(&mut out, e, &filter)).and_then(|()| out.flush()),
            Event::Cloud(CloudStatus::Error { message, hint }) => tell(&mut told, format!("{message}: {hint}")),
            Event::StackMissing => tell(&mut told, format!("stack {stack} does not exist (not deployed yet?)")),
            Event::Notice(notice) => tell(&mut told, notice.text),
            _ => Ok(()),
        };
        // A closed pipe (`| head`) ends the stream quietly.
        if written.is_err() {
            break Ok(());
        }
    };
    for task in [poller, tail, choose] {
        task.abort();
    }
    result
}

/// The functions to tail: those named, or every function of the user's own.
async fn choose(mut all: watch::Receiver<Vec<Function>>, chosen: watch::Sender<Vec<Function>>, names: Vec<String>) {
    loop {
        let picked: Vec<Function> = all
            .borrow_and_update()
            .iter()
            .filter(|f| if names.is_empty() { !f.internal } else { names.contains(&f.name) })
            .cloned()
            .collect();
        chosen.send_if_modified(|current| {
            let changed = *current != picked;
            *current = picked;
            changed
        });
        if all.changed().await.is_err() {
            return;
        }
    }
}

/// Problems go to stderr, each once, so stdout stays the log lines alone.
fn tell(told: &mut Option<String>, text: String) -> std::io::Result<()> {
    if told.as_ref() != Some(&text) {
        eprintln!("ampdeck logs: {text}");
        *told = Some(text);
    }
    Ok(())
}

fn print(out: &mut impl Write, event: &LogEvent, filter: &Filter) -> std::io::Result<()> {
    let parsed = lambda::parse(&event.message);
    let function = sanitize(&event.function);
    if !filter.text_matches(&parsed.text) && !filter.text_matches(&function) {
        return Ok(());
    }
    let time = crate::timefmt::clock(event.timestamp_ms);
    for (i, line) in parsed.text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        let line = sanitize(line.trim_end());
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
        let event =
            |m: &str| LogEvent { function: "say-hello".into(), timestamp_ms: 0, message: m.into(), internal: false };
        let mut out = Vec::new();
        let all = Filter::new("");
        print(&mut out, &event("Error: bad\n    at handler (index.js:1)"), &all).expect("print");
        print(&mut out, &event("\x1b]0;t\x07hi \x1b[31mred"), &all).expect("print");
        print(&mut out, &event("unrelated"), &Filter::new("red|bad")).expect("print");
        let text = String::from_utf8(out).expect("utf-8");
        let time = crate::timefmt::clock(0);
        assert_eq!(
            text,
            format!(
                "{time} say-hello Error: bad\n                       at handler (index.js:1)\n{time} say-hello hi red\n"
            )
        );
    }
}
