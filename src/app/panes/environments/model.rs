//! What the Environments pane keeps of its own: the account's environments as read, and its
//! rows, those environments beside the project's git branches.

use crate::domain::env::Environment;
use crate::model::environments::EnvRow;

#[derive(Debug, Clone, Default)]
pub struct EnvironmentsPane {
    pub envs: Vec<Environment>,
    pub rows: Vec<EnvRow>,
}
