//! `ampx sandbox seed` in the demo: the demo seed script's lines, then the seeded user shows
//! up in the demo's pools.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use crate::domain::deploy::{DeployMsg, Outcome};
use crate::ports::{DeployReport, Sink};

/// `ampx sandbox seed` as the demo runs it: the seed script's lines, then success.
pub async fn run(id: u64, sink: Sink<DeployReport>, speed: f64, seeded: Arc<AtomicBool>) {
    let lines = [
        "Running seed script amplify/seed/seed.ts",
        "created user seeded@example.com, added to EDITORS",
        "✔ Seeding complete",
    ];
    for line in lines {
        tokio::time::sleep(std::time::Duration::from_secs_f64(0.4 / speed.max(0.01))).await;
        let line = crate::util::ansi::StyledLine::plain(line);
        if !sink.send(DeployReport::Deploy(DeployMsg::Output { id, line })).await {
            return;
        }
    }
    seeded.store(true, std::sync::atomic::Ordering::SeqCst);
    sink.send(DeployReport::Deploy(DeployMsg::Finished { id, outcome: Outcome::Succeeded })).await;
}
