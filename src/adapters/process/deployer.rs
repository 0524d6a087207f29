//! Deploys on this machine: sandbox deploys go to the warm driver when the project has
//! Amplify's deployer, everything else (branch deploys, deletes, a custom deploy command, a
//! driver that cannot load) runs the deploy command as a child process group.

use super::runner::{ProcessRunner, RunnerConfig};
use super::warm::{DriverConfig, WarmDriver};
use crate::domain::deploy::{DeployAction, DeployRequest};
use crate::ports::{Activity, DeployReport, Deployer, Sink};

pub struct LocalDeployer {
    runner: ProcessRunner,
    warm: Option<WarmDriver>,
    /// The deploy the warm driver has (cancel and verdicts go there).
    warm_deploy: Option<u64>,
    activity: Activity,
    sink: Sink<DeployReport>,
}

impl LocalDeployer {
    /// With `warm`, the driver starts now, so it is warm by the first save. Must be called
    /// inside a tokio runtime.
    pub fn spawn(
        runner: RunnerConfig,
        warm: Option<DriverConfig>,
        activity: Activity,
        sink: Sink<DeployReport>,
    ) -> Self {
        let warm = warm.map(|config| WarmDriver::spawn(config, sink.clone(), activity.clone()));
        Self { runner: ProcessRunner::new(runner, activity.clone()), warm, warm_deploy: None, activity, sink }
    }
}

impl Deployer for LocalDeployer {
    fn deploy(&mut self, request: DeployRequest) {
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
        match (&self.warm, self.warm_deploy.take()) {
            (Some(driver), Some(_)) => driver.cancel(),
            _ => self.runner.cancel(),
        }
        self.activity.poke();
    }

    fn release(&mut self, id: u64, proceed: bool, reason: String) {
        if let Some(driver) = &self.warm {
            driver.release(id, proceed, reason);
        }
    }

    fn shutdown(&mut self) {
        self.runner.shutdown();
        if let Some(driver) = &mut self.warm {
            driver.shutdown();
        }
    }
}
