//! What the last deploy changed in `amplify_outputs.json`: any key closes it.

use crate::app::keymap::Command;
use crate::app::overlays::OverlaySpec;

pub const SPEC: OverlaySpec =
    OverlaySpec { name: "outputs", title: "In the outputs diff", keys: KEYS, other_key: super::close_on_other_key };

const KEYS: &[Command] =
    &[Command { name: "close", keys: &["esc"], help: "close (so does any other key)", hint: None, run: super::close }];
