//! What `tsc --pretty false` prints, read into diagnostics: `file(line,col): error TS1234: text`,
//! indented lines continuing the message above, and errors without a place (a broken
//! tsconfig).

use crate::domain::check::Diagnostic;
use crate::util::sanitize::sanitize;

/// Enough to fix the first problems; a check with thousands of errors must not take memory.
pub const MAX_DIAGNOSTICS: usize = 200;

/// The diagnostics (at most [`MAX_DIAGNOSTICS`]) and how many errors there were in all.
pub fn parse(output: &str) -> (Vec<Diagnostic>, usize) {
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let mut total = 0;
    for raw in output.lines() {
        let line = sanitize(raw);
        if let Some(diagnostic) = parse_line(&line) {
            total += 1;
            if diagnostics.len() < MAX_DIAGNOSTICS {
                diagnostics.push(diagnostic);
            }
        } else if raw.starts_with(' ')
            && !line.trim().is_empty()
            && total == diagnostics.len()
            && let Some(last) = diagnostics.last_mut()
        {
            last.message.push('\n');
            last.message.push_str(line.trim_end());
        }
    }
    (diagnostics, total)
}

fn parse_line(line: &str) -> Option<Diagnostic> {
    let (head, rest) = line.split_once(": error TS").or_else(|| line.strip_prefix("error TS").map(|r| ("", r)))?;
    let (code, message) = rest.split_once(": ")?;
    if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (file, line, column) = match head.strip_suffix(')').and_then(|h| h.rsplit_once('(')) {
        Some((file, place)) => {
            let (l, c) = place.split_once(',')?;
            (file.to_owned(), l.parse().ok()?, c.parse().ok()?)
        }
        None => (head.to_owned(), 0, 0),
    };
    Some(Diagnostic { file, line, column, code: format!("TS{code}"), message: message.trim_end().to_owned() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_lines_typescript_7_prints() {
        // Printed by the sample app's own `tsc --noEmit -p amplify --pretty false` (TS 7.0.2).
        let out = "amplify/functions/say-hello/handler.ts(5,9): error TS2322: Type 'string' is not assignable to type 'number'.\n";
        assert_eq!(
            parse(out).0,
            [Diagnostic {
                file: "amplify/functions/say-hello/handler.ts".into(),
                line: 5,
                column: 9,
                code: "TS2322".into(),
                message: "Type 'string' is not assignable to type 'number'.".into(),
            }]
        );
        assert_eq!(parse(out).0[0].location(), "amplify/functions/say-hello/handler.ts:5:9");
    }

    #[test]
    fn continuation_lines_join_their_error_and_placeless_errors_count() {
        let out = "amplify/data/resource.ts(3,1): error TS2345: Argument of type '{ a: 1; }' is not assignable.\n  Object literal may only specify known properties.\nerror TS5083: Cannot read file '/x/tsconfig.json'.\nsome banner\n";
        let (d, total) = parse(out);
        assert_eq!(total, 2);
        assert_eq!(d.len(), 2);
        assert!(d[0].message.ends_with("\n  Object literal may only specify known properties."));
        assert_eq!((d[1].file.as_str(), d[1].code.as_str(), d[1].location()), ("", "TS5083", String::new()));
    }

    #[test]
    fn escape_sequences_in_file_names_or_messages_never_reach_the_screen() {
        let (d, _) = parse("amplify/a\x1b[2J.ts(1,2): error TS1005: ';' expected.\x1b]0;x\x07\n");
        assert_eq!(d[0].file, "amplify/a.ts");
        assert_eq!(d[0].message, "';' expected.");
    }

    #[test]
    fn function_env_types_before_the_first_synthesis_are_recognised() {
        let (d, _) = parse(
            "amplify/functions/f/handler.ts(1,21): error TS2307: Cannot find module '$amplify/env/f' or its corresponding type declarations.\n",
        );
        assert!(d[0].is_missing_function_env());
    }

    #[test]
    fn thousands_of_errors_are_capped() {
        let out = "a.ts(1,1): error TS1: x\n".repeat(5000);
        let (d, total) = parse(&out);
        assert_eq!((d.len(), total), (MAX_DIAGNOSTICS, 5000), "capped, but the count is whole");
    }
}
