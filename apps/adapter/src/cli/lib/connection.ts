import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { createDigitollClient, type DigitollClient, type ScopeFamily } from '@tollkit/digitoll-client';
import {
  clientIdentityConfigSchema,
  createTokenProvider,
  environmentSchema,
  readClientIdentity,
  resolveEnvironment,
  type ClientIdentity,
  type MaskinportenEnvironment,
  type TokenProvider,
} from '@tollkit/maskinporten';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { loadConfig } from '../../config/load-config.js';
import { maskinportenIdentity } from '../../config/maskinporten-identity.js';
import type { CliIo } from './io.js';

/**
 * A stand-alone connection file for these commands (when no adapter config is at hand). Supports every key form
 * of `@tollkit/maskinporten` (PEM, PKCS#12, JWK; business certificate, eSeal, key id). Secrets can be named by
 * environment variable (`passwordEnv`, `passphraseEnv`) instead of written in the file.
 */
export const connectionConfigSchema = z.looseObject({
  maskinporten: z.object({
    environment: environmentSchema,
    client: clientIdentityConfigSchema,
    refreshMarginSeconds: z.number().min(0).max(3600).optional(),
  }),
  digitoll: z.object({ baseUrl: z.url().optional(), scopeFamily: z.enum(['national', 'foreign']).optional() }).default({}),
});
export type ConnectionConfig = z.infer<typeof connectionConfigSchema>;

/** A config problem, with the file and the dotted path. */
export class ConfigProblem extends Error {
  override readonly name = 'ConfigProblem';
}

/** What the commands need, whichever config format it came from. */
export interface ConnectionSettings {
  readonly environment: MaskinportenEnvironment;
  readonly identity: ClientIdentity;
  readonly baseUrl: string;
  readonly scopeFamily: ScopeFamily;
  readonly refreshMarginSeconds: number | undefined;
}

const API_HOSTS: Record<'test' | 'production', string> = { test: 'https://api-test.toll.no', production: 'https://api.toll.no' };

/** Finds the config file: `--config`, then `TOLLKIT_CONFIG`, then `./tollkit.yaml`. */
export function configPath(option: string | undefined, io: CliIo): string {
  const chosen = option ?? io.env['TOLLKIT_CONFIG'] ?? 'tollkit.yaml';
  return isAbsolute(chosen) ? chosen : resolve(io.cwd, chosen);
}

/**
 * Reads the config file. The adapter's own config (top-level `environment`, see `src/config`) is used through
 * its loader; otherwise the file is a stand-alone {@link connectionConfigSchema} file.
 */
export async function loadConnectionSettings(path: string, io: CliIo): Promise<ConnectionSettings> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new ConfigProblem(`config file ${path} ${code === 'ENOENT' ? 'does not exist (use --config or TOLLKIT_CONFIG)' : 'cannot be read'}`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new ConfigProblem(`config file ${path} is not valid YAML/JSON: ${(error as Error).message}`);
  }
  if (raw !== null && typeof raw === 'object' && 'environment' in raw) return fromAdapterConfig(path, io);
  return fromConnectionFile(raw, path, io);
}

async function fromAdapterConfig(path: string, io: CliIo): Promise<ConnectionSettings> {
  const config = loadConfig(path, { env: { ...io.env } });
  const m = config.maskinporten;
  if (m === undefined) throw new ConfigProblem(`config file ${path}: maskinporten is not configured`);
  if (config.digitollBaseUrl === undefined || m.tokenUrl === undefined || m.audience === undefined) {
    throw new ConfigProblem(`config file ${path}: set digitoll.baseUrl to a running playground; these commands do not start the embedded one`);
  }
  const identity: ClientIdentity = await maskinportenIdentity(m);
  const environment =
    config.environment === 'playground'
      ? { name: 'playground', tokenUrl: m.tokenUrl, audience: m.audience, tokenExchangeUrl: `${config.digitollBaseUrl.replace(/\/+$/, '')}/api/access/external/oauth/token` }
      : config.environment;
  return { environment: resolveEnvironment(environment), identity, baseUrl: config.digitollBaseUrl, scopeFamily: identity.kind === 'eseal' ? 'foreign' : 'national', refreshMarginSeconds: undefined };
}

async function fromConnectionFile(raw: unknown, path: string, io: CliIo): Promise<ConnectionSettings> {
  fillSecrets(raw, io, path);
  const parsed = connectionConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
    throw new ConfigProblem(`config file ${path} has problems:\n${problems}`);
  }
  const { maskinporten: mp, digitoll } = parsed.data;
  const key = mp.client.key;
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(dirname(path), p));
  if (key.format === 'pem') {
    key.keyFile = abs(key.keyFile);
    if (key.certificateFile !== undefined) key.certificateFile = abs(key.certificateFile);
  } else {
    key.file = abs(key.file);
  }
  const environment = resolveEnvironment(mp.environment);
  const baseUrl =
    digitoll.baseUrl ?? (typeof mp.environment === 'string' ? API_HOSTS[mp.environment] : new URL(environment.tokenExchangeUrl).origin);
  return {
    environment,
    identity: await readClientIdentity(mp.client),
    baseUrl,
    scopeFamily: digitoll.scopeFamily ?? (mp.client.kind === 'eseal' ? 'foreign' : 'national'),
    refreshMarginSeconds: mp.refreshMarginSeconds,
  };
}

/** Replaces `passwordEnv` / `passphraseEnv` with the variable's value. */
function fillSecrets(raw: unknown, io: CliIo, path: string): void {
  const key = (raw as { maskinporten?: { client?: { key?: Record<string, unknown> } } } | null)?.maskinporten?.client?.key;
  if (key === undefined || key === null || typeof key !== 'object') return;
  for (const [envField, field] of [['passwordEnv', 'password'], ['passphraseEnv', 'passphrase']] as const) {
    const name = key[envField];
    if (name === undefined) continue;
    if (typeof name !== 'string' || name === '') throw new ConfigProblem(`config file ${path}: maskinporten.client.key.${envField} must name an environment variable`);
    const value = io.env[name];
    if (value === undefined) throw new ConfigProblem(`config file ${path}: maskinporten.client.key.${envField} names ${name}, which is not set`);
    key[field] = value;
    delete key[envField];
  }
}

/** A token provider and a Digitoll client built from the config. */
export interface Connection {
  readonly tokens: TokenProvider;
  readonly client: DigitollClient;
  readonly clientName: string;
  readonly environmentName: string;
  readonly baseUrl: string;
  readonly scopeFamily: ScopeFamily;
}

/** Wires `@tollkit/maskinporten` to `@tollkit/digitoll-client`; retries and warnings go to `onWarning`. */
export function connect(settings: ConnectionSettings, onWarning: (text: string) => void): Connection {
  const tokens = createTokenProvider({
    environment: settings.environment,
    identity: settings.identity,
    refreshMarginSeconds: settings.refreshMarginSeconds,
    onEvent: (event) => {
      if (event.type === 'retry') onWarning(`retrying ${event.step} in ${event.delayMs} ms: ${event.reason}`);
      if (event.type === 'stale-token-used') onWarning(`token refresh failed, using the still valid token: ${event.reason}`);
    },
  });
  const client = createDigitollClient({
    baseUrl: settings.baseUrl,
    scopeFamily: settings.scopeFamily,
    getToken: (scope, options) => tokens.getToken(scope, options),
    onEvent: (event) => {
      if (event.type === 'retry') onWarning(`retrying ${event.endpoint} in ${event.delayMs} ms (${event.reason})`);
      if (event.type === 'outcome-unknown') onWarning(`${event.endpoint}: outcome unknown (${event.reason}); looking it up before any re-send`);
    },
  });
  const { identity } = settings;
  return {
    tokens,
    client,
    clientName: identity.kind === 'eseal' ? identity.issuer : identity.clientId,
    environmentName: settings.environment.name,
    baseUrl: settings.baseUrl,
    scopeFamily: settings.scopeFamily,
  };
}
