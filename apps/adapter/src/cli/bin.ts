#!/usr/bin/env node
import { main } from './main.js';

// SIGINT (Ctrl-C) and SIGTERM (service managers, containers) both ask the command to stop cleanly
// (`run` shuts down gracefully, `routing --follow` ends after the current page); a second signal
// exits at once.
const controller = new AbortController();
let interrupted = false;
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(code);
    interrupted = true;
    controller.abort();
  });
}

process.exitCode = await main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
});
