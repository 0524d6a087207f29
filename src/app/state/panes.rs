//! Each pane's own state, one field per pane that owns some, generated from the registry
//! ([`crate::panes!`]): a pane with state is its files plus its registry line.

use super::ids::Ids;
use super::view::View;
use crate::app::event::EditFor;
use crate::app::pane_id::PaneId;

macro_rules! fields {
    ($($id:ident => $module:ident $(: $model:ty)?),* $(,)?) => {
        /// What the panes own: each field is written by its pane's files, and by the core
        /// where a shared event changes it (a deploy's markers in the logs, a reload after a
        /// deploy; see ARCHITECTURE.md).
        #[derive(Debug, Clone)]
        pub struct Panes {
            /// Scroll and selection of every pane, by [`PaneId::index`].
            views: Vec<View>,
            /// An edit that was refused, kept so that editing again starts from it: what it
            /// was for, the record's key, and the text.
            pub draft: Option<(EditFor, String, String)>,
            /// Fresh record ids (the Data pane's new records).
            pub ids: Ids,
            $($(pub $module: $model,)?)*
        }

        impl Default for Panes {
            fn default() -> Self {
                Self {
                    views: vec![View::default(); PaneId::ALL.len()],
                    draft: None,
                    ids: Ids::default(),
                    $($($module: <$model>::default(),)?)*
                }
            }
        }
    };
}

crate::panes!(fields);

impl Panes {
    pub fn view(&self, pane: PaneId) -> &View {
        &self.views[pane.index()]
    }

    pub fn view_mut(&mut self, pane: PaneId) -> &mut View {
        &mut self.views[pane.index()]
    }
}
