//! The status bar tells the most pressing problem and what to do about it, for exactly as
//! long as it lasts: credentials first, whichever client met them, over any notice; a source
//! that recovered clears its problem.

mod common;

use ampdeck::app::Event;
use ampdeck::app::testkit::update;
use ampdeck::domain::health::{Health, Problem, ProblemKind, Source};
use ampdeck::domain::notice::Notice;
use common::*;

fn problem(source: Source, kind: ProblemKind, message: &str, hint: &str) -> Event {
    Event::Health(Health::Problem(Problem { source, kind, message: message.into(), hint: hint.into() }))
}

fn status(s: &ampdeck::app::State) -> String {
    format!("{}", render(s).backend()).lines().last().unwrap_or_default().to_owned()
}

#[test]
fn expired_credentials_outrank_every_notice_and_say_what_to_do() {
    let mut s = settled(160, 30);
    update(
        &mut s,
        problem(
            Source::Logs,
            ProblemKind::Throttled,
            "ThrottlingException: Rate exceeded",
            "AWS is throttling; backing off",
        ),
    );
    update(&mut s, Event::Notice(Notice::warn("logs: something else went wrong")));
    assert!(status(&s).contains("something else"), "a warning outranks throttling: {}", status(&s));
    update(
        &mut s,
        problem(
            Source::Logs,
            ProblemKind::Credentials,
            "ExpiredTokenException: The security token included in the request is expired",
            "refresh AWS credentials (aws sso login, or check --profile)",
        ),
    );
    let line = status(&s);
    assert!(line.contains("⚠ refresh AWS credentials (aws sso login, or check --profile)"), "{line}");
    assert!(!line.contains("something else"), "credentials outrank the warning: {line}");
}

#[test]
fn a_recovered_source_clears_its_problem_and_the_account_stays() {
    let mut s = settled(160, 30);
    s.ctx.connection = "default · us-east-1".into();
    update(
        &mut s,
        Event::Cloud(ampdeck::domain::health::CloudStatus::Connected {
            region: None,
            account: Some("123456789012".into()),
        }),
    );
    update(
        &mut s,
        problem(Source::Stacks, ProblemKind::Throttled, "Throttling: Rate exceeded", "AWS is throttling; backing off"),
    );
    update(
        &mut s,
        problem(
            Source::Logs,
            ProblemKind::Network,
            "cannot reach AWS: Connection refused",
            "check the network or --endpoint-url; retrying",
        ),
    );
    let line = status(&s);
    assert!(line.contains("123456789012") && line.contains("cannot reach AWS"), "the worst problem first: {line}");
    update(&mut s, Event::Health(Health::Recovered(Source::Logs)));
    let line = status(&s);
    assert!(line.contains("Rate exceeded") && !line.contains("cannot reach"), "{line}");
    update(&mut s, Event::Health(Health::Recovered(Source::Stacks)));
    let line = status(&s);
    assert!(!line.contains('⚠') && line.contains("default · us-east-1 · 123456789012"), "all clear: {line}");
}

#[test]
fn a_region_without_the_cdk_bootstrap_shows_the_command_that_fixes_it_before_any_deploy() {
    let mut s = settled(160, 30);
    update(&mut s, Event::Health(ampdeck::amplify::bootstrap::verdict(None, Some("123456789012"), Some("us-east-1"))));
    let screen = render(&s).backend().to_string();
    assert!(
        screen.contains("⚠ us-east-1 is not bootstrapped for CDK: run npx cdk bootstrap"),
        "the Deploy pane says it too:\n{screen}"
    );
    update(&mut s, Event::Notice(Notice::info("Todo a saved")));
    assert!(status(&s).contains("Todo a saved"), "a notice is not hidden by it: {}", status(&s));
    s.notice = None;
    let line = status(&s);
    assert!(line.contains("npx cdk bootstrap aws://123456789012/us-east-1"), "{line}");
    update(&mut s, Event::Health(ampdeck::amplify::bootstrap::verdict(Some("27"), None, None)));
    assert!(!status(&s).contains("bootstrap"), "gone once bootstrapped: {}", status(&s));
}
