//! Untrusted text (log lines, stack-event reasons, child output) can carry terminal escape
//! sequences that would move the cursor, retitle the window or worse. Everything from outside
//! passes through [`sanitize`] before it is stored for drawing.

use std::borrow::Cow;

/// Removes escape sequences (CSI, OSC, DCS/SOS/PM/APC strings, two-byte ESC forms), C0 and C1
/// control characters and DEL. A tab becomes a space; a carriage return keeps only the text
/// after it, the way a terminal would show a `\r` progress rewrite.
pub fn sanitize(input: &str) -> Cow<'_, str> {
    if !input.chars().any(needs_work) {
        return Cow::Borrowed(input);
    }
    let input = input.trim_end_matches(['\r', '\n']);
    let input = input.rsplit_once('\r').map_or(input, |(_, last)| last);
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape(&mut chars),
            '\u{9b}' => skip_csi(&mut chars),
            '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            '\t' => out.push(' '),
            c if c.is_control() || is_variation_selector(c) => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// [`sanitize`] into a `String` of its own, for text drawn straight from outside data.
pub fn owned(input: &str) -> String {
    sanitize(input).into_owned()
}

/// One line of text as it was written (a log line): [`sanitize`], except that a carriage
/// return inside it is shown as `␍` rather than acted on, so `abc\rXYZ` keeps its `abc`.
pub fn sanitize_line(input: &str) -> Cow<'_, str> {
    let trimmed = input.trim_end_matches(['\r', '\n']);
    if !trimmed.contains('\r') {
        return sanitize(input);
    }
    Cow::Owned(sanitize(&trimmed.replace('\r', "␍")).into_owned())
}

fn needs_work(c: char) -> bool {
    c.is_control() || is_variation_selector(c)
}

/// Emoji presentation selectors make terminals disagree on a character's width (`⚠️` is one
/// column or two), which misaligns everything after it; the plain character is kept.
fn is_variation_selector(c: char) -> bool {
    matches!(c, '\u{fe0e}' | '\u{fe0f}')
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

fn skip_escape(chars: &mut Chars<'_>) {
    match chars.next() {
        Some('[') => skip_csi(chars),
        Some(']' | 'P' | 'X' | '^' | '_') => skip_string(chars),
        // nF sequences: intermediate bytes then one final byte.
        Some(c) if ('\u{20}'..='\u{2f}').contains(&c) => {
            while chars.next_if(|c| ('\u{20}'..='\u{2f}').contains(c)).is_some() {}
            chars.next();
        }
        _ => {}
    }
}

/// Parameter and intermediate bytes, then one final byte in `@`..=`~`.
fn skip_csi(chars: &mut Chars<'_>) {
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            return;
        }
    }
}

/// Until BEL or ST (`ESC \` or U+009C).
fn skip_string(chars: &mut Chars<'_>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => return,
            '\u{1b}' => {
                chars.next_if_eq(&'\\');
                return;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn plain_text_is_borrowed_untouched() {
        assert!(matches!(sanitize("hello ✔ world"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn colours_and_cursor_moves_are_removed() {
        assert_eq!(sanitize("\x1b[31mred\x1b[0m \x1b[2J\x1b[10;10Hmoved"), "red moved");
    }

    #[test]
    fn window_title_and_hyperlinks_are_removed() {
        assert_eq!(sanitize("a\x1b]0;pwned\x07b"), "ab");
        assert_eq!(sanitize("\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\"), "link");
    }

    #[test]
    fn device_control_strings_and_c1_controls_are_removed() {
        assert_eq!(sanitize("x\x1bPq#0;2;0;0;0\x1b\\y"), "xy");
        assert_eq!(sanitize("a\u{9b}31mb\u{85}c"), "abc");
    }

    #[test]
    fn carriage_return_keeps_the_last_rewrite() {
        assert_eq!(sanitize("10%\r50%\r100%"), "100%");
        assert_eq!(sanitize("done\r\n"), "done");
    }

    #[test]
    fn a_line_shows_its_carriage_returns_instead_of_obeying_them() {
        assert_eq!(super::sanitize_line("abc\rXYZ"), "abc␍XYZ");
        assert_eq!(super::sanitize_line("done\r\n"), "done");
        assert_eq!(super::sanitize_line("\x1b[31mred\x1b[0m\rover"), "red␍over");
        assert!(matches!(super::sanitize_line("plain"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn emoji_presentation_selectors_are_dropped() {
        assert_eq!(sanitize("⚠\u{fe0f} careful"), "⚠ careful");
    }

    #[test]
    fn tabs_become_spaces_and_bells_vanish() {
        assert_eq!(sanitize("a\tb\x07c\x08"), "a bc");
    }
}
