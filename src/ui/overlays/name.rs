//! A question that needs a name typed: drawn as every question, with the name being typed.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::keymap::Keymap;
use crate::app::state::State;

pub fn draw(state: &State, keys: &Keymap, frame: &mut Frame, area: Rect) {
    super::confirm::draw(state, keys, frame, area);
}
