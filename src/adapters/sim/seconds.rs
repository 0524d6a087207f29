//! Durations in recorded text (`Deployment time: 236.43s`, `installed in 16s`, `completed in
//! 4.81 seconds`), rewritten to what the demo's replay of that text took.

/// `text` with the first duration it gives in seconds replaced by `new` of it: with the
/// toolkit's two decimals (trailing zeros dropped, as JavaScript prints them) where the text
/// had decimals, whole seconds where it had none. Text without one comes back unchanged.
pub fn rewrite(text: &str, new: impl FnOnce(f64) -> f64) -> String {
    let Some((start, end)) = find(text) else { return text.to_owned() };
    let number = &text[start..end];
    let Ok(old) = number.parse::<f64>() else { return text.to_owned() };
    let value = new(old).max(0.0);
    let shown = if number.contains('.') { decimals(value) } else { format!("{}", value.round()) };
    format!("{}{shown}{}", &text[..start], &text[end..])
}

/// `1.5`, `0.62`, `12`: rounded to hundredths, without trailing zeros.
fn decimals(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// Where the first number followed by `s` (as a word's end) or ` seconds` is.
fn find(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let starts = bytes[at].is_ascii_digit() && (at == 0 || !bytes[at - 1].is_ascii_alphanumeric());
        if !starts {
            at += 1;
            continue;
        }
        let end = number_end(bytes, at);
        let rest = &text[end..];
        let unit = rest.strip_prefix('s').is_some_and(|r| !r.starts_with(|c: char| c.is_ascii_alphanumeric()))
            || rest.starts_with(" seconds");
        if unit {
            return Some((at, end));
        }
        at = end;
    }
    None
}

/// The end of the digits (and one fraction) from `at`.
fn number_end(bytes: &[u8], at: usize) -> usize {
    let digits = |from: usize| from + bytes[from..].iter().take_while(|b| b.is_ascii_digit()).count();
    let end = digits(at);
    match bytes.get(end..end + 2) {
        Some([b'.', d]) if d.is_ascii_digit() => digits(end + 1),
        _ => end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_duration_takes_the_new_value_in_the_texts_own_precision() {
        assert_eq!(rewrite("  Deployment time: 236.43s", |_| 12.3456), "  Deployment time: 12.35s");
        assert_eq!(rewrite("Type checks completed in 4.81 seconds", |_| 2.0), "Type checks completed in 2 seconds");
        assert_eq!(
            rewrite("added 1412 packages, and audited 1413 packages in 16s", |s| s / 2.0),
            "added 1412 packages, and audited 1413 packages in 8s"
        );
        assert_eq!(rewrite("\n✨  hotswap-deployment time: 0.62s\n", |_| 0.1), "\n✨  hotswap-deployment time: 0.1s\n");
        assert_eq!(rewrite("deploying... [1/1]", |_| 5.0), "deploying... [1/1]");
        assert_eq!(rewrite("Next.js 15.4.2 in 3steps", |_| 5.0), "Next.js 15.4.2 in 3steps");
    }
}
