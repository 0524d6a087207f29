//! TypeScript run without a bundler: its types blanked out by `swc_ts_fast_strip`, the crate
//! Node.js's own type stripping is built on (through `amaro`), so every line and column stays
//! where it was and a stack trace's position is the source's. It lets a project with no
//! esbuild (the demo's workspace) run its handler on any Node.js, not only 22.6 and later.

use std::io::Write;
use std::sync::{Arc, Mutex};

use swc_common::errors::Handler;
use swc_common::sync::Lrc;
use swc_common::{GLOBALS, SourceMap};
use swc_ts_fast_strip::{Options, operate};

/// `source` (the module `file_name`) as JavaScript, or the first syntax error as
/// `file:line:column: message`.
pub fn strip(source: &str, file_name: &str) -> Result<String, String> {
    let map = Lrc::new(SourceMap::default());
    let said = Said::default();
    let handler = Handler::with_emitter_writer(Box::new(said.clone()), Some(map.clone()));
    let options = Options { module: Some(true), filename: Some(file_name.to_owned()), ..Default::default() };
    let stripped = GLOBALS.set(&Default::default(), || operate(&map, &handler, source.to_owned(), options));
    stripped.map(|out| out.code).map_err(|error| said.first().unwrap_or_else(|| format!("{file_name}: {error}")))
}

/// What the parser said, kept to name the first error.
#[derive(Clone, Default)]
struct Said(Arc<Mutex<Vec<u8>>>);

impl Said {
    /// `error[…]: message` then ` --> file:line:column`, as one line.
    fn first(&self) -> Option<String> {
        let text = String::from_utf8_lossy(&self.0.lock().ok()?).into_owned();
        let mut lines = text.lines();
        let message = lines.find(|l| l.starts_with("error"))?.split_once(": ")?.1.trim().to_owned();
        let place = lines.find_map(|l| l.trim_start().strip_prefix("--> "))?.trim().to_owned();
        Some(format!("{place}: {message}"))
    }
}

impl Write for Said {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut kept) = self.0.lock() {
            kept.extend_from_slice(bytes);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_blanked_and_every_position_kept() {
        let source = "import type { Schema } from './s';\nexport const handler: Schema['h'] = async (e: { n: string }) => {\n  throw new Error(e.n);\n};\n";
        let js = strip(source, "handler.ts").expect("strips");
        assert!(!js.contains("Schema") && !js.contains(": string"), "{js}");
        assert_eq!(js.lines().count(), source.lines().count());
        let column = |text: &str| text.lines().nth(2).and_then(|l| l.find("throw"));
        assert_eq!(column(&js), column(source), "the throw is where it was:\n{js}");
    }

    #[test]
    fn a_syntax_error_names_its_place() {
        let said = strip("const a: number = ;\n", "amplify/functions/f/handler.ts").expect_err("fails");
        assert_eq!(said, "amplify/functions/f/handler.ts:1:19: Expression expected");
    }

    #[test]
    fn what_needs_more_than_blanking_is_refused_by_name() {
        let said = strip("enum Colour { Red }\n", "handler.ts").expect_err("an enum is code, not a type");
        assert!(said.starts_with("handler.ts:1:"), "{said}");
    }
}
