/**
 * The adapter as a separate process, for the crash and multi-instance tests:
 * `node --import tsx fixtures-adapter-process.ts <config file> <log file>`. Prints "adapter ready"
 * once the service runs; stops gracefully on SIGTERM (the tests also SIGKILL it).
 */
import { loadConfig } from '../../src/config/load-config.js';
import { runAdapter } from '../../src/commands/run.js';
import { createLogger } from '../../src/service/create-logger.js';

const [configFile, logFile] = process.argv.slice(2);
if (configFile === undefined || logFile === undefined) throw new Error('usage: <config file> <log file>');
const log = createLogger({ destination: logFile, level: 'info' });
const stop = new Promise((resolve) => {
  process.once('SIGTERM', resolve);
  process.once('SIGINT', resolve);
});
await runAdapter(loadConfig(configFile), {
  log,
  stop,
  http: false,
  workers: 3,
  routingIntervalMs: 500,
  idlePollMs: 100,
  clientTimeoutMs: 10_000,
  tuning: { initialPollDelayMs: 200, pollIntervalMs: 200, maxPollIntervalMs: 1_000, retryDelayMs: 200, pollRoundMs: 5_000, leaseMs: 10_000, inFlightGraceMs: 12_000, submitConcurrency: 16, pollConcurrency: 16 },
  onStarted: () => process.stdout.write('adapter ready\n'),
});
log.flush();
process.exit(0);
