import { parseArgs, type ParseArgsConfig } from 'node:util';
import { connectDigitoll } from '../../commands/lib/runtime.js';
import { isAdapterConfigFile, loadAdapterConfig } from './adapter-config.js';
import { connect, configPath, loadConnectionSettings, type Connection } from './connection.js';
import { didYouMean } from '../../lib/did-you-mean.js';
import { UsageError, type CliIo } from './io.js';

/** Options every command takes. */
export const COMMON_OPTIONS = {
  config: { type: 'string', short: 'c' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

/** One `tollkit` sub-command. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Usage text shown by `--help` and after a usage error. */
  readonly usage: string;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

/** Parses a command line strictly; unknown options are usage errors that name the option and the closest known one. */
export function parseCommandLine<O extends NonNullable<ParseArgsConfig['options']>>(argv: readonly string[], options: O) {
  const all = { ...COMMON_OPTIONS, ...options };
  try {
    return parseArgs({ args: [...argv], options: all, allowPositionals: true, strict: true });
  } catch (error) {
    const text = (error as Error).message;
    const unknown = /^Unknown option '(-{1,2})([^']+)'/.exec(text);
    if (unknown !== null) {
      const [, dashes = '--', name = ''] = unknown;
      const guess = didYouMean(name, Object.keys(all));
      throw new UsageError(`unknown option "${dashes}${name}"${guess === undefined ? '' : ` — did you mean "--${guess}"?`}`);
    }
    throw new UsageError(text.replace(/\. To specify a positional argument.*$/s, ''));
  }
}

const cleanups: (() => Promise<void>)[] = [];

/** Runs `fn` when the current command ends (e.g. stopping an embedded playground a command started). */
export function onCommandEnd(fn: () => Promise<void>): void {
  cleanups.push(fn);
}

/** Runs (and forgets) every {@link onCommandEnd} function; `main` calls it after each command. */
export async function runCleanups(): Promise<void> {
  while (cleanups.length > 0) await cleanups.pop()?.().catch(() => undefined);
}

/**
 * Loads the config and connects, printing retries and warnings to stderr. An adapter config for
 * the playground without `digitoll.baseUrl` gets the embedded playground `tollkit run` uses (state in
 * `<dataDir>/playground`), stopped when the command ends — so `token`, `test-auth`, `submit` and a
 * remote `status` work with the shipped playground example as `doctor` and `run` do.
 */
export async function connectFromConfig(config: string | undefined, io: CliIo): Promise<Connection> {
  const path = configPath(config, io);
  if (isAdapterConfigFile(config, io)) {
    const adapter = loadAdapterConfig(config, io);
    if (adapter.environment === 'playground' && adapter.digitollBaseUrl === undefined) {
      const embedded = await connectDigitoll(adapter);
      onCommandEnd(() => embedded.close());
      return {
        tokens: embedded.tokens,
        client: embedded.client,
        clientName: embedded.clientName,
        environmentName: 'playground (embedded)',
        baseUrl: embedded.baseUrl,
        scopeFamily: 'national',
      };
    }
  }
  return connect(await loadConnectionSettings(path, io), (text) => io.err(`warning: ${text}`));
}

/** A mode from `--mode`, checked. */
export function modeOption(value: string | undefined, fallback?: 'road' | 'air' | 'rail' | 'maritime'): 'road' | 'air' | 'rail' | 'maritime' {
  const mode = value ?? fallback;
  if (mode === undefined) throw new UsageError('--mode is required (road, air, rail or maritime)');
  if (mode !== 'road' && mode !== 'air' && mode !== 'rail' && mode !== 'maritime') {
    throw new UsageError(`--mode must be road, air, rail or maritime; got "${mode}"`);
  }
  return mode;
}

/** A level from `--level`, checked. */
export function levelOption(value: string | undefined): 'transport' | 'master-consignment' | 'house-consignment' | undefined {
  if (value === undefined) return undefined;
  if (value !== 'transport' && value !== 'master-consignment' && value !== 'house-consignment') {
    throw new UsageError(`--level must be transport, master-consignment or house-consignment; got "${value}"`);
  }
  return value;
}

/** Prints an object as one JSON document. */
export function printJson(io: CliIo, value: unknown): void {
  io.out(`${JSON.stringify(value, null, 2)}\n`);
}
