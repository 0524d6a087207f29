//! Which overlay: a leaf type, so that the keymap can name an overlay's section without
//! knowing the overlays.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OverlayKind {
    Prompt,
    Confirm,
    Name,
    Functions,
    Outputs,
    Help,
    Palette,
    Ask,
    Record,
}

impl OverlayKind {
    pub const ALL: &'static [OverlayKind] = &[
        Self::Prompt,
        Self::Confirm,
        Self::Name,
        Self::Ask,
        Self::Functions,
        Self::Outputs,
        Self::Help,
        Self::Palette,
        Self::Record,
    ];

    /// Its `[keys]` section.
    pub fn name(self) -> &'static str {
        match self {
            Self::Prompt => "prompt",
            Self::Confirm => "confirm",
            Self::Name => "name",
            Self::Functions => "functions",
            Self::Outputs => "outputs",
            Self::Help => "help",
            Self::Palette => "palette",
            Self::Ask => "ask",
            Self::Record => "record",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Prompt => "Typing a filter",
            Self::Confirm => "Answering a question",
            Self::Name => "Typing a name to confirm",
            Self::Functions => "In the functions list",
            Self::Outputs => "In the outputs diff",
            Self::Help => "In help",
            Self::Palette => "In the command palette",
            Self::Ask => "Typing an answer",
            Self::Record => "Reading a record",
        }
    }
}
