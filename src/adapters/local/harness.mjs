// ampdeck's stand-in for Lambda's Node.js runtime: one invocation of one handler, on this
// machine. ampdeck writes this file to the project's .amplify/ and starts it in a process
// group of its own with the function's environment, ahead of time when it can: the SDK
// module Amplify's banner imports (AMPDECK_PRELOAD) is loaded while it waits, then the job
// (bundle, event, ids, timeout) comes as one line on stdin. What the handler logs goes to
// stdout as Lambda would write it; the outcome goes to the job's result file; then the
// process exits, whatever the handler left running (Amplify's banner keeps an interval, as
// Lambda would freeze it) — except that a callback's answer first waits for an empty event
// loop, as Lambda's runtime makes it wait.
import { readFileSync, writeFileSync } from 'node:fs';
import inspector from 'node:inspector';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';

const preload = process.env.AMPDECK_PRELOAD;
delete process.env.AMPDECK_PRELOAD;
if (preload) {
  // Resolved from beside the bundle, as the banner resolves it: the module cache then has it.
  await import(pathToFileURL(preload).href).catch(() => {});
}
const lines = createInterface({ input: process.stdin });
const job = JSON.parse(await new Promise((resolve) => lines.once('line', resolve)));
lines.close();
const out = process.stdout;
const id = job.requestId;

// console.* as Lambda's runtime writes it: time, request id, level, message. A record
// separator starts the line so that ampdeck keeps a multi-line message one event.
const levels = { log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR', debug: 'DEBUG', trace: 'TRACE' };
for (const [method, level] of Object.entries(levels)) {
  console[method] = (...args) => {
    const message = method === 'trace' ? format(...args) + '\n' + new Error().stack.split('\n').slice(2).join('\n') : format(...args);
    out.write('\u001e' + JSON.stringify({ t: new Date().toISOString(), l: level, m: message }) + '\n');
  };
}

let finished = false;
const started = performance.now();
let invokeStarted = started;
// When a callback answered but waits for the event loop to empty, as Lambda's runtime waits.
let waitingSince = null;

// A trace ends where this file's frames begin: they are ampdeck's, not the function's.
const here = new URL(import.meta.url).pathname;
const ours = (line) => line.includes(here) || line.trim() === 'at new Promise (<anonymous>)';

function errorOf(e) {
  if (e instanceof Error) {
    const trace = String(e.stack || '').split('\n');
    const end = trace.findIndex((line, i) => i > 0 && ours(line));
    return { errorType: e.name || 'Error', errorMessage: e.message, trace: end > 0 ? trace.slice(0, end) : trace };
  }
  return { errorType: typeof e, errorMessage: String(e), trace: [] };
}

let begun = false;
function begin() {
  if (!begun) out.write(`START RequestId: ${id} Version: $LATEST\n`);
  begun = true;
}

function finish(outcome) {
  if (finished) return;
  finished = true;
  begin();
  const now = performance.now();
  const duration = (now - invokeStarted).toFixed(2);
  const init = (invokeStarted - started).toFixed(2);
  const rss = Math.ceil(process.resourceUsage().maxRSS / 1024);
  if (outcome.error) {
    console.error('Invoke Error \t' + JSON.stringify({ errorType: outcome.error.errorType, errorMessage: outcome.error.errorMessage, stack: outcome.error.trace }));
  }
  out.write(`END RequestId: ${id}\n`);
  out.write(`REPORT RequestId: ${id}\tDuration: ${duration} ms\tBilled Duration: ${Math.ceil(Number(duration))} ms\tMemory Size: ${job.memoryMb} MB\tMax Memory Used: ${rss} MB\tInit Duration: ${init} ms\t\n`);
  writeFileSync(job.result, JSON.stringify(outcome));
  // A group separator alone says the run is over: ampdeck ends the process then, even
  // while a debugger is still attached (Node.js would wait for it to go).
  out.write('\u001d\n', () => process.exit(0));
}

// A module that is not there: a layer's (Lambda has it, this machine not) or one never installed.
function missingModule(e) {
  const text = String(e && e.message);
  const named = text.match(/Cannot find (?:package|module) '([^']+)'/);
  if (named) return named[1];
  if (e && e.code === 'ERR_DLOPEN_FAILED') return text.split(':')[0];
  return null;
}

process.on('unhandledRejection', (reason) => {
  const e = errorOf(reason);
  finish({ error: { errorType: 'Runtime.UnhandledPromiseRejection', errorMessage: `${e.errorType}: ${e.errorMessage}`, trace: e.trace } });
});
process.on('uncaughtException', (error) => finish({ error: errorOf(error) }));

let handler;
try {
  const mod = await import(pathToFileURL(job.bundle).href);
  handler = mod[job.export];
  if (typeof handler !== 'function') {
    finish({ error: { errorType: 'Runtime.HandlerNotFound', errorMessage: `${job.handler} is undefined or not exported`, trace: [] } });
  }
} catch (e) {
  const missing = missingModule(e);
  const error = errorOf(e);
  finish({ error: missing ? { ...error, errorType: 'Runtime.ImportModuleError' } : error, missing });
}

// Under a debugger: wait for one to attach, then stop where the handler is called.
if (job.inspect && !finished) {
  inspector.waitForDebugger();
}

// As Lambda: what the module logs while it loads comes before the invocation's START.
begin();
if (!finished) {
  const event = JSON.parse(readFileSync(job.event, 'utf8'));
  invokeStarted = performance.now();
  const deadline = Date.now() + job.timeoutMs;
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: job.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: job.arn,
    memoryLimitInMB: String(job.memoryMb),
    awsRequestId: id,
    logGroupName: job.logGroup,
    logStreamName: job.logStream,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  // Under a debugger the clock still runs for the handler, but nothing ends the run.
  if (job.enforceTimeout) {
    setTimeout(() => {
      const seconds = (job.timeoutMs / 1000).toFixed(2);
      // Lambda says only the first part; why is the part a developer needs (amplify-backend
      // #1021: Amplify's banner keeps an interval, so a callback never answers by itself).
      const why = waitingSince === null ? '' : ` (the callback answered after ${((waitingSince - invokeStarted) / 1000).toFixed(2)} s, but Lambda waits for an empty event loop and something kept it busy: set context.callbackWaitsForEmptyEventLoop = false)`;
      finish({ error: { errorType: 'Sandbox.Timedout', errorMessage: `${new Date().toISOString()} ${id} Task timed out after ${seconds} seconds${why}`, trace: [] } });
    }, job.timeoutMs).unref();
  }
  const answered = new Promise((resolve, reject) => {
    // As Lambda's runtime: a callback's answer waits until nothing is left in the event loop
    // (a timer, a socket), unless the handler set callbackWaitsForEmptyEventLoop to false.
    const callback = (error, value) => {
      const settle = () => (error ? reject(error) : resolve(value));
      if (context.callbackWaitsForEmptyEventLoop) {
        waitingSince = performance.now();
        process.once('beforeExit', settle);
      } else {
        settle();
      }
    };
    Object.assign(context, { done: callback, succeed: (v) => resolve(v), fail: (e) => reject(e) });
    if (job.inspect) {
      debugger; // ampdeck: step into the handler (F11) from here.
    }
    const returned = handler(event, context, callback);
    if (handler.length < 3 || (returned && typeof returned.then === 'function')) {
      Promise.resolve(returned).then(resolve, reject);
    }
  });
  const marshal = (value) => {
    try {
      return { response: value === undefined ? 'null' : JSON.stringify(value) };
    } catch (e) {
      return { error: { errorType: 'Runtime.MarshalError', errorMessage: `Unable to stringify response body: ${e.message}`, trace: [] } };
    }
  };
  answered.then(
    (value) => finish(marshal(value)),
    (error) => finish({ error: errorOf(error) }),
  );
}
