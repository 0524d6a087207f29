//! Which secrets the backend reads: every `secret('NAME')` in the TypeScript under
//! `amplify/`, skipping what git ignores and `node_modules`.

use std::path::Path;

use crate::amplify::secrets::referenced;

/// Files larger than this are no backend definition.
const MAX_FILE: u64 = 1 << 20;

/// The names, sorted, each once.
pub fn find(project: &Path) -> Vec<String> {
    let mut names: Vec<String> = ignore::WalkBuilder::new(project.join("amplify"))
        .filter_entry(|e| e.file_name() != "node_modules")
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .filter(|e| e.path().extension().is_some_and(|x| x == "ts" || x == "tsx" || x == "mts"))
        .filter(|e| e.metadata().is_ok_and(|m| m.len() <= MAX_FILE))
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .flat_map(|source| referenced(&source))
        .collect();
    names.sort();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_come_from_the_backend_sources_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let amplify = dir.path().join("amplify");
        std::fs::create_dir_all(amplify.join("functions/pay")).expect("dirs");
        std::fs::create_dir_all(amplify.join("node_modules/x")).expect("dirs");
        std::fs::write(
            amplify.join("functions/pay/resource.ts"),
            "env: { K: secret('STRIPE_KEY'), W: secret(\"HOOK\") }",
        )
        .expect("write");
        std::fs::write(amplify.join("backend.ts"), "secret('STRIPE_KEY')").expect("write");
        std::fs::write(amplify.join("node_modules/x/index.ts"), "secret('NOT_OURS')").expect("write");
        std::fs::write(dir.path().join("app.ts"), "secret('OUTSIDE')").expect("write");
        assert_eq!(super::find(dir.path()), ["HOOK", "STRIPE_KEY"]);
    }
}
