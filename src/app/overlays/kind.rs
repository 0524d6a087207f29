//! Which overlay: a leaf type, generated from the registry ([`crate::overlays!`]), so that the
//! keymap can name an overlay's section without knowing the overlays.

macro_rules! declare {
    ($($id:ident => $module:ident),* $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum OverlayKind {
            $($id),*
        }

        impl OverlayKind {
            pub const ALL: &'static [OverlayKind] = &[$(OverlayKind::$id),*];
        }
    };
}

crate::overlays!(declare);
