//! Lambda log traffic: a burst of invocations after each deploy, as a developer trying the
//! change would cause; then silence, so an idle demo costs nothing.

use std::time::Duration;

use crate::domain::logs::LogEvent;
use crate::ports::{DeployReport, FollowMsg, Sink};
use crate::util::timefmt::now_epoch_ms;

pub async fn invocations(sink: &Sink<DeployReport>, seed: u64, speed: f64, after_failure: bool) {
    let mut rng = Lcg(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    for n in 0..14u64 {
        tokio::time::sleep(Duration::from_millis(500 + rng.next() % 900).div_f64(speed.max(0.01))).await;
        let events = invocation(&mut rng, n, after_failure);
        if !sink.send(DeployReport::Follow(FollowMsg::Logs(events))).await {
            return;
        }
    }
}

fn invocation(rng: &mut Lcg, n: u64, after_failure: bool) -> Vec<LogEvent> {
    let t = now_epoch_ms();
    let request = format!(
        "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
        rng.next() as u32,
        rng.next() % 0xffff,
        rng.next() % 0xfff,
        rng.next() % 0xfff,
        rng.next() % 0xffff_ffff_ffff
    );
    let names = ["Ada", "Grace", "Linus", "Margaret", "Ken"];
    let name = names[(rng.next() % names.len() as u64) as usize];
    let (function, cold) = if n % 5 == 4 { ("amplify-data-table-manager", false) } else { ("say-hello", n == 0) };
    let duration = 2.0 + (rng.next() % 4000) as f64 / 100.0;
    let mut lines = Vec::new();
    if cold {
        lines.push(
            "INIT_START Runtime Version: nodejs:20.v43\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:0f4e"
                .to_owned(),
        );
    }
    lines.push(format!("START RequestId: {request} Version: $LATEST"));
    let iso = iso_time(t);
    match (function, rng.next() % 7) {
        ("amplify-data-table-manager", _) => {
            lines.push(format!("{iso}\t{request}\tINFO\tReceived event: {{\"RequestType\":\"Update\",\"ResourceType\":\"Custom::AmplifyDynamoDBTable\",\"LogicalResourceId\":\"TodoTable\"}}"));
            lines.push(format!("{iso}\t{request}\tINFO\tTable Todo-{request:.8} is ACTIVE"));
        }
        (_, 0) if after_failure || n % 3 == 2 => {
            lines.push(format!("{iso}\t{request}\tERROR\tInvoke Error \t{{\"errorType\":\"TypeError\",\"errorMessage\":\"Cannot read properties of undefined (reading 'name')\"}}\n    at Runtime.handler (file:///var/task/index.mjs:3:67)\n    at Runtime.handleOnceNonStreaming (file:///var/runtime/index.mjs:1173:29)"));
        }
        (_, 1) => {
            lines.push(format!(
                "{iso}\t{request}\tWARN\t{{\"level\":\"WARN\",\"msg\":\"slow downstream call\",\"ms\":{}}}",
                800 + rng.next() % 900
            ));
            lines.push(format!("{{\"level\":\"INFO\",\"msg\":\"greeting\",\"name\":\"{name}\"}}"));
        }
        _ => lines.push(format!("{{\"level\":\"INFO\",\"msg\":\"greeting\",\"name\":\"{name}\"}}")),
    }
    lines.push(format!("END RequestId: {request}"));
    lines.push(format!("REPORT RequestId: {request}\tDuration: {duration:.2} ms\tBilled Duration: {} ms\tMemory Size: 512 MB\tMax Memory Used: {} MB", duration.ceil() as u64, 80 + rng.next() % 20));
    lines
        .into_iter()
        .map(|message| LogEvent {
            function: function.into(),
            timestamp_ms: t,
            message,
            internal: function.starts_with("amplify-"),
        })
        .collect()
}

fn iso_time(epoch_ms: i64) -> String {
    format!("{}T{}.{:03}Z", "2026-01-01", crate::util::timefmt::clock(epoch_ms), epoch_ms.rem_euclid(1000))
}

/// A tiny deterministic generator: the demo looks the same every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invocations_look_like_lambda_logs() {
        let mut rng = Lcg(7);
        let events = invocation(&mut rng, 0, false);
        assert!(events[0].message.starts_with("INIT_START"));
        assert!(events.iter().any(|e| e.message.starts_with("REPORT RequestId")));
    }
}
