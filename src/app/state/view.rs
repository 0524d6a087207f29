//! Scroll and selection of a pane: a leaf type.

/// Scroll and selection of one pane. For following panes `offset` is the top line while not
/// following; for the others `selected` is the cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct View {
    pub offset: usize,
    pub selected: usize,
    pub follow: bool,
}

impl Default for View {
    fn default() -> Self {
        Self { offset: 0, selected: 0, follow: true }
    }
}
