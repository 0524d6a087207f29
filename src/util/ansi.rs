//! Child-process output keeps its colours: SGR sequences become styles on byte ranges of
//! the sanitized text; every other escape sequence is removed by `sanitize`.

use ratatui::style::{Color, Modifier, Style};

use crate::util::sanitize::sanitize;

/// A line of text with styled byte ranges (empty when the line had no colours).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StyledLine {
    pub text: String,
    pub styles: Vec<(usize, usize, Style)>,
}

impl StyledLine {
    pub fn plain(text: impl Into<String>) -> Self {
        Self { text: text.into(), styles: Vec::new() }
    }
}

/// Splits `raw` at SGR sequences, sanitizing each piece.
pub fn parse(raw: &str) -> StyledLine {
    // A child's output is a terminal stream: a `\r` rewrite (a progress line) shows only its
    // last part, in the colour the earlier parts left set, as the terminal it was written for
    // would. (Text from data shows its `\r` as `␍`: see `sanitize`.)
    let raw = raw.trim_end_matches(['\r', '\n']);
    if !raw.contains('\u{1b}') {
        let last = raw.rsplit_once('\r').map_or(raw, |(_, last)| last);
        return StyledLine::plain(sanitize(last).into_owned());
    }
    let mut line = StyledLine::default();
    let mut style = Style::new();
    for frame in raw.split('\r') {
        line = StyledLine::default();
        style = styled_frame(&mut line, frame, style);
    }
    line
}

/// One `\r` frame into `line`, from `style`; the style it leaves set.
fn styled_frame(line: &mut StyledLine, frame: &str, mut style: Style) -> Style {
    let mut rest = frame;
    while let Some(at) = rest.find("\u{1b}[") {
        push(line, &rest[..at], style);
        let after = &rest[at + 2..];
        let end = after.find(|c: char| ('\u{40}'..='\u{7e}').contains(&c)).unwrap_or(after.len());
        if after[end..].starts_with('m') {
            style = apply_sgr(style, &after[..end]);
        }
        // Non-SGR CSI sequences are dropped here; anything else is left to `sanitize`.
        rest = after.get(end + 1..).unwrap_or("");
    }
    push(line, rest, style);
    style
}

fn push(line: &mut StyledLine, piece: &str, style: Style) {
    let clean = sanitize(piece);
    if clean.is_empty() {
        return;
    }
    let start = line.text.len();
    line.text.push_str(&clean);
    if style != Style::new() {
        line.styles.push((start, line.text.len(), style));
    }
}

fn apply_sgr(mut style: Style, params: &str) -> Style {
    let codes: Vec<u16> = params.split(';').map(|p| p.parse().unwrap_or(0)).collect();
    let mut i = 0;
    while i < codes.len() {
        match codes[i] {
            0 => style = Style::new(),
            1 => style = style.add_modifier(Modifier::BOLD),
            2 => style = style.add_modifier(Modifier::DIM),
            3 => style = style.add_modifier(Modifier::ITALIC),
            4 => style = style.add_modifier(Modifier::UNDERLINED),
            22 => style = style.remove_modifier(Modifier::BOLD | Modifier::DIM),
            23 => style = style.remove_modifier(Modifier::ITALIC),
            24 => style = style.remove_modifier(Modifier::UNDERLINED),
            c @ 30..=37 => style = style.fg(Color::Indexed((c - 30) as u8)),
            c @ 90..=97 => style = style.fg(Color::Indexed((c - 90 + 8) as u8)),
            39 => style.fg = None,
            c @ (38 | 48) => {
                let colour = match codes.get(i + 1) {
                    Some(5) => codes.get(i + 2).map(|&n| {
                        i += 2;
                        Color::Indexed(n.min(255) as u8)
                    }),
                    Some(2) => match (codes.get(i + 2), codes.get(i + 3), codes.get(i + 4)) {
                        (Some(&r), Some(&g), Some(&b)) => {
                            i += 4;
                            Some(Color::Rgb(r.min(255) as u8, g.min(255) as u8, b.min(255) as u8))
                        }
                        _ => None,
                    },
                    _ => None,
                };
                if let (Some(colour), 38) = (colour, c) {
                    style = style.fg(colour);
                }
            }
            _ => {}
        }
        i += 1;
    }
    style
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_become_styles_on_the_right_ranges() {
        let line = parse("\x1b[32m✔\x1b[0m Backend synthesized \x1b[1;31mfast\x1b[0m");
        assert_eq!(line.text, "✔ Backend synthesized fast");
        assert_eq!(line.styles[0], (0, "✔".len(), Style::new().fg(Color::Indexed(2))));
        let (start, end, style) = line.styles[1];
        assert_eq!(&line.text[start..end], "fast");
        assert_eq!(style, Style::new().fg(Color::Indexed(1)).add_modifier(Modifier::BOLD));
    }

    #[test]
    fn extended_colours_and_resets() {
        let line = parse("\x1b[38;5;208ma\x1b[39mb\x1b[38;2;1;2;3mc");
        assert_eq!(line.text, "abc");
        assert_eq!(line.styles.len(), 2);
        assert_eq!(line.styles[0].2.fg, Some(Color::Indexed(208)));
        assert_eq!(line.styles[1].2.fg, Some(Color::Rgb(1, 2, 3)));
    }

    #[test]
    fn other_escapes_are_removed() {
        let line = parse("\x1b[2K\x1b[1Gdone \x1b]0;title\x07ok");
        assert_eq!(line.text, "done ok");
        assert!(line.styles.is_empty());
    }

    #[test]
    fn carriage_return_progress_keeps_the_last_frame() {
        assert_eq!(parse("\x1b[33m10%\r\x1b[33m100%\x1b[0m").text, "100%");
        let kept = parse("\x1b[33m10%\r100%");
        assert_eq!(kept.text, "100%");
        assert_eq!(
            kept.styles,
            vec![(0, 4, Style::new().fg(Color::Indexed(3)))],
            "the colour set before the \\r stays"
        );
        assert_eq!(parse("plain 10%\rplain 100%\r\n").text, "plain 100%");
    }
}
