//! Which pane: a leaf type, generated from the registry ([`crate::panes!`]) and importing
//! nothing of the core, so that every part of it can name a pane without a circle.

macro_rules! declare {
    ($($id:ident => $module:ident $(: $model:ty)?),* $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum PaneId {
            $($id),*
        }

        impl PaneId {
            pub const ALL: &'static [PaneId] = &[$(PaneId::$id),*];
        }
    };
}

crate::panes!(declare);

impl PaneId {
    /// Its place in [`PaneId::ALL`], for per-pane tables.
    pub fn index(self) -> usize {
        self as usize
    }
}
