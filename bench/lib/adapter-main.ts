/**
 * Interim stand-in for `tollkit run --config <file>`, used only while the CLI does not register
 * the `run` command yet: the same steps as the CLI's run (load and validate the config, then the
 * adapter's own `runAdapter`, which opens the store, connects to Digitoll and starts the service),
 * no code of its own in between. Stops gracefully on SIGTERM/SIGINT.
 *
 *   node --import tsx bench/lib/adapter-main.ts run --config <file>
 */
import { loadConfig } from '../../apps/adapter/src/config/load-config.js';
import { runAdapter } from '../../apps/adapter/src/commands/run.js';
import { createLogger } from '../../apps/adapter/src/service/create-logger.js';

const configIndex = process.argv.indexOf('--config');
const configPath = configIndex === -1 ? undefined : process.argv[configIndex + 1];
if (process.argv[2] !== 'run' || configPath === undefined) {
  process.stderr.write('usage: adapter-main.ts run --config <file>\n');
  process.exit(2);
}
const stop = new Promise((resolve) => {
  process.once('SIGTERM', resolve);
  process.once('SIGINT', resolve);
});
const log = createLogger({ level: process.env['LOG_LEVEL'] ?? 'warn' });
await runAdapter(loadConfig(configPath), { log, stop, http: false });
