import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import {
  ConfigFileUnreadableError,
  ConfigInvalidError,
  ConfigSecretMissingError,
  ConfigSyntaxError,
  type ConfigIssue,
} from '../errors.js';
import type { LocalChannelSettings } from '../intake/local-channel.js';
import type { SftpChannelSettings } from '../intake/sftp-channel.js';
import type { JobStoreOptions } from '../store/open-job-store.js';
import { clientIdentityConfigSchema, type ClientIdentityConfig } from '@tollkit/maskinporten';
import type { BringTargetConfig, ShipmondoTargetConfig } from '../carrier/target-schema.js';
import {
  adapterConfigFileSchema,
  type AdapterConfigFile,
  type ChannelConfigFile,
  type Environment,
  type MaskinportenClientConfig,
} from './config-schema.js';

/** Per-environment endpoints (DIGITOLL.md §3). `undefined` = the embedded playground decides. */
const endpoints: Record<Environment, { digitoll?: string; maskinportenAudience?: string }> = {
  playground: {},
  test: { digitoll: 'https://api-test.toll.no', maskinportenAudience: 'https://test.maskinporten.no/' },
  production: { digitoll: 'https://api.toll.no', maskinportenAudience: 'https://maskinporten.no/' },
};

/**
 * A channel's target with its secret loaded: Digitoll (default), Bring (with the Mybring API key read
 * from `apiKeyEnv`/`apiKeyFile`) or Shipmondo. The key is never logged or printed.
 */
export type ResolvedChannelTarget =
  | { readonly kind: 'digitoll' }
  | (BringTargetConfig & { readonly apiKey: string })
  | ShipmondoTargetConfig;

interface ChannelCommon {
  /** The mapping profile for this partner's manifests. */
  readonly profile: string;
  readonly resultFormat: 'csv' | 'json' | 'xml';
  /** Where the channel's manifests go (see src/carrier). */
  readonly target: ResolvedChannelTarget;
}
export type ResolvedChannelConfig =
  | (ChannelCommon & { readonly kind: 'local'; readonly settings: LocalChannelSettings })
  | (ChannelCommon & { readonly kind: 'sftp'; readonly settings: SftpChannelSettings });

/**
 * The Maskinporten client with its secrets loaded. `client` is set for the `client:` form (every key
 * form; turn it into a signing identity with `maskinportenIdentity`), `privateKeyPem` for the short
 * PEM form. Never log it.
 */
export interface ResolvedMaskinporten {
  /** `@tollkit/maskinporten`'s `ClientIdentityConfig`: key paths absolute, password/passphrase filled in. */
  readonly client: ClientIdentityConfig | undefined;
  /** The client id (the eSeal's issuer for `kind: eseal`). */
  readonly clientId: string;
  readonly orgNumber: string | undefined;
  /** Short form only. */
  readonly privateKeyPem: string | undefined;
  readonly kid: string | undefined;
  readonly certificatePem: string | undefined;
  /** `undefined` with the embedded playground (its own Maskinporten simulator decides). */
  readonly audience: string | undefined;
  readonly tokenUrl: string | undefined;
}

/** The validated configuration with paths made absolute and secrets loaded. Never log it whole. */
export interface AdapterConfig {
  readonly file: string;
  readonly environment: Environment;
  readonly instanceId: string;
  readonly dataDir: string;
  readonly store: JobStoreOptions;
  /** `undefined` in the playground environment without a URL: start an embedded playground. */
  readonly digitollBaseUrl: string | undefined;
  readonly maskinporten: ResolvedMaskinporten | undefined;
  readonly leases: { readonly manifestMs: number; readonly outboxMs: number };
  /** How `tollkit run` runs: `/healthz`+`/metrics` address (or `false`), workers, routing follower. */
  readonly service: {
    readonly http: { readonly host: string; readonly port: number } | false;
    readonly workers: number;
    readonly routing: boolean;
    readonly routingIntervalMs: number;
    /** When `/healthz` answers 503 (a channel down / a file unrecorded for longer than this). */
    readonly health: { readonly channelDownMs: number; readonly unrecordedMs: number };
  };
  readonly channels: readonly ResolvedChannelConfig[];
}

/** Where secrets and defaults come from; tests pass their own. */
export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  /** Used for the default instance id. */
  pid?: number;
}

/** `['channels', 1, 'port']` → `channels[1].port` (with the channel's name when known). */
function formatPath(path: readonly PropertyKey[], raw: unknown): string {
  let out = '';
  let node: unknown = raw;
  for (const segment of path) {
    if (typeof segment === 'number') {
      out += `[${segment}]`;
      node = Array.isArray(node) ? node[segment] : undefined;
      const name = (node as { name?: unknown } | undefined)?.name;
      if (out.endsWith(`channels[${segment}]`) && typeof name === 'string') out += ` (${name})`;
    } else {
      out += `${out === '' ? '' : '.'}${String(segment)}`;
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[String(segment)] : undefined;
    }
  }
  return out;
}

function issuesOf(error: z.ZodError, raw: unknown): ConfigIssue[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path, raw), message: issue.message }));
}

/** Loads secrets named by `…File` / `…Env` keys, with messages that name the key, never the value. */
class SecretReader {
  readonly #baseDir: string;
  readonly #env: NodeJS.ProcessEnv;
  readonly issues: ConfigIssue[] = [];

  constructor(baseDir: string, env: NodeJS.ProcessEnv) {
    this.#baseDir = baseDir;
    this.#env = env;
  }

  read(path: string, source: { file?: string | undefined; env?: string | undefined }, kind: 'text' | 'pem'): string | undefined {
    let value: string | undefined;
    if (source.env !== undefined) {
      value = this.#env[source.env];
      if (value === undefined || value === '') {
        this.issues.push({ path: `${path}Env`, message: `environment variable ${source.env} is not set or empty` });
        return undefined;
      }
    } else if (source.file !== undefined) {
      const file = resolve(this.#baseDir, source.file);
      try {
        value = readFileSync(file, 'utf8');
      } catch (error) {
        this.issues.push({ path: `${path}File`, message: `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
        return undefined;
      }
    } else return undefined;
    if (kind === 'pem') {
      if (!/-----BEGIN [A-Z0-9 ]*(PRIVATE KEY|CERTIFICATE)-----/.test(value)) {
        this.issues.push({
          path: `${path}${source.env !== undefined ? 'Env' : 'File'}`,
          message: 'does not contain a PEM/OpenSSH private key or certificate',
        });
        return undefined;
      }
      return value;
    }
    const text = value.replace(/\r?\n$/, '');
    if (text === '' && source.file !== undefined) {
      this.issues.push({ path: `${path}File`, message: `${resolve(this.#baseDir, source.file)} is empty` });
      return undefined;
    }
    return text;
  }
}

/** The `maskinporten.client` section as `@tollkit/maskinporten` takes it: paths absolute, secrets read. */
function resolveClient(client: MaskinportenClientConfig, baseDir: string, secrets: SecretReader): ClientIdentityConfig | undefined {
  const at = 'maskinporten.client.key.';
  const exists = (field: string, file: string): string | undefined => {
    const path = resolve(baseDir, file);
    try {
      readFileSync(path);
      return path;
    } catch (error) {
      secrets.issues.push({ path: `${at}${field}`, message: `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
      return undefined;
    }
  };
  const k = client.key;
  let key: ClientIdentityConfig['key'] | undefined;
  if (k.format === 'pem') {
    const keyFile = exists('keyFile', k.keyFile);
    const certificateFile = k.certificateFile === undefined ? undefined : exists('certificateFile', k.certificateFile);
    const passphrase = secrets.read(`${at}passphrase`, { env: k.passphraseEnv, file: k.passphraseFile }, 'text');
    if (keyFile !== undefined && (k.certificateFile === undefined || certificateFile !== undefined)) {
      key = {
        format: 'pem',
        keyFile,
        ...(certificateFile !== undefined ? { certificateFile } : {}),
        ...(passphrase !== undefined ? { passphrase } : {}),
        ...(k.kid !== undefined ? { kid: k.kid } : {}),
      };
    }
  } else if (k.format === 'pkcs12') {
    const file = exists('file', k.file);
    const password = secrets.read(`${at}password`, { env: k.passwordEnv, file: k.passwordFile }, 'text');
    if (file !== undefined && password !== undefined) {
      key = { format: 'pkcs12', file, password, ...(k.friendlyName !== undefined ? { friendlyName: k.friendlyName } : {}), ...(k.kid !== undefined ? { kid: k.kid } : {}) };
    }
  } else {
    const file = exists('file', k.file);
    if (file !== undefined) key = { format: 'jwk', file, ...(k.kid !== undefined ? { kid: k.kid } : {}) };
  }
  if (key === undefined) return undefined;
  return clientIdentityConfigSchema.parse({ ...client, key });
}

function resolveTarget(channel: ChannelConfigFile, at: string, secrets: SecretReader): ResolvedChannelTarget | undefined {
  const target = channel.target;
  if (target.kind !== 'bring') return target;
  const apiKey = secrets.read(`${at}target.apiKey`, { file: target.apiKeyFile, env: target.apiKeyEnv }, 'text');
  return apiKey === undefined ? undefined : { ...target, apiKey };
}

function resolveChannel(
  channel: ChannelConfigFile,
  index: number,
  baseDir: string,
  secrets: SecretReader,
): ResolvedChannelConfig | undefined {
  const common = {
    name: channel.name,
    folders: channel.folders,
    include: channel.include,
    exclude: channel.exclude,
    pollIntervalMs: channel.pollIntervalMs,
    readiness: channel.readiness,
    maxFileBytes: channel.maxFileBytes,
  };
  const at = `channels[${index}] (${channel.name}).`;
  const target = resolveTarget(channel, at, secrets);
  if (channel.kind === 'local') {
    if (target === undefined) return undefined;
    return {
      kind: 'local',
      profile: channel.profile,
      resultFormat: channel.resultFormat,
      target,
      settings: { ...common, root: resolve(baseDir, channel.path), usePolling: channel.usePolling },
    };
  }
  const privateKey = secrets.read(`${at}privateKey`, { file: channel.privateKeyFile, env: channel.privateKeyEnv }, 'pem');
  const passphrase = secrets.read(`${at}passphrase`, { file: channel.passphraseFile, env: channel.passphraseEnv }, 'text');
  const password = secrets.read(`${at}password`, { file: channel.passwordFile, env: channel.passwordEnv }, 'text');
  if ((privateKey === undefined && password === undefined) || target === undefined) return undefined;
  return {
    kind: 'sftp',
    profile: channel.profile,
    resultFormat: channel.resultFormat,
    target,
    settings: {
      ...common,
      root: channel.root,
      operationTimeoutMs: channel.operationTimeoutMs,
      connection: {
        host: channel.host,
        port: channel.port,
        username: channel.username,
        ...(privateKey === undefined ? {} : { privateKey }),
        ...(passphrase === undefined ? {} : { passphrase }),
        ...(password === undefined ? {} : { password }),
        hostKeyFingerprints: channel.hostKeyFingerprints,
        readyTimeoutMs: channel.readyTimeoutMs,
        maxConnectionsPerHost: channel.maxConnectionsPerHost,
        backoff: channel.reconnect,
      },
    },
  };
}

/**
 * Reads the one configuration file (YAML or JSON), validates it and loads the secrets it names.
 * Every problem is reported at once, each with its path (`channels[1] (acme).port: …`).
 * This module is the only reader of `process.env`.
 *
 * @example
 * ```ts
 * const config = loadConfig('/etc/tollkit/adapter.yaml');
 * for (const channel of config.channels) console.log(channel.settings.name);
 * ```
 */
export function loadConfig(file: string, options: LoadConfigOptions = {}): AdapterConfig {
  const env = options.env ?? process.env;
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigFileUnreadableError(`cannot read the config file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
      cause: error,
    });
  }
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigSyntaxError(`${path}: ${document.errors.map((e) => e.message).join('\n')}`);
  }
  const raw: unknown = document.toJS();
  const parsed = adapterConfigFileSchema.safeParse(raw ?? {});
  if (!parsed.success) throw new ConfigInvalidError(path, issuesOf(parsed.error, raw));
  return resolveConfig(parsed.data, path, env, options.pid ?? process.pid);
}

function resolveConfig(data: AdapterConfigFile, path: string, env: NodeJS.ProcessEnv, pid: number): AdapterConfig {
  const baseDir = dirname(path);
  const secrets = new SecretReader(baseDir, env);
  const dataDir = resolve(baseDir, data.dataDir);

  let store: JobStoreOptions;
  if (data.store.kind === 'sqlite') store = { kind: 'sqlite', dataDir, synchronous: data.store.synchronous };
  else {
    const url = data.store.url ?? secrets.read('store.url', { file: data.store.urlFile, env: data.store.urlEnv }, 'text');
    const password = secrets.read('store.password', { file: data.store.passwordFile, env: data.store.passwordEnv }, 'text');
    store = {
      kind: 'postgres',
      connectionString: url ?? '',
      maxConnections: data.store.maxConnections,
      ...(password === undefined ? {} : { password }),
    };
  }

  const channels = data.channels
    .map((channel, index) => resolveChannel(channel, index, baseDir, secrets))
    .filter((c): c is ResolvedChannelConfig => c !== undefined);

  let maskinporten: ResolvedMaskinporten | undefined;
  if (data.maskinporten !== undefined) {
    const m = data.maskinporten;
    // The playground simulates Maskinporten under <baseUrl>/maskinporten/ (see @tollkit/playground).
    const audience =
      endpoints[data.environment].maskinportenAudience ??
      (data.digitoll.baseUrl === undefined ? undefined : `${data.digitoll.baseUrl.replace(/\/+$/, '')}/maskinporten/`);
    const tokenUrl = audience === undefined ? undefined : `${audience}token`;
    if (m.client !== undefined) {
      const client = resolveClient(m.client, baseDir, secrets);
      if (client !== undefined) {
        const key = client.key as { kid?: string };
        maskinporten = {
          client,
          clientId: client.kind === 'eseal' ? client.issuer : client.clientId,
          orgNumber: m.orgNumber,
          privateKeyPem: undefined,
          kid: client.kind === 'key-id' ? (client.kid ?? key.kid) : key.kid,
          certificatePem: undefined,
          audience,
          tokenUrl,
        };
      }
    } else {
      const privateKeyPem = secrets.read('maskinporten.privateKey', { file: m.privateKeyFile, env: m.privateKeyEnv }, 'pem');
      const certificatePem = secrets.read('maskinporten.certificate', { file: m.certificateFile }, 'pem');
      if (privateKeyPem !== undefined && m.clientId !== undefined) {
        maskinporten = { client: undefined, clientId: m.clientId, orgNumber: m.orgNumber, privateKeyPem, kid: m.kid, certificatePem, audience, tokenUrl };
      }
    }
  }

  if (secrets.issues.length > 0) {
    const error = new ConfigInvalidError(path, secrets.issues);
    throw new ConfigSecretMissingError(error.message);
  }

  return {
    file: path,
    environment: data.environment,
    // random part: a restarted process (same host, same pid in a container) must not inherit the dead one's leases
    instanceId: data.instanceId ?? `${hostname()}:${pid}:${randomBytes(3).toString('hex')}`,
    dataDir,
    store,
    digitollBaseUrl: data.digitoll.baseUrl ?? endpoints[data.environment].digitoll,
    maskinporten,
    leases: data.leases,
    service: data.service,
    channels,
  };
}
