// The demo app's frontend dev server, started by ampdeck's Processes page as your own app's
// `npm run dev` would be: it prints its address as Vite does and serves one page showing the
// amplify_outputs.json the last deploy wrote. Small enough to ship inside ampdeck.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const escape = (text) => text.replace(/[<&]/g, (c) => (c === '<' ? '&lt;' : '&amp;'));

const server = createServer((request, response) => {
  let outputs = 'not written yet: the first deploy writes it';
  try {
    outputs = readFileSync('amplify_outputs.json', 'utf8');
  } catch {}
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  response.end(`<!doctype html><title>Demo app</title><h1>Hello from the demo app</h1><p>amplify_outputs.json:</p><pre>${escape(outputs)}</pre>\n`);
  console.log(`${new Date().toLocaleTimeString()} \x1b[2m${request.method}\x1b[22m ${request.url}`);
});

// PORT when given; otherwise any free port, so demos side by side never collide.
server.listen(Number(process.env.PORT ?? 0), 'localhost', () => {
  const { port } = server.address();
  console.log(`\n  \x1b[32m\x1b[1mDEMO\x1b[22m dev server\x1b[39m  \x1b[2mready in ${Math.round(performance.now())} ms\x1b[22m\n`);
  console.log(`  \x1b[32m➜\x1b[39m  \x1b[1mLocal\x1b[22m:   \x1b[36mhttp://localhost:\x1b[1m${port}\x1b[22m/\x1b[39m`);
});
