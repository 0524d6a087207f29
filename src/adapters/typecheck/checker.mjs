// ampdeck's warm type checker. ampdeck writes this file to the project's `.amplify/` folder
// and runs it with the project's Node.js and its own TypeScript, which keeps the program
// loaded between saves and checks only what changed: tens of milliseconds where a cold
// `tsc --noEmit` takes seconds. TypeScript 7 and later: the native compiler's
// `typescript/unstable/sync` API. TypeScript 4 to 6: the compiler's own watch API (what
// `tsc --watch` runs), with ampdeck as its file watcher.
//
// Protocol, one JSON object per line.
//   in:  {"op":"check","generation":N,"files":[absolute paths],"all":bool}   all: start over
//        {"op":"quit"}
//   out: {"type":"ready","version":"7.0.2"}  {"type":"unavailable","reason":"..."} (then exit 3)
//        {"type":"result","generation":N,"diagnostics":[{file,line,column,code,message}],"ms":N}
//        {"type":"failed","generation":N,"reason":"..."}
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';

const send = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);
const cwd = process.cwd();
const config = path.join(cwd, 'amplify', 'tsconfig.json');
const CATEGORY_ERROR = 1;

const load = async () => {
  const projectRequire = createRequire(path.join(cwd, 'package.json'));
  const version = JSON.parse(readFileSync(projectRequire.resolve('typescript/package.json'), 'utf8')).version;
  const major = Number(version.split('.')[0]);
  if (major >= 7) {
    let api;
    try {
      api = await import(projectRequire.resolve('typescript/unstable/sync'));
    } catch (error) {
      throw new Error(`TypeScript ${version} has no typescript/unstable/sync API`);
    }
    return { version, start: () => native(api.API) };
  }
  const ts = projectRequire('typescript');
  if (major < 4 || typeof ts.createWatchProgram !== 'function') {
    throw new Error(`TypeScript ${version} is too old for warm checking (4 and later)`);
  }
  return { version, start: () => classic(ts) };
};

// A diagnostic's place, as tsc prints it: line and column from 1, in UTF-16 units like the
// compiler's positions.
const texts = new Map();
const place = (fileName, pos) => {
  let text = texts.get(fileName);
  if (text === undefined) {
    try {
      text = readFileSync(fileName, 'utf8');
    } catch {
      text = '';
    }
    texts.set(fileName, text);
  }
  let line = 1;
  let start = 0;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      start = i + 1;
    }
  }
  return { line, column: pos - start + 1 };
};

const flatten = (d) => [d.text, ...(d.messageChain ?? []).map(flatten)].join('\n  ');

const shape = (d) => {
  const where = d.fileName ? place(d.fileName, d.pos) : { line: 0, column: 0 };
  return {
    file: d.fileName ? path.relative(cwd, d.fileName).split(path.sep).join('/') : '',
    ...where,
    code: `TS${d.code}`,
    message: flatten(d),
  };
};

// The native compiler's diagnostics for one snapshot, and the files in its program.
const diagnostics = (snapshot) => {
  const project = snapshot.getProject(config);
  if (!project) {
    throw new Error(`${config} is not a TypeScript project`);
  }
  const program = project.program;
  const all = [
    ...program.getConfigFileParsingDiagnostics(),
    ...program.getProgramDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...program.getSyntacticDiagnostics(),
    ...program.getSemanticDiagnostics(),
  ];
  return { found: all.filter((d) => d.category === CATEGORY_ERROR).map(shape), files: new Set(program.getSourceFileNames()) };
};

// TypeScript 7: each check is a new snapshot of the project, told what changed.
const native = (API) => {
  const api = new API({ cwd });
  let snapshot = null;
  let known = new Set();
  const check = (request, files) => {
    texts.clear();
    let params;
    if (snapshot === null) {
      params = { openProjects: [config] };
    } else if (request.all) {
      params = { fileChanges: { invalidateAll: true } };
    } else {
      // What the watcher saw change, sorted the way the compiler wants to hear it.
      const fileChanges = { changed: [], created: [], deleted: [] };
      for (const f of files) {
        if (!existsSync(f)) {
          fileChanges.deleted.push(f);
        } else if (known.has(f) || path.basename(f).startsWith('tsconfig')) {
          // A changed tsconfig.json is reread this way (starting over does not reread it).
          fileChanges.changed.push(f);
        } else {
          fileChanges.created.push(f);
        }
      }
      params = { fileChanges };
    }
    const next = api.updateSnapshot(params);
    snapshot?.dispose?.();
    snapshot = next;
    const { found, files: inProgram } = diagnostics(snapshot);
    known = inProgram;
    return found;
  };
  // A broken snapshot must not poison the next check: start over then.
  return { check, reset: () => (snapshot = null), close: () => api.close() };
};

// TypeScript 4 to 6: the watch program `tsc --watch` runs, its file and directory watchers
// called by us with what ampdeck's watcher saw, and no timers: the program is brought up to
// date only when a check asks for it. The builder keeps each file's diagnostics and re-checks
// only the files a change affects.
const classic = (ts) => {
  const watchers = { file: new Map(), dir: new Map() };
  const watch = (kind) => (name, callback) => {
    const key = path.resolve(name);
    const set = watchers[kind].get(key) ?? new Set();
    set.add(callback);
    watchers[kind].set(key, set);
    return { close: () => set.delete(callback) };
  };
  const system = { ...ts.sys, watchFile: watch('file'), watchDirectory: watch('dir'), setTimeout: undefined, clearTimeout: undefined };
  const quiet = () => {};
  const start = () => {
    const host = ts.createWatchCompilerHost(config, { noEmit: true }, system, ts.createSemanticDiagnosticsBuilderProgram, quiet, quiet);
    return ts.createWatchProgram(host);
  };
  let program = start();
  const tell = (file) => {
    const kind = existsSync(file) ? ts.FileWatcherEventKind.Changed : ts.FileWatcherEventKind.Deleted;
    for (const callback of [...(watchers.file.get(file) ?? [])]) {
      callback(file, kind);
    }
    // Added or removed: the directories above it decide (the config's include, imports).
    for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
      for (const callback of [...(watchers.dir.get(dir) ?? [])]) {
        callback(file);
      }
      if (dir === path.dirname(dir)) {
        break;
      }
    }
  };
  const check = (request, files) => {
    if (request.all) {
      program.close();
      program = start();
    }
    files.forEach(tell);
    const builder = program.getProgram();
    const all = [
      ...builder.getConfigFileParsingDiagnostics(),
      ...builder.getOptionsDiagnostics(),
      ...builder.getGlobalDiagnostics(),
      ...builder.getSyntacticDiagnostics(),
      ...builder.getSemanticDiagnostics(),
    ];
    return all.filter((d) => d.category === ts.DiagnosticCategory.Error).map((d) => shapeClassic(ts, d));
  };
  const reset = () => {
    program.close();
    program = start();
  };
  return { check, reset, close: () => program.close() };
};

const shapeClassic = (ts, d) => {
  const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
  return {
    file: d.file ? path.relative(cwd, d.file.fileName).split(path.sep).join('/') : '',
    line: at ? at.line + 1 : 0,
    column: at ? at.character + 1 : 0,
    code: `TS${d.code}`,
    message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
  };
};

const main = async () => {
  let ts;
  try {
    ts = await load();
  } catch (error) {
    send({ type: 'unavailable', reason: error?.message ?? String(error) });
    process.exit(3);
  }
  let engine;
  const check = (request) => {
    const started = Date.now();
    const files = (request.files ?? []).map((f) => path.resolve(cwd, f));
    const found = engine.check(request, files);
    if (request.generation > 0) {
      send({ type: 'result', generation: request.generation, diagnostics: found, ms: Date.now() - started });
    }
  };
  // The first check reads the whole program: done now, so the first save is answered warm.
  try {
    engine = ts.start();
    check({ generation: 0 });
  } catch (error) {
    send({ type: 'unavailable', reason: `the warm checker could not load the project: ${error?.message ?? error}` });
    process.exit(3);
  }
  send({ type: 'ready', version: ts.version });
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    let request;
    try {
      request = JSON.parse(line);
    } catch {
      return;
    }
    if (request.op === 'check') {
      try {
        check(request);
      } catch (error) {
        engine.reset();
        send({ type: 'failed', generation: request.generation, reason: error?.message ?? String(error) });
      }
    } else if (request.op === 'quit') {
      engine.close();
      process.exit(0);
    }
  });
  lines.on('close', () => {
    engine.close();
    process.exit(0);
  });
};

main();
