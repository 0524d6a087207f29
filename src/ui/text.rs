//! Text fitted to cells: cut with an ellipsis, padded, and the window of a long list that is
//! on screen.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The rows `[top, top + height)` of a list of `len` rows keeping `selected` in view.
pub fn window(len: usize, height: usize, offset: usize, selected: usize) -> std::ops::Range<usize> {
    let mut top = offset.min(len.saturating_sub(height));
    if selected < top {
        top = selected;
    } else if height > 0 && selected >= top + height {
        top = selected + 1 - height;
    }
    top..(top + height).min(len)
}

/// The rows of a following list: the newest when following, else from `offset`.
pub fn follow_window(len: usize, height: usize, offset: usize, follow: bool) -> std::ops::Range<usize> {
    let bottom = len.saturating_sub(height);
    let top = if follow { bottom } else { offset.min(bottom) };
    top..(top + height).min(len)
}

/// Cuts `s` to `width` columns, ending with an ellipsis when it had to cut.
pub fn truncate(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_owned();
    }
    let mut used = 0;
    let mut out = String::new();
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// A table cell: `s` cut or padded to `width` columns, the last one a gap.
pub fn cell(s: &str, width: usize) -> String {
    if width == 0 {
        return String::new();
    }
    let mut out = fit(s, width - 1);
    out.push(' ');
    out
}

/// Pads or cuts `s` to exactly `width` columns.
pub fn fit(s: &str, width: usize) -> String {
    let mut out = truncate(s, width);
    let w = out.width();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    out
}

/// Breaks `s` into lines of at most `width` columns, at spaces where it can.
pub fn wrap_words(s: &str, width: usize) -> Vec<String> {
    // A line's own indent (JSON, a stack trace) is kept on each of its wrapped lines, while it
    // leaves room for text.
    let rest = s.trim_start_matches(' ');
    let indent = &s[..s.len() - rest.len()];
    if !indent.is_empty() && indent.len() < width / 2 {
        return wrap_words(rest, width - indent.len()).into_iter().map(|l| format!("{indent}{l}")).collect();
    }
    let width = width.max(1);
    let mut lines = vec![String::new()];
    for word in s.split(' ') {
        let line = lines.last_mut().map_or(0, |l| l.width());
        if line > 0 && line + 1 + word.width() > width {
            lines.push(String::new());
        }
        if let Some(last) = lines.last_mut() {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    lines.into_iter().flat_map(|l| if l.width() > width { hard_wrap(&l, width) } else { vec![l] }).collect()
}

fn hard_wrap(s: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            lines.push(String::new());
            used = 0;
        }
        if let Some(last) = lines.last_mut() {
            last.push(c);
        }
        used += w;
    }
    lines
}

/// What a title says of a list kept from the last read while it is read again (`r`), and
/// after that read failed: the failure itself is the pane's ✖ line.
pub fn kept(kept: bool, loading: bool) -> &'static str {
    match (kept, loading) {
        (false, _) => "",
        (true, true) => " · reading again…",
        (true, false) => " · as last read",
    }
}

pub fn list_area(area: Rect, header: u16, footer: u16) -> Rect {
    let y = area.y + header.min(area.height);
    let height = area.height.saturating_sub(header + footer);
    Rect { y, height, ..area }
}

/// `text` cut to `width`, its styled byte ranges (a child's own colours) over `base`.
pub fn styled_line<'a>(text: &str, styles: &[(usize, usize, Style)], base: Style, width: usize) -> Line<'a> {
    let text = truncate(text, width);
    if styles.is_empty() {
        return Line::from(Span::styled(text, base));
    }
    let mut spans = Vec::new();
    let mut at = 0;
    for &(start, end, style) in styles {
        let (start, end) = (start.min(text.len()), end.min(text.len()));
        if start < at || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        spans.push(Span::styled(text[at..start].to_owned(), base));
        spans.push(Span::styled(text[start..end].to_owned(), base.patch(style)));
        at = end;
    }
    spans.push(Span::styled(text[at..].to_owned(), base));
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_wrap_at_spaces_and_long_words_are_cut() {
        assert_eq!(
            wrap_words("copy the AWS console URL of the selected resource", 20),
            ["copy the AWS console", "URL of the selected", "resource"]
        );
        assert_eq!(wrap_words("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(truncate("héllo wörld", 6), "héllo…");
    }
}
