//! Running a function on this machine, behind the [`Invoker`] port: the handler as it is on
//! disk now, built the way Amplify builds it (`bundle.rs`), run by the project's Node.js in
//! a Lambda-shaped harness (`harness.mjs`, `run.rs`) with the deployed function's settings
//! and credentials from a [`FunctionSource`] (AWS, or the demo's simulated cloud). Each run
//! answers once, like a cloud invocation, with what it ran with and what it lacked.

pub mod bundle;
pub mod code_map;
pub mod push;
pub mod run;
mod strip_types;

use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::OnceCell;
use tokio::task::JoinHandle;

use crate::amplify::function_build::{self, DEFAULT_RUNTIME, FunctionDef};
use crate::amplify::lambda_env::{self, Credentials, FunctionSettings};
use crate::domain::health::{Problem, ProblemKind, Source};
use crate::domain::invoke::{InvokeReply, InvokeRequest, Invoked, LocalFacts, LocalOptions, Mode};
use crate::ports::{FollowMsg, Invoker, Sink};

const NO_NODE: &str = "is Node.js installed? ampdeck runs the project's `node` (AMPDECK_NODE overrides)";

/// The harness, written beside the warm driver in the project's `.amplify/`.
const HARNESS: &str = include_str!("harness.mjs");
const HARNESS_FILE: &str = ".amplify/ampdeck-local.mjs";
/// The inspector's address: the port debuggers look at first (VS Code, chrome://inspect).
const INSPECT: &str = "--inspect=127.0.0.1:9229";

/// Where a function's settings and the credentials to run it with come from.
pub trait FunctionSource: Send + Sync {
    /// The deployed function `target`'s settings (none: not deployed) and credentials: the
    /// function's role when `as_role` (and it is deployed), else the developer's.
    fn resolve(&self, target: String, as_role: bool)
    -> Pin<Box<dyn Future<Output = Result<Resolved, Problem>> + Send>>;
}

pub struct Resolved {
    pub settings: Option<FunctionSettings>,
    pub credentials: Credentials,
    /// Whose credentials, in words, and whether they are the function's role's.
    pub whose: String,
    pub as_role: bool,
    pub region: String,
    /// Where AWS is, when not AWS itself (an emulator): the function's SDK calls go there too.
    pub endpoint_url: Option<String>,
}

pub struct LocalRunner {
    shared: Arc<Shared>,
    tasks: Vec<JoinHandle<()>>,
}

struct Shared {
    root: PathBuf,
    node: String,
    /// The next run's process, started ahead (again on save), with how it was started.
    spare: std::sync::Mutex<Option<(run::Launch, run::Started)>>,
    node_version: OnceCell<String>,
    source: Box<dyn FunctionSource>,
    sink: Sink<InvokeReply>,
    logs: Sink<FollowMsg>,
}

impl LocalRunner {
    pub fn new(
        root: PathBuf,
        node: String,
        source: Box<dyn FunctionSource>,
        sink: Sink<InvokeReply>,
        logs: Sink<FollowMsg>,
    ) -> Self {
        let shared =
            Shared { root, node, spare: Default::default(), node_version: OnceCell::new(), source, sink, logs };
        Self { shared: Arc::new(shared), tasks: Vec::new() }
    }
}

impl Invoker for LocalRunner {
    fn invoke(&mut self, request: InvokeRequest) {
        self.tasks.retain(|t| !t.is_finished());
        let shared = self.shared.clone();
        self.tasks.push(tokio::spawn(async move {
            let (id, function) = (request.id, request.function.clone());
            let reply = match invoke(&shared, request).await {
                Ok(invoked) => InvokeReply::Done { id, function, invoked: invoked.0, took_ms: invoked.1 },
                Err(problem) => InvokeReply::Failed { id, function, problem },
            };
            shared.sink.send(reply).await;
        }));
    }

    fn stop(&mut self) {
        // Aborting drops each run's child, whose group `kill_on_drop` and the registry end;
        // the process started ahead goes too.
        self.tasks.drain(..).for_each(|t| t.abort());
        self.shared.take_spare(None);
    }

    fn shutdown(&mut self) {
        self.stop();
    }
}

impl Shared {
    /// The process started ahead for `launch`, if that is how it was started; any other is ended.
    fn take_spare(&self, launch: Option<&run::Launch>) -> Option<run::Started> {
        let spare = self.spare.lock().ok()?.take()?;
        (Some(&spare.0) == launch).then_some(spare.1)
    }

    fn keep_spare(&self, launch: run::Launch) {
        if let (Ok(started), Ok(mut spare)) = (run::start(&launch), self.spare.lock()) {
            *spare = Some((launch, started));
        }
    }
}

/// A run that could not happen: `message` may carry words from outside (esbuild's).
fn problem(message: impl AsRef<str>, hint: impl Into<String>) -> Problem {
    let message = crate::util::sanitize::owned(message.as_ref());
    Problem { source: Source::Invoke, kind: ProblemKind::Other, message, hint: hint.into() }
}

async fn invoke(shared: &Shared, request: InvokeRequest) -> Result<(Invoked, i64), Problem> {
    let started = Instant::now();
    let options = match request.mode {
        Mode::Local(options) => options,
        _ => LocalOptions::default(),
    };
    let root = &shared.root;
    let def = bundle::definitions(root).into_iter().find(|d| d.name == request.function).ok_or_else(|| {
        problem(
            format!("no defineFunction named {} under amplify/", request.function),
            "a local run needs the function's source in this project",
        )
    })?;
    let node_version = shared.node_version.get_or_init(|| node_version(&shared.node)).await.clone();
    let (resolved, built) = tokio::join!(shared.source.resolve(request.target.clone(), options.as_role), async {
        let node = def.runtime.unwrap_or(DEFAULT_RUNTIME);
        bundle::bundle(root, &def, node).await
    });
    let mut resolved = resolved?;
    let built = built.map_err(|why| problem(why, "fix the handler (or what it imports), then h runs it again"))?;
    let (settings, origin, unresolved) =
        settings_for(root, &def, &request.target, resolved.settings.take(), &resolved.region)?;
    let request_id = request_id();
    let out_dir = built.file.parent().map(Path::to_path_buf).unwrap_or_else(|| root.clone());
    let (launch, job) = job(shared, &request, &def, &settings, &resolved, &built, &request_id, &out_dir, options)?;
    let places = job.places.clone();
    let process = match shared.take_spare(Some(&launch)) {
        Some(process) => process,
        None => run::start(&launch).map_err(|why| problem(why, NO_NODE))?,
    };
    let sink = shared.sink.clone();
    let id = request.id;
    let ran = run::run(process, job, &shared.logs, |address| {
        let sink = sink.clone();
        tokio::spawn(async move { sink.send(InvokeReply::Inspecting { id, address }).await });
    })
    .await
    .map_err(|why| problem(why, NO_NODE))?;
    if options.keep_warm && !options.inspect {
        shared.keep_spare(launch);
    }
    let runtime_major = function_build::runtime_major(&settings.runtime);
    let node_major = Some(bundle::node_major_minor(&node_version).0);
    let mut differences = lambda_env::differences(&settings, resolved.as_role, std::env::consts::ARCH);
    if options.inspect {
        differences.push("no timeout while the debugger holds it".into());
    }
    let outcome = ran.outcome.unwrap_or_default();
    let node_differs = runtime_major.is_some() && node_major != runtime_major;
    let facts = LocalFacts {
        node: format!("node {node_version} · {}", built.how),
        node_warning: node_differs
            .then(|| format!("Node.js {node_version} here, {} in Lambda: behaviour may differ", settings.runtime)),
        credentials: resolved.whose,
        settings: origin,
        unresolved,
        differences,
        missing: outcome.missing.clone(),
        inputs: built.inputs,
        bundle_ms: built.ms,
    };
    let (function_error, response) = answer(&outcome, ran.timed_out, &ran.exit, &settings, &places);
    let invoked = Invoked {
        status: 200,
        function_error,
        response,
        log_tail: Some(ran.tail.join("\n")),
        request_id: Some(request_id),
        local: Some(Box::new(facts)),
    };
    Ok((invoked, started.elapsed().as_millis() as i64))
}

/// The function's settings: the deployed ones, or the synthesized template's when it is not
/// deployed (with the variables only a deploy resolves).
fn settings_for(
    root: &Path,
    def: &FunctionDef,
    target: &str,
    deployed: Option<FunctionSettings>,
    region: &str,
) -> Result<(FunctionSettings, String, Vec<String>), Problem> {
    if let Some(settings) = deployed {
        let name = if target.is_empty() { settings.function_name.clone() } else { target.to_owned() };
        return Ok((settings, format!("the deployed function's settings ({name})"), Vec::new()));
    }
    let declared = bundle::synthesized(root, &def.name, region).ok_or_else(|| {
        problem(
            format!("{} is not deployed, and not synthesized yet", def.name),
            "d deploys the sandbox; then it runs with its settings",
        )
    })?;
    Ok((declared.settings, "the synthesized template (not deployed yet)".into(), declared.unresolved))
}

#[allow(clippy::too_many_arguments)]
fn job(
    shared: &Shared,
    request: &InvokeRequest,
    def: &FunctionDef,
    settings: &FunctionSettings,
    resolved: &Resolved,
    built: &bundle::Bundled,
    request_id: &str,
    out_dir: &Path,
    options: LocalOptions,
) -> Result<(run::Launch, run::Job), Problem> {
    let root = &shared.root;
    let harness = root.join(HARNESS_FILE);
    let write = |path: &Path, text: &str| {
        std::fs::create_dir_all(path.parent().unwrap_or(root)).and_then(|_| std::fs::write(path, text)).map_err(|e| {
            problem(format!("cannot write {}: {e}", path.display()), "check the project folder's permissions")
        })
    };
    if std::fs::read_to_string(&harness).ok().as_deref() != Some(HARNESS) {
        write(&harness, HARNESS)?;
    }
    let event = out_dir.join(format!("event-{}.json", request.id));
    write(&event, &request.payload)?;
    let result = out_dir.join(format!("result-{}.json", request.id));
    let timeout_ms = u64::from(settings.timeout_s) * 1000;
    let spec = serde_json::json!({
        "bundle": built.file, "export": lambda_env::export_name(&settings.handler), "handler": settings.handler,
        "event": event, "result": result, "requestId": request_id, "timeoutMs": timeout_ms, "enforceTimeout": !options.inspect, "inspect": options.inspect,
        "functionName": settings.function_name, "memoryMb": settings.memory_mb,
        "arn": settings.arn.clone().unwrap_or_default(),
        "logGroup": format!("/aws/lambda/{}", settings.function_name), "logStream": lambda_env::LOG_STREAM,
    });
    let node_flags = if options.inspect { vec![INSPECT.into()] } else { Vec::new() };
    let mut env = lambda_env::environment(
        settings,
        &out_dir.to_string_lossy(),
        &resolved.credentials,
        resolved.endpoint_url.as_deref(),
    );
    // The AWS SDK warns at every start on a Node.js older than it likes (its own switch, read
    // in @aws-sdk/core): Lambda runs the function's own runtime, so here it is only noise
    // before the handler's lines.
    env.push(("AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED".into(), "true".into()));
    // Amplify's banner imports the SSM client when the function has secrets: loaded while the
    // process waits for its job, from beside the bundle, as the banner resolves it.
    let secrets = env.iter().any(|(k, v)| k == "AMPLIFY_SSM_ENV_CONFIG" && v.contains("path"));
    let bundled = built.positions_of.is_none();
    let preload = (secrets && bundled).then(|| out_dir.join(PRELOAD_FILE));
    if let Some(preload) = &preload {
        write(preload, PRELOAD)?;
    }
    let launch =
        run::Launch { node: shared.node.clone(), node_flags, harness, cwd: out_dir.to_path_buf(), env, preload };
    let job = run::Job {
        spec: spec.to_string(),
        result,
        function: def.name.clone(),
        request_id: request_id.to_owned(),
        timeout: (!options.inspect).then(|| Duration::from_secs(u64::from(settings.timeout_s))),
        places: places(root, built),
    };
    Ok((launch, job))
}

const PRELOAD_FILE: &str = "ampdeck-preload.mjs";
const PRELOAD: &str = "await import('@aws-sdk/client-ssm');\n";

fn places(root: &Path, built: &bundle::Bundled) -> run::Places {
    let stripped = built.positions_of.clone().map(|source| (built.file.clone(), source));
    run::Places { root: root.to_path_buf(), stripped }
}

/// The answer's function error and payload, as Lambda shapes them.
fn answer(
    outcome: &run::Outcome,
    timed_out: bool,
    exit: &str,
    settings: &FunctionSettings,
    places: &run::Places,
) -> (Option<String>, String) {
    if let Some(error) = &outcome.error {
        let text = places.name(&error.to_string());
        return (Some("Unhandled".into()), text);
    }
    if let Some(response) = &outcome.response {
        return (None, response.clone());
    }
    let (kind, message) = if timed_out {
        (
            "Sandbox.Timedout",
            format!("Task timed out after {}.00 seconds (the handler kept the event loop busy)", settings.timeout_s),
        )
    } else {
        ("Runtime.ExitError", format!("the process {exit}"))
    };
    (
        Some("Unhandled".into()),
        serde_json::json!({ "errorType": kind, "errorMessage": message, "trace": [] }).to_string(),
    )
}

async fn node_version(node: &str) -> String {
    let mut command = tokio::process::Command::new(node);
    command.arg("--version");
    let out = bundle::run(command).await;
    let version = out.ok().map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned()).filter(|v| !v.is_empty());
    crate::util::sanitize::owned(&version.unwrap_or_else(|| "?".into()))
}

/// A request id shaped like Lambda's (a random UUID).
fn request_id() -> String {
    let mut b = [0u8; 16];
    let _ = getrandom::fill(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_are_uuids_and_node_versions_are_read() {
        let id = request_id();
        assert_eq!((id.len(), id.matches('-').count(), &id[14..15]), (36, 4, "4"));
        assert_ne!(request_id(), id);
        assert_eq!(bundle::node_major_minor("v22.11.0"), (22, 11));
        assert_eq!(bundle::node_major_minor("nonsense"), (0, 0));
    }
}
