//! The filter prompt draws nothing over the panes: the pane it filters shows what is typed in
//! its own header, where the filter is.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::keymap::Keymap;
use crate::app::state::State;

pub fn draw(_: &State, _: &Keymap, _: &mut Frame, _: Rect) {}
