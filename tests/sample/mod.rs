//! The sample Amplify app with its real npm packages (`scripts/sample-app` installs them once
//! into `target/sample-app`): a fresh copy of its sources per test, linked to that install.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// A fresh copy of the app's sources beside the installed `node_modules`.
pub fn app() -> Option<(tempfile::TempDir, PathBuf)> {
    let Ok(installed) = std::env::var("AMPDECK_SAMPLE_APP") else {
        // scripts/test installs it: there, a missing app is a failure, never a skip.
        assert!(std::env::var_os("AMPDECK_REQUIRE_SAMPLE_APP").is_none(), "AMPDECK_SAMPLE_APP is not set");
        eprintln!("skipped: set AMPDECK_SAMPLE_APP=$(scripts/sample-app) to run against the real packages");
        return None;
    };
    let installed = PathBuf::from(installed);
    assert!(installed.join("node_modules/.bin/ampx").exists(), "{} has no npm install", installed.display());
    let dir = tempfile::tempdir().expect("tempdir");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo-app");
    copy_tree(&src, dir.path());
    std::os::unix::fs::symlink(installed.join("node_modules"), dir.path().join("node_modules")).expect("link");
    // Function bundling looks for the lock file beside package.json.
    std::fs::copy(installed.join("package-lock.json"), dir.path().join("package-lock.json")).expect("lock file");
    let root = dir.path().to_owned();
    Some((dir, root))
}

/// The same app on TypeScript 5.9 (`scripts/sample-app` puts it in `target/typescript-5`):
/// its own `node_modules` links every installed package but `typescript`, which is 5.9's.
pub fn app_on_typescript_5() -> Option<(tempfile::TempDir, PathBuf)> {
    let (dir, root) = app()?;
    let installed = std::fs::read_link(root.join("node_modules")).expect("the linked install");
    let ts5 = installed.parent().and_then(Path::parent).expect("target/").join("typescript-5/node_modules/typescript");
    assert!(ts5.join("package.json").is_file(), "{} is missing: run scripts/sample-app", ts5.display());
    std::fs::remove_file(root.join("node_modules")).expect("unlink");
    let modules = root.join("node_modules");
    std::fs::create_dir_all(modules.join(".bin")).expect("node_modules");
    for entry in std::fs::read_dir(&installed).expect("read the install").flatten() {
        let name = entry.file_name();
        if name != "typescript" && name != ".bin" {
            std::os::unix::fs::symlink(entry.path(), modules.join(&name)).expect("link a package");
        }
    }
    std::os::unix::fs::symlink(&ts5, modules.join("typescript")).expect("link typescript");
    std::os::unix::fs::symlink("../typescript/bin/tsc", modules.join(".bin/tsc")).expect("link tsc");
    Some((dir, root))
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("read_dir").flatten() {
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if src.is_dir() {
            std::fs::create_dir_all(&dst).expect("mkdir");
            copy_tree(&src, &dst);
        } else {
            std::fs::copy(&src, &dst).expect("copy");
        }
    }
}
