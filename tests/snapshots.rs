//! What the user sees: whole screens at several sizes, each pane, overlays, and the colours
//! where colour is the message.

mod common;

use std::time::Duration;

use ampdeck::app::Event;
use ampdeck::app::state::{Overlay, PaneId};
use ampdeck::app::testkit::update;
use ampdeck::domain::deploy::Outcome;
use common::*;
use ratatui::style::Color;

#[test]
fn whole_screen_80x24() {
    insta::assert_snapshot!(render(&settled(80, 24)).backend());
}

#[test]
fn whole_screen_120x40() {
    insta::assert_snapshot!(render(&settled(120, 40)).backend());
}

#[test]
fn whole_screen_200x60() {
    insta::assert_snapshot!(render(&settled(200, 60)).backend());
}

#[test]
fn failing_update_shows_the_nested_root_cause_120x40() {
    insta::assert_snapshot!(render(&failing(120, 40)).backend());
}

#[test]
fn each_pane_zoomed() {
    for &pane in PaneId::ALL {
        let mut s = failing(100, 30);
        s.focus = pane;
        s.zoom = true;
        insta::assert_snapshot!(format!("pane_{}", pane.title().to_lowercase()), render(&s).backend());
    }
}

#[test]
fn before_the_first_deploy() {
    let mut s = blank(100, 30);
    s.ctx.demo = true;
    insta::assert_snapshot!(render(&s).backend());
}

#[test]
fn hotswap_in_progress() {
    let mut s = settled(120, 30);
    deploy(&mut s, HOTSWAP, None, Duration::from_millis(4_300));
    s.notice = None;
    insta::assert_snapshot!(render(&s).backend());
}

#[test]
fn help_overlay() {
    let mut s = settled(100, 34);
    s.overlay = Some(Overlay::Help(Default::default()));
    insta::assert_snapshot!(render(&s).backend());
}

#[test]
fn confirm_quit_overlay() {
    let mut s = failing(100, 30);
    update(&mut s, key('q'));
    assert_eq!(s.question().map(|q| q.title.as_str()), Some(" Quit? "));
    insta::assert_snapshot!(render(&s).backend());
}

#[test]
fn log_filter_highlights_matches() {
    let mut s = settled(120, 30);
    update(&mut s, key('/'));
    for c in "error".chars() {
        update(&mut s, key(c));
    }
    insta::assert_snapshot!(render(&s).backend());
}

#[test]
fn too_small_terminal_says_so() {
    for (w, h) in [(40, 10), (59, 24), (80, 14), (1, 1)] {
        let s = settled(w, h);
        let screen = format!("{}", render(&s).backend());
        if w >= 30 {
            assert!(screen.contains("too small"), "{w}x{h}:\n{screen}");
        }
    }
    insta::assert_snapshot!(render(&settled(40, 10)).backend());
}

#[test]
fn every_size_from_tiny_to_huge_draws_without_panic() {
    let base = failing(80, 24);
    for (w, h) in [(0, 0), (60, 15), (61, 16), (99, 29), (119, 39), (120, 15), (300, 100), (500, 200)] {
        let mut s = base.clone();
        s.size = (w, h);
        for zoom in [false, true] {
            s.zoom = zoom;
            render(&s);
        }
    }
}

#[test]
fn light_theme_whole_screen() {
    let mut s = settled(120, 40);
    update(&mut s, key('T'));
    s.notice = None;
    insta::assert_snapshot!(render(&s).backend());
}

/// The foreground colour of the first cell below the tab line and the title row where
/// `text` is drawn.
fn cell_fg_of(s: &ampdeck::app::State, text: &str) -> Option<Color> {
    let terminal = render(s);
    let cells = &terminal.backend().buffer().content;
    (2 * usize::from(s.size.0)..cells.len())
        .find(|&i| {
            let mut run = String::new();
            for cell in &cells[i..] {
                if run.len() >= text.len() {
                    break;
                }
                run.push_str(cell.symbol());
            }
            run.starts_with(text)
        })
        .map(|i| cells[i].fg)
}

#[test]
fn statuses_are_coloured_by_meaning() {
    let mut s = settled(200, 60);
    let upto_failure: String = FAILED_AUTH
        .lines()
        .take_while(|l| !l.contains("UPDATE_ROLLBACK_IN_PROGRESS"))
        .map(|l| format!("{l}\n"))
        .collect();
    deploy(&mut s, &upto_failure, None, Duration::from_secs(3));
    s.focus = PaneId::Resources;
    s.zoom = true;
    let theme = s.theme().clone();
    assert_eq!(cell_fg_of(&s, "UPDATE_FAILED"), Some(theme.status_failed));
    assert_eq!(cell_fg_of(&s, "UPDATE_IN_PROGRESS"), Some(theme.status_in_progress));
    assert_eq!(cell_fg_of(&s, "CREATE_COMPLETE"), Some(theme.status_complete));
    let mut s = failing(200, 60);
    s.focus = PaneId::Resources;
    s.zoom = true;
    assert_eq!(cell_fg_of(&s, "UPDATE_ROLLBACK_COMPLETE"), Some(theme.status_rolled_back));
}

#[test]
fn log_levels_are_coloured() {
    let mut s = settled(200, 60);
    s.focus = PaneId::Logs;
    s.zoom = true;
    let theme = s.theme().clone();
    assert_eq!(cell_fg_of(&s, "Invoke Error"), Some(theme.log_error));
    assert_eq!(cell_fg_of(&s, "slow downstream"), Some(theme.log_warn));
    assert_eq!(cell_fg_of(&s, "REPORT RequestId"), Some(theme.log_platform));
}

#[test]
fn escape_sequences_from_logs_never_reach_the_screen() {
    let s = settled(200, 60);
    let screen = format!("{}", render(&s).backend());
    assert!(screen.contains("plain text"));
    assert!(!screen.contains('\u{1b}') && !screen.contains("evil"));
}

#[test]
fn a_cancelled_deploy_reads_cancelled() {
    let mut s = settled(120, 30);
    deploy(&mut s, "", Some(Outcome::Cancelled), Duration::from_secs(2));
    let screen = format!("{}", render(&s).backend());
    assert!(screen.contains("■ cancelled"), "{screen}");
}

#[test]
fn outputs_diff_overlay() {
    use ampdeck::model::outputs::{Change, OutputsDiff};
    let mut s = settled(100, 30);
    let changes = vec![
        Change::Added { path: "data.model_introspection.models.Todo.fields.priority.type".into(), value: "Int".into() },
        Change::Changed {
            path: "data.url".into(),
            old: "https://old/graphql".into(),
            new: "https://new/graphql".into(),
        },
        Change::Removed { path: "custom.oldOutput".into(), value: "x".into() },
    ];
    update(&mut s, ampdeck::app::Event::OutputsChanged(OutputsDiff { created: false, changes, more: 0 }));
    insta::assert_snapshot!(render(&s).backend());
}

#[test]
fn resources_filtered_and_stack_outputs() {
    let mut s = settled(100, 24);
    update(&mut s, key('2'));
    update(&mut s, key('z'));
    update(&mut s, key('/'));
    for c in "cognito".chars() {
        update(&mut s, key(c));
    }
    update(
        &mut s,
        ampdeck::app::Event::Key(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Enter,
            crossterm::event::KeyModifiers::NONE,
        )),
    );
    insta::assert_snapshot!("resources_filtered", render(&s).backend());
    update(
        &mut s,
        ampdeck::app::Event::StackOutputs(vec![
            ampdeck::domain::stack::StackOutput {
                key: "awsAppsyncApiEndpoint".into(),
                value: "https://x.appsync-api.us-east-1.amazonaws.com/graphql".into(),
                description: None,
            },
            ampdeck::domain::stack::StackOutput {
                key: "definedFunctions".into(),
                value: "[\"say-hello\"]".into(),
                description: Some("functions".into()),
            },
        ]),
    );
    update(&mut s, key('s'));
    insta::assert_snapshot!("stack_outputs", render(&s).backend());
}

#[test]
fn cloud_errors_show_in_the_status_bar_with_what_to_do() {
    use ampdeck::domain::health::{Health, Problem, ProblemKind, Source};
    let mut s = settled(120, 30);
    s.ctx.connection = "default · us-east-1".into();
    update(
        &mut s,
        ampdeck::app::Event::Health(Health::Problem(Problem {
            source: Source::Stacks,
            kind: ProblemKind::Credentials,
            message: "ExpiredToken: The security token included in the request is expired".into(),
            hint: "refresh AWS credentials (aws sso login, or check --profile)".into(),
        })),
    );
    let screen = format!("{}", render(&s).backend());
    let status = screen.lines().last().unwrap_or_default().to_owned();
    assert!(status.contains("⚠ refresh AWS credentials (aws sso login"), "what to do comes first: {status}");
    s.size = (200, 30);
    let wide = format!("{}", render(&s).backend());
    assert!(wide.lines().last().unwrap_or_default().contains("· ExpiredToken"), "{wide}");
    s.size = (120, 30);
    update(&mut s, ampdeck::app::Event::Health(Health::Recovered(Source::Stacks)));
    update(
        &mut s,
        ampdeck::app::Event::Cloud(ampdeck::domain::health::CloudStatus::Connected {
            region: None,
            account: Some("123456789012".into()),
        }),
    );
    let screen = format!("{}", render(&s).backend());
    let status = screen.lines().last().unwrap_or_default().to_owned();
    assert!(status.contains("default · us-east-1 · 123456789012") && !status.contains("ExpiredToken"), "{status}");
}

#[test]
fn environments_with_every_git_and_environment_state() {
    use ampdeck::domain::env::{EnvKind, Environment};
    use ampdeck::domain::git::{Branch, Head, Repo};
    let mut s = settled(120, 30);
    let env = |name: &str, kind, status: &str, mine| Environment {
        name: name.into(),
        kind,
        stack_name: format!("amplify-app-{}", name.replace('/', "")),
        status: status.into(),
        updated_ms: NOW_MS - 7_200_000,
        mine,
        app_id: None,
    };
    let branch = |name: &str, current, upstream: bool, ahead, behind| Branch {
        name: name.into(),
        current,
        upstream: upstream.then(|| format!("origin/{name}")),
        ahead,
        behind,
        summary: "work".into(),
        time_ms: NOW_MS,
    };
    update(
        &mut s,
        ampdeck::app::Event::Environments(vec![
            env("root", EnvKind::Sandbox, "UPDATE_COMPLETE", true),
            env("alice", EnvKind::Sandbox, "UPDATE_ROLLBACK_COMPLETE", false),
            env("main", EnvKind::Branch, "UPDATE_COMPLETE", false),
            env("feature/login", EnvKind::Branch, "UPDATE_IN_PROGRESS", false),
            env("release", EnvKind::Branch, "UPDATE_FAILED", false),
            env("prod", EnvKind::Standalone, "CREATE_COMPLETE", false),
        ]),
    );
    update(
        &mut s,
        ampdeck::app::Event::Git(Repo::Worktree {
            head: Head::Branch("feature/login".into()),
            branches: vec![
                branch("feature/login", true, true, 2, 0),
                branch("main", false, true, 0, 3),
                branch("hotfix", false, true, 1, 1),
                branch("spike", false, false, 0, 0),
            ],
            remotes: vec!["origin/main".into()],
            linked: false,
        }),
    );
    s.focus = PaneId::Environments;
    s.zoom = true;
    insta::assert_snapshot!(render(&s).backend());
}

fn type_errors(s: &mut ampdeck::app::State) {
    use ampdeck::domain::check::{CheckReport, Diagnostic};
    s.check.off = None;
    s.check.generation = 4;
    s.check.running = Some((4, s.now));
    let d = |file: &str, line, column, code: &str, message: &str| Diagnostic {
        file: file.into(),
        line,
        column,
        code: code.into(),
        message: message.into(),
    };
    let diagnostics = vec![
        d(
            "amplify/functions/say-hello/handler.ts",
            5,
            9,
            "TS2322",
            "Type 'string' is not assignable to type 'number'.",
        ),
        d(
            "amplify/data/resource.ts",
            12,
            3,
            "TS2353",
            "Object literal may only specify known properties, and 'nmae' does not exist in type 'ModelFields'.",
        ),
    ];
    let report = CheckReport {
        generation: 4,
        diagnostics,
        errors: 2,
        elapsed: Duration::from_millis(1_700),
        ..Default::default()
    };
    ampdeck::app::testkit::update(s, ampdeck::app::Event::Checked(report));
}

#[test]
fn type_errors_in_the_workspace_and_the_deploy_they_blocked() {
    let mut s = settled(120, 40);
    s.deploy.driver = ampdeck::app::state::Driver::Warm { versions: "backend-deployer 2.3.1".into() };
    type_errors(&mut s);
    ampdeck::app::testkit::update(&mut s, key('d'));
    s.notice = None;
    let screen = render(&s);
    assert_eq!(cell_fg_of(&s, "amplify/functions/say-hello/handler.ts:5:9"), Some(s.theme().status_failed));
    insta::assert_snapshot!(screen.backend());
}

#[test]
fn type_check_states_in_the_workspace_pane() {
    let mut s = settled(80, 24);
    s.focus = ampdeck::app::PaneId::Workspace;
    s.zoom = true;
    s.notice = None;
    let mut screens = Vec::new();
    s.check.off = Some("no node_modules/.bin/tsc (run npm install)".into());
    screens.push(render(&s).backend().to_string());
    s.check.off = None;
    s.check.running = Some((1, s.now - Duration::from_secs(2)));
    screens.push(render(&s).backend().to_string());
    s.check.running = None;
    s.check.last = Some(ampdeck::domain::check::CheckReport {
        generation: 1,
        diagnostics: Vec::new(),
        errors: 0,
        elapsed: Duration::from_millis(1_650),
        ..Default::default()
    });
    s.check.last_at_ms = s.now_ms;
    screens.push(render(&s).backend().to_string());
    let first_lines = |screen: &str| screen.lines().take(5).collect::<Vec<_>>().join("\n");
    insta::assert_snapshot!(screens.iter().map(|s| first_lines(s)).collect::<Vec<_>>().join("\n---\n"));
}

#[test]
fn when_the_warm_checker_dies_the_types_line_says_what_the_next_check_runs_on() {
    use ampdeck::domain::check::{CheckReport, Checker, CheckerChanged};
    let mut s = settled(200, 24);
    s.notice = None;
    s.check.off = None;
    let line = |s: &ampdeck::app::State| {
        let screen = render(s).backend().to_string();
        screen.lines().find(|l| l.contains("types: ")).map(str::to_owned).unwrap_or_default()
    };
    update(&mut s, Event::CheckerChanged(CheckerChanged("warm (TypeScript 7.0.2)".into())));
    s.check.running = Some((1, s.now));
    let warm =
        CheckReport { generation: 1, checker: Checker::Warm, elapsed: Duration::from_millis(70), ..Default::default() };
    update(&mut s, Event::Checked(warm));
    assert!(line(&s).contains("types: ✓ no errors · 0.1 s (warm) · "), "{}", line(&s));
    update(&mut s, Event::CheckerChanged(CheckerChanged("tsc (the warm checker stopped)".into())));
    assert!(line(&s).contains("0.1 s (warm; now tsc (the warm checker stopped)) · "), "{}", line(&s));
    // The next check ran cold and says why: nothing more to add.
    s.check.running = Some((2, s.now));
    let note = Some("tsc (the warm checker stopped)".to_owned());
    let cold =
        CheckReport { generation: 2, elapsed: Duration::from_millis(2_400), checker_note: note, ..Default::default() };
    update(&mut s, Event::Checked(cold));
    assert!(line(&s).contains("2.4 s (tsc (the warm checker stopped)) · "), "{}", line(&s));
}

#[test]
fn logs_pane_with_figures_markers_and_the_functions_overlay() {
    let mut s = settled(120, 30);
    s.focus = PaneId::Logs;
    s.zoom = true;
    s.notice = None;
    s.panes
        .logs
        .store
        .push_marker(common::NOW_MS, "── deploy #7 started: amplify/functions/say-hello/handler.ts changed ──");
    let report = |id: &str, ms: f64, init: &str| ampdeck::domain::logs::LogEvent {
        function: "say-hello".into(),
        timestamp_ms: common::NOW_MS + 1_000,
        message: format!(
            "REPORT RequestId: {id}\tDuration: {ms} ms\tBilled Duration: 13 ms\tMemory Size: 512 MB\tMax Memory Used: 87 MB\t{init}"
        ),
        internal: false,
        source: Default::default(),
    };
    update(
        &mut s,
        ampdeck::app::Event::Logs(vec![report("a", 210.0, "Init Duration: 180.20 ms\t"), report("b", 4.0, "")]),
    );
    let zoomed = render(&s);
    update(&mut s, key('F'));
    let overlay = render(&s);
    insta::assert_snapshot!(format!("{}\n{}", zoomed.backend(), overlay.backend()));
}

#[test]
fn timestamps_off_and_wrapped_lines_in_the_logs_pane() {
    let mut s = settled(60, 20);
    s.focus = PaneId::Logs;
    s.zoom = true;
    let rows = |s: &ampdeck::app::State| -> Vec<String> {
        let screen = render(s);
        let buffer = screen.backend().buffer();
        (0..s.size.1).map(|y| (0..s.size.0).map(|x| buffer[(x, y)].symbol().to_owned()).collect::<String>()).collect()
    };
    let before = rows(&s);
    assert!(before.iter().any(|r| r.contains("03:32:20 say-hello START")), "{before:#?}");
    update(&mut s, key('@'));
    let after = rows(&s);
    assert!(after.iter().any(|r| r.contains("┃say-hello START")), "no time column: {after:#?}");
    assert!(!after.iter().any(|r| r.contains("03:32:20")));
    assert!(!after.iter().any(|r| r.contains("Billed Duration: 13 ms")), "cut at the edge");
    update(&mut s, key('W'));
    let wrapped = rows(&s);
    // The REPORT line is wider than the pane: wrapped, its end is on the next row.
    let at = wrapped.iter().position(|r| r.contains("┃say-hello REPORT RequestId: 1f2e")).expect("report line");
    assert!(wrapped[at + 1].contains("13 ms"), "{wrapped:#?}");
}

/// The Data & storage page: records with a live change and a deleted row, one carrying
/// escape sequences (drawn as plain text), and the bucket's folders.
fn content_page(width: u16, height: u16) -> ampdeck::app::State {
    use ampdeck::domain::data::{Change, DataReply};
    use ampdeck::domain::storage::{Entry, StorageReply};
    let mut s = common::blank(width, height);
    ampdeck::app::testkit::with_todos(&mut s, 30);
    let mut hostile = ampdeck::app::testkit::todo(90);
    hostile.insert("content".into(), "\x1b[31mred\x1b]0;pwned\x07 text\r\n".into());
    let mut ticked = ampdeck::app::testkit::todo(3);
    ticked.insert("done".into(), true.into());
    let changes =
        vec![Change::Inserted(hostile), Change::Modified(ticked), Change::Removed(ampdeck::app::testkit::todo(5))];
    update(&mut s, Event::Data(DataReply::Changes { table: "Todo-api123-NONE".into(), changes }));
    let entries = vec![
        Entry::Folder { prefix: "media/".into() },
        Entry::Folder { prefix: "public/".into() },
        Entry::Object { key: "readme.md".into(), size: 2_400, modified_ms: 1_741_662_000_000 },
    ];
    let generation = 1;
    update(&mut s, Event::Storage(StorageReply::Listed { generation, entries, next: None }));
    s
}

#[test]
fn reading_to_the_end_shows_its_progress_and_how_to_stop() {
    let mut s = content_page(120, 40);
    s.panes.data.next = Some(ampdeck::app::testkit::todo(29));
    s.panes.data.to_end = true;
    let screen = render(&s).backend().to_string();
    assert!(screen.contains("reading to the end: 31 loaded · Esc stops"), "{screen}");
}

#[test]
fn data_and_storage_page_80x24_and_200x60() {
    for (w, h) in [(80, 24), (200, 60)] {
        let s = content_page(w, h);
        let screen = render(&s).backend().to_string();
        assert!(!screen.contains('\u{1b}') && !screen.contains("pwned\u{7}"), "no escape reaches the screen");
        assert!(screen.contains("red"), "the text itself is shown");
        insta::assert_snapshot!(format!("data_page_{w}x{h}"), render(&s).backend());
    }
}

#[test]
fn a_record_opens_as_json_in_its_model_order() {
    let mut s = content_page(80, 24);
    update(&mut s, key('j'));
    update(&mut s, Event::Key(crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Enter)));
    insta::assert_snapshot!(render(&s).backend());
}

/// The Invoke page: say-hello's saved events, two invocations (one threw, one answered with
/// an escape sequence in its text, drawn as plain text).
fn invoke_page(width: u16, height: u16) -> ampdeck::app::State {
    use ampdeck::domain::invoke::{InvokeReply, Invoked, Target};
    use ampdeck::model::invocations::Payload;
    let mut s = common::blank(width, height);
    let target = Target { name: "say-hello".into(), function_name: "amplify-app-sayhellolambda-X1".into() };
    update(&mut s, Event::Functions(vec![target]));
    ampdeck::app::focus::show_page(&mut s, ampdeck::app::pages::Page::Functions);
    update(&mut s, Event::Key(crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Enter)));
    let payloads = vec![
        Payload { name: "hello".into(), text: r#"{"arguments":{"name":"Ann"}}"#.into() },
        Payload { name: "no-name".into(), text: r#"{"arguments":{}}"#.into() },
    ];
    update(&mut s, Event::Payloads { function: "say-hello".into(), payloads });
    let tail = "START RequestId: r2 Version: $LATEST\nEND RequestId: r2\nREPORT RequestId: r2\tDuration: 3.21 ms\tBilled Duration: 4 ms\tMemory Size: 512 MB\tMax Memory Used: 71 MB\tInit Duration: 182.40 ms\t\n";
    let answers = [
        Invoked { status: 200, function_error: Some("Unhandled".into()), response: r#"{"errorType":"TypeError","errorMessage":"Cannot read properties of undefined (reading 'name')","trace":["TypeError: x","    at handler (index.mjs:4:31)"]}"#.into(), log_tail: None, request_id: Some("r1".into()) , local: None },
        Invoked { status: 200, function_error: None, response: "\"Hello, \u{1b}[31mAnn\u{1b}]0;pwned\u{7}!\"".into(), log_tail: Some(tail.into()), request_id: Some("r2".into()), local: None },
    ];
    for (n, invoked) in answers.into_iter().enumerate() {
        update(&mut s, key(if n == 0 { 'j' } else { 'k' }));
        update(&mut s, Event::Key(crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Enter)));
        let id = s.panes.invoke.history[0].id;
        update(&mut s, Event::Invoked(InvokeReply::Done { id, function: "say-hello".into(), invoked, took_ms: 90 }));
    }
    s
}

#[test]
fn invoke_page_80x24_and_200x60() {
    for (w, h) in [(80, 24), (200, 60)] {
        let s = invoke_page(w, h);
        let screen = render(&s).backend().to_string();
        assert!(!screen.contains('\u{1b}') && !screen.contains("pwned\u{7}"), "no escape reaches the screen");
        insta::assert_snapshot!(format!("invoke_page_{w}x{h}"), render(&s).backend());
    }
}

/// A local run's answer: where it ran, with whose credentials and settings, what it lacked
/// of the cloud (a layer's module it could not load named), and the variables only a deploy
/// resolves; a function not deployed yet listed beside the deployed one.
#[test]
fn a_local_run_says_what_it_ran_with_and_what_it_lacked() {
    use ampdeck::domain::deploy::CodeMap;
    use ampdeck::domain::invoke::{InvokeReply, Invoked, LocalFacts, Mode};
    let mut s = invoke_page(120, 40);
    let map = CodeMap {
        functions: vec![("say-hello".into(), vec![]), ("nightly-report".into(), vec![])],
        backend: vec![],
        generation: 1,
    };
    update(&mut s, Event::CodeMap(map));
    update(&mut s, key('h'));
    let id = s.panes.invoke.history[0].id;
    assert!(matches!(s.panes.invoke.history[0].mode, Mode::Local(_)));
    let facts = LocalFacts {
        node: "node v20.20.2 · bundled as Amplify does (esbuild 0.28.2, backend-function 1.19.0)".into(),
        node_warning: Some("Node.js v20.20.2 here, nodejs22.x in Lambda: behaviour may differ".into()),
        credentials: "your credentials (profile dev)".into(),
        settings: "the deployed function's settings (amplify-app-root-sayhello-X1)".into(),
        unresolved: vec!["TODO_TABLE".into()],
        differences: vec![
            "not the function's role".into(),
            "layers not attached (sharp:3)".into(),
            "memory not capped at 512 MB".into(),
        ],
        missing: Some("sharp".into()),
        inputs: vec!["amplify/functions/say-hello/handler.ts".into()],
        bundle_ms: 14,
    };
    let tail = "START RequestId: l1 Version: $LATEST\n2026-12-08T00:00:00.000Z\tl1\tINFO\tgreeting Ann\nEND RequestId: l1\nREPORT RequestId: l1\tDuration: 1.42 ms\tBilled Duration: 2 ms\tMemory Size: 512 MB\tMax Memory Used: 67 MB\tInit Duration: 152.56 ms\t\n";
    let invoked = Invoked {
        status: 200,
        function_error: None,
        response: "\"Hello, Ann!\"".into(),
        log_tail: Some(tail.into()),
        request_id: Some("l1".into()),
        local: Some(Box::new(facts)),
    };
    update(&mut s, Event::Invoked(InvokeReply::Done { id, function: "say-hello".into(), invoked, took_ms: 240 }));
    update(&mut s, Event::Key(crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Backspace)));
    insta::assert_snapshot!("invoke_page_local_run_120x40", render(&s).backend());
}

#[test]
fn a_backend_without_data_or_storage_says_so() {
    let mut s = common::blank(120, 40);
    let outputs =
        vec![ampdeck::domain::stack::StackOutput { key: "userPoolId".into(), value: "p".into(), description: None }];
    update(&mut s, Event::StackOutputs(outputs));
    ampdeck::app::focus::show_page(&mut s, ampdeck::app::pages::Page::Content);
    let screen = render(&s).backend().to_string();
    assert!(
        screen.contains("This backend has no data: no defineData") && screen.contains("This backend has no stor"),
        "{screen}"
    );
}

#[test]
fn the_detail_view_shows_a_row_whole_and_no_more_below_when_it_all_fits() {
    let mut s = settled(120, 40);
    update(&mut s, key('2'));
    update(&mut s, key('j'));
    update(&mut s, key('v'));
    let screen = format!("{}", render(&s).backend());
    assert!(
        screen.contains("logical id:") && screen.contains("console:") && screen.contains("https://us-west-2.console"),
        "{screen}"
    );
    assert!(!screen.contains("more below"), "every line fits: {screen}");
}

#[test]
fn processes_page_with_a_dev_server_running_and_one_that_lost_its_port_120x30() {
    use ampdeck::domain::processes::{Ended, Origin, ProcessMsg, ProcessSpec};
    let mut s = common::blank(120, 30);
    let spec = |name: &str| ProcessSpec {
        name: name.into(),
        command: format!("npm run {name}"),
        dir: "/app".into(),
        env: Vec::new(),
        autostart: false,
        restart_on_outputs: false,
        log_file: None,
        origin: Origin::Script,
    };
    update(&mut s, Event::ProcessesListed(vec![spec("dev"), spec("dev:docs"), spec("build")]));
    let said = |name: &str, lines: &[&str]| {
        Event::Process(ProcessMsg::Output {
            name: name.into(),
            lines: lines.iter().map(|l| ampdeck::util::ansi::parse(l)).collect(),
        })
    };
    update(&mut s, Event::Process(ProcessMsg::Started { name: "dev".into(), pid: 4242 }));
    update(
        &mut s,
        said(
            "dev",
            &[
                "",
                "  \x1b[32m\x1b[1mVITE\x1b[22m v6.0.3\x1b[39m  \x1b[2mready in \x1b[0m\x1b[1m412\x1b[22m\x1b[2m\x1b[0m ms\x1b[22m",
                "",
                "  \x1b[32m➜\x1b[39m  \x1b[1mLocal\x1b[22m:   \x1b[36mhttp://localhost:\x1b[1m5173\x1b[22m/\x1b[39m",
                "  \x1b[32m➜\x1b[39m  \x1b[1mNetwork\x1b[22m\x1b[2m: use \x1b[22m\x1b[1m--host\x1b[22m\x1b[2m to expose\x1b[22m",
                "\x1b[2m10:04:12 AM\x1b[22m \x1b[36m\x1b[1m[vite]\x1b[22m\x1b[39m \x1b[32mhmr update \x1b[39m\x1b[2m/src/App.tsx\x1b[22m",
            ],
        ),
    );
    update(&mut s, Event::Process(ProcessMsg::Started { name: "dev:docs".into(), pid: 4300 }));
    update(&mut s, said("dev:docs", &["Error: listen EADDRINUSE: address already in use 127.0.0.1:5173"]));
    update(
        &mut s,
        Event::Process(ProcessMsg::PortTaken {
            name: "dev:docs".into(),
            port: 5173,
            holder: Some("node /app/node_modules/.bin/vite (pid 4242)".into()),
        }),
    );
    update(&mut s, Event::Process(ProcessMsg::Exited { name: "dev:docs".into(), ended: Ended::Code(1), asked: false }));
    ampdeck::app::focus::show_page(&mut s, ampdeck::app::pages::Page::Processes);
    insta::assert_snapshot!("processes_page_120x30", render(&s).backend());
    update(&mut s, key('j'));
    insta::assert_snapshot!("processes_page_port_taken_120x30", render(&s).backend());
}
