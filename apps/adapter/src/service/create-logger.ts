import { pino, type Logger } from 'pino';

/** Field names whose values are never logged, wherever they appear (one or two levels deep). */
const SECRET_KEYS = ['password', 'passphrase', 'token', 'accessToken', 'access_token', 'assertion', 'privateKey', 'keyPem', 'authorization', 'secret', 'apiKey'];

/**
 * The adapter's structured logger (pino, JSON lines). Secret-looking fields are redacted; the pipeline
 * never passes secrets anyway. `stream` receives the JSON lines; else `destination` (a file path); else stdout.
 *
 * @example
 * const log = createLogger({ level: 'info', destination: './data/adapter.log' });
 * log.info({ manifestId }, 'manifest done');
 */
export function createLogger(
  options: { level?: string; destination?: string; name?: string; stream?: { write(line: string): void } } = {},
): Logger {
  const paths = [...SECRET_KEYS, ...SECRET_KEYS.map((k) => `*.${k}`)];
  return pino(
    {
      name: options.name ?? 'tollkit-adapter',
      level: options.level ?? 'info',
      redact: { paths, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      base: { pid: process.pid },
    },
    options.stream ??
      (options.destination === undefined ? pino.destination(1) : pino.destination({ dest: options.destination, mkdir: true, sync: false })),
  );
}
