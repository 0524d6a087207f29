//! The real binary's Data & storage page in a pseudo-terminal, against moto: the model's
//! records from the table the stack's outputs lead to, a record written by another client
//! shown live within about a second, a record edited through `$EDITOR` (a script that
//! rewrites the file) and read back with `GetItem`, the bucket listed; the terminal intact
//! after the editor and after quitting. In `--demo` the same works with no AWS at all.

mod moto;
mod pty;

use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

use aws_sdk_dynamodb::types::AttributeValue as A;
use moto::{Moto, todo};
use pty::Session;

const STACK: &str = "amplify-app-root-sandbox-1496b9051c";
const TABLE: &str = "Todo-api123-NONE";
const WAIT: Duration = Duration::from_secs(20);

/// A root stack whose outputs name the schema document, the API and the bucket, as
/// `defineData` and `defineStorage` write them.
fn template() -> String {
    let buckets = r#"[\"{\\\"name\\\":\\\"demoFiles\\\",\\\"bucketName\\\":\\\"files-bucket\\\",\\\"storageRegion\\\":\\\"us-east-1\\\"}\"]"#;
    let outputs = [
        ("amplifyApiModelSchemaS3Uri", "s3://codegen-assets/model-schema.graphql"),
        ("awsAppsyncApiId", "api123"),
        ("bucketName", "files-bucket"),
        ("buckets", buckets),
    ];
    let outputs: Vec<String> = outputs.iter().map(|(k, v)| format!(r#""{k}":{{"Value":"{v}"}}"#)).collect();
    format!(
        r#"{{"Resources":{{"Topic":{{"Type":"AWS::SNS::Topic","Properties":{{}}}}}},"Outputs":{{{}}}}}"#,
        outputs.join(",")
    )
}

fn editor_script(dir: &std::path::Path) -> String {
    let path = dir.join("edit.sh");
    let script = "#!/bin/sh\nsed -i 's/\"content\": \"first\"/\"content\": \"edited in the editor\"/' \"$1\"\n";
    std::fs::write(&path, script).expect("script");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("executable");
    path.display().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn records_appear_live_an_editor_edit_is_what_getitem_reads_and_the_bucket_lists() {
    let Some(moto) = Moto::start() else { return };
    moto::fake_credentials();
    moto.put_object("codegen-assets", "model-schema.graphql", include_str!("fixtures/data/model-schema.graphql"));
    moto.put_object("files-bucket", "public/welcome.txt", "hi");
    let db = moto.model_table(TABLE).await;
    for (id, content) in [("a", "first"), ("b", "second"), ("c", "third")] {
        db.put_item()
            .table_name(TABLE)
            .set_item(Some(todo(id, content, "2026-11-30T10:00:00.000Z")))
            .send()
            .await
            .expect("put");
    }
    moto.client().create_stack().stack_name(STACK).template_body(template()).send().await.expect("stack");
    let project = tempfile::tempdir().expect("project");
    let editor = editor_script(project.path());
    let endpoint = moto.endpoint();
    let dir = project.path().display().to_string();
    let args = ["--stack", STACK, "--endpoint-url", &endpoint, "--region", "us-east-1", "--dir", &dir];
    let mut s = Session::start_env(&args, &[("EDITOR", &editor), ("VISUAL", "")]);
    s.wait_for("Dev", WAIT);
    s.keys("]]]");
    let page = s.wait_for("second", WAIT);
    assert!(page.contains("first") && page.contains("third") && page.contains("3 loaded · all"), "{page}");

    // Let the pane find the stream's shards before writing.
    s.wait_for("live", WAIT);
    std::thread::sleep(Duration::from_millis(1500));
    let written = Instant::now();
    db.put_item()
        .table_name(TABLE)
        .set_item(Some(todo("d", "from another client", "2026-12-01T09:00:00.000Z")))
        .send()
        .await
        .expect("put");
    s.wait_for("from another", WAIT);
    let latency = written.elapsed();
    assert!(latency < Duration::from_secs(3), "shown within about a second: {latency:?}");

    s.keys("/first\r");
    s.wait_for("filter first", WAIT);
    s.keys("e");
    s.wait_for("Todo a saved", WAIT);
    s.keys("/\x15\r");
    let after = s.wait_for("edited in the edi", WAIT);
    assert!(after.contains("Data & storage") && after.contains("Storage"), "the whole TUI is back:\n{after}");
    let got = db.get_item().table_name(TABLE).key("id", A::S("a".into())).send().await.expect("get");
    let item = got.item().expect("still there");
    assert_eq!(item.get("content"), Some(&A::S("edited in the editor".into())));
    assert_eq!(item.get("__typename"), Some(&A::S("Todo".into())));
    assert_ne!(item.get("updatedAt"), Some(&A::S("2026-11-30T10:00:00.000Z".into())), "refreshed");
    assert_eq!(item.get("owner"), Some(&A::S("sub-1::dev@example.com".into())), "kept");

    s.keys("\t");
    s.wait_for("public/", WAIT);
    s.keys("q");
    assert_eq!(s.wait_exit(WAIT), 0);
    s.assert_restored();
}

#[test]
fn the_demo_has_todos_arriving_live_and_a_bucket_of_files() {
    let mut s = Session::start(&["--demo"]);
    s.wait_for("Dev", WAIT);
    s.keys("]]]");
    let page = s.wait_for("loaded", WAIT);
    assert!(page.contains("Todo") && page.contains("content"), "{page}");
    s.wait_for("live · 1 change", Duration::from_secs(30));
    s.keys("\t");
    s.wait_for("public/", WAIT);
    s.keys("G\r");
    s.wait_for("welcome.txt", WAIT);
    s.keys("q");
    assert_eq!(s.wait_exit(WAIT), 0);
}

/// The demo on the Invoke page, say-hello's saved events open.
fn demo_events() -> Session {
    let mut s = Session::start(&["--demo"]);
    s.wait_for("deployed", Duration::from_secs(40));
    s.keys("]]]]");
    s.wait_for("Invoke 1 function", WAIT);
    // Listed from the project's sources at once, invocable once the follower reads it deployed.
    s.wait_gone("not deployed", WAIT);
    s.keys("\r");
    s.wait_for("no-name", WAIT);
    s
}

#[test]
fn in_the_demo_one_key_invokes_say_hello_and_shows_its_answer_and_its_log_lines() {
    let mut s = demo_events();
    s.keys("\r");
    let result = s.wait_for("Hello, Amplify!", WAIT);
    assert!(result.contains("billed") && result.contains("request"), "labelled parts:\n{result}");
    s.keys("j\r");
    s.wait_for("TypeError: Cannot read properties", WAIT);
    s.keys("\tl");
    let logs = s.wait_for("Logs filtered to", WAIT);
    assert!(logs.contains("END RequestId") && logs.contains("Invoke Error"), "that request's lines:\n{logs}");
    s.keys("q");
    assert_eq!(s.wait_exit(WAIT), 0);
    s.assert_restored();
}

#[test]
fn in_the_demo_h_runs_say_hello_here_and_again_on_every_save() {
    let mut s = demo_events();
    // The demo's workspace has no node_modules: the handler's types are stripped and Node.js
    // runs it, whatever its version.
    s.keys("h");
    let result = s.wait_for("Hello, Amplify!", WAIT);
    assert!(result.contains("(local)") && result.contains("types stripped"), "run here:\n{result}");
    s.keys("f");
    s.wait_for("↻ on save", WAIT);
    let handler = s.workspace().join("amplify/functions/say-hello/handler.ts");
    let throwing = "export const handler = async (event: { arguments: { name: string } }) => {\n  const name: string = event.arguments.name;\n  throw new RangeError(`no greeting for ${name}`);\n};\n";
    std::fs::write(&handler, throwing).expect("the handler saved");
    // Run again by the save alone; the trace is on the source's own line.
    let result = s.wait_for("RangeError: no greeting for Amplify", WAIT);
    assert!(result.contains("amplify/functions/say-hello/handler.ts:3:"), "the line of handler.ts:\n{result}");
    s.keys("q");
    assert_eq!(s.wait_exit(WAIT), 0);
    s.assert_restored();
}
