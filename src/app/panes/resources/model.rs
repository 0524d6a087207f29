//! What the Resources pane keeps of its own: its rows of the followed stack's tree, which
//! nested stacks are folded, its filter, and whether it shows the outputs instead.

use std::collections::HashSet;

use crate::model::stack::tree::TreeRow;

#[derive(Debug, Clone, Default)]
pub struct ResourcesPane {
    /// The tree's rows as shown: unfolded ones only, filtered.
    pub rows: Vec<TreeRow>,
    /// The folded nested stacks, by logical id.
    pub collapsed: HashSet<String>,
    /// Rows are those whose name, type or status contain this.
    pub filter: String,
    /// The pane shows the stack outputs instead of the tree.
    pub show_outputs: bool,
}
