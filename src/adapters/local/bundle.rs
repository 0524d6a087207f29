//! A function's code as Amplify builds it: its definition found in `amplify/`, then the
//! project's esbuild run with the arguments CDK gives it (`amplify::function_build`) and
//! Amplify's own banner and shim read from the installed `@aws-amplify/backend-function`.
//! Without esbuild (the demo's workspace has no `node_modules`), the entry runs with its
//! types stripped (`strip_types`).

use std::path::{Path, PathBuf};
use std::time::Instant;

use tokio::process::Command;

use crate::adapters::process::group;
use crate::amplify::function_build::{self, Build, FunctionDef};

const SHIMS: &str = "node_modules/@aws-amplify/backend-function/lib/lambda-shims";

/// The code to run, and how it was made.
#[derive(Debug, Clone, PartialEq)]
pub struct Bundled {
    /// The file to import.
    pub file: PathBuf,
    /// The project's files it was built from (relative).
    pub inputs: Vec<String>,
    pub ms: u64,
    /// How: "bundled as Amplify does (…)" or "its TypeScript with the types stripped".
    pub how: String,
    /// The source whose lines and columns `file` keeps (types stripped, nothing moved), so a
    /// trace through `file` names it instead.
    pub positions_of: Option<PathBuf>,
}

/// The TypeScript files under `amplify/` (not in `node_modules` or dot-folders), relative.
pub fn amplify_sources(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut dirs = vec![root.join("amplify")];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let (path, name) = (entry.path(), entry.file_name());
            if path.is_dir() && name != "node_modules" && !name.to_string_lossy().starts_with('.') {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "ts")
                && let Ok(relative) = path.strip_prefix(root)
            {
                found.push(relative.to_path_buf());
            }
        }
    }
    found.sort();
    found
}

/// The functions `defineFunction` defines under `amplify/`.
pub fn definitions(root: &Path) -> Vec<FunctionDef> {
    amplify_sources(root)
        .iter()
        .filter_map(|file| Some((file, std::fs::read_to_string(root.join(file)).ok()?)))
        .filter(|(_, text)| text.contains("defineFunction("))
        .flat_map(|(file, text)| function_build::definitions(file, &text))
        .collect()
}

/// The project's esbuild, when installed.
pub fn esbuild(root: &Path) -> Option<PathBuf> {
    Some(root.join("node_modules/.bin/esbuild")).filter(|p| p.exists())
}

/// `function` as the last synthesis declared it in `cdk.out` (settings, asset folder).
pub fn synthesized(root: &Path, function: &str, region: &str) -> Option<crate::amplify::lambda_env::Declared> {
    std::fs::read_dir(root.join(CDK_OUT))
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".template.json"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .find_map(|t| crate::amplify::lambda_env::declared(&t, function, region))
}

/// Where Amplify's synthesis writes the cloud assembly, relative to the project.
pub const CDK_OUT: &str = ".amplify/artifacts/cdk.out";

/// Builds `def` for Node.js `node` into its folder under `.amplify/artifacts/ampdeck/`, or,
/// without esbuild, strips its entry's types into that folder.
pub async fn bundle(root: &Path, def: &FunctionDef, node: u32) -> Result<Bundled, String> {
    if esbuild(root).is_none() {
        return from_source(root, def);
    }
    bundle_into(root, def, node, &function_build::out_dir(&def.name)).await
}

/// Builds `def` with the project's esbuild into `out` (relative to the project).
pub async fn bundle_into(root: &Path, def: &FunctionDef, node: u32, out: &Path) -> Result<Bundled, String> {
    let esbuild = esbuild(root).ok_or("the project has no esbuild (npm install): Amplify bundles functions with it")?;
    let started = Instant::now();
    let shims = root.join(SHIMS);
    let read = |name: &str| {
        std::fs::read_to_string(shims.join(name))
            .map_err(|e| format!("cannot read Amplify's {name} in {}: {e} (npm install?)", shims.display()))
    };
    let banner = function_build::banner(&read("resolve_ssm_params.js")?, &read("invoke_ssm_shim.js")?);
    let out_dir = root.join(out);
    let metafile = out_dir.with_file_name(format!("{}.meta.json", def.name));
    let inject = shims.join("cjs_shim.js");
    let build = Build { def, node, out_dir: &out_dir, banner: &banner, inject: &inject, metafile: Some(&metafile) };
    let mut command = Command::new(&esbuild);
    command.args(function_build::esbuild_args(&build)).current_dir(root);
    let output = run(command).await.map_err(|e| format!("cannot run {}: {e}", esbuild.display()))?;
    if !output.status.success() {
        let said = String::from_utf8_lossy(&output.stderr);
        let first = said.lines().find(|l| !l.trim().is_empty()).unwrap_or("esbuild failed");
        return Err(format!("the bundle did not build: {}", crate::util::sanitize::owned(first.trim())));
    }
    let inputs = std::fs::read_to_string(&metafile).map(|m| function_build::inputs(&m)).unwrap_or_default();
    Ok(Bundled {
        file: out_dir.join("index.mjs"),
        inputs,
        ms: started.elapsed().as_millis() as u64,
        how: format!(
            "bundled as Amplify does (esbuild {}, backend-function {})",
            version(root, "esbuild"),
            version(root, "@aws-amplify/backend-function")
        ),
        positions_of: None,
    })
}

/// A command in a group of its own, registered while it runs so a quit ends it too (and
/// ended with its group if the task running it is dropped), its output captured.
pub async fn run(mut command: Command) -> std::io::Result<std::process::Output> {
    let child = command
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .process_group(0)
        .spawn()?;
    let _group = Registered::new(child.id().map_or(0, |p| p as i32));
    child.wait_with_output().await
}

/// A registered process group, ended and forgotten when dropped (it finished, or the task
/// waiting for it was aborted).
struct Registered(i32);

impl Registered {
    fn new(pgid: i32) -> Self {
        group::register(pgid);
        Self(pgid)
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        if group::alive(self.0) {
            group::signal(self.0, nix::sys::signal::Signal::SIGKILL);
        }
        group::unregister(self.0);
    }
}

/// No esbuild in the project: the entry alone, its types stripped (every position kept, so
/// a trace's line is the source's), without Amplify's banner: said in the result, since
/// secrets then stay unresolved.
fn from_source(root: &Path, def: &FunctionDef) -> Result<Bundled, String> {
    let started = Instant::now();
    let source = std::fs::read_to_string(root.join(&def.entry))
        .map_err(|e| format!("cannot read {} (defineFunction's entry): {e}", def.entry.display()))?;
    let entry = def.entry.to_string_lossy().into_owned();
    let script = super::strip_types::strip(&source, &entry)?;
    let out_dir = root.join(function_build::out_dir(&def.name));
    let file = out_dir.join("index.mjs");
    std::fs::create_dir_all(&out_dir)
        .and_then(|_| std::fs::write(&file, script))
        .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    Ok(Bundled {
        file,
        inputs: vec![entry],
        ms: started.elapsed().as_millis() as u64,
        how: "its TypeScript, types stripped (no esbuild in the project to bundle it as Amplify does)".into(),
        positions_of: Some(def.entry.clone()),
    })
}

/// `v22.11.0` → (22, 11).
pub fn node_major_minor(version: &str) -> (u32, u32) {
    let mut parts = version.trim_start_matches('v').split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

/// An installed package's version, or "?".
pub fn version(root: &Path, package: &str) -> String {
    std::fs::read_to_string(root.join("node_modules").join(package).join("package.json"))
        .ok()
        .and_then(|p| serde_json::from_str::<serde_json::Value>(&p).ok())
        .and_then(|p| p.get("version")?.as_str().map(str::to_owned))
        .unwrap_or_else(|| "?".into())
}
