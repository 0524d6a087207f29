//! How Amplify builds a function's code, read in `@aws-amplify/backend-function` 1.19.0 and
//! the `NodejsFunction` of aws-cdk-lib 2.278.0 it hands the work to: which file is the entry
//! (`defineFunction`'s `name` and `entry`, else `handler.ts` beside `resource.ts`), and the
//! esbuild command line CDK runs for it — ESM, minified, with a source map, `.node` files as
//! files, the banner that resolves secrets from SSM before the handler loads, and the shim
//! that gives ESM `require`. Pure: the adapter reads the files and runs the command.

use std::path::{Path, PathBuf};

/// What bundling must know of a function, as its `resource.ts` says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionDef {
    /// The name Amplify gives it (its `amplify:friendly-name` tag).
    pub name: String,
    /// The handler file, relative to the project.
    pub entry: PathBuf,
    /// `runtime: 22`, when set; Amplify's default is 22.
    pub runtime: Option<u32>,
    /// `bundling: { minify: false }` turns minifying off.
    pub minify: bool,
    /// The module names of `layers: { name: arn }`: left out of the bundle (the layer has them).
    pub layers: Vec<String>,
}

/// Amplify's runtime when `resource.ts` names none.
pub const DEFAULT_RUNTIME: u32 = 22;

/// Where ampdeck bundles a function, relative to the project: as deep below the project as
/// CDK's `cdk.out/bundling-temp-…`, so the source map's relative paths are the same bytes.
pub fn out_dir(function: &str) -> PathBuf {
    Path::new(".amplify/artifacts/ampdeck").join(function)
}

/// The functions `defineFunction` defines in `text`, the file at `file` (relative to the
/// project). A definition whose options are not an object literal is skipped.
pub fn definitions(file: &Path, text: &str) -> Vec<FunctionDef> {
    let dir = file.parent().unwrap_or(Path::new(""));
    const CALL: &str = "defineFunction(";
    let text = &without_comments(text);
    let mut found = Vec::new();
    let mut scan = Scan::new(text);
    while let Some((at, _)) = scan.next_code() {
        if text[at..].starts_with(CALL) {
            let options = object_literal(&text[at + CALL.len()..]).unwrap_or("");
            found.push(definition(dir, options));
        }
    }
    found
}

fn definition(dir: &Path, options: &str) -> FunctionDef {
    let props = top_level_props(options);
    let prop = |key: &str| props.iter().find(|(k, _)| *k == key).map(|(_, v)| v.trim());
    let string = |key: &str| prop(key).and_then(string_literal);
    let entry = string("entry").map_or_else(|| dir.join("handler.ts"), |e| normalize(&dir.join(e)));
    let name = string("name")
        .or_else(|| string("entry").and_then(|e| Path::new(&e).file_stem().map(|s| s.to_string_lossy().into_owned())))
        .or_else(|| dir.file_name().map(|d| d.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let runtime = prop("runtime").and_then(|v| v.parse().ok());
    let minify = !prop("bundling").is_some_and(|b| {
        top_level_props(b.trim().strip_prefix('{').unwrap_or(b))
            .iter()
            .any(|(k, v)| *k == "minify" && v.trim() == "false")
    });
    let layers = prop("layers")
        .map(|l| {
            top_level_props(l.trim().strip_prefix('{').unwrap_or(l)).into_iter().map(|(k, _)| unquote(k)).collect()
        })
        .unwrap_or_default();
    FunctionDef { name, entry, runtime, minify, layers }
}

/// `./a/../b.ts` joined onto `amplify/functions/x` without touching the disk.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The inside of the `{ … }` that opens `call` (after spaces), up to its matching brace.
fn object_literal(call: &str) -> Option<&str> {
    let body = call.trim_start().strip_prefix('{')?;
    let mut depth = 1usize;
    let mut scan = Scan::new(body);
    while let Some((i, c)) = scan.next_code() {
        match c {
            '{' | '(' | '[' => depth += 1,
            '}' | ')' | ']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(&body[..i]);
                }
            }
            _ => {}
        }
    }
    None
}

/// `key: value` pairs at the top level of an object literal's inside, values as written.
fn top_level_props(inside: &str) -> Vec<(&str, &str)> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    let mut end = inside.len();
    let mut scan = Scan::new(inside);
    while let Some((i, c)) = scan.next_code() {
        match c {
            '{' | '(' | '[' => depth += 1,
            '}' | ')' | ']' if depth == 0 => {
                end = i;
                break;
            }
            '}' | ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inside[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inside[start..end]);
    parts.into_iter().filter_map(|p| p.split_once(':')).map(|(k, v)| (k.trim(), v)).collect()
}

fn string_literal(value: &str) -> Option<String> {
    let quote = value.chars().next().filter(|c| matches!(c, '\'' | '"' | '`'))?;
    let inner = value[1..].strip_suffix(quote)?;
    (!inner.contains(quote) && !inner.contains("${")).then(|| inner.to_owned())
}

fn unquote(key: &str) -> String {
    string_literal(key).unwrap_or_else(|| key.to_owned())
}

/// `text` with its comments blanked out (strings kept as they are).
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let skip = if rest.starts_with("//") {
            rest.find('\n').unwrap_or(rest.len())
        } else if let Some(body) = rest.strip_prefix("/*") {
            body.find("*/").map_or(rest.len(), |e| e + 4)
        } else if matches!(c, '\'' | '"' | '`') {
            let n = 1 + skip_string(&rest[1..], c);
            out.push_str(&rest[..n]);
            n
        } else {
            out.push(c);
            c.len_utf8()
        };
        if rest.starts_with("//") || rest.starts_with("/*") {
            out.push(' ');
        }
        rest = &rest[skip..];
    }
    out
}

/// Walks source text, skipping strings and comments.
struct Scan<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Scan<'a> {
    fn new(text: &'a str) -> Self {
        Self { text, at: 0 }
    }

    /// The next character outside strings and comments, with its byte offset.
    fn next_code(&mut self) -> Option<(usize, char)> {
        loop {
            let rest = &self.text[self.at..];
            let c = rest.chars().next()?;
            let i = self.at;
            if rest.starts_with("//") {
                self.at += rest.find('\n').unwrap_or(rest.len());
            } else if let Some(body) = rest.strip_prefix("/*") {
                self.at += body.find("*/").map_or(rest.len(), |e| e + 4);
            } else if matches!(c, '\'' | '"' | '`') {
                self.at += 1 + skip_string(&rest[1..], c);
                return Some((i, c));
            } else {
                self.at += c.len_utf8();
                return Some((i, c));
            }
        }
    }
}

/// Bytes up to and including the closing quote.
fn skip_string(rest: &str, quote: char) -> usize {
    let mut escaped = false;
    for (i, c) in rest.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            c if c == quote => return i + 1,
            _ => {}
        }
    }
    rest.len()
}

/// The banner Amplify puts before every function's code: its SSM resolver and the line that
/// calls it, flattened to one line as Amplify flattens them (split at line ends, `//` to the
/// line's end dropped, joined without a separator).
pub fn banner(resolver: &str, invoker: &str) -> String {
    let both = format!("{resolver}{invoker}");
    both.split(['\n', '\r']).map(|line| line.find("//").map_or(line, |at| &line[..at])).collect()
}

/// `nodejs22.x` → 22.
pub fn runtime_major(runtime: &str) -> Option<u32> {
    runtime.strip_prefix("nodejs")?.split('.').next()?.parse().ok()
}

/// Where the pieces of one build are.
#[derive(Debug, Clone, PartialEq)]
pub struct Build<'a> {
    pub def: &'a FunctionDef,
    /// The Node.js major version to target: `resource.ts`'s runtime, else Amplify's default,
    /// as the synthesis targets it.
    pub node: u32,
    /// The output folder, absolute (it gets `index.mjs` and `index.mjs.map`).
    pub out_dir: &'a Path,
    pub banner: &'a str,
    /// Amplify's `cjs_shim.js`, absolute.
    pub inject: &'a Path,
    /// Where esbuild writes the metafile (the inputs), outside the output folder.
    pub metafile: Option<&'a Path>,
}

/// esbuild's arguments, in CDK's order, for a run in the project's folder: the same bytes
/// as the asset a synthesis writes (`tests/function_build.rs` compares them).
pub fn esbuild_args(build: &Build<'_>) -> Vec<String> {
    let mut args = vec![
        "--bundle".to_owned(),
        build.def.entry.to_string_lossy().into_owned(),
        format!("--target=node{}", build.node),
        "--platform=node".into(),
        "--format=esm".into(),
        format!("--outfile={}", build.out_dir.join("index.mjs").display()),
    ];
    if build.def.minify {
        args.push("--minify".into());
    }
    args.push("--sourcemap".into());
    args.extend(build.def.layers.iter().map(|l| format!("--external:{l}")));
    args.push("--loader:.node=file".into());
    args.push("--log-level=error".into());
    if let Some(meta) = build.metafile {
        args.push(format!("--metafile={}", meta.display()));
    }
    args.push(format!("--banner:js={}", build.banner));
    args.push(format!("--inject:{}", build.inject.display()));
    args
}

/// The project's files among a metafile's inputs, relative to the project (esbuild writes
/// them relative to where it ran: the project).
pub fn inputs(metafile: &str) -> Vec<String> {
    let Ok(meta) = serde_json::from_str::<serde_json::Value>(metafile) else { return Vec::new() };
    let Some(inputs) = meta.get("inputs").and_then(serde_json::Value::as_object) else { return Vec::new() };
    inputs.keys().filter(|k| !k.starts_with("node_modules/") && !k.contains("/node_modules/")).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(file: &str, text: &str) -> FunctionDef {
        definitions(Path::new(file), text).remove(0)
    }

    #[test]
    fn name_and_entry_follow_amplifys_rules() {
        let sample = "import { defineFunction, secret } from '@aws-amplify/backend';\n\nexport const sayHello = defineFunction({\n  name: 'say-hello',\n  entry: './handler.ts',\n  environment: {\n    WEATHER_API_KEY: secret('WEATHER_API_KEY'),\n  },\n});\n";
        let f = def("amplify/functions/say-hello/resource.ts", sample);
        assert_eq!(
            (f.name.as_str(), f.entry.as_path()),
            ("say-hello", Path::new("amplify/functions/say-hello/handler.ts"))
        );
        assert_eq!((f.runtime, f.minify, f.layers.len()), (None, true, 0));
        // No name: the entry's file name; no entry either: the folder's name and handler.ts.
        let f = def("amplify/functions/a/resource.ts", "defineFunction({ entry: '../shared/report.ts' })");
        assert_eq!((f.name.as_str(), f.entry.as_path()), ("report", Path::new("amplify/functions/shared/report.ts")));
        let f = def("amplify/jobs/nightly/resource.ts", "export const n = defineFunction();");
        assert_eq!((f.name.as_str(), f.entry.as_path()), ("nightly", Path::new("amplify/jobs/nightly/handler.ts")));
    }

    #[test]
    fn nested_options_strings_and_comments_do_not_confuse_the_reading() {
        let text = r#"
            // defineFunction({ name: 'commented' }) is not one
            export const a = defineFunction({
              environment: { name: 'not-the-name', NOTE: "a }, b: { tricky" },
              /* name: 'nor-this' */
              name: "mailer", runtime: 20,
              bundling: { minify: false },
              layers: { "@sentry/node": "arn:aws:lambda:us-east-1:1:layer:sentry:1", sharp: 'arn:x' },
            });
            export const b = defineFunction({ name: `worker` });
        "#;
        let found = definitions(Path::new("amplify/functions/mail/resource.ts"), text);
        let names: Vec<&str> = found.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["mailer", "worker"]);
        let mailer = &found[0];
        assert_eq!((mailer.runtime, mailer.minify), (Some(20), false));
        assert_eq!(mailer.layers, ["@sentry/node", "sharp"]);
    }

    #[test]
    fn the_banner_is_flattened_as_amplify_flattens_it() {
        let resolver = "const a = 1; // one\r\nconst url = 'http://x';\n";
        let invoker = "// header\nawait go();\n";
        // `//` cuts the rest of its line, even inside a string, as Amplify's regex does.
        assert_eq!(banner(resolver, invoker), "const a = 1; const url = 'http:await go();");
    }

    #[test]
    fn esbuild_runs_with_cdks_arguments_in_cdks_order() {
        let f = FunctionDef {
            name: "f".into(),
            entry: "amplify/functions/f/handler.ts".into(),
            runtime: None,
            minify: true,
            layers: vec!["sharp".into()],
        };
        let build = Build {
            def: &f,
            node: 22,
            out_dir: Path::new("/p/.amplify/artifacts/ampdeck/f"),
            banner: "B",
            inject: Path::new("/p/shim.js"),
            metafile: None,
        };
        assert_eq!(
            esbuild_args(&build).join(" "),
            "--bundle amplify/functions/f/handler.ts --target=node22 --platform=node --format=esm --outfile=/p/.amplify/artifacts/ampdeck/f/index.mjs --minify --sourcemap --external:sharp --loader:.node=file --log-level=error --banner:js=B --inject:/p/shim.js"
        );
        assert_eq!(runtime_major("nodejs20.x"), Some(20));
        assert_eq!(out_dir("f"), Path::new(".amplify/artifacts/ampdeck/f"));
    }

    #[test]
    fn a_metafile_names_the_projects_inputs() {
        let meta = r#"{"inputs":{"amplify/functions/f/handler.ts":{},"amplify/shared/util.ts":{},"node_modules/uuid/index.js":{}},"outputs":{}}"#;
        assert_eq!(inputs(meta), ["amplify/functions/f/handler.ts", "amplify/shared/util.ts"]);
        assert!(inputs("not json").is_empty());
    }
}
