import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseDocument, type Document } from 'yaml';
import { LineCounter, lineOf, plainConfigErrorMap } from './lib/plain-errors.js';
import type { z } from 'zod';
import {
  ConfigFileUnreadableError,
  ConfigInvalidError,
  ConfigSecretMissingError,
  ConfigSyntaxError,
  type ConfigIssue,
} from '../errors.js';
import type { ConsoleOperator } from '../console/lib/operator-auth.js';
import type { LocalChannelSettings } from '../intake/local-channel.js';
import type { PresentOnArrival } from '../pipeline/ports.js';
import type { SftpChannelSettings } from '../intake/sftp-channel.js';
import type { JobStoreOptions } from '../store/open-job-store.js';
import { clientIdentityConfigSchema, type ClientIdentityConfig } from '@tollkit/maskinporten';
import type { BringTargetConfig, ShipmondoTargetConfig } from '../carrier/target-schema.js';
import type { OutputConventions } from '../pipeline/lib/output-conventions.js';
import {
  adapterConfigFileSchema,
  type AdapterConfigFile,
  type ChannelConfigFile,
  type Environment,
  type MaskinportenClientConfig,
} from './config-schema.js';

/** Per-environment endpoints (docs/digitoll.md §3). `undefined` = the embedded playground decides. */
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
  /** The partner's conventions for result and routing files (each one not given: like the manifest). */
  readonly results?: Partial<OutputConventions> | undefined;
  /** Where the channel's manifests go (see src/carrier). */
  readonly target: ResolvedChannelTarget;
  /** Auto-presentation on `<name>.arrived` files (see src/presentation). */
  readonly presentOnArrival?: PresentOnArrival | undefined;
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
  /** Follow the transport-level routing feed too (`digitoll.transportRouting`: the organisation is entitled to it). */
  readonly transportRouting: boolean;
  /** Per-request timeout of the Digitoll client (`digitoll.requestTimeoutMs`); the in-flight grace follows it (`inFlightGraceFor`). */
  readonly digitollRequestTimeoutMs: number;
  readonly maskinporten: ResolvedMaskinporten | undefined;
  readonly leases: { readonly manifestMs: number; readonly outboxMs: number };
  /** Customs' emergency routine: margin before a transport's arrival, and Customs' contact addresses (defaults overridable). */
  readonly emergency: { readonly marginMs: number; readonly contacts: { readonly email: string } };
  /** How `tollkit run` runs: `/healthz`+`/metrics` address (or `false`), workers, routing follower. */
  readonly service: {
    readonly http: { readonly host: string; readonly port: number } | false;
    readonly workers: number;
    /** Digitoll requests of manifest work in flight at once in this instance, shared by its workers. */
    readonly requestsInFlight: number;
    readonly routing: boolean;
    readonly routingIntervalMs: number;
    /** When `/healthz` answers 503 (a channel down / a file unrecorded for longer than this). */
    readonly health: { readonly channelDownMs: number; readonly unrecordedMs: number };
    /** The operator console on the ops port; without operators it is read-only. Secrets loaded: never log. */
    readonly console: { readonly enabled: boolean; readonly refreshMs: number; readonly operators: readonly ConsoleOperator[] };
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

/** zod's issues as config issues: plain words (see `plainConfigErrorMap`), one per unknown key, with YAML lines. */
function issuesOf(error: z.ZodError, raw: unknown, document: Document, counter: LineCounter): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      // The error map wrote one line per key (with its did-you-mean): one issue per key, at the key's line.
      const messages = issue.message.split('\n');
      for (const [i, key] of issue.keys.entries()) {
        out.push({ path: formatPath([...issue.path, key], raw), message: messages[i] ?? `unknown key ${JSON.stringify(key)}`, line: lineOf(document, counter, issue.path, key) });
      }
    } else out.push({ path: formatPath(issue.path, raw), message: issue.message, line: lineOf(document, counter, issue.path) });
  }
  return out;
}

const SECRET_KEY = /(Env|File)$/;

/**
 * The secrets and key files a config names (`…Env`, `…File`, a key's `file`), checked on the raw
 * file — so a config with schema problems reports its missing secrets in the same pass.
 */
function rawSecretIssues(raw: unknown, baseDir: string, env: NodeJS.ProcessEnv, document: Document, counter: LineCounter, known: readonly ConfigIssue[]): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  const visit = (node: unknown, path: (string | number)[]): void => {
    if (Array.isArray(node)) return node.forEach((item, i) => visit(item, [...path, i]));
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      const at = [...path, key];
      if (typeof value !== 'string' || !(SECRET_KEY.test(key) || (key === 'file' && path.at(-1) === 'key'))) {
        visit(value, at);
        continue;
      }
      const where = formatPath(at, raw);
      if (known.some((i) => i.path === where)) continue;
      const line = lineOf(document, counter, at);
      if (key.endsWith('Env')) {
        if (value !== '' && (env[value] === undefined || env[value] === '')) out.push({ path: where, message: `environment variable ${value} is not set or empty`, line });
      } else if (value !== '') {
        const file = resolve(baseDir, value);
        let ok = false;
        try {
          ok = statSync(file).isFile();
        } catch {
          ok = false;
        }
        if (!ok) out.push({ path: where, message: `cannot read ${file} (no such file)`, line });
      }
    }
  };
  visit(raw, []);
  return out;
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
      ...(channel.results !== undefined ? { results: withoutUndefined(channel.results) } : {}),
      target,
      ...(channel.presentOnArrival !== undefined ? { presentOnArrival: channel.presentOnArrival } : {}),
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
    ...(channel.results !== undefined ? { results: withoutUndefined(channel.results) } : {}),
    target,
    ...(channel.presentOnArrival !== undefined ? { presentOnArrival: channel.presentOnArrival } : {}),
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
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true, lineCounter });
  if (document.errors.length > 0) {
    throw new ConfigSyntaxError(`${path}: ${document.errors.map((e) => e.message).join('\n')}`);
  }
  const raw: unknown = document.toJS();
  const parsed = adapterConfigFileSchema.safeParse(raw ?? {}, { error: plainConfigErrorMap });
  if (!parsed.success) {
    // One pass: the schema's problems and the secrets the file names that cannot be read.
    const issues = issuesOf(parsed.error, raw, document, lineCounter);
    throw new ConfigInvalidError(path, [...issues, ...rawSecretIssues(raw, dirname(path), env, document, lineCounter, issues)]);
  }
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

  const operators: ConsoleOperator[] = [];
  data.service.console.operators.forEach((o, index) => {
    const at = `service.console.operators[${index}]`;
    const token = o.tokenEnv !== undefined || o.tokenFile !== undefined;
    const secret = token
      ? secrets.read(`${at}.token`, { env: o.tokenEnv, file: o.tokenFile }, 'text')
      : secrets.read(`${at}.password`, { env: o.passwordEnv, file: o.passwordFile }, 'text');
    if (secret !== undefined) operators.push({ name: o.name, kind: token ? 'token' : 'password', secret });
  });

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
    transportRouting: data.digitoll.transportRouting,
    digitollRequestTimeoutMs: data.digitoll.requestTimeoutMs,
    maskinporten,
    leases: data.leases,
    emergency: data.emergency,
    service: { ...data.service, console: { ...data.service.console, operators } },
    channels,
  };
}

/** The settings given (zod leaves absent optional keys out, but `exactOptionalPropertyTypes` wants them gone from the type too). */
function withoutUndefined<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
