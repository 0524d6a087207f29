//! The warm type checker with the sample app's real TypeScript, 7 and 5.9 (`scripts/sample-app`;
//! run by scripts/test): an introduced error shows at its place, its fix clears it, a file added or
//! removed is noticed, a `tsconfig.json` change is honoured, every answer matches a cold
//! `tsc --noEmit`, and a warm answer that disagrees with tsc is reported and replaced.

mod sample;

use std::path::{Path, PathBuf};
use std::time::Duration;

use ampdeck::adapters::typecheck::TypeChecker;
use ampdeck::domain::check::{CheckReport, Checker, CheckerChanged, Scope};
use ampdeck::ports::Sink;
use tokio::sync::mpsc;

const HANDLER: &str = "amplify/functions/say-hello/handler.ts";

struct Bench {
    root: PathBuf,
    checker: TypeChecker,
    rx: mpsc::Receiver<CheckReport>,
    sink: Sink<CheckReport>,
    generation: u64,
}

impl Bench {
    async fn start(root: PathBuf) -> Bench {
        let mut checker = TypeChecker::find(&root).expect("the sample app has tsc");
        let (told, mut heard) = Sink::channel(4);
        checker.start_warm("node", told);
        // The pane is told when the warm checker is ready, not left saying it is starting.
        let changed = tokio::time::timeout(Duration::from_secs(120), heard.recv()).await;
        let Ok(Some(CheckerChanged(words))) = changed else { panic!("told in time: {}", checker.describe()) };
        assert!(words.starts_with("warm (TypeScript "), "{words}");
        assert_eq!(checker.describe(), words);
        let (tx, rx) = mpsc::channel(16);
        Bench { root, checker, rx, sink: Sink::new(tx), generation: 0 }
    }

    fn write(&self, file: &str, text: &str) {
        std::fs::write(self.root.join(file), text).expect("write");
    }

    /// The reports of one check: the answer, and tsc's correction when one comes.
    async fn check(&mut self, scope: Scope) -> CheckReport {
        self.generation += 1;
        self.checker.check(self.generation, scope, self.sink.clone());
        let report =
            tokio::time::timeout(Duration::from_secs(60), self.rx.recv()).await.expect("in time").expect("open");
        assert_eq!(report.generation, self.generation);
        report
    }

    async fn changed(&mut self, file: &str) -> CheckReport {
        self.check(Scope::Changed(vec![PathBuf::from(file)])).await
    }

    /// What a cold `tsc --noEmit -p amplify` reports now, as places and codes.
    fn tsc(&self) -> Vec<String> {
        let out = std::process::Command::new(self.root.join("node_modules/.bin/tsc"))
            .args(["--noEmit", "--pretty", "false", "-p", "amplify"])
            .current_dir(&self.root)
            .output()
            .expect("tsc runs");
        let text = String::from_utf8_lossy(&out.stdout);
        places(&ampdeck::adapters::typecheck::diagnostics::parse(&text).0)
    }
}

fn places(diagnostics: &[ampdeck::domain::check::Diagnostic]) -> Vec<String> {
    let mut places: Vec<String> = diagnostics.iter().map(|d| format!("{} {}", d.location(), d.code)).collect();
    places.sort();
    places
}

fn original(root: &Path, file: &str) -> String {
    std::fs::read_to_string(root.join(file)).expect("read")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_warm_checker_answers_what_tsc_answers_on_typescript_7() {
    let Some((_keep, root)) = sample::app() else { return };
    answers_what_tsc_answers(root, "warm (TypeScript 7.", Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_warm_checker_answers_what_tsc_answers_on_typescript_5() {
    let Some((_keep, root)) = sample::app_on_typescript_5() else { return };
    // Each program's type checker starts empty in TypeScript 5: a save costs more than on 7,
    // still a fraction of a cold tsc (8 s and more here).
    answers_what_tsc_answers(root, "warm (TypeScript 5.9.3)", Duration::from_secs(4)).await;
}

async fn answers_what_tsc_answers(root: PathBuf, described: &str, warm_within: Duration) {
    let mut b = Bench::start(root.clone()).await;
    assert!(b.checker.describe().starts_with(described), "{}", b.checker.describe());
    let clean = b.check(Scope::Changed(Vec::new())).await;
    assert!(clean.clean() && clean.checker == Checker::Warm, "{clean:?}");

    let handler = original(&root, HANDLER);
    b.write(HANDLER, &format!("{handler}\nconst count: number = 'three';\n"));
    let broken = b.changed(HANDLER).await;
    assert_eq!(broken.checker, Checker::Warm);
    let line = handler.lines().count() + 2;
    assert_eq!(places(&broken.diagnostics), [format!("{HANDLER}:{line}:7 TS2322")]);
    assert_eq!(places(&broken.diagnostics), b.tsc(), "the same as a cold tsc");
    assert!(broken.elapsed < warm_within, "warm: {:?}", broken.elapsed);

    b.write(HANDLER, &handler);
    assert!(b.changed(HANDLER).await.clean(), "the fix clears it");

    b.write("amplify/extra.ts", "export const n: number = 'one';\n");
    let added = b.changed("amplify/extra.ts").await;
    assert_eq!(places(&added.diagnostics), ["amplify/extra.ts:1:14 TS2322"], "a new file is checked");
    std::fs::remove_file(root.join("amplify/extra.ts")).expect("remove");
    assert!(b.changed("amplify/extra.ts").await.clean(), "a removed file is gone");

    let tsconfig = original(&root, "amplify/tsconfig.json");
    let strict =
        tsconfig.replacen("\"compilerOptions\": {", "\"compilerOptions\": {\n    \"noUnusedLocals\": true,", 1);
    assert_ne!(strict, tsconfig, "the sample's tsconfig has compilerOptions");
    b.write(HANDLER, &format!("{handler}\nfunction unused() {{}}\n"));
    b.write("amplify/tsconfig.json", &strict);
    let honoured = b.check(Scope::Changed(vec![PathBuf::from(HANDLER), PathBuf::from("amplify/tsconfig.json")])).await;
    assert!(honoured.diagnostics.iter().any(|d| d.code == "TS6133"), "{honoured:?}");
    assert_eq!(places(&honoured.diagnostics), b.tsc());
    // A tsconfig change also has tsc compare: they agree, so no correction comes.
    let correction = tokio::time::timeout(Duration::from_secs(15), b.rx.recv()).await;
    assert!(correction.is_err(), "no disagreement: {correction:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_warm_answer_tsc_disagrees_with_is_reported_and_replaced_on_typescript_7() {
    let Some((_keep, root)) = sample::app() else { return };
    disagreement_is_reported(root).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_warm_answer_tsc_disagrees_with_is_reported_and_replaced_on_typescript_5() {
    let Some((_keep, root)) = sample::app_on_typescript_5() else { return };
    disagreement_is_reported(root).await;
}

async fn disagreement_is_reported(root: PathBuf) {
    let mut b = Bench::start(root.clone()).await;
    assert!(b.check(Scope::Changed(Vec::new())).await.clean());
    // A change the checker is not told of: its answer is stale.
    let handler = original(&root, HANDLER);
    b.write(HANDLER, &format!("{handler}\nconst count: number = 'three';\n"));
    let stale = b.check(Scope::Verify).await;
    assert!(stale.clean() && stale.checker == Checker::Warm);
    let correction =
        tokio::time::timeout(Duration::from_secs(60), b.rx.recv()).await.expect("tsc's word").expect("open");
    assert_eq!(correction.generation, stale.generation);
    assert_eq!(correction.checker, Checker::Tsc);
    assert!(correction.disagreed.as_deref().is_some_and(|d| d.contains("tsc also found")), "{correction:?}");
    assert_eq!(correction.errors, 1);
    // The warm checker starts over and is right again.
    let next = b.check(Scope::Changed(Vec::new())).await;
    assert_eq!((next.checker, next.errors), (Checker::Warm, 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_check_waits_for_the_loading_checker_instead_of_running_tsc_beside_it() {
    let Some((_keep, root)) = sample::app() else { return };
    let mut checker = TypeChecker::find(&root).expect("the sample app has tsc");
    let (told, _heard) = Sink::channel(4);
    checker.start_warm("node", told);
    let (tx, mut rx) = mpsc::channel::<CheckReport>(4);
    checker.check(1, Scope::Everything, Sink::new(tx));
    let report = tokio::time::timeout(Duration::from_secs(120), rx.recv()).await.expect("in time").expect("open");
    assert!(report.clean() && report.checker == Checker::Warm, "{report:?}");
    checker.shutdown();
}

/// A project whose TypeScript is 3.9 (no warm checking) and whose `tsc` finds one error.
fn old_typescript_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    for folder in ["amplify", "node_modules/.bin", "node_modules/typescript"] {
        std::fs::create_dir_all(root.join(folder)).expect("folder");
    }
    std::fs::write(root.join("package.json"), r#"{"name":"old"}"#).expect("package.json");
    std::fs::write(root.join("amplify/tsconfig.json"), "{}").expect("tsconfig");
    let manifest = r#"{"name":"typescript","version":"3.9.10","main":"index.js"}"#;
    std::fs::write(root.join("node_modules/typescript/package.json"), manifest).expect("typescript");
    std::fs::write(root.join("node_modules/typescript/index.js"), "module.exports = {};\n").expect("typescript");
    let tsc = root.join("node_modules/.bin/tsc");
    std::fs::write(
        &tsc,
        "#!/bin/sh\necho \"amplify/a.ts(1,7): error TS2322: Type 'string' is not assignable.\"\nexit 2\n",
    )
    .expect("tsc");
    std::fs::set_permissions(&tsc, std::os::unix::fs::PermissionsExt::from_mode(0o755)).expect("chmod");
    dir
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_check_the_warm_checker_cannot_take_is_answered_by_tsc_and_says_why() {
    let project = old_typescript_project();
    let mut checker = TypeChecker::find(project.path()).expect("tsc");
    let (told, mut heard) = Sink::channel(4);
    checker.start_warm("node", told);
    let (tx, mut rx) = mpsc::channel::<CheckReport>(4);
    checker.check(1, Scope::Everything, Sink::new(tx));
    let report = tokio::time::timeout(Duration::from_secs(30), rx.recv()).await.expect("in time").expect("open");
    assert_eq!(places(&report.diagnostics), ["amplify/a.ts:1:7 TS2322"]);
    assert_eq!(report.checker, Checker::Tsc);
    let why = "tsc (TypeScript 3.9.10 is too old for warm checking (4 and later))";
    assert_eq!(report.checker_note.as_deref(), Some(why));
    let changed = tokio::time::timeout(Duration::from_secs(5), heard.recv()).await.expect("told").expect("open");
    assert_eq!(changed, CheckerChanged(why.into()));
    // Later checks go straight to tsc, with the same word on why.
    let (tx, mut rx) = mpsc::channel::<CheckReport>(4);
    checker.check(2, Scope::Everything, Sink::new(tx));
    let report = tokio::time::timeout(Duration::from_secs(30), rx.recv()).await.expect("in time").expect("open");
    assert_eq!(report.checker_note.as_deref(), Some(why));
}
