import { readFile } from 'node:fs/promises';
import { resolve, dirname, isAbsolute } from 'node:path';
import { createDigitollClient, type DigitollClient, type ScopeFamily } from '@tollkit/digitoll-client';
import { createTokenProvider, keySourceSchema, readSigningKey, resolveEnvironment, type ClientIdentity, type TokenProvider } from '@tollkit/maskinporten';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { CliIo } from './io.js';

/**
 * The parts of the config file these commands read (`maskinporten`, `digitoll`); other sections are ignored.
 * Secrets can be named by environment variable (`passwordEnv`, `passphraseEnv`) instead of written in the file.
 */
const environmentSchema = z.union([
  z.enum(['test', 'production']),
  z.object({ name: z.string().min(1), tokenUrl: z.url(), audience: z.url(), tokenExchangeUrl: z.url() }),
]);
const keyWithSecretsSchema = keySourceSchema;

export const connectionConfigSchema = z.looseObject({
  maskinporten: z.object({
    environment: environmentSchema,
    client: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('business-certificate'), clientId: z.string().min(1), key: keyWithSecretsSchema }),
      z.object({ kind: z.literal('eseal'), issuer: z.string().min(1), key: keyWithSecretsSchema }),
      z.object({ kind: z.literal('key-id'), clientId: z.string().min(1), kid: z.string().min(1).optional(), key: keyWithSecretsSchema }),
    ]),
    refreshMarginSeconds: z.number().min(0).max(3600).optional(),
  }),
  digitoll: z
    .object({
      baseUrl: z.url().optional(),
      scopeFamily: z.enum(['national', 'foreign']).optional(),
    })
    .default({}),
});
export type ConnectionConfig = z.infer<typeof connectionConfigSchema>;

/** A config problem, with the file and the dotted path. */
export class ConfigProblem extends Error {
  override readonly name = 'ConfigProblem';
}

const API_HOSTS: Record<'test' | 'production', string> = { test: 'https://api-test.toll.no', production: 'https://api.toll.no' };

/** Finds the config file: `--config`, then `TOLLKIT_CONFIG`, then `./tollkit.yaml`. */
export function configPath(option: string | undefined, io: CliIo): string {
  const chosen = option ?? io.env['TOLLKIT_CONFIG'] ?? 'tollkit.yaml';
  return isAbsolute(chosen) ? chosen : resolve(io.cwd, chosen);
}

/** Reads and checks the config file; key file paths are resolved against the file's folder. */
export async function loadConnectionConfig(path: string, io: CliIo): Promise<ConnectionConfig> {
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
  fillSecrets(raw, io, path);
  const parsed = connectionConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
    throw new ConfigProblem(`config file ${path} has problems:\n${problems}`);
  }
  const key = parsed.data.maskinporten.client.key;
  const base = dirname(path);
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  if (key.format === 'pem') {
    key.keyFile = abs(key.keyFile);
    if (key.certificateFile !== undefined) key.certificateFile = abs(key.certificateFile);
  } else {
    key.file = abs(key.file);
  }
  return parsed.data;
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

/** Loads the key and wires `@tollkit/maskinporten` to `@tollkit/digitoll-client`. */
export async function connect(config: ConnectionConfig, onWarning: (text: string) => void): Promise<Connection> {
  const mp = config.maskinporten;
  const environment = resolveEnvironment(mp.environment);
  const key = await readSigningKey(mp.client.key);
  const identity: ClientIdentity =
    mp.client.kind === 'eseal'
      ? { kind: 'eseal', issuer: mp.client.issuer, key }
      : mp.client.kind === 'key-id'
        ? { kind: 'key-id', clientId: mp.client.clientId, key, kid: mp.client.kid }
        : { kind: 'business-certificate', clientId: mp.client.clientId, key };
  const tokens = createTokenProvider({
    environment,
    identity,
    refreshMarginSeconds: mp.refreshMarginSeconds,
    onEvent: (event) => {
      if (event.type === 'retry') onWarning(`retrying ${event.step} in ${event.delayMs} ms: ${event.reason}`);
      if (event.type === 'stale-token-used') onWarning(`token refresh failed, using the still valid token: ${event.reason}`);
    },
  });
  const baseUrl =
    config.digitoll.baseUrl ??
    (typeof mp.environment === 'string'
      ? API_HOSTS[mp.environment]
      : new URL(environment.tokenExchangeUrl).origin);
  const scopeFamily: ScopeFamily = config.digitoll.scopeFamily ?? (mp.client.kind === 'eseal' ? 'foreign' : 'national');
  const client = createDigitollClient({
    baseUrl,
    scopeFamily,
    getToken: (scope, options) => tokens.getToken(scope, options),
    onEvent: (event) => {
      if (event.type === 'retry') onWarning(`retrying ${event.endpoint} in ${event.delayMs} ms (${event.reason})`);
      if (event.type === 'outcome-unknown') onWarning(`${event.endpoint}: outcome unknown (${event.reason}); looking it up before any re-send`);
    },
  });
  return {
    tokens,
    client,
    clientName: mp.client.kind === 'eseal' ? mp.client.issuer : mp.client.clientId,
    environmentName: environment.name,
    baseUrl,
    scopeFamily,
  };
}
