//! Keys, mouse, overlays and scrolling.

use super::helpers::*;

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
    assert_eq!(s.question().map(|q| q.title.as_str()), Some(" Quit? "));
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
    let logs = crate::app::layout::pane_rect(&s, PaneId::Environments).expect("visible");
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
    assert_eq!(crate::app::layout::areas(&s).map(|a| a.panes.len()), Some(1));
    update(&mut s, key(KeyCode::Esc));
    assert!(!s.zoom);
}

#[test]
fn help_opens_typing_filters_it_and_esc_or_question_mark_closes_it() {
    let mut s = state();
    update(&mut s, ch('?'));
    assert!(matches!(s.overlay, Some(Overlay::Help(_))));
    update(&mut s, key(KeyCode::Esc));
    assert_eq!(s.overlay.clone(), None);
    update(&mut s, ch('?'));
    update(&mut s, ch('d'));
    let filter = crate::app::overlays::help::query(&s).map(|q| q.text.value().to_owned());
    assert_eq!(filter.as_deref(), Some("d"), "typing filters help");
    update(&mut s, ch('?'));
    assert_eq!(s.overlay.clone(), None);
    assert!(s.deploy.current.is_none(), "the closing key does nothing else");
}

#[test]
fn shift_t_cycles_themes() {
    let mut s = state();
    let first = s.theme().name.clone();
    update(&mut s, ch('T'));
    assert_ne!(s.theme().name, first);
    for _ in 1..s.themes.all.len() {
        update(&mut s, ch('T'));
    }
    assert_eq!(s.theme().name, first);
}

#[test]
fn slash_filters_logs_live_and_esc_clears() {
    let mut s = state();
    update(
        &mut s,
        Event::Logs(vec![log("say-hello", "alpha"), log("say-hello", "beta ERROR"), log("say-hello", "gamma")]),
    );
    update(&mut s, ch('3'));
    update(&mut s, ch('/'));
    assert!(matches!(s.overlay, Some(Overlay::Filter(_))));
    assert_eq!(s.focus, PaneId::Logs);
    for c in "error".chars() {
        update(&mut s, ch(c));
    }
    assert_eq!(s.panes.logs.store.len(), 1);
    assert!(!s.quit, "typing q-free text never quits");
    update(&mut s, key(KeyCode::Enter));
    assert_eq!((s.overlay.clone(), s.panes.logs.store.filter()), (None, "error"));
    update(&mut s, ch('/'));
    update(&mut s, key(KeyCode::Esc));
    assert_eq!(s.panes.logs.store.len(), 3);
}

#[test]
fn scrolling_follow_panes_pauses_and_resumes_following() {
    let mut s = state();
    let events: Vec<LogEvent> = (0..200).map(|i| log("f", &format!("line {i}"))).collect();
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
    let events: Vec<LogEvent> = (0..100).map(|i| log("f", &format!("{i}"))).collect();
    update(&mut s, Event::Logs(events));
    let logs = crate::app::layout::pane_rect(&s, PaneId::Logs).expect("visible");
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
fn errors_only_marks_save_and_clear() {
    let mut s = state();
    update(&mut s, Event::Logs(vec![log("f", "fine"), log("f", "2026-11-29T03:09:36.161Z\tr1\tERROR\tboom")]));
    update(&mut s, ch('3'));
    update(&mut s, ch('E'));
    assert_eq!((s.panes.logs.store.len(), s.focus), (1, PaneId::Logs));
    update(&mut s, ch('E'));
    assert_eq!(s.panes.logs.store.len(), 2);

    update(&mut s, ch('m'));
    assert_eq!(s.panes.logs.store.last().map(|l| l.kind), Some(crate::model::logs::Kind::Marker));

    let effects = update(&mut s, ch('w'));
    let Some(Effect::Save { path, text, .. }) = effects.first() else { panic!("{effects:?}") };
    assert!(path.starts_with("/tmp/ws/.amplify/ampdeck") && path.to_string_lossy().ends_with(".txt"), "{path:?}");
    assert_eq!(text.lines().count(), 3, "the shown lines, marker included:\n{text}");

    update(&mut s, ch('C'));
    assert_eq!(s.panes.logs.store.total(), 0);
    assert!(update(&mut s, ch('w')).is_empty(), "nothing shown, nothing saved");
}

#[test]
fn deploys_leave_markers_in_the_logs() {
    let mut s = deploying();
    succeed(&mut s, 1);
    let texts: Vec<String> =
        (0..s.panes.logs.store.len()).filter_map(|i| s.panes.logs.store.get(i)).map(|l| l.text.clone()).collect();
    assert_eq!(texts, ["── deploy #1 started: deploy key ──", "── deploy #1 deployed ──"]);
}

#[test]
fn the_functions_overlay_shows_and_hides_each_function() {
    let mut s = state();
    update(&mut s, Event::Logs(vec![log("alpha", "a"), log("beta", "b")]));
    update(&mut s, ch('3'));
    update(&mut s, ch('F'));
    assert_eq!(s.overlay, Some(Overlay::Functions));
    update(&mut s, ch('j'));
    update(&mut s, ch(' '));
    assert_eq!(s.panes.logs.store.len(), 1, "beta hidden");
    assert_eq!(s.panes.logs.store.get(0).map(|l| &*l.function), Some("alpha"));
    update(&mut s, ch(' '));
    assert_eq!(s.panes.logs.store.len(), 2, "shown again");
    update(&mut s, key(KeyCode::Esc));
    assert_eq!(s.overlay, None);
}

#[test]
fn search_jumps_between_matches_and_keeps_the_other_lines() {
    let mut s = state();
    let lines: Vec<LogEvent> =
        (0..300).map(|i| log("f", &if i % 100 == 50 { format!("needle {i}") } else { format!("line {i}") })).collect();
    update(&mut s, Event::Logs(lines));
    update(&mut s, ch('3'));
    update(&mut s, ch('/'));
    for c in "needle".chars() {
        update(&mut s, ch(c));
    }
    update(&mut s, key(KeyCode::Tab));
    update(&mut s, key(KeyCode::Enter));
    assert_eq!(s.panes.logs.store.len(), 300, "a search hides nothing");
    update(&mut s, ch('N'));
    let first = s.view(PaneId::Logs).offset;
    assert_eq!(s.panes.logs.store.get(first).map(|l| l.text.as_str()), Some("needle 250"));
    update(&mut s, ch('N'));
    assert_eq!(s.panes.logs.store.get(s.view(PaneId::Logs).offset).map(|l| l.text.as_str()), Some("needle 150"));
    update(&mut s, ch('n'));
    assert_eq!(s.panes.logs.store.get(s.view(PaneId::Logs).offset).map(|l| l.text.as_str()), Some("needle 250"));
    assert!(!s.view(PaneId::Logs).follow, "jumping pauses following");
    update(&mut s, ch('n'));
    assert!(s.notice.as_ref().is_some_and(|n| n.text == "no later match"));
}

#[test]
fn a_panes_keys_act_only_while_it_has_focus() {
    let mut s = state();
    update(&mut s, Event::Logs(vec![log("f", "fine"), log("f", "2026-11-29T03:09:36.161Z\tr1\tERROR\tboom")]));
    update(&mut s, ch('2'));
    assert!(update(&mut s, ch('E')).is_empty());
    assert_eq!(
        (s.panes.logs.store.view().errors_only, s.focus, s.panes.logs.store.len()),
        (false, PaneId::Resources, 2),
        "E is the Logs pane's"
    );
    for c in ['J', 'R', 'W', 'C', 'F'] {
        update(&mut s, ch(c));
    }
    assert_eq!(
        (s.panes.logs.store.total(), s.overlay.clone(), s.focus),
        (2, None, PaneId::Resources),
        "nothing happened to the logs"
    );
}

#[test]
fn the_same_key_does_different_things_in_different_panes() {
    let mut s = envs_state();
    update(
        &mut s,
        Event::StackResources(recorded_events(include_str!(
            "../../../../assets/cdk-deploy-events/new_deployment.jsonl"
        ))),
    );
    update(&mut s, ch('2'));
    let rows = s.panes.resources.rows.len();
    assert!(update(&mut s, key(KeyCode::Enter)).is_empty());
    assert!(s.panes.resources.rows.len() < rows, "Enter in Resources folds the selected stack");
    update(&mut s, ch('4'));
    update(&mut s, ch('j'));
    let effects = update(&mut s, key(KeyCode::Enter));
    assert_eq!(
        effects,
        vec![Effect::Follow("amplify-app-alice-sandbox-5b1e0c36d2".into())],
        "Enter in Environments follows"
    );
    update(&mut s, ch('2'));
    update(&mut s, ch('/'));
    update(&mut s, ch('x'));
    assert_eq!(
        (s.panes.resources.filter.as_str(), s.panes.logs.store.filter()),
        ("x", ""),
        "/ in Resources filters the tree"
    );
    update(&mut s, key(KeyCode::Esc));
    update(&mut s, ch('3'));
    update(&mut s, ch('/'));
    update(&mut s, ch('x'));
    assert_eq!(
        (s.panes.resources.filter.as_str(), s.panes.logs.store.filter()),
        ("", "x"),
        "/ in Logs filters the logs"
    );
}

#[test]
fn pages_have_their_own_panes_and_remember_the_focus() {
    let mut s = state();
    update(&mut s, ch('3'));
    update(&mut s, ch(']'));
    assert_eq!((s.page(), s.focus), (crate::app::pages::Page::Deploys, PaneId::History));
    update(&mut s, ch('3'));
    assert_eq!(s.focus, PaneId::History, "the Deploys page has two panes: 3 is nothing there");
    update(&mut s, ch('2'));
    assert_eq!(s.focus, PaneId::Timeline);
    update(&mut s, ch('['));
    assert_eq!(s.focus, PaneId::Logs, "back on Dev, where the focus was");
    update(&mut s, ch(']'));
    assert_eq!(s.focus, PaneId::Timeline, "the Deploys page remembers its focus too");
    update(&mut s, ch('['));
    update(&mut s, key(KeyCode::Tab));
    assert_eq!(s.focus, PaneId::Environments, "Tab stays within the page");
}

#[test]
fn the_palette_goes_to_a_pane_by_name_and_says_when_nothing_has_that_name() {
    let mut s = state();
    update(&mut s, ch(':'));
    assert!(matches!(s.overlay, Some(Overlay::Palette(_))));
    for c in "res".chars() {
        update(&mut s, ch(c));
    }
    update(&mut s, key(KeyCode::Enter));
    assert_eq!((s.overlay.clone(), s.focus), (None, PaneId::Resources));

    let before = (s.focus, s.zoom, s.deploy.current.is_some(), s.page());
    update(&mut s, ch(':'));
    for c in "xyzzy".chars() {
        update(&mut s, ch(c));
    }
    assert!(update(&mut s, key(KeyCode::Enter)).is_empty());
    assert_eq!((s.focus, s.zoom, s.deploy.current.is_some(), s.page()), before, "nothing changed");
    assert_eq!(s.overlay, None);
    assert!(s.notice.as_ref().is_some_and(|n| n.text.contains("xyzzy")), "{:?}", s.notice);
}

#[test]
fn the_palette_runs_commands_and_a_panes_command_acts_in_that_pane() {
    let mut s = state();
    update(&mut s, Event::Logs(vec![log("f", "fine"), log("f", "2026-11-29T03:09:36.161Z\tr1\tERROR\tboom")]));
    update(&mut s, ch(':'));
    for c in "errors".chars() {
        update(&mut s, ch(c));
    }
    update(&mut s, key(KeyCode::Enter));
    assert_eq!((s.focus, s.panes.logs.store.view().errors_only), (PaneId::Logs, true));
    update(&mut s, ch(':'));
    for c in "deploy".chars() {
        update(&mut s, ch(c));
    }
    update(&mut s, key(KeyCode::Down));
    assert_eq!(deploy_ids(&update(&mut s, key(KeyCode::Enter))), vec![1], "the Deploy pane first, the command next");
    update(&mut s, ch(':'));
    update(&mut s, ch('d'));
    update(&mut s, ch('e'));
    update(&mut s, ch('v'));
    update(&mut s, key(KeyCode::Enter));
    assert_eq!(s.page(), crate::app::pages::Page::Dev);
}

#[test]
fn help_runs_the_chosen_command_and_filters_by_key_id_or_words() {
    let mut s = state();
    update(&mut s, ch('3'));
    update(&mut s, ch('?'));
    for c in "errors".chars() {
        update(&mut s, ch(c));
    }
    let rows = crate::app::overlays::help::rows(&s, crate::app::keys::defaults());
    let first = rows.iter().find_map(|r| match r {
        crate::app::overlays::help::Row::Entry(b) => Some(b.id()),
        crate::app::overlays::help::Row::Section(_) => None,
    });
    assert_eq!(first.as_deref(), Some("logs.errors_only"));
    update(&mut s, key(KeyCode::Enter));
    assert_eq!((s.overlay.clone(), s.panes.logs.store.view().errors_only), (None, true));
}

#[test]
fn a_notice_fades_after_its_lifetime_and_the_message_log_keeps_it_whole() {
    let mut s = state();
    update(&mut s, ch('A'));
    let said = s.notice.clone().expect("auto-deploy says what it did");
    assert!(s.tick_interval() <= std::time::Duration::from_secs(1), "a shown notice is taken down on time");
    s.now_ms += 4_000;
    update(&mut s, Event::Tick);
    assert_eq!(s.notice.as_ref(), Some(&said), "still shown after 4 s");
    s.now_ms += 1_000;
    update(&mut s, Event::Tick);
    assert_eq!(s.notice, None, "gone after 5 s: the pane's keys are back");
    assert_eq!(s.tick_interval(), std::time::Duration::from_secs(30), "and nothing ticks for it any more");

    update(&mut s, ch('M'));
    let shown: Vec<String> = crate::app::overlays::messages::shown(&s).iter().map(|m| m.text.clone()).collect();
    assert_eq!(shown, vec![said.text.clone()]);
    for c in "zzz".chars() {
        update(&mut s, ch(c));
    }
    assert!(crate::app::overlays::messages::shown(&s).is_empty(), "typing filters the log");
    update(&mut s, key(KeyCode::Esc));
    assert!(s.overlay.is_none());
}

#[test]
fn an_error_outlasts_information_and_a_problem_is_logged_when_it_starts_and_ends() {
    use crate::domain::health::{Health, Problem, ProblemKind, Source};
    let mut s = state();
    s.notice = Some(crate::domain::notice::Notice::error("deploy failed"));
    update(&mut s, Event::Tick);
    s.now_ms += 10_000;
    update(&mut s, Event::Tick);
    assert!(s.notice.is_some(), "an error stays longer than information");
    s.now_ms += 10_000;
    update(&mut s, Event::Tick);
    assert!(s.notice.is_none());

    let problem = Problem {
        source: Source::Secrets,
        kind: ProblemKind::Throttled,
        message: "SlowDown".into(),
        hint: "wait".into(),
    };
    update(&mut s, Event::Health(Health::Problem(problem)));
    update(&mut s, Event::Health(Health::Recovered(Source::Secrets)));
    let texts: Vec<String> = s.messages.newest_first().map(|m| m.text.clone()).collect();
    assert!(texts[0].ends_with("recovered") && texts[1].contains("SlowDown"), "{texts:?}");
}

#[test]
fn the_palette_never_runs_a_fuzzy_guess_and_lists_the_recently_used_first() {
    let mut s = state();
    update(&mut s, ch('1'));
    let before = (s.view(PaneId::Deploy).follow, s.deploy.auto, s.focus, s.page());
    update(&mut s, ch(':'));
    "foo".chars().for_each(|c| _ = update(&mut s, ch(c)));
    let close = crate::app::overlays::palette::entries(&s, crate::app::keys::defaults());
    assert!(close.iter().any(|e| e.name == "deploy.follow"), "a fuzzy match is listed");
    assert!(update(&mut s, key(KeyCode::Enter)).is_empty());
    assert_eq!((s.view(PaneId::Deploy).follow, s.deploy.auto, s.focus, s.page()), before, "nothing changed");
    assert!(s.notice.as_ref().is_some_and(|n| n.text.contains("no command matches “foo”")), "{:?}", s.notice);

    // Chosen with ↓, the same guess runs: the user picked it.
    update(&mut s, ch(':'));
    "foo".chars().for_each(|c| _ = update(&mut s, ch(c)));
    update(&mut s, key(KeyCode::Down));
    update(&mut s, key(KeyCode::Up));
    update(&mut s, key(KeyCode::Enter));
    assert!(s.notice.as_ref().is_none_or(|n| !n.text.contains("no command matches")));

    update(&mut s, ch(':'));
    "secrets".chars().for_each(|c| _ = update(&mut s, ch(c)));
    update(&mut s, key(KeyCode::Enter));
    assert_eq!(s.focus, PaneId::Secrets);
    update(&mut s, ch(':'));
    let first =
        crate::app::overlays::palette::entries(&s, crate::app::keys::defaults()).first().map(|e| e.name.clone());
    assert_eq!(first.as_deref(), Some("secrets"), "the last one used leads the list");
}
