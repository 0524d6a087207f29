//! A handler's code live in the sandbox without synthesis: each function bundled as Amplify
//! bundles it (the same builder as a local run, into a folder of its own as deep as CDK's
//! asset folders), zipped as CDK zips an asset (its files sorted, dated 1980-01-01, deflated,
//! their modes kept), then `UpdateFunctionCode` through an [`Uploader`] that waits until
//! Lambda says the update is done. It reports as a deploy does, line by line, so the Deploy
//! pane and the history show it like any other.

use std::future::Future;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::time::Instant;

use tokio::sync::oneshot;

use super::bundle;
use crate::amplify::function_build::DEFAULT_RUNTIME;
use crate::domain::deploy::{DeployMsg, Outcome, PushTarget};
use crate::ports::{DeployReport, Sink};
use crate::util::ansi::StyledLine;

/// Puts a zip in place of a deployed function's code and waits for Lambda to take it.
pub trait Uploader: Send + Sync {
    /// The new code's `CodeSha256`, or why it was not taken.
    fn upload(
        &self,
        function_name: String,
        zip: Vec<u8>,
    ) -> Pin<Box<dyn Future<Output = Result<String, String>> + Send>>;
}

/// Where a function's pushed bundle is, relative to the project: kept after the push, so the
/// next synthesis's asset can be compared with it.
pub fn pushed_dir(function: &str) -> PathBuf {
    Path::new(".amplify/artifacts/ampdeck-push").join(function)
}

/// A push's verdict from the type check, when it waits for one: go ahead, or why not.
pub type Gate = oneshot::Receiver<(bool, String)>;

pub async fn push(
    root: PathBuf,
    uploader: &dyn Uploader,
    id: u64,
    functions: Vec<PushTarget>,
    gate: Option<Gate>,
    sink: Sink<DeployReport>,
) {
    let say = |text: String| {
        let sink = sink.clone();
        // esbuild's and Lambda's words are text from outside.
        let line = StyledLine::plain(crate::util::sanitize::owned(&text));
        async move {
            sink.send(DeployReport::Deploy(DeployMsg::Output { id, line })).await;
        }
    };
    let started = Instant::now();
    let outcome = match run(&root, uploader, &functions, gate, &say).await {
        Ok(()) => {
            let names: Vec<&str> = functions.iter().map(|f| f.name.as_str()).collect();
            say(format!("✔ {} live in {:.2} s, without synthesis", names.join(", "), started.elapsed().as_secs_f64()))
                .await;
            Outcome::Succeeded
        }
        Err(why) => {
            say(format!("[ERROR] [CodePushFailed] {why}")).await;
            Outcome::Failed { exit_code: None, message: Some(why) }
        }
    };
    sink.send(DeployReport::Deploy(DeployMsg::Finished { id, outcome })).await;
}

async fn run<F: Future<Output = ()>>(
    root: &Path,
    uploader: &dyn Uploader,
    functions: &[PushTarget],
    gate: Option<Gate>,
    say: &impl Fn(String) -> F,
) -> Result<(), String> {
    let defs = bundle::definitions(root);
    let mut zips = Vec::new();
    for target in functions {
        let def = defs
            .iter()
            .find(|d| d.name == target.name)
            .ok_or_else(|| format!("no defineFunction named {}", target.name))?;
        let out = pushed_dir(&def.name);
        let built = bundle::bundle_into(root, def, def.runtime.unwrap_or(DEFAULT_RUNTIME), &out).await?;
        let zip = zip_dir(&root.join(&out)).map_err(|e| format!("cannot zip {}: {e}", out.display()))?;
        say(format!("Bundled {} in {} ms: {} ({} KB zipped)", def.name, built.ms, built.how, zip.len().div_ceil(1024)))
            .await;
        zips.push((target, zip));
    }
    if let Some(gate) = gate {
        say("Waiting for the type check…".into()).await;
        match gate.await {
            Ok((true, _)) => {}
            Ok((false, reason)) => return Err(format!("not pushed: {reason}")),
            Err(_) => return Err("not pushed: the type check never answered".into()),
        }
    }
    for (target, zip) in zips {
        say(format!("UpdateFunctionCode {} ({})…", target.name, target.function_name)).await;
        let sha = uploader
            .upload(target.function_name.clone(), zip)
            .await
            .map_err(|why| format!("{}: {why}", target.name))?;
        say(format!("{} updated: CodeSha256 {sha}", target.name)).await;
    }
    Ok(())
}

/// The folder's files as CDK's asset zip has them: sorted by path, every date 1980-01-01,
/// deflated, each file's Unix mode kept.
pub fn zip_dir(dir: &Path) -> std::io::Result<Vec<u8>> {
    let mut files = Vec::new();
    collect(dir, dir, &mut files)?;
    files.sort();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for relative in files {
        let path = dir.join(&relative);
        let mode = std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&path)?.permissions());
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(mode);
        zip.start_file(relative.to_string_lossy(), options).map_err(std::io::Error::other)?;
        zip.write_all(&std::fs::read(&path)?)?;
    }
    Ok(zip.finish().map_err(std::io::Error::other)?.into_inner())
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(root, &path, out)?;
        } else if let Ok(relative) = path.strip_prefix(root) {
            out.push(relative.to_path_buf());
        }
    }
    Ok(())
}

/// What the last synthesis's asset of a function is, next to what was pushed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Comparison {
    /// The same bytes: the expected case.
    Same,
    Differs(String),
    /// No asset of it in `cdk.out` to compare with.
    Unknown,
}

/// The asset a synthesis wrote for `function` (the folder its template's `aws:asset:path`
/// names in `cdk.out`) against what was pushed.
pub fn compare_with_synthesis(root: &Path, function: &str) -> Comparison {
    let Some(asset) = bundle::synthesized(root, function, "").and_then(|d| d.asset) else { return Comparison::Unknown };
    let synthesized = root.join(bundle::CDK_OUT).join(asset);
    let pushed = root.join(pushed_dir(function));
    for file in ["index.mjs", "index.mjs.map"] {
        let (a, b) = (std::fs::read(pushed.join(file)).ok(), std::fs::read(synthesized.join(file)).ok());
        if a != b {
            return Comparison::Differs(format!(
                "{file} of {function} is not the asset a deploy uploads ({})",
                synthesized.display()
            ));
        }
    }
    Comparison::Same
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_zip_is_sorted_dated_1980_and_the_same_bytes_each_time() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::write(dir.path().join("index.mjs.map"), "{}").expect("map");
        std::fs::write(dir.path().join("index.mjs"), "export const handler = 1;").expect("code");
        let first = zip_dir(dir.path()).expect("zip");
        assert_eq!(first, zip_dir(dir.path()).expect("again"), "deterministic");
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(first)).expect("a zip");
        let names: Vec<String> = (0..archive.len())
            .map(|i| archive.by_index(i).expect("entry").name().map(|n| n.into_owned()).unwrap_or_default())
            .collect();
        assert_eq!(names, ["index.mjs", "index.mjs.map"]);
        let entry = archive.by_index(0).expect("entry");
        assert_eq!(entry.last_modified().map(|d| d.year()), Some(1980));
        assert_eq!(entry.compression(), zip::CompressionMethod::Deflated);
    }
}
