//! Which project files each function's code is built from, and which the backend definition
//! reads (`amplify/backend.ts` and everything it imports: `resource.ts` files, the data
//! schema, shared code): from esbuild's metafiles, packages left out. A save touching only
//! the first kind can go live as a code push; anything the backend reads needs a synthesis.
//! Without esbuild (the demo's workspace), each function's own entry is its code and every
//! other TypeScript file under `amplify/` the backend's.

use std::path::Path;

use tokio::process::Command;

use super::bundle;
use crate::amplify::function_build;
use crate::domain::deploy::CodeMap;

/// The map of the project's code as it is now; `generation` tells it from older readings.
/// When the backend definition does not build (a save mid-edit), nothing is anyone's own
/// code: every save deploys until it builds again.
pub async fn map(root: &Path, generation: u64) -> CodeMap {
    let defs = bundle::definitions(root);
    let Some(esbuild) = bundle::esbuild(root) else { return by_entries(root, &defs, generation) };
    // A folder of this reading's own: readings run concurrently.
    let parent = root.join(".amplify");
    let dir = std::fs::create_dir_all(&parent)
        .and_then(|_| tempfile::Builder::new().prefix("ampdeck-map-").tempdir_in(&parent));
    let Ok(dir) = dir else {
        return CodeMap { generation, ..CodeMap::default() };
    };
    let Some(backend) =
        inputs(root, &esbuild, dir.path(), Path::new(crate::amplify::project::BACKEND), "backend").await
    else {
        return CodeMap { generation, ..CodeMap::default() };
    };
    let mut functions = Vec::new();
    for def in &defs {
        // A function that does not build: its entry alone, so a save of it deploys as usual.
        let own = inputs(root, &esbuild, dir.path(), &def.entry, &def.name).await;
        functions.push((def.name.clone(), own.unwrap_or_else(|| vec![def.entry.to_string_lossy().into_owned()])));
    }
    CodeMap { functions, backend, generation }
}

/// The project's files `entry` imports, itself included; None when it does not build.
async fn inputs(root: &Path, esbuild: &Path, dir: &Path, entry: &Path, name: &str) -> Option<Vec<String>> {
    let (meta, out) = (dir.join(format!("{name}.json")), dir.join(format!("{name}.mjs")));
    let mut command = Command::new(esbuild);
    command
        .arg("--bundle")
        .arg(entry)
        .args(["--platform=node", "--format=esm", "--packages=external", "--log-level=silent"])
        .arg(format!("--metafile={}", meta.display()))
        .arg(format!("--outfile={}", out.display()))
        .current_dir(root);
    bundle::run(command).await.ok().filter(|o| o.status.success())?;
    Some(function_build::inputs(&std::fs::read_to_string(&meta).ok()?))
}

fn by_entries(root: &Path, defs: &[function_build::FunctionDef], generation: u64) -> CodeMap {
    let functions: Vec<(String, Vec<String>)> =
        defs.iter().map(|d| (d.name.clone(), vec![d.entry.to_string_lossy().into_owned()])).collect();
    let backend = bundle::amplify_sources(root)
        .into_iter()
        .filter(|file| !defs.iter().any(|d| &d.entry == file))
        .map(|file| file.to_string_lossy().into_owned())
        .collect();
    CodeMap { functions, backend, generation }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_esbuild_a_functions_entry_is_its_code_and_the_rest_the_backends() {
        let root = tempfile::tempdir().expect("dir");
        let f = root.path().join("amplify/functions/say-hello");
        std::fs::create_dir_all(&f).expect("dirs");
        std::fs::write(f.join("resource.ts"), "export const s = defineFunction({ name: 'say-hello' });").expect("r");
        std::fs::write(f.join("handler.ts"), "export const handler = async () => 1;").expect("h");
        std::fs::write(root.path().join("amplify/backend.ts"), "defineBackend({});").expect("b");
        let map = by_entries(root.path(), &bundle::definitions(root.path()), 3);
        assert_eq!(
            map.functions,
            [("say-hello".to_owned(), vec!["amplify/functions/say-hello/handler.ts".to_owned()])]
        );
        assert_eq!(map.backend, ["amplify/backend.ts", "amplify/functions/say-hello/resource.ts"]);
        assert_eq!(map.generation, 3);
    }
}
