#!/usr/bin/env node
// The `ampdeck` command npm puts on the PATH. ampdeck is a native program: npm installs the one
// platform package that fits this machine (its `os`, `cpu` and `libc` fields say which), and this
// launcher runs its binary with the same arguments, terminal, exit code and signals.
'use strict';

const { spawn } = require('node:child_process');
const os = require('node:os');

const { version } = require('../package.json');

const PLATFORMS = {
  'linux-x64': '@ampdeck/linux-x64',
  'linux-arm64': '@ampdeck/linux-arm64',
  'darwin-x64': '@ampdeck/darwin-x64',
  'darwin-arm64': '@ampdeck/darwin-arm64',
};

const fail = (lines) => {
  process.stderr.write(`ampdeck: ${lines.join('\n  ')}\n`);
  process.exit(1);
};

// The Linux builds link against glibc; musl (Alpine) cannot run them.
const isMusl = () => {
  if (process.platform !== 'linux') {
    return false;
  }
  const report = process.report?.getReport?.();
  const header = typeof report === 'string' ? JSON.parse(report).header : report?.header;
  return header ? !header.glibcVersionRuntime : false;
};

const binary = () => {
  // Like esbuild's ESBUILD_BINARY_PATH: a binary built elsewhere (cargo install, a CI cache).
  if (process.env.AMPDECK_BINARY_PATH) {
    return process.env.AMPDECK_BINARY_PATH;
  }
  const platform = `${process.platform}-${process.arch}`;
  const name = PLATFORMS[platform];
  if (!name || isMusl()) {
    fail([
      `there is no ampdeck build for ${platform}${isMusl() ? ' (musl)' : ''}; builds exist for ${Object.keys(PLATFORMS).join(', ')} (glibc on Linux).`,
      'Build it from source instead: cargo install ampdeck',
    ]);
  }
  try {
    return require.resolve(`${name}/bin/ampdeck`);
  } catch {
    return fail([
      `the package ${name}, which carries ampdeck's binary for ${platform}, is not installed.`,
      'npm skips it when optional dependencies are left out (--no-optional, --omit=optional) or the lock file came from another platform.',
      `Install it with: npm install --save-dev ${name}@${version}`,
    ]);
  }
};

const child = spawn(binary(), process.argv.slice(2), { stdio: 'inherit' });

child.on('error', (error) => fail([`cannot run ${error.path ?? 'its binary'}: ${error.message}`]));

// Signals sent to this process (kill, a closing window, a supervisor) go on to ampdeck, which
// restores the terminal and ends its deploy child before it exits. A terminal's own Ctrl-C and
// window resizes reach it directly: it is in the same foreground process group.
const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];
for (const signal of FORWARDED) {
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
    }
  });
}

child.on('exit', (code, signal) => {
  if (signal) {
    // Ended by a signal: end the same way, so the shell sees what happened (130 for SIGINT).
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
    process.exit(128 + (os.constants.signals[signal] ?? 0));
  }
  process.exit(code ?? 1);
});

