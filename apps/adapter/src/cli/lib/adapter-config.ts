import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadConfig, type AdapterConfig } from '../../config/load-config.js';
import { configPath } from './connection.js';
import type { CliIo } from './io.js';

/**
 * Loads the adapter's config (`--config`, then `$TOLLKIT_CONFIG`, then `./tollkit.yaml`) with the
 * CLI's environment. Problems surface as `CONFIG_*` errors (exit code 3), every one with its path.
 */
export function loadAdapterConfig(option: string | undefined, io: CliIo): AdapterConfig {
  return loadConfig(configPath(option, io), { env: { ...io.env } });
}

/**
 * Whether the config file is the adapter's own (top-level `environment` and `channels`) rather than
 * a stand-alone connection file of the token/submit commands. An unreadable file counts as "no":
 * the caller's loader then reports the precise problem.
 */
export function isAdapterConfigFile(option: string | undefined, io: CliIo): boolean {
  try {
    const raw: unknown = parseYaml(readFileSync(configPath(option, io), 'utf8'));
    return raw !== null && typeof raw === 'object' && 'environment' in raw && 'channels' in raw;
  } catch {
    return false;
  }
}

/** A path given on the command line, made absolute against the CLI's working folder. */
export function cliPath(io: CliIo, path: string): string {
  return isAbsolute(path) ? path : resolve(io.cwd, path);
}

/**
 * A `--profile` value: a profile file (relative to the working folder) made absolute, or else left
 * as given (the name of a bundled example profile, checked by the command).
 */
export function profileArgument(io: CliIo, profile: string): string {
  const path = cliPath(io, profile);
  return existsSync(path) ? path : profile;
}

/** Resolves when the CLI's stop signal fires (Ctrl-C, SIGTERM). */
export function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** Waits `ms`, or less when the signal fires. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
