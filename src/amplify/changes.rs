//! What a set of changed files means for a deploy, the way ampx decides: a change to function
//! code alone can be hotswapped; anything that defines resources needs a stack update.

use std::path::{Component, Path};

/// Every file is function code (under a `functions` folder, not its `resource.ts`).
pub fn hotswappable(files: &[impl AsRef<Path>]) -> bool {
    !files.is_empty()
        && files.iter().all(|f| {
            let f = f.as_ref();
            f.components().any(|c| matches!(c, Component::Normal(n) if n == "functions"))
                && f.file_name().is_some_and(|n| n != "resource.ts")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_function_code_is_hotswappable() {
        assert!(hotswappable(&["amplify/functions/say-hello/handler.ts"]));
        assert!(hotswappable(&["amplify/functions/say-hello/lib/util.ts", "amplify/functions/x/handler.ts"]));
        assert!(!hotswappable(&["amplify/functions/say-hello/resource.ts"]));
        assert!(!hotswappable(&["amplify/functions/say-hello/handler.ts", "amplify/data/resource.ts"]));
        assert!(!hotswappable(&[] as &[&str]));
    }
}
