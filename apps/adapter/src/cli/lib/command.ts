import { parseArgs, type ParseArgsConfig } from 'node:util';
import { connect, configPath, loadConnectionSettings, type Connection } from './connection.js';
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

/** Parses a command line strictly; unknown options are usage errors that name the option. */
export function parseCommandLine<O extends NonNullable<ParseArgsConfig['options']>>(argv: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...argv], options: { ...COMMON_OPTIONS, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Loads the config and connects, printing retries and warnings to stderr. */
export async function connectFromConfig(config: string | undefined, io: CliIo): Promise<Connection> {
  const path = configPath(config, io);
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
