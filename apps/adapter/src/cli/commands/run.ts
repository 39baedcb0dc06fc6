import { runAdapter } from '../../commands/run.js';
import { createLogger } from '../../service/create-logger.js';
import { COMMON_OPTIONS, parseCommandLine, type Command } from '../lib/command.js';
import { loadAdapterConfig, untilAborted } from '../lib/adapter-config.js';
import { EXIT, UsageError } from '../lib/io.js';

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];

const usage = `Usage: tollkit run [--log-level info] [--config <file>]

Runs the adapter service until SIGINT (Ctrl-C) or SIGTERM: watches every configured channel, submits
manifests to Digitoll (environment playground without digitoll.baseUrl: an embedded playground),
writes result and routing files, serves /healthz and /metrics (config service.http). On the signal
it stops taking files, finishes or parks work in progress (resumed by the next start) and exits 0,
within about 15 s (10 s grace + 5 s for channels; after 30 s it exits whatever still hangs); a
second signal exits at once. A store that does not answer or a taken ops port ends it before any
file is claimed (exit 4 / 3); a channel that cannot start is reported down and retried.
Logs: pino JSON lines on stdout, no secrets.
  --log-level <l>  fatal, error, warn, info (default; or $TOLLKIT_LOG_LEVEL), debug, trace`;

/** `tollkit run`: the long-running service. */
export const runCommand: Command = {
  name: 'run',
  summary: 'run the adapter service until SIGINT/SIGTERM (logs as JSON on stdout)',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandLine(argv, { ...COMMON_OPTIONS, 'log-level': { type: 'string' } });
    if (values.help === true) {
      io.out(`${usage}\n`);
      return EXIT.ok;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const level = values['log-level'] ?? io.env['TOLLKIT_LOG_LEVEL'] ?? 'info';
    if (!LEVELS.includes(level)) throw new UsageError(`--log-level must be one of ${LEVELS.join(', ')}; got "${level}"`);
    const config = loadAdapterConfig(values.config, io);
    const log = createLogger({ level, stream: { write: (line: string) => io.out(line) } });
    const stop = untilAborted(io.signal).then(() => log.info({}, 'tollkit run: stop requested, shutting down'));
    await runAdapter(config, {
      log,
      stop,
      onStarted: (service) => log.info({ http: service.httpUrl ?? null, channels: config.channels.map((c) => c.settings.name) }, 'tollkit run: ready'),
    });
    log.info({}, 'tollkit run: stopped');
    return EXIT.ok;
  },
};
