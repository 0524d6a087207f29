//! The npm packages as a user gets them: built by `scripts/release` from this build's binary,
//! installed from the packed tarballs into a fresh Amplify-shaped project with no registry
//! reachable, and run through `npx ampdeck`. Also the release archive and its checksum.
//!
//! Needs npm (and Node.js). `scripts/test` sets AMPDECK_REQUIRE_NPM=1, so a machine without
//! them fails there instead of skipping.

mod pty;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use pty::Session;

const VERSION: &str = env!("CARGO_PKG_VERSION");
const BINARY: &str = env!("CARGO_BIN_EXE_ampdeck");
/// A registry nothing listens on: the install must come from the tarballs alone.
const NO_REGISTRY: &str = "http://127.0.0.1:9/";

fn npm_available() -> bool {
    let found = Command::new("npm").arg("--version").output().is_ok_and(|o| o.status.success());
    if !found {
        assert!(std::env::var_os("AMPDECK_REQUIRE_NPM").is_none(), "AMPDECK_REQUIRE_NPM is set but npm is not on PATH");
        eprintln!("skipped: npm is not on PATH");
    }
    found
}

fn release(args: &[&str]) -> String {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/release");
    let out = Command::new(script).args(args).output().expect("scripts/release runs");
    assert!(out.status.success(), "scripts/release {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The release steps the workflow runs, for linux-x64 from the binary under test.
struct Built {
    dir: tempfile::TempDir,
}

impl Built {
    fn new() -> Built {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = |p: &str| dir.path().join(p).display().to_string();
        release(&["docs", "--binary", BINARY, "--out", &path("docs")]);
        let packed = release(&[
            "npm",
            "--binary",
            &format!("linux-x64={BINARY}"),
            "--docs",
            &path("docs"),
            "--out",
            &path("npm"),
        ]);
        assert_eq!(packed.lines().count(), 2, "a platform package and the launcher: {packed}");
        Built { dir }
    }

    fn tarball(&self, name: &str) -> PathBuf {
        let path = self.dir.path().join("npm").join(format!("{name}-{VERSION}.tgz"));
        assert!(path.is_file(), "{} was packed", path.display());
        path
    }

    /// A fresh Amplify Gen 2 project with ampdeck as a dev dependency.
    fn project(&self) -> PathBuf {
        let app = self.dir.path().join("app");
        std::fs::create_dir_all(app.join("amplify")).expect("amplify/");
        std::fs::write(app.join("package.json"), r#"{"name":"app","private":true,"type":"module"}"#)
            .expect("package.json");
        std::fs::write(app.join("amplify/package.json"), r#"{"type":"module"}"#).expect("amplify/package.json");
        std::fs::write(app.join("amplify/backend.ts"), "export {};\n").expect("backend.ts");
        let (launcher, platform) = (self.tarball("ampdeck"), self.tarball("ampdeck-linux-x64"));
        let cache = self.dir.path().join("npm-cache");
        let out = npm(
            &app,
            &["install", "--save-dev", "--no-audit", "--no-fund", "--fetch-retries", "0"],
            &cache,
            &[launcher.to_str().expect("utf-8 path"), platform.to_str().expect("utf-8 path")],
        );
        assert!(out.status.success(), "npm install: {}", String::from_utf8_lossy(&out.stderr));
        app
    }
}

fn npm(dir: &Path, args: &[&str], cache: &Path, more: &[&str]) -> Output {
    Command::new("npm")
        .args(args)
        .args(more)
        .args(["--registry", NO_REGISTRY, "--cache"])
        .arg(cache)
        .current_dir(dir)
        .env("npm_config_update_notifier", "false")
        .output()
        .expect("npm runs")
}

fn npx(dir: &Path, args: &[&str]) -> Output {
    Command::new("npx")
        .args(["--no-install", "--registry", NO_REGISTRY, "ampdeck"])
        .args(args)
        .current_dir(dir)
        .env("npm_config_update_notifier", "false")
        .output()
        .expect("npx runs")
}

#[test]
fn npx_ampdeck_runs_the_packed_binary_with_its_arguments_exit_codes_terminal_and_signals() {
    if !npm_available() {
        return;
    }
    let built = Built::new();
    let app = built.project();
    assert!(app.join("node_modules/@ampdeck/linux-x64/bin/ampdeck").is_file(), "the platform package is installed");

    let version = npx(&app, &["--version"]);
    assert!(version.status.success(), "{}", String::from_utf8_lossy(&version.stderr));
    assert_eq!(String::from_utf8_lossy(&version.stdout).trim(), format!("ampdeck {VERSION}"));

    let bad = npx(&app, &["--no-such-flag"]);
    assert_eq!(bad.status.code(), Some(2), "usage errors exit 2 through the launcher");
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--no-such-flag"), "ampdeck's own message comes through");

    let completions = npx(&app, &["completions", "bash"]);
    assert!(String::from_utf8_lossy(&completions.stdout).contains("--demo"), "stdout comes through");

    let npx_path = which("npx");
    let mut s = Session::start_program(&npx_path, &["--no-install", "ampdeck", "--demo"], &app, &[]);
    s.wait_for("1 Deploy", Duration::from_secs(60));
    s.wait_for("✔ deployed", Duration::from_secs(60));
    s.keys("q");
    assert_eq!(s.wait_exit(Duration::from_secs(15)), 0, "q quits with 0 through the launcher");
    s.assert_restored();

    // Started from inside the project, it is the project's: the nearest folder with a
    // package.json and amplify/, not amplify/ (which has a package.json of its own).
    let root = app.canonicalize().expect("app path").display().to_string();
    let mut s = Session::start_program(
        &npx_path,
        &["--no-install", "ampdeck", "--no-deploy-on-start"],
        &app.join("amplify"),
        &[],
    );
    let screen = s.wait_for(&root, Duration::from_secs(60));
    assert!(!screen.contains(&format!("{root}/amplify")), "the project root, not amplify/: {screen}");
    s.keys("q");
    s.wait_exit(Duration::from_secs(15));

    // A signal to the launcher reaches ampdeck, which restores the terminal before it ends.
    let mut s = Session::start_program(&npx_path, &["--no-install", "ampdeck", "--demo"], &app, &[]);
    s.wait_for("1 Deploy", Duration::from_secs(60));
    let pid = s.child.process_id().expect("launcher pid");
    let pid = nix::unistd::Pid::from_raw(i32::try_from(pid).expect("pid fits"));
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).expect("signal the launcher");
    s.wait_exit(Duration::from_secs(15));
    s.assert_restored();
}

#[test]
fn a_missing_platform_package_is_named_with_how_to_get_it() {
    if !npm_available() {
        return;
    }
    let built = Built::new();
    let app = built.project();
    // As `npm install --omit=optional` or a lock file from another platform leaves it.
    std::fs::remove_dir_all(app.join("node_modules/@ampdeck/linux-x64")).expect("remove the platform package");
    let out = npx(&app, &["--version"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("@ampdeck/linux-x64"), "names the package: {text}");
    assert!(text.contains(&format!("npm install --save-dev @ampdeck/linux-x64@{VERSION}")), "says how: {text}");
}

#[test]
fn the_packages_declare_what_npm_needs_to_pick_one_per_platform() {
    if !npm_available() {
        return;
    }
    let built = Built::new();
    let manifest = |tarball: PathBuf| -> serde_json::Value {
        let out = Command::new("tar").arg("-xzOf").arg(tarball).arg("package/package.json").output().expect("tar");
        serde_json::from_slice(&out.stdout).expect("package.json")
    };
    let launcher = manifest(built.tarball("ampdeck"));
    assert_eq!(launcher["version"], VERSION, "the version is Cargo's");
    assert_eq!(launcher["bin"]["ampdeck"], "bin/ampdeck.js");
    for platform in ["linux-x64", "linux-arm64", "darwin-x64", "darwin-arm64"] {
        assert_eq!(launcher["optionalDependencies"][format!("@ampdeck/{platform}")], VERSION, "{platform}");
    }
    assert_eq!(launcher["man"][0], "./man/ampdeck.1");
    let linux = manifest(built.tarball("ampdeck-linux-x64"));
    assert_eq!((linux["os"][0].as_str(), linux["cpu"][0].as_str()), (Some("linux"), Some("x64")));
    assert_eq!(linux["libc"][0], "glibc");

    // The workflow's last step, without publishing: the platform package goes first.
    let publish = Command::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/release"))
        .args(["publish", "--dry-run", "--dir"])
        .arg(built.dir.path().join("npm"))
        .env("npm_config_registry", NO_REGISTRY)
        .env("npm_config_fetch_retries", "0")
        .env("npm_config_cache", built.dir.path().join("npm-cache"))
        .output()
        .expect("publish --dry-run");
    let said = String::from_utf8_lossy(&publish.stdout);
    assert!(publish.status.success(), "{said}{}", String::from_utf8_lossy(&publish.stderr));
    let (platform, launcher) = (said.find("+ @ampdeck/linux-x64@"), said.find(&format!("+ ampdeck@{VERSION}")));
    assert!(platform.zip(launcher).is_some_and(|(p, l)| p < l), "platform package first: {said}");

    let files = Command::new("tar").arg("-tzf").arg(built.tarball("ampdeck")).output().expect("tar");
    let files = String::from_utf8_lossy(&files.stdout);
    for shipped in [
        "package/man/ampdeck.1",
        "package/completions/ampdeck.bash",
        "package/completions/_ampdeck",
        "package/completions/ampdeck.fish",
    ] {
        assert!(files.contains(shipped), "{shipped} shipped: {files}");
    }
}

#[test]
fn the_release_archive_carries_the_binary_docs_and_a_checksum_that_verifies() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = |p: &str| dir.path().join(p).display().to_string();
    release(&["docs", "--binary", BINARY, "--out", &path("docs")]);
    let archive = release(&[
        "archive",
        "--target",
        "x86_64-unknown-linux-gnu",
        "--binary",
        BINARY,
        "--docs",
        &path("docs"),
        "--out",
        &path("dist"),
    ]);
    let archive = PathBuf::from(archive.trim());
    let name = format!("ampdeck-{VERSION}-x86_64-unknown-linux-gnu");
    assert_eq!(archive.file_name().and_then(|n| n.to_str()), Some(format!("{name}.tar.gz").as_str()));
    let check = Command::new("sha256sum")
        .arg("-c")
        .arg(format!("{name}.tar.gz.sha256"))
        .current_dir(dir.path().join("dist"))
        .output()
        .expect("sha256sum");
    assert!(check.status.success(), "checksum: {}", String::from_utf8_lossy(&check.stdout));
    let listed = Command::new("tar").arg("-tzf").arg(&archive).output().expect("tar");
    let listed = String::from_utf8_lossy(&listed.stdout);
    for entry in [
        "ampdeck",
        "README.md",
        "LICENSE",
        "man/ampdeck.1",
        "completions/ampdeck.bash",
        "completions/_ampdeck",
        "completions/ampdeck.fish",
    ] {
        assert!(listed.lines().any(|l| l == format!("{name}/{entry}")), "{entry} in the archive: {listed}");
    }
    let man = std::fs::read_to_string(dir.path().join("docs/man/ampdeck.1")).expect("man page");
    assert!(man.contains(".TH ampdeck"), "a roff page: {}", &man[..man.len().min(200)]);
}

fn which(program: &str) -> String {
    let out = Command::new("sh").arg("-c").arg(format!("command -v {program}")).output().expect("sh");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}
