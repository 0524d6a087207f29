//! Untrusted text (log lines, record and attribute values, object keys, secret names and
//! values, build logs, stack reasons, child output, `ampdeck logs` output) can carry terminal
//! escape sequences that would move the cursor, retitle the window or worse, and control
//! characters that hide what comes before them. Everything from outside passes through
//! [`sanitize`] before it is stored for drawing or printed. One rule for all of it:
//!
//! - Escape sequences (CSI, OSC, DCS, SOS/PM/APC strings, the two-byte `ESC x` forms, and the
//!   same sequences opened by their 8-bit C1 introducers) are found by a real terminal parser,
//!   the `vte` crate (Alacritty's state machine), and removed whole: nothing of them is left
//!   behind as text, and a terminal would have shown nothing of them either.
//! - Every other control character is shown, never obeyed, so text after a `\r` is not drawn
//!   over text before it, and two names that differ in their control characters never look
//!   the same:
//!
//!   | in the text                                         | shown as                           |
//!   |-----------------------------------------------------|------------------------------------|
//!   | `\t`                                                | a space                            |
//!   | `\n`                                                | `⏎`                                |
//!   | `\r`                                                | `␍`                                |
//!   | any other C0 control, U+0000–U+001F                 | its Control Picture: `␀` … `␇` (BEL) … `␟` |
//!   | DEL                                                 | `␡`                                |
//!   | a C1 control, U+0080–U+009F, that opens no sequence | `␦`                                |
//!   | a bidi control (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) | `⇆`      |
//!   | an invisible character (U+200B, U+2060, U+FEFF, U+00AD, U+2028, U+2029) | `◌`     |
//!   | an escape sequence the text ends inside of          | `␛` where it began                 |
//!
//! - Emoji variation selectors are dropped (see [`is_variation_selector`]).
//! - A text's own line terminator (one trailing `\n` or `\r\n`, what a log line or a line of
//!   child output ends with) is the end of the line, not content: it is removed, not shown.
//!
//! Two strings that differ only in a whole escape sequence, in a tab against a space, or in one
//! trailing line terminator still look the same.

use std::borrow::Cow;

/// A line feed inside the text.
const NEWLINE_MARK: char = '⏎';
/// DEL (U+007F).
const DELETE_MARK: char = '␡';
/// A C1 control that is not the start of an escape sequence (NEL, IND, a lone ST, …).
const C1_MARK: char = '␦';
/// A bidi control: it would reorder what is drawn after it (`invoice\u{202e}fdp.exe`).
const BIDI_MARK: char = '⇆';
/// A character that draws nothing (a zero-width space, a word joiner, a BOM, a soft hyphen, a
/// line or paragraph separator): `ad\u{200b}min` would look like `admin`. The zero-width
/// (non-)joiners are kept: scripts and emoji sequences need them.
const INVISIBLE_MARK: char = '◌';
/// An escape sequence that never ends (the text stops inside it).
const ESCAPE_MARK: char = '␛';

/// The one rule (see the module): escape sequences removed whole, controls and bidi controls
/// shown as visible marks, the text's own trailing line terminator removed. Text with nothing
/// to do (the usual log line) comes back borrowed, without running the parser.
pub fn sanitize(input: &str) -> Cow<'_, str> {
    let input = without_terminator(input);
    // Printable ASCII, the usual log line, is settled by a byte scan; anything else by its
    // characters.
    let plain = !input.bytes().any(|b| !(0x20..0x7f).contains(&b)) || !input.chars().any(needs_work);
    if plain {
        return Cow::Borrowed(input);
    }
    let bytes = input.as_bytes();
    let mut parser = vte::Parser::new();
    let mut shown = Shown { text: String::with_capacity(input.len() + 8), probing: false, ground: false };
    // The part of `input` fed to the parser so far, and where in `shown.text` the sequence the
    // parser is inside (if any) began.
    let (mut fed, mut began) = (0, 0);
    // ASCII goes to the parser in runs; ESC and every other character one at a time, so that
    // a non-ASCII one is printed only outside a sequence. Inside one it is payload, dropped:
    // fed as UTF-8, a byte of it (0x9C, in `“` and many CJK characters) would end a DCS
    // string early and show the rest.
    for (at, c) in input.char_indices().filter(|(_, c)| !c.is_ascii() || *c == '\u{1b}') {
        parser.advance(&mut shown, &bytes[fed..at]);
        fed = at + c.len_utf8();
        let Some(seven_bit) = introducer(c) else {
            if shown.in_ground(&mut parser) {
                parser.advance(&mut shown, &bytes[at..fed]);
            }
            continue;
        };
        if shown.in_ground(&mut parser) {
            if c == '\u{9c}' {
                // ST with no string to end is a control of its own.
                shown.text.push(C1_MARK);
                continue;
            }
            began = shown.text.len();
        }
        parser.advance(&mut shown, seven_bit);
    }
    parser.advance(&mut shown, &bytes[fed..]);
    if !shown.in_ground(&mut parser) {
        shown.text.insert(began, ESCAPE_MARK);
    }
    Cow::Owned(shown.text)
}

/// [`sanitize`] into a `String` of its own, for text drawn straight from outside data.
pub fn owned(input: &str) -> String {
    sanitize(input).into_owned()
}

fn without_terminator(input: &str) -> &str {
    match input.strip_suffix('\n') {
        Some(line) => line.strip_suffix('\r').unwrap_or(line),
        None => input,
    }
}

fn needs_work(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || is_invisible(c) || is_variation_selector(c)
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}' | '\u{2060}' | '\u{feff}' | '\u{ad}' | '\u{2028}' | '\u{2029}')
}

/// Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the direction marks
/// (LRM, RLM, ALM): invisible, and they change the order in which what follows is drawn.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// Emoji presentation selectors make terminals disagree on a character's width (`⚠️` is one
/// column or two), which misaligns everything after it; the plain character is kept.
fn is_variation_selector(c: char) -> bool {
    matches!(c, '\u{fe0e}' | '\u{fe0f}')
}

/// What the parser is fed for a character that starts (or ends) an escape sequence. `vte`
/// reads only 7-bit sequences, so an 8-bit introducer goes in as its 7-bit form, `ESC` and
/// the byte 0x40 below it (ECMA-48 5.3): CSI `ESC [`, OSC `ESC ]`, DCS `ESC P`, SOS `ESC X`,
/// PM `ESC ^`, APC `ESC _` and ST `ESC \`.
fn introducer(c: char) -> Option<&'static [u8]> {
    Some(match c {
        '\u{1b}' => b"\x1b",
        '\u{90}' => b"\x1bP",
        '\u{98}' => b"\x1bX",
        '\u{9b}' => b"\x1b[",
        '\u{9c}' => b"\x1b\\",
        '\u{9d}' => b"\x1b]",
        '\u{9e}' => b"\x1b^",
        '\u{9f}' => b"\x1b_",
        _ => return None,
    })
}

/// A character that prints in the parser's ground state and is ignored inside every escape
/// sequence (none of its bytes is CAN, SUB, ESC or ST): fed to learn whether the parser is
/// inside a sequence, which `vte` does not say.
const PROBE: &str = "\u{e000}";

/// What the text shows: `vte` calls `print` for characters, `execute` for controls, and the
/// `*_dispatch`/`hook`/`put`/`unhook` callbacks for escape sequences, which are left to their
/// default of doing nothing, so a sequence leaves no trace.
struct Shown {
    text: String,
    probing: bool,
    ground: bool,
}

impl Shown {
    fn in_ground(&mut self, parser: &mut vte::Parser) -> bool {
        self.probing = true;
        self.ground = false;
        parser.advance(self, PROBE.as_bytes());
        self.probing = false;
        self.ground
    }
}

impl vte::Perform for Shown {
    fn print(&mut self, c: char) {
        if self.probing {
            self.ground = true;
            return;
        }
        match c {
            '\u{7f}' => self.text.push(DELETE_MARK),
            c if is_bidi_control(c) => self.text.push(BIDI_MARK),
            c if is_invisible(c) => self.text.push(INVISIBLE_MARK),
            c if is_variation_selector(c) => {}
            c => self.text.push(c),
        }
    }

    fn execute(&mut self, byte: u8) {
        self.text.push(match byte {
            b'\t' => ' ',
            b'\n' => NEWLINE_MARK,
            // The Control Pictures block: U+2400 + the control's code (`\r` is `␍`).
            0x00..=0x1f => char::from_u32(0x2400 + u32::from(byte)).unwrap_or(C1_MARK),
            _ => C1_MARK,
        });
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::sanitize;

    #[test]
    fn hostile_inputs_show_exactly_this() {
        let long_title = format!("a\x1b]0;{}\x07b", "x".repeat(5000));
        let cases: &[(&str, &str)] = &[
            // Whole sequences go, with nothing left behind.
            ("aa\x1b[6nd@example.com", "aad@example.com"),
            ("\x1b[31mred\x1b[0m \x1b[2J\x1b[10;10Hmoved", "red moved"),
            ("a\x1b[?25lb\x1b[?1049hc", "abc"),
            ("a\x1b[1<2mb", "ab"),
            ("a\x1b]0;pwned\x07b", "ab"),
            ("a\x1b]0;pwned\x1b\\b", "ab"),
            (&long_title, "ab"),
            ("\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "link"),
            ("x\x1bPq#0;2;0;0;0\x1b\\y", "xy"),
            ("x\x1bP1$r0m\x07still-dcs\x1b\\y", "xy"),
            ("a\x1bXsos\x1b\\b\x1b^pm\x1b\\c\x1b_apc\x1b\\d", "abcd"),
            ("a\x1b7b\x1b8c\x1bcd", "abcd"),
            ("a\x1b(Bb", "ab"),
            // The same sequences opened (and ended) by 8-bit C1 controls.
            ("a\u{9b}6nb", "ab"),
            ("\u{9b}6n", ""),
            ("a\u{9b}31mb", "ab"),
            ("a\u{9d}0;pwned\u{9c}b", "ab"),
            ("a\u{9d}0;pwned\x07b", "ab"),
            ("x\u{90}q#0\u{9c}y", "xy"),
            ("a\u{9f}apc\u{9c}b", "ab"),
            // Controls are shown, not obeyed.
            ("PREFIX-VISIBLE\rPOST", "PREFIX-VISIBLE␍POST"),
            ("s3cr3t\rEND", "s3cr3t␍END"),
            ("10%\r50%\r100%", "10%␍50%␍100%"),
            ("LINE1\nLINE2", "LINE1⏎LINE2"),
            ("a\x07b", "a␇b"),
            ("a\x00b\x08c\x1fd", "a␀b␈c␟d"),
            ("a\x7fb", "a␡b"),
            ("a\tb", "a b"),
            ("a\u{85}b\u{84}c", "a␦b␦c"),
            ("a\u{9c}b", "a␦b"),
            ("\x1b[31mred\x1b[0m\rover", "red␍over"),
            // A control inside a sequence is the terminal's to obey, so it is shown too.
            ("a\x1b[3\r1mb", "a␍b"),
            // CAN cancels a sequence; the terminal prints what follows.
            ("a\x1b[31\x18mb", "a␘mb"),
            // Bidi controls.
            ("invoice\u{202e}fdp.exe", "invoice⇆fdp.exe"),
            ("a\u{202a}b\u{202b}c\u{202c}d\u{202d}e", "a⇆b⇆c⇆d⇆e"),
            ("a\u{2066}b\u{2067}c\u{2068}d\u{2069}e", "a⇆b⇆c⇆d⇆e"),
            ("a\u{200e}b\u{200f}c\u{61c}d", "a⇆b⇆c⇆d"),
            ("ad\u{200b}min", "ad◌min"),
            ("a\x1bP“quoted” 漢字 payload\x1b\\b", "ab"),
            ("a\u{90}漢字\u{9c}b “ok”", "ab “ok”"),
            ("\u{feff}root\u{2060}\u{ad}", "◌root◌◌"),
            ("a\u{2028}b\u{2029}c", "a◌b◌c"),
            ("👩\u{200d}💻", "👩\u{200d}💻"),
            // A sequence that never ends.
            ("end\x1b", "end␛"),
            ("end\x1b[31", "end␛"),
            ("a\x1b]0;never ends", "a␛"),
            ("a\x1b[3\r1", "a␛␍"),
            // The text's own line terminator, and only that.
            ("done\r\n", "done"),
            ("done\n", "done"),
            ("two\n\n", "two⏎"),
            ("cr\r", "cr␍"),
            ("⚠\u{fe0f} careful", "⚠ careful"),
        ];
        for (input, shown) in cases {
            assert_eq!(sanitize(input), *shown, "{input:?}");
        }
    }

    #[test]
    fn plain_text_is_borrowed_untouched() {
        assert!(matches!(sanitize("hello ✔ world"), Cow::Borrowed("hello ✔ world")));
        assert!(matches!(sanitize("a line\n"), Cow::Borrowed("a line")));
        assert!(matches!(sanitize("a line\r\n"), Cow::Borrowed("a line")));
    }

    #[test]
    fn names_that_differ_only_in_control_characters_look_different() {
        // One of each kind: the C1 controls share one mark, and so do the bidi controls.
        let names = [
            "orders",
            "ord\rers",
            "ord\ners",
            "orders\r",
            "\rorders",
            "ord\r\rers",
            "ord\x07ers",
            "ord\x00ers",
            "ord\x7fers",
            "ord\u{85}ers",
            "ord\u{202e}ers",
            "ord\u{202e}\u{202e}ers",
            "ord\x1b",
        ];
        let shown: std::collections::HashSet<_> = names.iter().map(|n| sanitize(n)).collect();
        assert_eq!(shown.len(), names.len(), "{shown:?}");
    }
}
