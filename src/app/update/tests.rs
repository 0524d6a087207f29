use std::path::PathBuf;
use std::time::Instant;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

use super::*;
use crate::app::state::{Confirm, Context, Overlay};
use crate::cloud::{DeployAction, EnvKind, Environment, LogEvent};
use crate::theme::Theme;

fn state() -> State {
    let ctx = Context {
        environment: "sandbox root".into(),
        stack_name: "amplify-app-root-sandbox-1496b9051c".into(),
        connection: "DEMO".into(),
        workspace: PathBuf::from("/tmp/ws"),
        watching: vec!["amplify".into()],
        demo: true,
        deploy_on_start: false,
        follow_branch: false,
    };
    let mut s = State::new(ctx, Theme::builtins(), true, Instant::now(), 1_741_662_600_000);
    s.size = (120, 40);
    s
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ch(c: char) -> Event {
    let mods = if c.is_ascii_uppercase() { KeyModifiers::SHIFT } else { KeyModifiers::NONE };
    Event::Key(KeyEvent::new(KeyCode::Char(c), mods))
}

fn ctrl_c() -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL))
}

fn toolkit(id: u64, line: &str) -> Event {
    Event::Deploy(DeployMsg::Toolkit {
        id,
        message: Box::new(ToolkitMessage::parse(line).expect("valid toolkit line")),
    })
}

fn finished(id: u64, outcome: Outcome) -> Event {
    Event::Deploy(DeployMsg::Finished { id, outcome })
}

fn deploy_ids(effects: &[Effect]) -> Vec<u64> {
    effects.iter().filter_map(|e| if let Effect::Deploy(r) = e { Some(r.id) } else { None }).collect()
}

/// Starts deploy #1 and returns the state.
fn deploying() -> State {
    let mut s = state();
    assert_eq!(deploy_ids(&update(&mut s, ch('d'))), vec![1]);
    s
}

fn replay(s: &mut State, id: u64, stream: &str) {
    for line in stream.lines() {
        update(s, toolkit(id, line));
    }
}

#[test]
fn q_quits_at_once_when_idle() {
    let mut s = state();
    assert_eq!(update(&mut s, ch('q')), vec![Effect::Quit]);
    assert!(s.quit);
}

#[test]
fn q_during_a_deploy_asks_and_n_stays() {
    let mut s = deploying();
    assert!(update(&mut s, ch('q')).is_empty());
    assert_eq!(s.overlay.clone(), Some(Overlay::Confirm(Confirm::Quit)));
    assert!(update(&mut s, ch('n')).is_empty());
    assert_eq!((s.overlay.clone(), s.quit), (None, false));
}

#[test]
fn confirming_quit_cancels_the_deploy_first() {
    let mut s = deploying();
    update(&mut s, ctrl_c());
    assert_eq!(update(&mut s, ch('y')), vec![Effect::CancelDeploy, Effect::Quit]);
    assert!(s.quit);
}

#[test]
fn terminate_signal_quits_and_cancels() {
    let mut s = deploying();
    assert_eq!(update(&mut s, Event::Terminate), vec![Effect::CancelDeploy, Effect::Quit]);
}

#[test]
fn tab_number_keys_and_mouse_move_focus() {
    let mut s = state();
    update(&mut s, key(KeyCode::Tab));
    assert_eq!(s.focus, PaneId::Resources);
    update(&mut s, key(KeyCode::BackTab));
    update(&mut s, key(KeyCode::BackTab));
    assert_eq!(s.focus, PaneId::Workspace);
    update(&mut s, ch('3'));
    assert_eq!(s.focus, PaneId::Logs);
    let logs = crate::ui::layout::pane_rect(&s, PaneId::Environments).expect("visible");
    let click = MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: logs.x + 2,
        row: logs.y + 2,
        modifiers: KeyModifiers::NONE,
    };
    update(&mut s, Event::Mouse(click));
    assert_eq!(s.focus, PaneId::Environments);
}

#[test]
fn z_zooms_and_esc_unzooms() {
    let mut s = state();
    update(&mut s, ch('z'));
    assert!(s.zoom);
    assert_eq!(crate::ui::layout::areas(&s).map(|a| a.panes.len()), Some(1));
    update(&mut s, key(KeyCode::Esc));
    assert!(!s.zoom);
}

#[test]
fn help_opens_and_any_key_closes_it() {
    let mut s = state();
    update(&mut s, ch('?'));
    assert_eq!(s.overlay.clone(), Some(Overlay::Help));
    update(&mut s, key(KeyCode::Esc));
    assert_eq!(s.overlay.clone(), None);
    update(&mut s, ch('?'));
    update(&mut s, ch('d'));
    assert_eq!(s.overlay.clone(), None);
    assert!(s.deploy.current.is_none(), "the closing key does nothing else");
}

#[test]
fn shift_t_cycles_themes() {
    let mut s = state();
    let first = s.theme().name.clone();
    update(&mut s, ch('T'));
    assert_ne!(s.theme().name, first);
    for _ in 1..s.themes.len() {
        update(&mut s, ch('T'));
    }
    assert_eq!(s.theme().name, first);
}

#[test]
fn a_change_during_a_deploy_queues_exactly_one_follow_up() {
    let mut s = deploying();
    for _ in 0..3 {
        assert!(
            update(
                &mut s,
                Event::FilesChanged(crate::watch::ChangeSet::files(vec!["amplify/data/resource.ts".into()]))
            )
            .is_empty()
        );
        assert!(update(&mut s, ch('d')).is_empty());
    }
    assert!(s.deploy.queued);
    let effects = update(&mut s, finished(1, Outcome::Succeeded));
    assert_eq!(deploy_ids(&effects), vec![2]);
    let Some(Effect::Deploy(request)) = effects.iter().find(|e| matches!(e, Effect::Deploy(_))) else {
        panic!("deploy expected")
    };
    assert_eq!(request.changed, vec![PathBuf::from("amplify/data/resource.ts")]);
    assert!(deploy_ids(&update(&mut s, finished(2, Outcome::Succeeded))).is_empty(), "only one follow-up");
}

#[test]
fn file_changes_deploy_when_auto_and_wait_when_manual() {
    let mut s = state();
    let effects = update(
        &mut s,
        Event::FilesChanged(crate::watch::ChangeSet::files(vec!["amplify/functions/say-hello/handler.ts".into()])),
    );
    assert_eq!(deploy_ids(&effects), vec![1]);
    assert_eq!(s.changes[0].deploy, Some(1));
    update(&mut s, finished(1, Outcome::Succeeded));

    update(&mut s, ch('a'));
    assert!(!s.deploy.auto);
    assert!(
        update(&mut s, Event::FilesChanged(crate::watch::ChangeSet::files(vec!["amplify/a.ts".into()]))).is_empty()
    );
    assert!(
        update(&mut s, Event::FilesChanged(crate::watch::ChangeSet::files(vec!["amplify/b.ts".into()]))).is_empty()
    );
    assert_eq!(s.deploy.pending.len(), 2);
    let effects = update(&mut s, ch('d'));
    let Some(Effect::Deploy(request)) = effects.first() else { panic!("deploy expected") };
    assert_eq!(request.changed.len(), 2);
    assert!(s.deploy.pending.is_empty());
}

#[test]
fn x_cancels_a_running_deploy_and_drops_the_queue() {
    let mut s = deploying();
    update(&mut s, ch('d'));
    assert_eq!(update(&mut s, ch('x')), vec![Effect::CancelDeploy]);
    assert!(!s.deploy.queued);
    assert!(deploy_ids(&update(&mut s, finished(1, Outcome::Cancelled))).is_empty());
    assert_eq!(s.deploy.history[0].result, crate::history::Result::Cancelled);
    assert!(update(&mut s, ch('x')).is_empty(), "nothing to cancel");
}

#[test]
fn toolkit_messages_drive_phase_kind_output_and_tree() {
    let mut s = deploying();
    replay(&mut s, 1, include_str!("../../../assets/cdk-deploy-events/new_deployment.jsonl"));
    let run = s.deploy.current.as_ref().expect("run");
    assert_eq!(run.kind, Some(DeployKind::Full));
    assert_eq!(run.progress.done(), run.progress.total());
    assert!(run.output.iter().any(|l| l.text.contains("Backend synthesized")));
    assert!(!run.output.iter().any(|l| l.text.contains("[sdk info]")), "SDK chatter is hidden");
    assert!(s.rows.len() > 100, "{}", s.rows.len());
    update(&mut s, finished(1, Outcome::Succeeded));

    update(&mut s, ch('d'));
    replay(&mut s, 2, include_str!("../../../assets/cdk-deploy-events/hotswap_lambda_data_resources.jsonl"));
    let run = s.deploy.current.as_ref().expect("run");
    assert_eq!((run.kind, run.hotswapped), (Some(DeployKind::Hotswap), 14));
}

#[test]
fn failed_deploy_keeps_the_root_cause() {
    let mut s = deploying();
    replay(&mut s, 1, include_str!("../../../assets/cdk-deploy-events/failed_auth.jsonl"));
    update(&mut s, finished(1, Outcome::Failed { exit_code: Some(13), message: None }));
    let run = s.deploy.current.as_ref().expect("run");
    let cause = run.progress.root_cause().expect("cause");
    assert!(cause.reason.contains("Amazon SES"));
    assert_eq!(s.notice.as_ref().map(|n| n.level), Some(crate::app::NoticeLevel::Error));
}

#[test]
fn messages_of_an_old_deploy_are_ignored() {
    let mut s = deploying();
    update(&mut s, toolkit(7, r#"{"code":"TS_STARTED","message":"Backend type checks started"}"#));
    update(&mut s, finished(7, Outcome::Succeeded));
    assert!(s.deploy.running());
    assert!(s.deploy.current.as_ref().is_some_and(|r| r.output.is_empty()));
}

#[test]
fn plain_output_lines_are_kept() {
    let mut s = deploying();
    update(&mut s, Event::Deploy(DeployMsg::Output { id: 1, line: crate::ansi::StyledLine::plain("hello") }));
    assert_eq!(s.deploy.current.as_ref().map(|r| r.output.len()), Some(1));
}

#[test]
fn slash_filters_logs_live_and_esc_clears() {
    let mut s = state();
    let log = |m: &str| LogEvent { function: "say-hello".into(), timestamp_ms: 0, message: m.into() };
    update(&mut s, Event::Logs(vec![log("alpha"), log("beta ERROR"), log("gamma")]));
    update(&mut s, ch('/'));
    assert_eq!((s.overlay.clone(), s.focus), (Some(Overlay::Filter), PaneId::Logs));
    for c in "error".chars() {
        update(&mut s, ch(c));
    }
    assert_eq!(s.logs.len(), 1);
    assert!(!s.quit, "typing q-free text never quits");
    update(&mut s, key(KeyCode::Enter));
    assert_eq!((s.overlay.clone(), s.logs.filter()), (None, "error"));
    update(&mut s, ch('/'));
    update(&mut s, key(KeyCode::Esc));
    assert_eq!(s.logs.len(), 3);
}

#[test]
fn scrolling_follow_panes_pauses_and_resumes_following() {
    let mut s = state();
    let events: Vec<LogEvent> =
        (0..200).map(|i| LogEvent { function: "f".into(), timestamp_ms: 0, message: format!("line {i}") }).collect();
    update(&mut s, Event::Logs(events));
    update(&mut s, ch('3'));
    update(&mut s, ch('k'));
    assert!(!s.view(PaneId::Logs).follow);
    update(&mut s, ch('g'));
    assert_eq!(s.view(PaneId::Logs).offset, 0);
    update(&mut s, key(KeyCode::PageDown));
    assert!(s.view(PaneId::Logs).offset > 0);
    update(&mut s, ch('G'));
    assert!(s.view(PaneId::Logs).follow);
    update(&mut s, ch('f'));
    assert!(!s.view(PaneId::Logs).follow);
    update(&mut s, ch('f'));
    assert!(s.view(PaneId::Logs).follow);
}

#[test]
fn wheel_scrolls_the_pane_under_the_pointer() {
    let mut s = state();
    let events: Vec<LogEvent> =
        (0..100).map(|i| LogEvent { function: "f".into(), timestamp_ms: 0, message: format!("{i}") }).collect();
    update(&mut s, Event::Logs(events));
    let logs = crate::ui::layout::pane_rect(&s, PaneId::Logs).expect("visible");
    let wheel = MouseEvent {
        kind: MouseEventKind::ScrollUp,
        column: logs.x + 1,
        row: logs.y + 1,
        modifiers: KeyModifiers::NONE,
    };
    update(&mut s, Event::Mouse(wheel));
    assert!(!s.view(PaneId::Logs).follow);
    assert_eq!(s.focus, PaneId::Deploy, "the wheel does not move focus");
}

#[test]
fn selection_moves_and_enter_folds_stacks() {
    let mut s = deploying();
    replay(&mut s, 1, include_str!("../../../assets/cdk-deploy-events/new_deployment.jsonl"));
    update(&mut s, ch('2'));
    let all = s.rows.len();
    update(&mut s, key(KeyCode::Enter));
    assert_eq!(s.rows.len(), 1, "root folded");
    update(&mut s, key(KeyCode::Enter));
    assert_eq!(s.rows.len(), all);
    update(&mut s, ch('j'));
    update(&mut s, key(KeyCode::Down));
    assert_eq!(s.view(PaneId::Resources).selected, 2);
    update(&mut s, ch('G'));
    assert_eq!(s.view(PaneId::Resources).selected, all - 1);
    assert!(s.view(PaneId::Resources).offset > 0);
    update(&mut s, key(KeyCode::PageUp));
    assert!(s.view(PaneId::Resources).selected < all - 1);
    update(&mut s, ch('k'));
    update(&mut s, ch('g'));
    assert_eq!(s.view(PaneId::Resources).selected, 0);
}

#[test]
fn environments_and_notices_are_stored() {
    let mut s = state();
    let env = Environment {
        name: "root".into(),
        kind: EnvKind::Sandbox,
        stack_name: "s".into(),
        status: String::new(),
        updated_ms: 0,
        mine: true,
    };
    update(&mut s, Event::Environments(vec![env]));
    assert_eq!(s.env_rows.len(), 1);
    update(&mut s, Event::Notice(Notice::error("boom")));
    assert_eq!(s.notice.as_ref().map(|n| n.text.as_str()), Some("boom"));
}

fn env(name: &str, kind: EnvKind, mine: bool) -> Environment {
    Environment {
        name: name.into(),
        kind,
        stack_name: format!("stack-{name}"),
        status: "UPDATE_COMPLETE".into(),
        updated_ms: 0,
        mine,
    }
}

#[test]
fn enter_on_an_environment_follows_it_and_a_deploy_comes_back_to_your_sandbox() {
    let mut s = state();
    s.ctx.stack_name = "stack-root".into();
    s.own_stack = "stack-root".into();
    update(
        &mut s,
        Event::Environments(vec![env("root", EnvKind::Sandbox, true), env("alice", EnvKind::Sandbox, false)]),
    );
    update(&mut s, ch('4'));
    update(&mut s, ch('j'));
    assert_eq!(update(&mut s, key(KeyCode::Enter)), vec![Effect::Follow("stack-alice".into())]);
    assert_eq!((s.ctx.stack_name.as_str(), s.ctx.environment.as_str()), ("stack-alice", "sandbox alice"));
    assert!(s.rows.is_empty(), "the old tree is gone");
    assert!(update(&mut s, key(KeyCode::Enter)).is_empty(), "already following");
    let effects = update(&mut s, ch('d'));
    assert_eq!(effects.first(), Some(&Effect::Follow("stack-root".into())));
    assert_eq!(deploy_ids(&effects), vec![1]);
    assert_eq!(s.ctx.stack_name, "stack-root");
}

#[test]
fn with_follow_branch_a_checkout_moves_the_panes_to_the_branch_environment() {
    use crate::git::{Branch, Head, Repo};
    let repo = |head: &str| Repo::Worktree {
        head: Head::Branch(head.into()),
        branches: ["main", "feature"]
            .iter()
            .map(|b| Branch {
                name: (*b).into(),
                current: *b == head,
                upstream: None,
                ahead: 0,
                behind: 0,
                summary: String::new(),
                time_ms: 0,
            })
            .collect(),
        remotes: vec![],
        linked: false,
    };
    let mut s = state();
    s.ctx.follow_branch = true;
    update(
        &mut s,
        Event::Environments(vec![env("main", EnvKind::Branch, false), env("feature", EnvKind::Branch, false)]),
    );
    update(&mut s, Event::Git(repo("main")));
    assert_eq!(s.ctx.stack_name, "stack-main");
    assert_eq!(update(&mut s, Event::Git(repo("feature"))), vec![Effect::Follow("stack-feature".into())]);
    assert!(update(&mut s, Event::Git(repo("feature"))).is_empty(), "no move, no follow");
    s.ctx.follow_branch = false;
    assert!(update(&mut s, Event::Git(repo("main"))).is_empty());
    assert!(s.env_rows.iter().any(|r| r.name == "main" && r.git_state().contains("current")));
}

#[test]
fn resize_changes_layout_and_ticks_come_fast_only_while_deploying() {
    let mut s = state();
    update(&mut s, Event::Resize(200, 60));
    assert_eq!(s.size, (200, 60));
    assert_eq!(s.tick_interval(), std::time::Duration::from_secs(30));
    s.dirty = false;
    update(&mut s, Event::Tick);
    assert!(s.dirty, "ages are redrawn");
    let s = deploying();
    assert_eq!(s.tick_interval(), std::time::Duration::from_secs(1));
}

#[test]
fn key_releases_are_ignored() {
    let mut s = state();
    let mut release = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
    release.kind = crossterm::event::KeyEventKind::Release;
    assert!(update(&mut s, Event::Key(release)).is_empty());
    assert!(!s.quit);
}

#[test]
fn startup_deploys_only_when_asked() {
    let mut s = state();
    assert!(startup(&mut s).is_empty());
    s.ctx.deploy_on_start = true;
    assert_eq!(deploy_ids(&startup(&mut s)), vec![1]);
    assert_eq!(s.deploy.current.as_ref().map(|r| r.trigger.clone()), Some(Trigger::Startup));
}

#[test]
fn planned_resources_set_the_progress_total() {
    let mut s = deploying();
    update(&mut s, Event::Deploy(DeployMsg::Planned { id: 1, resources: 42 }));
    assert_eq!(s.deploy.current.as_ref().map(|r| r.progress.total()), Some(42));
}

#[test]
fn stack_events_from_a_poller_feed_the_tree() {
    let mut s = state();
    let events: Vec<StackEvent> = include_str!("../../../assets/cdk-deploy-events/update_amplify_outputs.jsonl")
        .lines()
        .filter_map(|l| ToolkitMessage::parse(l).ok()?.event)
        .collect();
    update(&mut s, Event::StackEvents(events));
    assert!(!s.rows.is_empty());
    assert!(s.tree.root().is_some_and(|r| r.status == "UPDATE_COMPLETE"));
}

fn changes(n: usize, git: bool) -> Event {
    let paths = (0..n).map(|i| PathBuf::from(format!("amplify/f{i}.ts"))).collect();
    Event::FilesChanged(crate::watch::ChangeSet { paths, git })
}

#[test]
fn a_git_checkout_asks_before_deploying_and_no_keeps_changes_pending() {
    let mut s = state();
    assert!(update(&mut s, changes(3, true)).is_empty());
    assert_eq!(s.overlay.clone(), Some(Overlay::Confirm(Confirm::DeployBulk { files: 3, git: true })));
    assert!(update(&mut s, key(KeyCode::Esc)).is_empty());
    assert_eq!((s.overlay.clone(), s.deploy.pending.len()), (None, 3));
    assert_eq!(deploy_ids(&update(&mut s, ch('d'))), vec![1]);
}

#[test]
fn many_files_at_once_ask_and_yes_deploys_them_all() {
    let mut s = state();
    assert!(update(&mut s, changes(super::BULK_CHANGE, false)).is_empty());
    let effects = update(&mut s, ch('y'));
    let Some(Effect::Deploy(request)) = effects.first() else { panic!("deploy expected") };
    assert_eq!(request.changed.len(), super::BULK_CHANGE);
    assert_eq!(request.action, DeployAction::Sandbox { recreate: false });
}

#[test]
fn cfn_update_not_supported_offers_to_recreate_default_no() {
    let mut s = deploying();
    let error = "[ERROR] [CFNUpdateNotSupportedError] The sandbox cannot be updated in place";
    update(&mut s, Event::Deploy(DeployMsg::Output { id: 1, line: crate::ansi::StyledLine::plain(error) }));
    update(&mut s, finished(1, Outcome::Failed { exit_code: Some(1), message: None }));
    assert_eq!(s.overlay.clone(), Some(Overlay::Confirm(Confirm::RecreateSandbox)));
    assert!(update(&mut s, key(KeyCode::Enter)).is_empty(), "Enter is not yes");
    assert_eq!(s.overlay.clone(), None);

    let mut s = deploying();
    update(&mut s, Event::Deploy(DeployMsg::Output { id: 1, line: crate::ansi::StyledLine::plain(error) }));
    update(&mut s, finished(1, Outcome::Failed { exit_code: Some(1), message: None }));
    let effects = update(&mut s, ch('y'));
    assert!(
        matches!(effects.as_slice(), [Effect::Deploy(r)] if r.action == DeployAction::Sandbox { recreate: true } && r.id == 2)
    );
}

#[test]
fn finished_deploys_are_recorded_with_phases_for_the_history_file() {
    let mut s = deploying();
    s.now += std::time::Duration::from_secs(2);
    replay(&mut s, 1, include_str!("../../../assets/cdk-deploy-events/hotswap_lambda_data_resources.jsonl"));
    s.now += std::time::Duration::from_secs(3);
    let effects = update(&mut s, finished(1, Outcome::Succeeded));
    let Some(Effect::RecordHistory(record)) = effects.first() else { panic!("a history record: {effects:?}") };
    assert_eq!(
        (record.id, record.kind, record.result),
        (1, Some(DeployKind::Hotswap), crate::history::Result::Succeeded)
    );
    assert_eq!(record.duration_ms, 5_000);
    let phases: Vec<&str> = record.phases.iter().map(|p| p.phase.as_str()).collect();
    assert_eq!(phases, vec!["synthesizing", "type checking", "deploying", "hotswapping"]);
    assert_eq!(s.deploy.history.front(), Some(record));
}

#[test]
fn the_running_deploy_gets_an_eta_from_past_deploys_of_its_kind() {
    let mut s = state();
    for (id, ms) in [(1, 4_000), (2, 6_000), (3, 5_000)] {
        s.deploy.history.push_front(crate::history::Record {
            id,
            started_ms: 0,
            duration_ms: ms,
            result: crate::history::Result::Succeeded,
            exit_code: Some(0),
            kind: Some(DeployKind::Hotswap),
            trigger: "t".into(),
            changed: vec![],
            phases: vec![],
        });
    }
    s.deploy.next_id = 4;
    update(
        &mut s,
        Event::FilesChanged(crate::watch::ChangeSet::files(vec!["amplify/functions/say-hello/handler.ts".into()])),
    );
    s.now += std::time::Duration::from_secs(2);
    let run = s.deploy.current.as_ref().expect("running");
    assert_eq!(crate::ui::deploy::eta(&s, run).as_deref(), Some("ETA ~3.0s"));
}

#[test]
fn outputs_changes_pop_up_but_a_first_file_is_only_announced() {
    use crate::outputs::{Change, OutputsDiff};
    let mut s = state();
    assert!(update(&mut s, ch('o')).is_empty());
    assert_eq!(s.overlay.clone(), None, "nothing to show yet");
    let first = OutputsDiff {
        created: true,
        changes: vec![Change::Added { path: "version".into(), value: "1.4".into() }],
        more: 0,
    };
    update(&mut s, Event::OutputsChanged(first));
    assert_eq!(s.overlay.clone(), None);
    assert!(s.notice.as_ref().is_some_and(|n| n.text.contains("o shows them")));
    update(&mut s, ch('o'));
    assert_eq!(s.overlay.clone(), Some(Overlay::Outputs));
    update(&mut s, key(KeyCode::Esc));
    let change = Change::Changed { path: "data.url".into(), old: "a".into(), new: "b".into() };
    update(&mut s, Event::OutputsChanged(OutputsDiff { created: false, changes: vec![change], more: 0 }));
    assert_eq!(s.overlay.clone(), Some(Overlay::Outputs));
}

#[test]
fn a_finished_deploy_is_announced_and_a_success_diffs_the_outputs() {
    let mut s = deploying();
    let effects = update(&mut s, finished(1, Outcome::Succeeded));
    assert!(effects.contains(&Effect::DiffOutputs));
    assert!(effects.iter().any(|e| matches!(e, Effect::Announce { title, .. } if title == "deploy #1 succeeded")));
    let mut s = deploying();
    let effects = update(&mut s, finished(1, Outcome::Failed { exit_code: Some(1), message: None }));
    assert!(!effects.contains(&Effect::DiffOutputs));
}

#[test]
fn slash_in_resources_filters_the_tree_and_s_shows_outputs() {
    let mut s = deploying();
    replay(&mut s, 1, include_str!("../../../assets/cdk-deploy-events/new_deployment.jsonl"));
    update(&mut s, ch('2'));
    update(&mut s, ch('/'));
    for c in "lambda::function".chars() {
        update(&mut s, ch(c));
    }
    update(&mut s, key(KeyCode::Enter));
    assert_eq!(s.focus, PaneId::Resources, "the filter stays with the tree");
    assert!(
        !s.rows.is_empty() && s.rows.iter().all(|r| r.resource_type == "AWS::Lambda::Function"),
        "{}",
        s.rows.len()
    );
    assert_eq!(s.logs.filter(), "", "the logs are not filtered");
    update(&mut s, ch('/'));
    update(&mut s, key(KeyCode::Esc));
    assert!(s.rows.len() > 100);
    update(&mut s, ch('s'));
    assert!(s.show_outputs);
    update(&mut s, ch('s'));
    assert!(!s.show_outputs);
}

#[test]
fn u_copies_the_console_url_of_the_selected_resource() {
    let mut s = deploying();
    replay(&mut s, 1, include_str!("../../../assets/cdk-deploy-events/new_deployment.jsonl"));
    update(&mut s, ch('2'));
    let lambda = s.rows.iter().position(|r| r.resource_type == "AWS::Lambda::Function").expect("a function");
    s.view_mut(PaneId::Resources).selected = lambda;
    let effects = update(&mut s, ch('u'));
    let Some(Effect::Copy(url)) = effects.first() else { panic!("copy expected: {effects:?}") };
    assert!(
        url.starts_with("https://us-west-2.console.aws.amazon.com/lambda/home?region=us-west-2#/functions/"),
        "{url}"
    );
    assert!(s.notice.as_ref().is_some_and(|n| n.text.contains(url.as_str())));
}

#[test]
fn poller_snapshots_events_and_missing_stacks_reach_the_tree() {
    use crate::cloud::CloudStatus;
    let mut s = state();
    update(&mut s, Event::StackMissing);
    assert!(s.stack_missing && s.rows.is_empty());
    let events: Vec<StackEvent> = include_str!("../../../assets/cdk-deploy-events/update_amplify_outputs.jsonl")
        .lines()
        .filter_map(|l| ToolkitMessage::parse(l).ok()?.event)
        .collect();
    update(&mut s, Event::StackResources(events.clone()));
    assert!(!s.stack_missing && !s.rows.is_empty());
    // A running deploy counts the poller's events that are not older than itself.
    s.now_ms = events[0].timestamp_ms;
    update(&mut s, ch('d'));
    update(&mut s, Event::StackEvents(events));
    assert!(s.deploy.current.as_ref().is_some_and(|r| r.progress.total() > 0));
    update(&mut s, Event::Cloud(CloudStatus::Connected { region: Some("eu-west-1".into()), account: None }));
    update(&mut s, Event::Cloud(CloudStatus::Connected { region: None, account: Some("123456789012".into()) }));
    assert_eq!(
        s.cloud,
        Some(CloudStatus::Connected { region: Some("eu-west-1".into()), account: Some("123456789012".into()) })
    );
    assert_eq!(s.region.as_deref(), Some("eu-west-1"));
}

#[test]
fn after_a_cancel_an_update_still_under_way_is_offered_a_rollback_once() {
    let mut s = deploying();
    let in_progress: Vec<StackEvent> = include_str!("../../../assets/cdk-deploy-events/failed_auth.jsonl")
        .lines()
        .filter_map(|l| ToolkitMessage::parse(l).ok()?.event)
        .take(2)
        .collect();
    update(&mut s, Event::StackEvents(in_progress.clone()));
    assert_eq!(s.tree.root().map(|r| r.status.as_str()), Some("UPDATE_IN_PROGRESS"));
    update(&mut s, ch('x'));
    update(&mut s, finished(1, Outcome::Cancelled));
    assert_eq!(s.overlay.clone(), Some(Overlay::Confirm(Confirm::CancelUpdate)));
    assert_eq!(update(&mut s, ch('y')), vec![Effect::CancelUpdateStack]);
    update(&mut s, Event::StackEvents(in_progress));
    assert_eq!(s.overlay.clone(), None, "offered once");
}

fn envs_state() -> State {
    let mut s = state();
    s.ctx.stack_name = "amplify-app-root-sandbox-1496b9051c".into();
    s.own_stack = s.ctx.stack_name.clone();
    let env = |name: &str, kind, stack: &str, mine| Environment {
        name: name.into(),
        kind,
        stack_name: stack.into(),
        status: "UPDATE_COMPLETE".into(),
        updated_ms: 0,
        mine,
    };
    update(
        &mut s,
        Event::Environments(vec![
            env("root", EnvKind::Sandbox, "amplify-app-root-sandbox-1496b9051c", true),
            env("alice", EnvKind::Sandbox, "amplify-app-alice-sandbox-5b1e0c36d2", false),
            env("feature/login", EnvKind::Branch, "amplify-d1app-featurelogin-branch-1a2b3c4d5e", false),
        ]),
    );
    update(&mut s, ch('4'));
    s
}

#[test]
fn p_deploys_a_branch_environment_after_a_yes_and_keeps_file_changes_pending() {
    let mut s = envs_state();
    update(&mut s, Event::FilesChanged(crate::watch::ChangeSet::files(vec!["amplify/x.ts".into()])));
    update(&mut s, finished(1, Outcome::Succeeded));
    s.deploy.pending.push("amplify/y.ts".into());
    update(&mut s, ch('p'));
    assert!(
        s.notice.as_ref().is_some_and(|n| n.text.contains("not a deployed branch environment")),
        "root is a sandbox"
    );
    update(&mut s, ch('j'));
    update(&mut s, ch('j'));
    update(&mut s, ch('p'));
    let branch = DeployAction::Branch {
        stack: "amplify-d1app-featurelogin-branch-1a2b3c4d5e".into(),
        branch: "feature/login".into(),
        app_id: "d1app".into(),
    };
    assert_eq!(s.overlay, Some(Overlay::Confirm(Confirm::Action(branch.clone()))));
    let effects = update(&mut s, ch('y'));
    assert_eq!(effects.first(), Some(&Effect::Follow("amplify-d1app-featurelogin-branch-1a2b3c4d5e".into())));
    assert!(matches!(effects.last(), Some(Effect::Deploy(r)) if r.action == branch && r.changed.is_empty()));
    assert_eq!(s.deploy.pending.len(), 1, "the sandbox's changes wait");
}

#[test]
fn deleting_your_sandbox_asks_yes_and_someone_elses_needs_its_name() {
    let mut s = envs_state();
    update(&mut s, ch('X'));
    assert!(matches!(
        &s.overlay,
        Some(Overlay::Confirm(Confirm::Action(DeployAction::DeleteSandbox { own: true, .. })))
    ));
    let effects = update(&mut s, ch('y'));
    assert!(
        matches!(effects.last(), Some(Effect::Deploy(r)) if matches!(r.action, DeployAction::DeleteSandbox { own: true, .. }))
    );
    update(&mut s, finished(1, Outcome::Succeeded));

    update(&mut s, ch('j'));
    update(&mut s, ch('X'));
    assert!(update(&mut s, ch('y')).is_empty(), "a y is just a letter of the name");
    assert!(update(&mut s, key(KeyCode::Enter)).is_empty(), "wrong name: nothing");
    assert!(s.overlay.is_some());
    update(&mut s, key(KeyCode::Backspace));
    for c in "alice".chars() {
        update(&mut s, ch(c));
    }
    let effects = update(&mut s, key(KeyCode::Enter));
    assert!(matches!(effects.last(), Some(Effect::Deploy(r)) if r.action == DeployAction::DeleteSandbox {
        stack: "amplify-app-alice-sandbox-5b1e0c36d2".into(),
        identifier: "alice".into(),
        own: false,
    }));
    update(&mut s, finished(2, Outcome::Succeeded));
    update(&mut s, ch('4'));
    update(&mut s, ch('X'));
    update(&mut s, key(KeyCode::Esc));
    assert_eq!(s.overlay, None);
    assert!(s.notice.as_ref().is_some_and(|n| n.text == "nothing deleted"));
}
