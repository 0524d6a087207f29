//! The demo's secrets: SSM as the demo's environments see it. Each environment starts with
//! `WEATHER_API_KEY` set and the demo app's `SLACK_WEBHOOK_URL` missing, so the Secrets
//! pane shows both states and every action works.

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, Mutex};

use crate::domain::health::{Problem, ProblemKind, Source};
use crate::domain::secret::SecretText;
use crate::domain::secrets::{SecretEntry, SecretScope, SecretsReply, SecretsRequest};
use crate::ports::{Secrets, Sink};
use crate::util::timefmt::now_epoch_ms;

#[derive(Debug, Default)]
struct Store {
    /// path → (value, version, modified)
    parameters: BTreeMap<String, (String, i64, i64)>,
    /// Backend prefixes already given their starting secrets.
    seeded: HashSet<String>,
}

#[derive(Clone, Default)]
pub struct SimSecrets {
    store: Arc<Mutex<Store>>,
    sink: Option<Sink<SecretsReply>>,
    speed: f64,
}

impl SimSecrets {
    pub fn new(sink: Sink<SecretsReply>, speed: f64) -> Self {
        Self { store: Arc::default(), sink: Some(sink), speed }
    }

    fn answer(&self, request: SecretsRequest) -> SecretsReply {
        let Ok(mut store) = self.store.lock() else {
            let problem = Problem {
                source: Source::Secrets,
                kind: ProblemKind::Other,
                message: "demo broke".into(),
                hint: "restart".into(),
            };
            return SecretsReply::Failed { generation: None, what: "demo".into(), problem };
        };
        match request {
            SecretsRequest::List { paths, generation } => {
                if store.seeded.insert(paths.backend.clone()) {
                    let modified = now_epoch_ms() - 3 * 86_400_000;
                    store
                        .parameters
                        .insert(paths.path("WEATHER_API_KEY"), ("demo-weather-key-4f9a".into(), 1, modified));
                }
                let mut entries = Vec::new();
                for scope in [SecretScope::Backend, SecretScope::Shared] {
                    let prefix = format!("{}/", paths.prefix(scope));
                    for (path, (_, version, modified)) in store.parameters.range(prefix.clone()..) {
                        let Some(name) = path.strip_prefix(&prefix) else { break };
                        if !name.contains('/') {
                            let (name, path) = (name.to_owned(), path.clone());
                            entries.push(SecretEntry { name, path, scope, modified_ms: *modified, version: *version });
                        }
                    }
                }
                SecretsReply::Listed { generation, entries }
            }
            SecretsRequest::Reveal { path } => match store.parameters.get(&path) {
                Some((value, ..)) => SecretsReply::Revealed { path, value: SecretText::new(value.clone()) },
                None => not_found(&path),
            },
            SecretsRequest::Set { path, name, value } => {
                let version = store.parameters.get(&path).map_or(1, |(_, v, _)| v + 1);
                store.parameters.insert(path.clone(), (value.expose().to_owned(), version, now_epoch_ms()));
                SecretsReply::Set { path, name }
            }
            SecretsRequest::Remove { path, name } => match store.parameters.remove(&path) {
                Some(_) => SecretsReply::Removed { path, name },
                None => not_found(&path),
            },
        }
    }
}

fn not_found(path: &str) -> SecretsReply {
    let problem = Problem {
        source: Source::Secrets,
        kind: ProblemKind::NotFound,
        message: format!("ParameterNotFound: {path}"),
        hint: "the secret is not set (any more): r reloads the list".into(),
    };
    SecretsReply::Failed { generation: None, what: "read the secret".into(), problem }
}

impl Secrets for SimSecrets {
    fn request(&mut self, request: SecretsRequest) {
        let sim = self.clone();
        super::answer_later(self.sink.clone(), 0.1, self.speed, move || sim.answer(request));
    }

    fn shutdown(&mut self) {
        self.sink = None;
    }
}
