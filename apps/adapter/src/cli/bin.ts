#!/usr/bin/env node
import { main } from './main.js';

// SIGINT (Ctrl-C) and SIGTERM (service managers, containers) both ask the command to stop cleanly
// (`run` shuts down gracefully, `routing --follow` ends after the current page); a second signal
// exits at once.
// One signal always ends the process within STOP_BOUND_MS, even if something hangs (a store that
// does not answer): `run` normally stops within its grace time (10 s) plus 5 s for channels.
const STOP_BOUND_MS = 30_000;
const controller = new AbortController();
let interrupted = false;
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(code);
    interrupted = true;
    controller.abort();
    setTimeout(() => {
      process.stderr.write(`error: still stopping after ${STOP_BOUND_MS / 1000} s; exiting now\n`);
      process.exit(code);
    }, STOP_BOUND_MS).unref();
  });
}

process.exitCode = await main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
});

// The command is done: whatever still holds the event loop (a leaked timer or socket) must not keep a
// process running that no longer does anything (and would ignore the next SIGTERM).
setTimeout(() => process.exit(), 2_000).unref();
