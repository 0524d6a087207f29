//! STUB until the AWS adapter lands: outside `--demo` ampdeck is not yet connected to AWS or
//! to a deploy process, and says so instead of pretending.

use tokio::sync::mpsc::Sender;

use super::{Cloud, DeployRequest};
use crate::app::{DeployMsg, Event, Notice, Outcome};

#[derive(Default)]
pub struct Unconnected {
    tx: Option<Sender<Event>>,
}

const WHY: &str = "this build has no AWS connection or deploy runner yet: try ampdeck --demo";

impl Cloud for Unconnected {
    fn start(&mut self, tx: Sender<Event>) {
        let _ = tx.try_send(Event::Notice(Notice::warn(WHY)));
        self.tx = Some(tx);
    }

    fn deploy(&mut self, request: DeployRequest) {
        if let Some(tx) = &self.tx {
            let outcome = Outcome::Failed {
                exit_code: None,
                message: Some(WHY.into()),
            };
            let _ = tx.try_send(Event::Deploy(DeployMsg::Output {
                id: request.id,
                line: WHY.into(),
            }));
            let _ = tx.try_send(Event::Deploy(DeployMsg::Finished {
                id: request.id,
                outcome,
            }));
        }
    }

    fn cancel_deploy(&mut self) {}

    fn shutdown(&mut self) {}
}
