//! The real binary's Users & secrets page in a pseudo-terminal: against moto, a user created
//! in the Users pane signs in with its password, and a secret set in the Secrets pane is what
//! `ampx sandbox secret get` reads at Amplify's path; typed values never reach the screen
//! unless revealed, nor the log file, even at the most verbose log level. In `--demo` the
//! same works with no AWS at all.

mod moto;
mod pty;

use std::time::Duration;

use moto::Moto;
use pty::Session;

const STACK: &str = "amplify-app-root-sandbox-1496b9051c";
const PASSWORD: &str = "Tr1cky-pa55word";
const VALUE: &str = "whsec-0d1e2f3a4b5c";
const WAIT: Duration = Duration::from_secs(20);

/// A root stack whose outputs name the pool, as `defineAuth`'s do.
fn template(pool: &str, client: &str) -> String {
    let outputs = [
        ("userPoolId", pool.to_owned()),
        ("webClientId", client.to_owned()),
        ("usernameAttributes", r#"[\"email\"]"#.to_owned()),
        ("passwordPolicyMinLength", "8".to_owned()),
        (
            "passwordPolicyRequirements",
            r#"[\"REQUIRES_NUMBERS\",\"REQUIRES_LOWERCASE\",\"REQUIRES_UPPERCASE\",\"REQUIRES_SYMBOLS\"]"#.to_owned(),
        ),
        ("groups", r#"[{\"ADMINS\":{\"precedence\":0}}]"#.to_owned()),
    ];
    let outputs: Vec<String> = outputs.iter().map(|(k, v)| format!(r#""{k}":{{"Value":"{v}"}}"#)).collect();
    format!(
        r#"{{"Resources":{{"Topic":{{"Type":"AWS::SNS::Topic","Properties":{{}}}}}},"Outputs":{{{}}}}}"#,
        outputs.join(",")
    )
}

fn log_file(s: &Session) -> String {
    std::fs::read_to_string(s.tmp.path().join("ampdeck/ampdeck.log")).unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_made_in_the_pane_signs_in_and_a_secret_set_there_is_where_amplify_reads_it() {
    let Some(moto) = Moto::start() else { return };
    moto::fake_credentials();
    let pool = moto.user_pool(&["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], 8).await;
    let body = template(&pool.id, &pool.client_id);
    moto.client().create_stack().stack_name(STACK).template_body(body).send().await.expect("stack");
    let endpoint = moto.endpoint();
    let args = ["--stack", STACK, "--endpoint-url", &endpoint, "--region", "us-east-1"];
    let mut s = Session::start_env(&args, &[("AMPDECK_LOG", "trace")]);
    s.wait_for("Dev", WAIT);
    s.keys("]]");
    s.wait_for("No users yet", WAIT);

    s.keys("a");
    s.wait_for("Email of the new user", WAIT);
    s.keys("dev@example.com\r");
    s.wait_for("Password for dev@example.com", WAIT);
    s.keys(PASSWORD);
    let typing = s.wait_for("•••••••••••••••", WAIT);
    assert!(!typing.contains(PASSWORD), "the password is never on the screen:\n{typing}");
    s.keys("\r");
    let listed = s.wait_for("CONFIRMED", WAIT);
    assert!(listed.contains("dev@example.com"), "{listed}");
    let token =
        pool.sign_in("dev@example.com", PASSWORD).await.expect("the user signs in with the password typed in the pane");

    s.keys("i");
    s.wait_for("Password of dev@example.com", WAIT);
    s.keys(&format!("{PASSWORD}\r"));
    s.wait_for("signed in as dev@example.com", WAIT);
    assert!(s.output().contains("\x1b]52;c;"), "the ID token went to the clipboard (OSC 52)");

    s.keys("\t");
    s.keys("a");
    s.wait_for("Name of the secret", WAIT);
    s.keys("SLACK_WEBHOOK\r");
    s.wait_for("Value of SLACK_WEBHOOK", WAIT);
    s.keys(&format!("{VALUE}\r"));
    let set = s.wait_for("•••• (Space)", WAIT);
    assert!(set.contains("SLACK_WEBHOOK") && !set.contains(VALUE), "masked until revealed:\n{set}");
    let ssm = moto::ssm_client(&endpoint);
    let path = "/amplify/app/root-sandbox-1496b9051c/SLACK_WEBHOOK";
    let got = ssm.get_parameter().name(path).with_decryption(true).send().await.expect("at Amplify's path");
    assert_eq!(got.parameter().and_then(|p| p.value()), Some(VALUE));
    s.keys(" ");
    s.wait_for(VALUE, WAIT);
    s.keys("\t");
    s.wait_gone(VALUE, WAIT);

    s.keys("q");
    assert_eq!(s.wait_exit(WAIT), 0);
    s.assert_restored();
    let log = log_file(&s);
    assert!(!log.is_empty(), "the log was written");
    for secret in [PASSWORD, VALUE, token.as_str()] {
        assert!(!log.contains(secret), "{secret:?} is in the log file");
    }
}

#[test]
fn the_demo_has_users_and_a_missing_secret_to_try_everything_on() {
    let mut s = Session::start(&["--demo"]);
    s.wait_for("Dev", WAIT);
    s.keys("]]");
    let page = s.wait_for("alice@example.com", WAIT);
    assert!(page.contains("FORCE_CHANGE_PASSWORD") && page.contains("DISABLED"), "{page}");
    s.wait_for("MISSING", WAIT);
    s.keys("a");
    s.wait_for("Email of the new user", WAIT);
    s.keys("tester@example.com\rWeak\r");
    s.wait_for("it needs", WAIT);
    s.keys("\x15Str0ng-pass!\r");
    s.wait_for("tester@example.com", WAIT);
    s.keys("\te");
    s.wait_for("Value of SLACK_WEBHOOK_URL", WAIT);
    s.keys("https://hooks.example/abc\r");
    s.wait_for("redeploy needed", WAIT);
    s.keys("q");
    assert_eq!(s.wait_exit(WAIT), 0);
}
