//! Pages, help and the palette as the user sees them: every page at 80×24, 120×40 and
//! 200×60; help at 80×24 with every description whole, filtered by typing; the palette.

mod common;

use ampdeck::app::keymap::Scope;
use ampdeck::app::pages::Page;
use ampdeck::app::state::Overlay;
use ampdeck::app::testkit::update;
use common::*;

fn on_page(page: Page, width: u16, height: u16) -> ampdeck::app::State {
    let mut s = settled(width, height);
    ampdeck::app::focus::show_page(&mut s, page);
    s
}

#[test]
fn every_page_at_three_sizes() {
    for &page in Page::ALL {
        for (w, h) in [(80, 24), (120, 40), (200, 60)] {
            let s = on_page(page, w, h);
            insta::assert_snapshot!(format!("page_{}_{w}x{h}", page.name()), render(&s).backend());
        }
    }
}

/// Rows a pane leaves blank: its list's rows past its content (an empty pane shows one line).
fn blank_rows(s: &ampdeck::app::State, pane: ampdeck::app::state::PaneId) -> usize {
    let shown = ampdeck::app::layout::list_height(s, pane);
    shown.saturating_sub((pane.spec().len)(s).max(1))
}

#[test]
fn no_pane_is_cut_to_a_line_while_another_shows_empty_rows() {
    use ampdeck::app::layout::{SUMMARY_HEIGHT, areas};
    for &page in Page::ALL {
        for (w, h) in [(80, 24), (120, 40)] {
            let s = on_page(page, w, h);
            let Some(areas) = areas(&s) else { panic!("{w}×{h} draws") };
            let collapsed: Vec<_> = areas.panes.iter().filter(|(_, r)| r.height <= SUMMARY_HEIGHT).collect();
            let roomy: Vec<_> = areas.panes.iter().filter(|(p, _)| blank_rows(&s, *p) > 3).collect();
            assert!(
                collapsed.is_empty() || roomy.is_empty(),
                "{} at {w}×{h}: {collapsed:?} cut to a line beside {roomy:?}",
                page.name()
            );
        }
    }
}

#[test]
fn at_80x24_a_focused_pane_of_the_bottom_row_gets_room() {
    let mut s = settled(80, 24);
    update(&mut s, key('4'));
    let screen = format!("{}", render(&s).backend());
    assert!(screen.contains("Name") && screen.contains("alice") && screen.contains("Kind"), "{screen}");
    insta::assert_snapshot!(screen);
}

/// The text of the help popup's rows (between its borders).
fn help_text(s: &ampdeck::app::State) -> String {
    format!("{}", render(s).backend())
}

#[test]
fn help_at_80x24_shows_whole_descriptions_pane_keys_first() {
    let mut s = settled(80, 24);
    update(&mut s, key('3'));
    update(&mut s, key('?'));
    assert!(matches!(s.overlay, Some(Overlay::Help(_))));
    let screen = help_text(&s);
    let logs = screen.find("Logs pane").expect("the focused pane's section");
    let global = screen.find("Everywhere").unwrap_or(usize::MAX);
    assert!(logs < global, "the pane's keys come first:\n{screen}");
    insta::assert_snapshot!(screen);
    // Every description, however long, is there whole somewhere when scrolled to.
    let keymap = ampdeck::app::keys::defaults().clone();
    // Only what is inside help's frame: the panes behind it show at its sides.
    let inside = |l: &str| l.find('║').zip(l.rfind('║')).map(|(a, b)| l[a..b].to_owned()).unwrap_or_default();
    let mut seen = String::new();
    for _ in 0..80 {
        let text = help_text(&s);
        seen.push_str(&text.lines().map(|l| inside(l).replace('║', " ") + " ").collect::<String>());
        update(&mut s, ampdeck::app::testkit::key(crossterm::event::KeyCode::Down));
    }
    let words = seen.split_whitespace().collect::<Vec<_>>().join(" ");
    for scope in [Scope::Pane(ampdeck::app::PaneId::Logs), Scope::Global, Scope::List] {
        for b in
            keymap.section(scope).filter(|b| !matches!(b.command.name, "focus_6" | "focus_7" | "focus_8" | "focus_9"))
        {
            assert!(words.contains(b.command.help), "cut or missing: {:?}", b.command.help);
        }
    }
    assert!(!screen.lines().any(|l| inside(l).contains('…')), "no description is cut short:\n{screen}");
}

#[test]
fn typing_in_help_filters_it() {
    let mut s = settled(80, 24);
    update(&mut s, key('?'));
    for c in "console".chars() {
        update(&mut s, key(c));
    }
    let screen = help_text(&s);
    assert!(screen.contains("/console▏"), "{screen}");
    assert!(!screen.contains("deploy now"), "unrelated keys are gone:\n{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn the_palette_lists_matches_best_first() {
    let mut s = settled(120, 30);
    update(&mut s, key(':'));
    for c in "log".chars() {
        update(&mut s, key(c));
    }
    insta::assert_snapshot!(render(&s).backend());
}
