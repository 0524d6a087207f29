//! What the request/answer ports (users, secrets) share: a client made on first use, each
//! request run as a task of its own (stopped on shutdown), and listings read page by page.

use std::future::Future;
use std::sync::Arc;

use tokio::sync::OnceCell;
use tokio::task::JoinHandle;

use super::client::{Connection, sdk_config};
use crate::domain::health::Problem;

pub struct OnDemand<C> {
    connection: Connection,
    make: fn(&aws_config::SdkConfig) -> C,
    client: Arc<OnceCell<C>>,
    tasks: Vec<JoinHandle<()>>,
}

impl<C: Clone + Send + Sync + 'static> OnDemand<C> {
    pub fn new(connection: Connection, make: fn(&aws_config::SdkConfig) -> C) -> Self {
        Self { connection, make, client: Arc::default(), tasks: Vec::new() }
    }

    /// Runs `work` with the client, as a task of its own.
    pub fn spawn<W, F>(&mut self, work: W)
    where
        W: FnOnce(C) -> F + Send + 'static,
        F: Future<Output = ()> + Send + 'static,
    {
        self.tasks.retain(|t| !t.is_finished());
        let (cell, connection, make) = (self.client.clone(), self.connection.clone(), self.make);
        self.tasks.push(tokio::spawn(async move {
            let client = cell.get_or_init(|| async { make(&sdk_config(&connection).await) }).await.clone();
            work(client).await;
        }));
    }

    pub fn shutdown(&mut self) {
        self.tasks.drain(..).for_each(|t| t.abort());
    }
}

/// Every page of a listing, or the first `cap` items and whether more exist: `page(token)`
/// reads one page and says where the next starts.
pub async fn pages<T, P, F>(cap: usize, mut page: P) -> Result<(Vec<T>, bool), Problem>
where
    P: FnMut(Option<String>) -> F,
    F: Future<Output = Result<(Vec<T>, Option<String>), Problem>>,
{
    let mut items = Vec::new();
    let mut token = None;
    loop {
        let (found, next) = page(token).await?;
        items.extend(found);
        token = next.filter(|t| !t.is_empty());
        if token.is_none() || items.len() >= cap {
            let more = token.is_some() || items.len() > cap;
            items.truncate(cap);
            return Ok((items, more));
        }
    }
}
