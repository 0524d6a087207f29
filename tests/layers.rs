//! Two rules on how the modules of `src/` name each other.
//!
//! 1. Imports run one way: a module of a lower layer never names one of a higher layer. The
//!    layers, lowest first, are the top-level modules of `src/` (see `src/lib.rs` and
//!    ARCHITECTURE.md). `#[cfg(test)]` code is held to the same rule.
//! 2. Inside one layer, no import cycle spans more than [`MAX_CYCLE`] files: a strongly
//!    connected component of the import graph between the files of a layer, test modules left
//!    out (`#[cfg(test)] mod x { .. }` blocks, and the files of `#[cfg(test)] mod x;`).
//!
//! Both read the same references, found as `shared/tools/import_cycles.py` finds them: every
//! leaf of a `use` tree (nested groups, `as`, globs), every `crate::`/`super::`/`self::` path in
//! the code, and `use` paths that start with a child module. Comments and string literals are
//! not code. Rule 1 looks at the top-level module a path leads to. Rule 2 resolves it to a file:
//! the file of its longest module prefix; a name that file does not define is followed through
//! the file's `use` items (re-exports), then its glob imports, then looked for among the files
//! under it. Unlike the script, a `const fn` counts as a definition, `use a::ask` is not read as
//! an `as` rename, and the `a::b` of `use a::b::{x, y}` is no edge of its own.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

const LAYERS: &[&str] = &["util", "domain", "amplify", "model", "ports", "adapters", "app", "ui", "shell"];

/// The most files an import cycle inside one layer may span.
const MAX_CYCLE: usize = 3;

/// How many re-exports a name is followed through before giving up.
const MAX_HOPS: usize = 8;

/// A reference from `file` (its path under `src/`) to a module of a higher layer.
#[derive(Debug, PartialEq)]
struct Upward {
    file: String,
    line: usize,
    from: String,
    to: String,
}

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| *l == module)
}

/// `src/app/update/input.rs` → `["app", "update", "input"]`; `mod.rs` names its folder.
fn module_path(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    for component in relative.components() {
        match component {
            Component::ParentDir => {
                parts.pop();
            }
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    if let Some(last) = parts.pop() {
        let stem = last.trim_end_matches(".rs");
        if stem != "mod" && stem != "lib" {
            parts.push(stem.to_owned());
        }
    }
    parts
}

// ---------------------------------------------------------------------------------------------
// Lexing: identifiers, `::`, punctuation and string literals, each with its line. Comments go.

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    /// `::`
    Sep,
    Punct(char),
    Str(String),
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    line: usize,
}

fn lex(text: &str) -> Vec<Token> {
    let b = text.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < b.len() {
        let start_line = line;
        let mut push = |tok| out.push(Token { tok, line: start_line });
        match b[i] {
            b'\n' => {
                line += 1;
                i += 1;
            }
            c if c.is_ascii_whitespace() => i += 1,
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let mut depth = 0;
                while i < b.len() {
                    if b[i..].starts_with(b"/*") {
                        depth += 1;
                        i += 2;
                    } else if b[i..].starts_with(b"*/") {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        line += usize::from(b[i] == b'\n');
                        i += 1;
                    }
                }
            }
            b'"' => {
                let start = i + 1;
                i = start;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    line += usize::from(b.get(i) == Some(&b'\n'));
                    i += 1;
                }
                push(Tok::Str(text[start..i.min(b.len())].to_owned()));
                i += 1;
            }
            b'\'' => {
                if b.get(i + 1) == Some(&b'\\') {
                    // An escaped char literal: `'\n'`, `'\''`, `'\u{2502}'`.
                    i += 3;
                    while i < b.len() && b[i] != b'\'' {
                        i += 1;
                    }
                    i += 1;
                } else if let Some(c) = text[i + 1..].chars().next()
                    && b.get(i + 1 + c.len_utf8()) == Some(&b'\'')
                {
                    i += 2 + c.len_utf8(); // a char literal
                } else {
                    push(Tok::Punct('\'')); // a lifetime or a label
                    i += 1;
                }
            }
            c if word(c) => {
                let start = i;
                while i < b.len() && word(b[i]) {
                    i += 1;
                }
                let name = &text[start..i];
                let hashes = b[i..].iter().take_while(|c| **c == b'#').count();
                if matches!(name, "r" | "br" | "cr") && b.get(i + hashes) == Some(&b'"') {
                    // A raw string: ends at a quote followed by as many `#`.
                    let close: Vec<u8> = std::iter::once(b'"').chain(std::iter::repeat_n(b'#', hashes)).collect();
                    let from = i + hashes + 1;
                    let len = b[from..].windows(close.len()).position(|w| w == close).unwrap_or(b.len() - from);
                    line += b[from..from + len].iter().filter(|c| **c == b'\n').count();
                    push(Tok::Str(text[from..from + len].to_owned()));
                    i = from + len + close.len();
                } else {
                    push(Tok::Ident(name.to_owned()));
                }
            }
            b':' if b.get(i + 1) == Some(&b':') => {
                push(Tok::Sep);
                i += 2;
            }
            _ => {
                let c = text[i..].chars().next().unwrap_or(' ');
                push(Tok::Punct(c));
                i += c.len_utf8();
            }
        }
    }
    out
}

fn is(t: &[Token], i: usize, tok: &Tok) -> bool {
    t.get(i).is_some_and(|t| t.tok == *tok)
}

fn ident(t: &[Token], i: usize) -> Option<&str> {
    match t.get(i).map(|t| &t.tok) {
        Some(Tok::Ident(s)) => Some(s),
        _ => None,
    }
}

fn punct(t: &[Token], i: usize, c: char) -> bool {
    is(t, i, &Tok::Punct(c))
}

/// The index after the group that opens at `i` (`open` … its matching `close`).
fn after_group(t: &[Token], i: usize, open: char, close: char) -> usize {
    let mut depth = 0usize;
    for (j, token) in t.iter().enumerate().skip(i) {
        if token.tok == Tok::Punct(open) {
            depth += 1;
        } else if token.tok == Tok::Punct(close) {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return j + 1;
            }
        }
    }
    t.len()
}

// ---------------------------------------------------------------------------------------------
// Parsing: what a file references and what it defines.

/// A path one file writes: a leaf of a `use` tree or a `crate::`/`super::`/`self::` path.
#[derive(Debug, Clone)]
struct Ref {
    line: usize,
    /// The module the path is written in: the file's, plus the inline `mod x { }` around it.
    module: Vec<String>,
    /// As written, a trailing `self` dropped: `["super", "state", "State"]`.
    segs: Vec<String>,
    /// `use a::b as c` → `c` (`_` included).
    alias: Option<String>,
    /// `use a::b::*`
    glob: bool,
    /// A `use` item at the top level of the file: what the file re-exports (or imports for its
    /// children to see) under the name it brings in.
    top_use: bool,
}

impl Ref {
    /// The name a `use` leaf brings into its module.
    fn name(&self) -> Option<&str> {
        if self.glob {
            return None;
        }
        self.alias.as_deref().or(self.segs.last().map(String::as_str))
    }

    /// The path from the crate root, or `None` when it leaves the crate (`std::…`, a name
    /// brought in by another `use`, a `super` above the root).
    fn absolute(&self, modules: &BTreeSet<Vec<String>>) -> Option<Vec<String>> {
        let mut rest = self.segs.as_slice();
        let mut path = match rest.first()?.as_str() {
            "crate" => {
                rest = &rest[1..];
                Vec::new()
            }
            "self" => {
                rest = &rest[1..];
                self.module.clone()
            }
            "super" => self.module.clone(),
            child => {
                let mut path = self.module.clone();
                path.push(child.to_owned());
                if !modules.contains(&path) {
                    return None;
                }
                self.module.clone()
            }
        };
        while rest.first().is_some_and(|s| s == "super") {
            path.pop()?;
            rest = &rest[1..];
        }
        path.extend(rest.iter().filter(|s| *s != "self").cloned());
        (!path.is_empty()).then_some(path)
    }
}

/// `#[cfg(test)] mod x;` or `#[cfg(test)] mod x { .. }` at `i` (other attributes and a `pub` may
/// come between): its name, its `#[path]`, and the index after it.
fn test_module(t: &[Token], i: usize) -> Option<(String, Option<String>, usize)> {
    let cfg_test = punct(t, i, '#')
        && punct(t, i + 1, '[')
        && ident(t, i + 2) == Some("cfg")
        && punct(t, i + 3, '(')
        && ident(t, i + 4) == Some("test")
        && punct(t, i + 5, ')')
        && punct(t, i + 6, ']');
    if !cfg_test {
        return None;
    }
    let mut j = i + 7;
    let mut path = None;
    while punct(t, j, '#') && punct(t, j + 1, '[') {
        let end = after_group(t, j + 1, '[', ']');
        if ident(t, j + 2) == Some("path")
            && punct(t, j + 3, '=')
            && let Some(Tok::Str(p)) = t.get(j + 4).map(|t| &t.tok)
        {
            path = Some(p.clone());
        }
        j = end;
    }
    if ident(t, j) == Some("pub") {
        j += 1;
        if punct(t, j, '(') {
            j = after_group(t, j, '(', ')');
        }
    }
    let name = ident(t, j + 1).filter(|_| ident(t, j) == Some("mod"))?.to_owned();
    if punct(t, j + 2, ';') {
        Some((name, path, j + 3))
    } else if punct(t, j + 2, '{') {
        Some((name, path, after_group(t, j + 2, '{', '}')))
    } else {
        None
    }
}

/// A `use` tree from `i`: pushes each leaf's segments (after `prefix`), alias, glob and line.
fn use_tree(
    t: &[Token],
    i: &mut usize,
    prefix: Vec<String>,
    out: &mut Vec<(Vec<String>, Option<String>, bool, usize)>,
) {
    let mut segs = prefix;
    let mut line = t.get(*i).map_or(0, |t| t.line);
    if is(t, *i, &Tok::Sep) {
        *i += 1;
    }
    loop {
        match t.get(*i).map(|t| &t.tok) {
            Some(Tok::Punct('$')) => *i += 1, // `$crate` in a macro
            Some(Tok::Ident(s)) if s != "as" => {
                segs.push(s.clone());
                line = t[*i].line;
                *i += 1;
                if !is(t, *i, &Tok::Sep) {
                    break;
                }
                *i += 1;
            }
            Some(Tok::Punct('*')) => {
                *i += 1;
                out.push((segs, None, true, line));
                return;
            }
            Some(Tok::Punct('{')) => {
                *i += 1;
                while *i < t.len() && !punct(t, *i, '}') && !punct(t, *i, ';') {
                    let before = *i;
                    use_tree(t, i, segs.clone(), out);
                    if punct(t, *i, ',') || *i == before {
                        *i += 1;
                    }
                }
                *i += 1;
                return;
            }
            _ => break,
        }
    }
    let mut alias = None;
    if ident(t, *i) == Some("as")
        && let Some(a) = ident(t, *i + 1)
    {
        alias = Some(a.to_owned());
        *i += 2;
    }
    if !segs.is_empty() {
        out.push((segs, alias, false, line));
    }
}

/// What one file says.
#[derive(Debug, Default)]
struct Parsed {
    refs: Vec<Ref>,
    /// Names of the items at the file's top level (inline modules included, `mod x;` not).
    top: BTreeSet<String>,
    /// Names of the items anywhere in it, as the script's `defs` (a macro's, a method's).
    any: BTreeSet<String>,
}

/// The `#[cfg(test)] mod x` a file declares: the module path of each and its `#[path]`.
fn test_modules(t: &[Token], module: &[String]) -> Vec<(Vec<String>, Option<String>)> {
    let mut found = Vec::new();
    for i in 0..t.len() {
        if let Some((name, path, _)) = test_module(t, i) {
            let mut m = module.to_vec();
            m.push(name);
            found.push((m, path));
        }
    }
    found
}

/// The references and definitions of a file whose module path is `module`. Without
/// `with_tests`, `#[cfg(test)] mod x { .. }` blocks are left out.
fn parse(t: &[Token], module: &[String], with_tests: bool) -> Parsed {
    const ITEMS: &[&str] = &["fn", "struct", "enum", "const", "static", "type", "trait", "union"];
    const NOT_NAMES: &[&str] = &["fn", "unsafe", "async", "extern", "mut", "const"];
    let mut p = Parsed::default();
    let mut depth = 0usize;
    // Inline `mod x { }` around the current token, with the depth of the items inside.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let here = |inline: &[(String, usize)]| {
        let mut m = module.to_vec();
        m.extend(inline.iter().map(|(n, _)| n.clone()));
        m
    };
    let define = |p: &mut Parsed, name: &str, depth: usize| {
        if depth == 0 {
            p.top.insert(name.to_owned());
        }
        p.any.insert(name.to_owned());
    };
    let mut i = 0;
    while i < t.len() {
        if !with_tests && let Some((_, _, end)) = test_module(t, i) {
            i = end;
            continue;
        }
        let word = ident(t, i);
        let after_sep = i > 0 && is(t, i - 1, &Tok::Sep);
        match word {
            _ if punct(t, i, '{') => depth += 1,
            _ if punct(t, i, '}') => {
                depth = depth.saturating_sub(1);
                if inline.last().is_some_and(|(_, d)| *d > depth) {
                    inline.pop();
                }
            }
            Some("use") => {
                let mut leaves = Vec::new();
                let mut j = i + 1;
                use_tree(t, &mut j, Vec::new(), &mut leaves);
                for (mut segs, alias, glob, line) in leaves {
                    if segs.len() > 1 && segs.last().is_some_and(|s| s == "self") {
                        segs.pop();
                    }
                    let module = here(&inline);
                    p.refs.push(Ref { line, module, segs, alias, glob, top_use: depth == 0 });
                }
                while j < t.len() && !punct(t, j, ';') {
                    j += 1;
                }
                i = j + 1;
                continue;
            }
            Some("mod") => {
                if let Some(name) = ident(t, i + 1)
                    && punct(t, i + 2, '{')
                {
                    define(&mut p, name, depth);
                    depth += 1;
                    inline.push((name.to_owned(), depth));
                    i += 3;
                    continue;
                }
            }
            Some("macro_rules") => {
                if punct(t, i + 1, '!')
                    && let Some(name) = ident(t, i + 2)
                {
                    define(&mut p, name, depth);
                }
            }
            Some(w) if ITEMS.contains(&w) && !after_sep && !(i > 0 && punct(t, i - 1, '\'')) => {
                let skip = usize::from(w == "static" && ident(t, i + 1) == Some("mut"));
                if let Some(name) = ident(t, i + 1 + skip).filter(|n| !NOT_NAMES.contains(n)) {
                    define(&mut p, name, depth);
                }
            }
            Some("crate" | "super" | "self") if !after_sep && is(t, i + 1, &Tok::Sep) && ident(t, i + 2).is_some() => {
                // `pub(in crate::x)` names no module to import.
                let visibility = i >= 2 && ident(t, i - 1) == Some("in") && punct(t, i - 2, '(');
                let mut segs = vec![word.unwrap_or_default().to_owned()];
                let mut j = i + 1;
                while is(t, j, &Tok::Sep)
                    && let Some(s) = ident(t, j + 1)
                {
                    segs.push(s.to_owned());
                    j += 2;
                }
                if !visibility {
                    let module = here(&inline);
                    p.refs.push(Ref { line: t[i].line, module, segs, alias: None, glob: false, top_use: false });
                }
                i = j;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    p
}

// ---------------------------------------------------------------------------------------------
// Rule 1: imports run one way.

fn upward(files: &[(PathBuf, String)]) -> Vec<Upward> {
    let modules: BTreeSet<Vec<String>> = files.iter().map(|(relative, _)| module_path(relative)).collect();
    let mut bad = Vec::new();
    for (relative, text) in files {
        let module = module_path(relative);
        let Some(own) = module.first().and_then(|m| layer(m)) else { continue };
        let mut found = BTreeSet::new();
        for r in parse(&lex(text), &module, true).refs {
            if let Some(to) = r.absolute(&modules).and_then(|p| p.into_iter().next())
                && layer(&to).is_some_and(|l| l > own)
            {
                found.insert((r.line, to));
            }
        }
        for (line, to) in found {
            bad.push(Upward { file: relative.display().to_string(), line, from: module[0].clone(), to });
        }
    }
    bad
}

// ---------------------------------------------------------------------------------------------
// Rule 2: no large import cycle inside a layer.

/// The import graph between the files of `files` that belong to a layer and are not test
/// modules, edges only inside a layer: `(from, to)` → the names `from` uses `to` for.
struct Graph {
    files: Vec<String>,
    edges: BTreeMap<(usize, usize), BTreeSet<String>>,
}

struct Resolver {
    by_module: BTreeMap<Vec<String>, usize>,
    modules: Vec<Vec<String>>,
    files: Vec<String>,
    parsed: Vec<Parsed>,
    /// The absolute path of each of `parsed[f].refs`.
    absolute: Vec<Vec<Option<Vec<String>>>>,
}

impl Resolver {
    /// The file `path` leads to and the name it uses there.
    fn resolve(&self, path: &[String], hops: usize) -> Option<(usize, String)> {
        let k = (1..=path.len()).rev().find(|k| self.by_module.contains_key(&path[..*k]))?;
        let f = self.by_module[&path[..k]];
        let Some(name) = path.get(k) else { return Some((f, path[k - 1].clone())) };
        let p = &self.parsed[f];
        if p.top.contains(name) {
            return Some((f, name.clone()));
        }
        if hops < MAX_HOPS {
            // Re-exported (or imported, for the file's children to see) by a `use` of the file.
            for (r, absolute) in p.refs.iter().zip(&self.absolute[f]).filter(|(r, _)| r.top_use && !r.glob) {
                if r.name() == Some(name.as_str()) {
                    let Some(absolute) = absolute else { return Some((f, name.clone())) };
                    let mut target = absolute.clone();
                    target.extend_from_slice(&path[k + 1..]);
                    if let Some(found) = self.resolve(&target, hops + 1) {
                        return Some(found);
                    }
                }
            }
            // Through a glob: `pub use self::kinds::*`.
            for (_, absolute) in p.refs.iter().zip(&self.absolute[f]).filter(|(r, _)| r.top_use && r.glob) {
                let Some(absolute) = absolute else { continue };
                let mut target = absolute.clone();
                target.extend_from_slice(&path[k..]);
                if let Some((t, n)) = self.resolve(&target, hops + 1)
                    && t != f
                    && (self.parsed[t].any.contains(name) || self.modules[t].last() == Some(name))
                {
                    return Some((t, n));
                }
            }
        }
        if p.any.contains(name) {
            return Some((f, name.clone()));
        }
        // The script's last resort: the file under this module that defines the name.
        let under = self
            .by_module
            .iter()
            .filter(|(m, t)| m.starts_with(&path[..k]) && **t != f && self.parsed[**t].any.contains(name))
            .map(|(_, t)| *t)
            .min_by_key(|t| (self.files[*t].len(), self.files[*t].clone()));
        Some((under.unwrap_or(f), name.clone()))
    }
}

fn import_graph(files: &[(PathBuf, String)]) -> Graph {
    let tokens: Vec<Vec<Token>> = files.iter().map(|(_, text)| lex(text)).collect();
    let modules: Vec<Vec<String>> = files.iter().map(|(relative, _)| module_path(relative)).collect();
    // Test modules: `#[cfg(test)] mod x;` (with its `#[path]`) and all under it.
    let mut tests = Vec::new();
    for (((relative, _), t), module) in files.iter().zip(&tokens).zip(&modules) {
        for (m, path) in test_modules(t, module) {
            tests.push(match path {
                Some(p) => module_path(&relative.parent().unwrap_or(Path::new("")).join(p)),
                None => m,
            });
        }
    }
    let keep: Vec<usize> = (0..files.len())
        .filter(|f| modules[*f].first().is_some_and(|m| layer(m).is_some()))
        .filter(|f| !tests.iter().any(|t| modules[*f].starts_with(t)))
        .collect();
    let mut resolver = Resolver {
        by_module: keep.iter().enumerate().map(|(n, f)| (modules[*f].clone(), n)).collect(),
        modules: keep.iter().map(|f| modules[*f].clone()).collect(),
        files: keep.iter().map(|f| files[*f].0.display().to_string()).collect(),
        parsed: keep.iter().map(|f| parse(&tokens[*f], &modules[*f], false)).collect(),
        absolute: Vec::new(),
    };
    let known: BTreeSet<Vec<String>> = resolver.by_module.keys().cloned().collect();
    resolver.absolute = resolver.parsed.iter().map(|p| p.refs.iter().map(|r| r.absolute(&known)).collect()).collect();
    let mut edges: BTreeMap<(usize, usize), BTreeSet<String>> = BTreeMap::new();
    for (f, absolute) in resolver.absolute.iter().enumerate() {
        for path in absolute.iter().flatten() {
            if let Some((t, name)) = resolver.resolve(path, 0)
                && t != f
                && resolver.modules[t][0] == resolver.modules[f][0]
            {
                edges.entry((f, t)).or_default().insert(name);
            }
        }
    }
    Graph { files: resolver.files, edges }
}

/// Tarjan's strongly connected components of the graph on `0..n`, iteratively.
fn strongly_connected(n: usize, next: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const NONE: usize = usize::MAX;
    let (mut index, mut low, mut on_stack) = (vec![NONE; n], vec![0; n], vec![false; n]);
    let (mut stack, mut components, mut counter) = (Vec::new(), Vec::new(), 0);
    for root in 0..n {
        if index[root] != NONE {
            continue;
        }
        index[root] = counter;
        low[root] = counter;
        counter += 1;
        stack.push(root);
        on_stack[root] = true;
        let mut work = vec![(root, 0usize)];
        while let Some(&(v, e)) = work.last() {
            if let Some(&w) = next[v].get(e) {
                if let Some(top) = work.last_mut() {
                    top.1 += 1;
                }
                if index[w] == NONE {
                    index[w] = counter;
                    low[w] = counter;
                    counter += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                work.pop();
                if let Some(&(u, _)) = work.last() {
                    low[u] = low[u].min(low[v]);
                }
                if low[v] == index[v] {
                    let mut component = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        component.push(w);
                        if w == v {
                            break;
                        }
                    }
                    components.push(component);
                }
            }
        }
    }
    components
}

/// An import cycle: its files, sorted, and the edges between them with the names they use.
#[derive(Debug)]
struct Cycle {
    files: Vec<String>,
    edges: Vec<(String, String, Vec<String>)>,
}

impl Cycle {
    /// As `shared/tools/import_cycles.py` prints it: `3 app/a app/b app/c`.
    fn short(&self) -> String {
        let names: Vec<&str> = self.files.iter().map(|f| f.trim_end_matches(".rs")).collect();
        format!("{} {}", self.files.len(), names.join(" "))
    }

    fn report(&self) -> String {
        let mut out =
            format!("a cycle of {} files (as import_cycles.py prints it: {}):\n", self.files.len(), self.short());
        for (from, to, names) in &self.edges {
            out += &format!("  src/{from} -> src/{to}: {}\n", names.join(", "));
        }
        out
    }
}

/// The import cycles inside the layers (2 files or more), largest first.
fn cycles(files: &[(PathBuf, String)]) -> Vec<Cycle> {
    let graph = import_graph(files);
    let mut next = vec![Vec::new(); graph.files.len()];
    for (from, to) in graph.edges.keys() {
        next[*from].push(*to);
    }
    let mut found: Vec<Cycle> = strongly_connected(graph.files.len(), &next)
        .into_iter()
        .filter(|c| c.len() > 1)
        .map(|component| {
            let inside: BTreeSet<usize> = component.iter().copied().collect();
            let mut files: Vec<String> = component.iter().map(|f| graph.files[*f].clone()).collect();
            files.sort();
            let mut edges: Vec<(String, String, Vec<String>)> = graph
                .edges
                .iter()
                .filter(|((from, to), _)| inside.contains(from) && inside.contains(to))
                .map(|((from, to), names)| {
                    (graph.files[*from].clone(), graph.files[*to].clone(), names.iter().cloned().collect())
                })
                .collect();
            edges.sort();
            Cycle { files, edges }
        })
        .collect();
    found.sort_by(|a, b| b.files.len().cmp(&a.files.len()).then_with(|| a.files.cmp(&b.files)));
    found
}

// ---------------------------------------------------------------------------------------------

fn sources(dir: &Path, root: &Path, out: &mut Vec<(PathBuf, String)>) {
    for entry in std::fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            sources(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("source is text");
            out.push((path.strip_prefix(root).expect("under src").to_path_buf(), text));
        }
    }
}

fn real_tree() -> Vec<(PathBuf, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &src, &mut files);
    files.sort();
    assert!(files.len() > 50, "read the sources ({} files)", files.len());
    files
}

fn planted(files: &[(&str, &str)]) -> Vec<(PathBuf, String)> {
    files.iter().map(|(path, text)| (PathBuf::from(path), (*text).to_owned())).collect()
}

/// The edges of the import graph, as `(from, to, names)`.
fn edges(files: &[(PathBuf, String)]) -> Vec<(String, String, Vec<String>)> {
    let graph = import_graph(files);
    let mut found: Vec<(String, String, Vec<String>)> = graph
        .edges
        .iter()
        .map(|((from, to), names)| {
            (graph.files[*from].clone(), graph.files[*to].clone(), names.iter().cloned().collect())
        })
        .collect();
    found.sort();
    found
}

fn edge(from: &str, to: &str, names: &[&str]) -> (String, String, Vec<String>) {
    (from.to_owned(), to.to_owned(), names.iter().map(|n| (*n).to_owned()).collect())
}

#[test]
fn every_top_level_module_has_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for entry in std::fs::read_dir(&src).expect("src") {
        let path = entry.expect("entry").path();
        let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        if name == "lib" || name == "main" {
            continue;
        }
        assert!(layer(&name).is_some(), "src/{name} belongs to no layer: add it to LAYERS and ARCHITECTURE.md");
    }
}

#[test]
fn imports_run_one_way() {
    let bad = upward(&real_tree());
    let report: Vec<String> =
        bad.iter().map(|u| format!("src/{}:{}: {} (layer) uses {}", u.file, u.line, u.from, u.to)).collect();
    assert!(bad.is_empty(), "lower layers import higher ones:\n{}", report.join("\n"));
}

#[test]
fn no_import_cycle_larger_than_three_files_inside_a_layer() {
    let big: Vec<String> =
        cycles(&real_tree()).iter().filter(|c| c.files.len() > MAX_CYCLE).map(Cycle::report).collect();
    assert!(
        big.is_empty(),
        "import cycles of more than {MAX_CYCLE} files inside a layer; cut edges (each `from -> to: names`) until \
         none is left:\n{}",
        big.join("\n")
    );
}

#[test]
fn the_check_catches_an_upward_import() {
    let files = planted(&[
        ("domain/stack.rs", "use crate::util::sanitize::sanitize;\n"),
        ("adapters/aws/poller.rs", "// crate::app is only mentioned\nuse crate::app::Event;\n"),
        ("model/logs/mod.rs", "fn f() { crate::ui::draw(); }\n"),
        ("ports/mod.rs", "use super::shell::Thing;\nuse super::sink::Sink;\n"),
        ("app/update/input.rs", "use super::super::layout;\n"),
        ("util/text.rs", "/* crate::ui::x */ const S: &str = \"crate::ui::y\";\n"),
        ("amplify/tags.rs", "#[cfg(test)]\nmod tests {\n    use crate::app::State;\n}\n"),
    ]);
    let found: Vec<(String, usize, String)> = upward(&files).into_iter().map(|u| (u.file, u.line, u.to)).collect();
    assert_eq!(
        found,
        vec![
            ("adapters/aws/poller.rs".into(), 2, "app".into()),
            ("model/logs/mod.rs".into(), 1, "ui".into()),
            ("ports/mod.rs".into(), 1, "shell".into()),
            ("amplify/tags.rs".into(), 3, "app".into()),
        ]
    );
}

#[test]
fn the_check_catches_a_grouped_upward_import() {
    let files = planted(&[
        ("domain/thing.rs", "use crate::{model::Thing, ui::draw};\n"),
        ("model/mod.rs", "use crate::{\n    util::x,\n    domain::{a, b::{c, d}},\n    app::{self, State},\n};\n"),
        ("util/mod.rs", "use self::{inner::X, super::shell::{run}};\n"),
    ]);
    let found: Vec<(String, usize, String)> = upward(&files).into_iter().map(|u| (u.file, u.line, u.to)).collect();
    assert_eq!(
        found,
        vec![
            ("domain/thing.rs".into(), 1, "model".into()),
            ("domain/thing.rs".into(), 1, "ui".into()),
            ("model/mod.rs".into(), 4, "app".into()),
            ("util/mod.rs".into(), 1, "shell".into()),
        ]
    );
}

#[test]
fn the_check_catches_a_cycle_of_four_files_but_not_of_three() {
    let four = planted(&[
        ("app/mod.rs", "pub mod a;\npub mod b;\npub mod c;\npub mod d;\n"),
        ("app/a.rs", "use crate::app::b::X;\npub struct A;\n"),
        ("app/b.rs", "pub struct X(crate::app::c::C);\n"),
        ("app/c.rs", "use super::d::D;\npub struct C;\n"),
        ("app/d.rs", "pub struct D;\npub fn back() -> crate::app::a::A {\n    crate::app::a::A\n}\n"),
    ]);
    let found = cycles(&four);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].files, ["app/a.rs", "app/b.rs", "app/c.rs", "app/d.rs"]);
    assert_eq!(
        found[0].edges,
        [
            edge("app/a.rs", "app/b.rs", &["X"]),
            edge("app/b.rs", "app/c.rs", &["C"]),
            edge("app/c.rs", "app/d.rs", &["D"]),
            edge("app/d.rs", "app/a.rs", &["A"]),
        ]
    );
    assert!(found[0].files.len() > MAX_CYCLE);
    assert!(found[0].report().contains("4 app/a app/b app/c app/d"), "{}", found[0].report());

    // Three files; the fourth closes the cycle only in a comment, a string, test code or a test
    // module's file, and across a layer (the upward rule's business).
    let three = planted(&[
        ("app/mod.rs", "pub mod a;\npub mod b;\npub mod c;\npub mod d;\n#[cfg(test)]\nmod checks;\n"),
        ("app/a.rs", "use crate::app::b::B;\nuse crate::app::d::D;\nuse crate::model::M;\npub struct A;\n"),
        ("app/b.rs", "use crate::app::c::C;\npub struct B;\n"),
        ("app/c.rs", "use crate::app::a::A;\npub struct C;\n"),
        (
            "app/d.rs",
            "// use crate::app::a::A;\n/* crate::app::a::A */\nconst S: &str = \"crate::app::a::A\";\n\
             pub struct D;\n#[cfg(test)]\nmod tests {\n    use crate::app::a::A;\n}\n",
        ),
        ("app/checks/mod.rs", "use crate::app::a::A;\nmod more;\n"),
        ("app/checks/more.rs", "use crate::app::d::D;\n"),
        ("model/mod.rs", "pub struct M(crate::app::a::A);\n"),
    ]);
    let found = cycles(&three);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].files, ["app/a.rs", "app/b.rs", "app/c.rs"]);
    assert!(found[0].files.len() <= MAX_CYCLE);
    let graph = import_graph(&three);
    assert!(!graph.files.iter().any(|f| f.starts_with("app/checks")), "test modules are left out: {:?}", graph.files);
}

#[test]
fn super_self_and_child_paths_resolve_to_files() {
    let files = planted(&[
        ("app/mod.rs", "pub mod p;\npub mod x;\n"),
        ("app/x.rs", "pub struct X;\n"),
        ("app/p/mod.rs", "mod q;\nmod r;\nmod s;\nuse r::R;\nfn f() {\n    self::s::go();\n}\n"),
        ("app/p/q.rs", "use super::{r::R, s};\nuse super::super::{x::{self}};\n"),
        ("app/p/r.rs", "pub struct R;\nfn f() {\n    let _ = super::s::S as Other;\n}\n"),
        (
            "app/p/s.rs",
            "use self::inner::Y;\nmod inner {\n    pub struct Y;\n    use super::super::r::R;\n}\npub struct S;\n",
        ),
    ]);
    assert_eq!(
        edges(&files),
        [
            edge("app/p/mod.rs", "app/p/r.rs", &["R"]),
            edge("app/p/mod.rs", "app/p/s.rs", &["go"]),
            edge("app/p/q.rs", "app/p/r.rs", &["R"]),
            edge("app/p/q.rs", "app/p/s.rs", &["s"]),
            edge("app/p/q.rs", "app/x.rs", &["x"]),
            edge("app/p/r.rs", "app/p/s.rs", &["S"]),
            edge("app/p/s.rs", "app/p/r.rs", &["R"]),
        ]
    );
}

#[test]
fn a_re_exported_name_resolves_to_the_file_that_defines_it() {
    let files = planted(&[
        ("app/mod.rs", "pub mod kinds;\npub mod state;\npub mod x;\npub use self::state::State;\npub use kinds::*;\n"),
        ("app/state/mod.rs", "mod inner;\npub use inner::Deep as Renamed;\npub struct State;\n"),
        ("app/state/inner.rs", "pub struct Deep;\n"),
        ("app/kinds.rs", "pub enum Kind {}\n"),
        ("app/x.rs", "use crate::app::{Kind, State};\nfn f() -> crate::app::state::Renamed {\n    todo!()\n}\n"),
    ]);
    assert_eq!(
        edges(&files),
        [
            edge("app/mod.rs", "app/kinds.rs", &["kinds"]),
            edge("app/mod.rs", "app/state/mod.rs", &["State"]),
            edge("app/state/mod.rs", "app/state/inner.rs", &["Deep"]),
            edge("app/x.rs", "app/kinds.rs", &["Kind"]),
            edge("app/x.rs", "app/state/inner.rs", &["Deep"]),
            edge("app/x.rs", "app/state/mod.rs", &["State"]),
        ]
    );
}
