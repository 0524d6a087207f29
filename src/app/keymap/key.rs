//! One key as ampdeck matches it: a code and its modifiers, read from what the terminal sent
//! and from what a user wrote in `[keys]` (`"d"`, `"D"`, `"ctrl-e"`, `"f5"`, `"enter"`).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    code: KeyCode,
    ctrl: bool,
    alt: bool,
    /// Only for keys whose code does not carry it already (a letter's case does; so does
    /// Shift-Tab, which terminals send as its own code).
    shift: bool,
}

const NAMED: &[(&str, KeyCode, &str)] = &[
    ("enter", KeyCode::Enter, "Enter"),
    ("return", KeyCode::Enter, "Enter"),
    ("esc", KeyCode::Esc, "Esc"),
    ("escape", KeyCode::Esc, "Esc"),
    ("tab", KeyCode::Tab, "Tab"),
    ("backtab", KeyCode::BackTab, "Shift-Tab"),
    ("space", KeyCode::Char(' '), "Space"),
    ("backspace", KeyCode::Backspace, "Backspace"),
    ("delete", KeyCode::Delete, "Delete"),
    ("del", KeyCode::Delete, "Delete"),
    ("insert", KeyCode::Insert, "Insert"),
    ("up", KeyCode::Up, "↑"),
    ("down", KeyCode::Down, "↓"),
    ("left", KeyCode::Left, "←"),
    ("right", KeyCode::Right, "→"),
    ("home", KeyCode::Home, "Home"),
    ("end", KeyCode::End, "End"),
    ("pageup", KeyCode::PageUp, "PgUp"),
    ("pgup", KeyCode::PageUp, "PgUp"),
    ("pagedown", KeyCode::PageDown, "PgDn"),
    ("pgdn", KeyCode::PageDown, "PgDn"),
];

impl Key {
    /// What the terminal sent, as bindings name it.
    pub fn of(event: &KeyEvent) -> Self {
        let shift = event.modifiers.contains(KeyModifiers::SHIFT);
        let code = match event.code {
            // Some terminals send Ctrl-letters in capitals.
            KeyCode::Char(c) if event.modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            code => code,
        };
        let carries_shift = matches!(code, KeyCode::Char(_) | KeyCode::BackTab);
        Self {
            code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
            alt: event.modifiers.contains(KeyModifiers::ALT),
            shift: shift && !carries_shift,
        }
    }

    /// `"q"`, `"G"`, `"?"`, `"ctrl-c"`, `"shift-tab"`, `"alt-x"`, `"f5"`, `"pgdn"`, `"space"`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let bad = || format!("`{text}` is not a key (write it like \"d\", \"D\", \"ctrl-e\", \"f5\" or \"enter\")");
        let (mut ctrl, mut alt, mut shift) = (false, false, false);
        let mut rest = text;
        // A modifier is a word and a dash before something; a lone "-" is the minus key.
        while let Some((word, after)) = rest.split_once('-').filter(|(w, a)| !w.is_empty() && !a.is_empty()) {
            match word.to_ascii_lowercase().as_str() {
                "ctrl" | "c" => ctrl = true,
                "alt" | "a" | "meta" | "m" => alt = true,
                "shift" | "s" => shift = true,
                _ => return Err(bad()),
            }
            rest = after;
        }
        let lower = rest.to_ascii_lowercase();
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
            _ => match NAMED.iter().find(|(name, _, _)| *name == lower) {
                Some((_, code, _)) => *code,
                None => {
                    match lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()).filter(|n| (1..=12).contains(n)) {
                        Some(n) => KeyCode::F(n),
                        None => return Err(bad()),
                    }
                }
            },
        };
        let code = match code {
            KeyCode::Tab if shift => KeyCode::BackTab,
            KeyCode::Char(c) if shift && c.is_ascii_lowercase() && !ctrl => KeyCode::Char(c.to_ascii_uppercase()),
            code => code,
        };
        let carries_shift = matches!(code, KeyCode::Char(_) | KeyCode::BackTab);
        Ok(Self { code, ctrl, alt, shift: shift && !carries_shift })
    }

    /// How help and hints show it: `q`, `Ctrl-C`, `↓`, `PgDn`, `Shift-Tab`.
    pub fn label(&self) -> String {
        let name = match self.code {
            KeyCode::Char(' ') => "Space".to_owned(),
            KeyCode::Char(c) if self.ctrl => c.to_ascii_uppercase().to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::F(n) => format!("F{n}"),
            code => NAMED.iter().find(|(_, c, _)| *c == code).map_or("?", |(_, _, label)| label).to_owned(),
        };
        let mut label = String::new();
        for (on, word) in [(self.ctrl, "Ctrl-"), (self.alt, "Alt-"), (self.shift, "Shift-")] {
            if on {
                label.push_str(word);
            }
        }
        label.push_str(&name);
        label
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn written_keys_match_what_terminals_send() {
        let cases = [
            ("d", event(KeyCode::Char('d'), KeyModifiers::NONE)),
            ("D", event(KeyCode::Char('D'), KeyModifiers::SHIFT)),
            ("D", event(KeyCode::Char('D'), KeyModifiers::NONE)),
            ("shift-d", event(KeyCode::Char('D'), KeyModifiers::SHIFT)),
            ("ctrl-e", event(KeyCode::Char('e'), KeyModifiers::CONTROL)),
            ("ctrl-E", event(KeyCode::Char('E'), KeyModifiers::CONTROL | KeyModifiers::SHIFT)),
            ("shift-tab", event(KeyCode::BackTab, KeyModifiers::SHIFT)),
            ("backtab", event(KeyCode::BackTab, KeyModifiers::NONE)),
            ("?", event(KeyCode::Char('?'), KeyModifiers::SHIFT)),
            ("-", event(KeyCode::Char('-'), KeyModifiers::NONE)),
            ("f5", event(KeyCode::F(5), KeyModifiers::NONE)),
            ("PgDn", event(KeyCode::PageDown, KeyModifiers::NONE)),
            ("alt-x", event(KeyCode::Char('x'), KeyModifiers::ALT)),
            ("space", event(KeyCode::Char(' '), KeyModifiers::NONE)),
        ];
        for (text, sent) in cases {
            assert_eq!(Key::parse(text), Ok(Key::of(&sent)), "{text}");
        }
        assert_ne!(Key::parse("d"), Key::parse("D"));
        assert_ne!(Key::parse("down"), Key::parse("shift-down"));
    }

    #[test]
    fn unreadable_keys_say_how_to_write_one() {
        for text in ["", "ctrl-", "hyper-x", "f13", "enterr", "ctrl-shift"] {
            let err = Key::parse(text).expect_err(text);
            assert!(err.contains("is not a key") && err.contains("ctrl-e"), "{err}");
        }
    }

    #[test]
    fn labels_read_like_the_help_always_said() {
        let label = |t: &str| Key::parse(t).map(|k| k.label()).unwrap_or_default();
        assert_eq!(
            ["q", "ctrl-c", "down", "pgdn", "G", "shift-tab", "esc", "space", "f2", "alt-j"].map(label),
            ["q", "Ctrl-C", "↓", "PgDn", "G", "Shift-Tab", "Esc", "Space", "F2", "Alt-j"]
        );
    }
}
