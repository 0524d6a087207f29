//! Deploys on this machine: sandbox deploys go to the warm driver when the project has
//! Amplify's deployer, everything else (branch deploys, deletes, a custom deploy command, a
//! driver that cannot load) runs the deploy command as a child process group.

use super::runner::{ProcessRunner, RunnerConfig};
use super::warm::{DriverConfig, WarmDriver};
use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::adapters::local::push::{self, Uploader};
use crate::domain::deploy::{DeployAction, DeployMsg, DeployRequest, Outcome, PushTarget};
use crate::ports::{Activity, DeployReport, Deployer, Sink};

pub struct LocalDeployer {
    runner: ProcessRunner,
    warm: Option<WarmDriver>,
    /// The deploy the warm driver has (cancel and verdicts go there).
    warm_deploy: Option<u64>,
    /// Code pushes (sandbox saves of functions' own code), when there is a cloud to push to.
    pusher: Option<Pusher>,
    activity: Activity,
    sink: Sink<DeployReport>,
}

/// Code pushes: where the project is, what uploads, the push running and its gate.
pub struct Pusher {
    root: PathBuf,
    uploader: Arc<dyn Uploader>,
    running: Option<(u64, JoinHandle<()>)>,
    gate: Option<(u64, oneshot::Sender<(bool, String)>)>,
}

impl Pusher {
    pub fn new(root: PathBuf, uploader: Arc<dyn Uploader>) -> Self {
        Self { root, uploader, running: None, gate: None }
    }

    fn push(&mut self, request: &DeployRequest, functions: Vec<PushTarget>, sink: Sink<DeployReport>) {
        let gate = request.gate.then(|| {
            let (tx, rx) = oneshot::channel();
            self.gate = Some((request.id, tx));
            rx
        });
        let (root, uploader, id) = (self.root.clone(), self.uploader.clone(), request.id);
        let task = tokio::spawn(async move { push::push(root, uploader.as_ref(), id, functions, gate, sink).await });
        self.running = Some((id, task));
    }

    /// Cancels the running push: the id it had, if it was still running.
    fn cancel(&mut self) -> Option<u64> {
        let (id, task) = self.running.take()?;
        let running = !task.is_finished();
        task.abort();
        running.then_some(id)
    }
}

impl LocalDeployer {
    /// With `warm`, the driver starts now, so it is warm by the first save. Must be called
    /// inside a tokio runtime.
    pub fn spawn(
        runner: RunnerConfig,
        warm: Option<DriverConfig>,
        pusher: Option<Pusher>,
        activity: Activity,
        sink: Sink<DeployReport>,
    ) -> Self {
        let warm = warm.map(|config| WarmDriver::spawn(config, sink.clone(), activity.clone()));
        Self { runner: ProcessRunner::new(runner, activity.clone()), warm, warm_deploy: None, pusher, activity, sink }
    }
}

impl Deployer for LocalDeployer {
    fn deploy(&mut self, request: DeployRequest) {
        if let (DeployAction::CodePush { functions }, Some(pusher)) = (&request.action, self.pusher.as_mut()) {
            pusher.push(&request, functions.clone(), self.sink.clone());
            return;
        }
        let warm = self.warm.as_ref().filter(|w| w.usable());
        match warm {
            Some(driver) if request.action == (DeployAction::Sandbox { recreate: false }) => {
                driver.deploy(request.id, request.gate, request.express);
                self.warm_deploy = Some(request.id);
            }
            _ => {
                self.warm_deploy = None;
                self.runner.start(request.id, &request.action, request.express, self.sink.clone());
            }
        }
        // Poll at once and fast while the deploy runs.
        self.activity.set(true);
    }

    fn cancel(&mut self) {
        if let Some(id) = self.pusher.as_mut().and_then(Pusher::cancel) {
            self.sink.try_send(DeployReport::Deploy(DeployMsg::Finished { id, outcome: Outcome::Cancelled }));
            return;
        }
        match (&self.warm, self.warm_deploy.take()) {
            (Some(driver), Some(_)) => driver.cancel(),
            _ => self.runner.cancel(),
        }
        self.activity.poke();
    }

    fn release(&mut self, id: u64, proceed: bool, reason: String) {
        if let Some(pusher) = self.pusher.as_mut()
            && pusher.gate.as_ref().is_some_and(|(gated, _)| *gated == id)
            && let Some((_, gate)) = pusher.gate.take()
        {
            let _ = gate.send((proceed, reason));
            return;
        }
        if let Some(driver) = &self.warm {
            driver.release(id, proceed, reason);
        }
    }

    fn shutdown(&mut self) {
        if let Some(pusher) = self.pusher.as_mut() {
            pusher.cancel();
        }
        self.runner.shutdown();
        if let Some(driver) = &mut self.warm {
            driver.shutdown();
        }
    }
}
