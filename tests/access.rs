//! The Users & secrets page as the user sees it: both panes at 80×24 and 200×60, the groups
//! view, a masked answer, and a revealed value.

mod common;

use ampdeck::app::Event;
use ampdeck::app::state::PaneId;
use ampdeck::app::testkit::update;
use ampdeck::domain::secret::SecretText;
use ampdeck::domain::secrets::SecretsReply;
use common::*;

#[test]
fn both_panes_at_80x24_and_200x60() {
    for (w, h) in [(80, 24), (200, 60)] {
        let s = access(w, h);
        let screen = format!("{}", render(&s).backend());
        assert!(screen.contains("alice@example.com") && screen.contains("MISSING"), "{screen}");
        insta::assert_snapshot!(format!("access_{w}x{h}"), screen);
    }
}

#[test]
fn the_groups_view_lists_each_group_with_its_members() {
    let mut s = access(120, 40);
    update(&mut s, key('V'));
    let screen = format!("{}", render(&s).backend());
    let admins = screen.find("ADMINS").expect("the group");
    let editors = screen.find("EDITORS").expect("the other group");
    let bob = screen.find("  bob@example.com").expect("a member, indented");
    assert!(admins < editors && editors < bob, "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn a_typed_password_is_dots_and_a_secret_shows_only_when_asked() {
    let mut s = access(120, 40);
    update(&mut s, key('n'));
    for c in "dan@example.com".chars() {
        update(&mut s, key(c));
    }
    update(&mut s, ampdeck::app::testkit::key(crossterm::event::KeyCode::Enter));
    for c in "Sup3r-secret!".chars() {
        update(&mut s, key(c));
    }
    let screen = format!("{}", render(&s).backend());
    assert!(!screen.contains("Sup3r") && screen.contains("•••••••••••••"), "{screen}");
    insta::assert_snapshot!("masked_password", screen);

    let mut s = access(120, 40);
    update(&mut s, key('2'));
    let row = s.panes.secrets.rows.iter().position(|r| r.name == "WEATHER_API_KEY").expect("listed");
    s.view_mut(PaneId::Secrets).selected = row;
    let path = s.panes.secrets.rows[row].own.clone().expect("set").path;
    update(&mut s, Event::Secrets(SecretsReply::Revealed { path, value: SecretText::new("wx-1234") }));
    assert!(format!("{}", render(&s).backend()).contains("wx-1234"));
    update(&mut s, key('k'));
    assert!(!format!("{}", render(&s).backend()).contains("wx-1234"), "hidden again once the selection moves");
}
