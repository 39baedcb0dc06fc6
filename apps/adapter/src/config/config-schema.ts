import { z } from 'zod';
import { channelTargetSchema } from '../carrier/target-schema.js';
import { unknownTimeZone } from '../pipeline/lib/output-conventions.js';
import { DEFAULT_EMERGENCY_CONTACTS } from '../emergency/emergency-pack.js';

/** Where the adapter sends: the local simulator, Customs' test environment, or production. */
export const environmentSchema = z.enum(['playground', 'test', 'production'], {
  error: 'must be one of "playground", "test", "production"',
});
export type Environment = z.infer<typeof environmentSchema>;

const envVarName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'must be an environment variable name (letters, digits, _)' });
const filePath = z.string().min(1, { error: 'must be a file path' });
const positiveMs = (min: number, max: number) =>
  z.int({ error: 'must be a whole number of milliseconds' }).min(min, { error: `must be at least ${min} ms` }).max(max, {
    error: `must be at most ${max} ms`,
  });

/** `SHA256:` + 43 base64 characters, as `ssh-keygen -lf <key>` prints it. */
export const hostKeyFingerprintSchema = z
  .string()
  .regex(/^SHA256:[A-Za-z0-9+/]{43}$/, { error: 'must look like "SHA256:<43 base64 characters>" (see ssh-keygen -lf)' });

const folderName = z
  .string()
  .min(1, { error: 'must not be empty' })
  .refine((v) => !v.split(/[\\/]/).includes('..'), { error: 'must stay inside the channel root (no "..")' })
  .refine((v) => !v.startsWith('/'), { error: 'must be relative to the channel root' });

const foldersSchema = z
  .strictObject({
    inbox: folderName.default('inbox'),
    processing: folderName.default('processing'),
    archive: folderName.default('archive'),
    failed: folderName.default('failed'),
    outbox: folderName.default('outbox'),
  })
  .default({ inbox: 'inbox', processing: 'processing', archive: 'archive', failed: 'failed', outbox: 'outbox' })
  .superRefine(
    (folders, ctx) => {
      // Runs even when fields have errors (every problem in one pass): read defensively.
      const seen = new Map<string, string>();
      for (const [key, value] of Object.entries((folders ?? {}) as Record<string, unknown>)) {
        if (typeof value !== 'string') continue;
        const normalized = value.replace(/\/+$/, '');
        const other = seen.get(normalized);
        if (other !== undefined) ctx.addIssue({ code: 'custom', input: value, path: [key], message: `must differ from folders.${other} ("${value}")` });
        seen.set(normalized, key);
      }
    },
    { when: () => true },
  );

const readinessSchema = z
  .strictObject({
    mode: z.enum(['stable', 'done-marker', 'rename'], { error: 'must be one of "stable", "done-marker", "rename"' }).default('stable'),
    stableForMs: positiveMs(0, 3_600_000).default(2000),
    doneSuffix: z.string().regex(/^\.[A-Za-z0-9._-]+$/, { error: 'must start with "." (e.g. ".done")' }).default('.done'),
  })
  .default({ mode: 'stable', stableForMs: 2000, doneSuffix: '.done' });

/** A channel's `results` settings: the partner's conventions for result and routing files. */
export const resultConventionsSchema = z
  .strictObject({
    encoding: z.enum(['utf-8', 'utf-16le', 'utf-16be', 'windows-1252', 'iso-8859-1'], {
      error: 'must be one of "utf-8", "utf-16le", "utf-16be", "windows-1252", "iso-8859-1"',
    }).optional(),
    bom: z.boolean({ error: 'must be true or false' }).optional(),
    delimiter: z.enum([',', ';', '\t', '|'], { error: 'must be one of ",", ";", "\\t" (tab), "|"' }).optional(),
    decimalSeparator: z.enum(['.', ','], { error: 'must be "." or ","' }).optional(),
    timeZone: z
      .string()
      .refine((zone) => unknownTimeZone(zone) === undefined, { error: 'must be an IANA time zone such as "Europe/Oslo" or "UTC"' })
      .optional(),
  })
  .optional();

const globList = z.array(z.string().min(1, { error: 'a glob must not be empty' }));

/** What presents a channel's notified goods automatically (`presentOnArrival.trigger`). */
export const PRESENTATION_TRIGGERS = ['file', 'arrival-time', 'entry-status'] as const;

const channelCommon = {
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, { error: 'must be 1–63 lower-case letters, digits, "-" or "_"' }),
  /** The mapping profile (`@tollkit/manifest`) for this partner's files. */
  profile: z.string().min(1, { error: 'must name a mapping profile' }),
  resultFormat: z.enum(['csv', 'json', 'xml'], { error: 'must be one of "csv", "json", "xml"' }).default('csv'),
  /** How result and routing files are written; each setting not given is like the manifest (src/pipeline/README.md). */
  results: resultConventionsSchema,
  folders: foldersSchema,
  include: globList.min(1, { error: 'must list at least one glob' }).default(['*']),
  exclude: globList.default([]),
  pollIntervalMs: positiveMs(100, 86_400_000).default(5000),
  readiness: readinessSchema,
  maxFileBytes: z.int({ error: 'must be a whole number of bytes' }).min(1).default(100 * 1024 * 1024),
  /** Where this channel's manifests go: `digitoll` (default), `bring` or `shipmondo` (see src/carrier/). */
  target: channelTargetSchema,
  /**
   * Auto-presentation (src/presentation/): a `<name>.arrived` file naming a transport (means id or
   * MRN) or a manifest presents what that transport's notifications announced, at the documented
   * level for the mode. `office`: customs office of presentation (default: the transport's office of
   * first entry). `trigger`: what else writes such a file for a notified transport (a `.arrived` file
   * always works): `file` (default: nothing else), `arrival-time` (the notified estimated, else
   * scheduled, arrival time plus `delayMs` has passed), `entry-status` (Customs' entry status for the
   * transport MRN is there: Customs registered its arrival); one or a list.
   */
  presentOnArrival: z
    .strictObject({
      office: z.string().regex(/^[A-Z]{2}[A-Z0-9]{6}$/, { error: 'must be a customs office code such as NO351001' }).optional(),
      // One value or a list; read as a list (so a wrong value is named with the accepted ones).
      trigger: z.preprocess(
        (t) => (typeof t === 'string' ? [t] : t),
        z
          .array(z.enum(PRESENTATION_TRIGGERS))
          .min(1)
          .transform((t) => [...new Set(t)])
          .optional(),
      ),
      delayMs: z.int({ error: 'must be a whole number of milliseconds' }).min(0).optional(),
    })
    .optional(),
};

export const localChannelSchema = z.strictObject({
  kind: z.literal('local'),
  ...channelCommon,
  /** The channel root (absolute, or relative to the config file). */
  path: z.string().min(1, { error: 'must be a folder path' }),
  usePolling: z.boolean().default(false),
});

export const sftpChannelSchema = z
  .strictObject({
    kind: z.literal('sftp'),
    ...channelCommon,
    host: z.string().min(1, { error: 'must be a host name or address' }),
    port: z.int().min(1).max(65535, { error: 'must be a TCP port (1–65535)' }).default(22),
    username: z.string().min(1, { error: 'must not be empty' }),
    /** Absolute path on the server under which the folders live. */
    root: z.string().startsWith('/', { error: 'must be an absolute path on the server (starting with "/")' }),
    privateKeyFile: filePath.optional(),
    privateKeyEnv: envVarName.optional(),
    passphraseFile: filePath.optional(),
    passphraseEnv: envVarName.optional(),
    passwordFile: filePath.optional(),
    passwordEnv: envVarName.optional(),
    hostKeyFingerprints: z.array(hostKeyFingerprintSchema).min(1, {
      error: 'must pin at least one host key fingerprint (unknown host keys are refused)',
    }),
    maxConnectionsPerHost: z.int().min(1).max(64).default(4),
    readyTimeoutMs: positiveMs(1000, 300_000).default(20_000),
    /** Deadline of every remote operation (a download: no byte for this long); the connection is dropped on expiry. */
    operationTimeoutMs: positiveMs(500, 600_000).default(5_000),
    reconnect: z
      .strictObject({ initialMs: positiveMs(10, 600_000).default(500), maxMs: positiveMs(100, 3_600_000).default(30_000) })
      .default({ initialMs: 500, maxMs: 30_000 }),
  })
  .superRefine((value, ctx) => {
    // Runs even when fields have errors (to report everything at once): read defensively.
    const v = value as Partial<Record<string, unknown>> & { reconnect?: { initialMs?: unknown; maxMs?: unknown } };
    const given = (key: string): boolean => v[key] !== undefined;
    const methods = ['privateKeyFile', 'privateKeyEnv', 'passwordFile', 'passwordEnv'].filter(given).length;
    if (methods !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message:
          methods === 0
            ? 'needs one way to authenticate: privateKeyFile, privateKeyEnv, passwordFile or passwordEnv'
            : 'give only one of privateKeyFile, privateKeyEnv, passwordFile, passwordEnv',
      });
    }
    if ((given('passphraseFile') || given('passphraseEnv')) && !given('privateKeyFile') && !given('privateKeyEnv')) {
      ctx.addIssue({ code: 'custom', path: ['passphraseFile'], message: 'a passphrase needs a private key' });
    }
    if (given('passphraseFile') && given('passphraseEnv')) {
      ctx.addIssue({ code: 'custom', path: ['passphraseEnv'], message: 'give only one of passphraseFile, passphraseEnv' });
    }
    const { initialMs, maxMs } = v.reconnect ?? {};
    if (typeof initialMs === 'number' && typeof maxMs === 'number' && initialMs > maxMs) {
      ctx.addIssue({ code: 'custom', path: ['reconnect', 'initialMs'], message: 'must not exceed reconnect.maxMs' });
    }
  }, { when: () => true });

export const channelSchema = z.discriminatedUnion('kind', [localChannelSchema, sftpChannelSchema], {
  error: 'kind must be "local" or "sftp"',
});

export const storeSchema = z
  .discriminatedUnion(
    'kind',
    [
      z.strictObject({
        kind: z.literal('sqlite'),
        /** `full`: fsync every commit (survives power loss); `normal`: survives process crashes only. */
        synchronous: z.enum(['full', 'normal'], { error: 'must be "full" or "normal"' }).default('full'),
      }),
      z
        .strictObject({
          kind: z.literal('postgres'),
          url: z.string().regex(/^postgres(ql)?:\/\//, { error: 'must start with postgres:// or postgresql://' }).optional(),
          urlEnv: envVarName.optional(),
          urlFile: filePath.optional(),
          passwordEnv: envVarName.optional(),
          passwordFile: filePath.optional(),
          maxConnections: z.int().min(1).max(100).default(5),
        })
        .superRefine(
          (value, ctx) => {
            // Runs even when fields have errors (every problem in one pass): read defensively.
            const v = value as Partial<Record<'url' | 'urlEnv' | 'urlFile' | 'passwordEnv' | 'passwordFile', unknown>>;
            if ([v.url, v.urlEnv, v.urlFile].filter((x) => x !== undefined).length !== 1) {
              ctx.addIssue({ code: 'custom', input: v, path: [], message: 'needs exactly one of url, urlEnv, urlFile' });
            }
            if (typeof v.url === 'string' && /^postgres(ql)?:\/\/[^/@]*:[^/@]*@/.test(v.url)) {
              ctx.addIssue({
                code: 'custom',
                input: v,
                path: ['url'],
                message: 'must not contain a password; use passwordEnv or passwordFile (or urlEnv/urlFile)',
              });
            }
            if (v.passwordEnv !== undefined && v.passwordFile !== undefined) {
              ctx.addIssue({ code: 'custom', input: v, path: ['passwordEnv'], message: 'give only one of passwordEnv, passwordFile' });
            }
          },
          { when: () => true },
        ),
    ],
    { error: 'kind must be "sqlite" or "postgres"' },
  )
  .default({ kind: 'sqlite', synchronous: 'full' });

/**
 * Where the Maskinporten signing key lives (the `key` of `@tollkit/maskinporten`'s
 * `clientIdentityConfigSchema`), with its password/passphrase from `…Env` or `…File`, never inline.
 */
export const maskinportenKeySchema = z.discriminatedUnion(
  'format',
  [
    z.strictObject({
      format: z.literal('pem'),
      keyFile: filePath,
      certificateFile: filePath.optional(),
      passphraseEnv: envVarName.optional(),
      passphraseFile: filePath.optional(),
      kid: z.string().min(1).optional(),
    }),
    z.strictObject({
      format: z.literal('pkcs12'),
      file: filePath,
      passwordEnv: envVarName.optional(),
      passwordFile: filePath.optional(),
      friendlyName: z.string().min(1).optional(),
      kid: z.string().min(1).optional(),
    }),
    z.strictObject({ format: z.literal('jwk'), file: filePath, kid: z.string().min(1).optional() }),
  ],
  { error: 'format must be "pem", "pkcs12" or "jwk"' },
);

/** Who signs the Maskinporten grant: a business certificate, an eSeal, or a pre-registered key id. */
export const maskinportenClientSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('business-certificate'), clientId: z.string().min(1, { error: 'must be the Maskinporten client id' }), key: maskinportenKeySchema }),
    z.strictObject({ kind: z.literal('eseal'), issuer: z.string().min(1, { error: 'must name the business or system (iss)' }), key: maskinportenKeySchema }),
    z.strictObject({
      kind: z.literal('key-id'),
      clientId: z.string().min(1, { error: 'must be the Maskinporten client id' }),
      kid: z.string().min(1).optional(),
      key: maskinportenKeySchema,
    }),
  ],
  { error: 'kind must be "business-certificate", "eseal" or "key-id"' },
);

/**
 * The Maskinporten client the adapter authenticates as. Either `client:` — every key form of
 * `@tollkit/maskinporten` (PEM, PKCS#12, JWK; business certificate, eSeal, key id) — or the short
 * PEM form `clientId` + `privateKeyFile|privateKeyEnv` + `kid|certificateFile`.
 */
export const maskinportenSchema = z
  .strictObject({
    client: maskinportenClientSchema.optional(),
    clientId: z.string().min(1, { error: 'must be the Maskinporten client id' }).optional(),
    orgNumber: z.string().regex(/^\d{9}$/, { error: 'must be a 9-digit Norwegian organisation number' }).optional(),
    privateKeyFile: filePath.optional(),
    privateKeyEnv: envVarName.optional(),
    /** Key id pre-registered on the client (header `kid`), or … */
    kid: z.string().min(1).optional(),
    /** … the business certificate (header `x5c`). */
    certificateFile: filePath.optional(),
  })
  .superRefine((value, ctx) => {
    // Runs even when fields have errors (every problem in one pass): read defensively.
    const v = value as Partial<Record<'clientId' | 'privateKeyFile' | 'privateKeyEnv' | 'kid' | 'certificateFile', unknown>> & { client?: { key?: unknown } };
    const key = (v.client !== null && typeof v.client === 'object' ? v.client.key : undefined) as Partial<Record<string, unknown>> | undefined;
    if (key !== undefined && key !== null && typeof key === 'object') {
      if (key['passwordEnv'] !== undefined && key['passwordFile'] !== undefined) {
        ctx.addIssue({ code: 'custom', input: v, path: ['client', 'key', 'passwordEnv'], message: 'give only one of passwordEnv, passwordFile' });
      }
      if (key['format'] === 'pkcs12' && key['passwordEnv'] === undefined && key['passwordFile'] === undefined) {
        ctx.addIssue({ code: 'custom', input: v, path: ['client', 'key'], message: 'a PKCS#12 file needs passwordEnv or passwordFile' });
      }
      if (key['passphraseEnv'] !== undefined && key['passphraseFile'] !== undefined) {
        ctx.addIssue({ code: 'custom', input: v, path: ['client', 'key', 'passphraseEnv'], message: 'give only one of passphraseEnv, passphraseFile' });
      }
    }
    const short = [v.clientId, v.privateKeyFile, v.privateKeyEnv, v.kid, v.certificateFile].some((x) => x !== undefined);
    if (v.client !== undefined) {
      if (short) ctx.addIssue({ code: 'custom', input: v, path: [], message: 'give either client (any key form) or clientId/privateKey…/kid/certificateFile, not both' });
      return;
    }
    if (v.clientId === undefined) ctx.addIssue({ code: 'custom', input: v, path: [], message: 'needs client (any key form) or clientId with a PEM key' });
    if ([v.privateKeyFile, v.privateKeyEnv].filter((x) => x !== undefined).length !== 1) {
      ctx.addIssue({ code: 'custom', input: v, path: [], message: 'needs exactly one of privateKeyFile, privateKeyEnv' });
    }
    if ((v.kid === undefined) === (v.certificateFile === undefined)) {
      ctx.addIssue({ code: 'custom', input: v, path: [], message: 'needs exactly one of kid, certificateFile' });
    }
  }, { when: () => true });

/** `/healthz` + `/metrics` address of `tollkit run`: `{ host, port }` (port 0 = any free port), or `false` to run without. */
export const httpSchema = z
  .union(
    [
      z.literal(false),
      z.strictObject({
        host: z.string().min(1, { error: 'must be a host name or address to listen on' }).default('127.0.0.1'),
        /** 0 = any free port (printed in the log at start). */
        port: z.int({ error: 'must be a TCP port' }).min(0).max(65535, { error: 'must be a TCP port (0–65535)' }).default(9464),
      }),
    ],
    { error: 'must be false or { host, port }' },
  )
  .default({ host: '127.0.0.1', port: 9464 });

/**
 * One operator allowed to act in the console (replay, resubmit, acknowledge): a token
 * (`Authorization: Bearer`, or the login form) or a password (HTTP basic auth as `<name>:<password>`,
 * or the login form), from an environment variable or a file — never inline.
 */
const consoleOperatorSchema = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/, { error: 'must be 1–64 letters, digits or . _ @ -' }),
    tokenEnv: envVarName.optional(),
    tokenFile: filePath.optional(),
    passwordEnv: envVarName.optional(),
    passwordFile: filePath.optional(),
  })
  .check((ctx) => {
    const v = ctx.value;
    if ([v.tokenEnv, v.tokenFile, v.passwordEnv, v.passwordFile].filter((x) => x !== undefined).length !== 1) {
      ctx.issues.push({ code: 'custom', input: v, path: [], message: 'needs exactly one of tokenEnv, tokenFile, passwordEnv, passwordFile' });
    }
  });

/** The operator console on the ops port (same address as `/healthz` and `/metrics`). */
export const consoleSchema = z
  .strictObject({
    /** Serve the console (`GET /` and below) beside `/healthz` and `/metrics`. */
    enabled: z.boolean({ error: 'must be true or false' }).default(true),
    /** How often pages re-read their live part. */
    refreshMs: positiveMs(500, 60_000).default(2_000),
    /** Who may act; none = the console is read-only. */
    operators: z.array(consoleOperatorSchema).default([]),
  })
  .superRefine(
    (value, ctx) => {
      // Runs even when an operator has errors (every problem at once): read defensively.
      const operators = (value as { operators?: unknown }).operators;
      const seen = new Set<string>();
      (Array.isArray(operators) ? (operators as unknown[]) : []).forEach((o, index) => {
        const name = (o as { name?: unknown } | null)?.name;
        if (typeof name !== 'string') return;
        if (seen.has(name)) ctx.addIssue({ code: 'custom', path: ['operators', index, 'name'], message: `"${name}" is listed twice` });
        seen.add(name);
      });
    },
    { when: () => true },
  )
  .default({ enabled: true, refreshMs: 2_000, operators: [] });

/** How `tollkit run` runs the service. */
export const serviceSchema = z
  .strictObject({
    http: httpSchema,
    /** Pipeline loops working on manifests at once (per instance). */
    workers: z.int({ error: 'must be a whole number' }).min(1, { error: 'must be at least 1' }).max(64, { error: 'must be at most 64' }).default(3),
    /**
     * Digitoll requests of manifest work (sends, lookups, validation-status polls) in flight at once
     * in this instance, shared by all its workers: the load one instance puts on Customs.
     */
    requestsInFlight: z.int({ error: 'must be a whole number' }).min(1, { error: 'must be at least 1' }).max(256, { error: 'must be at most 256' }).default(16),
    /** Pause between reads of the routing feed once it is drained. */
    routingIntervalMs: positiveMs(1000, 3_600_000).default(30_000),
    /** Whether this instance follows the routing feed (with several instances on one store, one is enough; all may). */
    routing: z.boolean({ error: 'must be true or false' }).default(true),
    /** When /healthz answers 503: a channel down, or a file unrecorded in processing/, for longer than this. */
    health: z
      .strictObject({ channelDownMs: positiveMs(100, 86_400_000).default(60_000), unrecordedMs: positiveMs(100, 86_400_000).default(60_000) })
      .default({ channelDownMs: 60_000, unrecordedMs: 60_000 }),
    /** The operator console on the ops port (`http`). */
    console: consoleSchema,
  })
  .default({
    http: { host: '127.0.0.1', port: 9464 },
    workers: 3,
    requestsInFlight: 16,
    routingIntervalMs: 30_000,
    routing: true,
    health: { channelDownMs: 60_000, unrecordedMs: 60_000 },
    console: { enabled: true, refreshMs: 2_000, operators: [] },
  });

/** Customs' emergency routine: the margin before arrival and Customs' contact addresses (one default). */
export const emergencySchema = z
  .strictObject({
    marginMs: positiveMs(60_000, 48 * 3_600_000).default(2 * 3_600_000),
    contacts: z
      .strictObject({ email: z.email({ error: 'must be an e-mail address' }).default(DEFAULT_EMERGENCY_CONTACTS.email) })
      .default({ email: DEFAULT_EMERGENCY_CONTACTS.email }),
  })
  .default({ marginMs: 2 * 3_600_000, contacts: { email: DEFAULT_EMERGENCY_CONTACTS.email } });

/** The adapter's configuration file, as written by the operator. */
export const adapterConfigFileSchema = z
  .strictObject({
    environment: environmentSchema,
    /** Unique per running instance; defaults to `<hostname>:<pid>:<random>`. Used as the lease owner. */
    instanceId: z.string().min(1).max(200).optional(),
    /** SQLite database and other local state (absolute, or relative to the config file). */
    dataDir: z.string().min(1).default('./data'),
    store: storeSchema,
    digitoll: z
      .strictObject({
        /** Base URL; omitted = the environment's default (playground: an embedded simulator). */
        baseUrl: z.url({ error: 'must be an absolute URL' }).optional(),
        /**
         * How long one request to Customs may take before it is given up (default 30 s). A request found in flight
         * after its instance died or lost its lease is looked up only 1.5 × this after it was sent (it may still land
         * until then), so this, not only `leases.manifestMs`, bounds how fast another instance finishes such a file.
         */
        requestTimeoutMs: positiveMs(1000, 300_000).default(30_000),
        /**
         * Also follow Customs' transport-level routing feed (`/routing/v1/transport`) in this environment: only for an
         * organisation Customs gave that service (others get 403, said once in the log and /healthz).
         */
        transportRouting: z.boolean({ error: 'must be true or false' }).default(false),
      })
      .default({ transportRouting: false, requestTimeoutMs: 30_000 }),
    maskinporten: maskinportenSchema.optional(),
    /** How long a lease on a manifest (`manifestMs`) or a result-file write (`outboxMs`) lasts before another worker may take it over. */
    leases: z
      .strictObject({ manifestMs: positiveMs(5000, 3_600_000).default(60_000), outboxMs: positiveMs(5000, 3_600_000).default(60_000) })
      .default({ manifestMs: 60_000, outboxMs: 60_000 }),
    /**
     * Customs' emergency routine (`docs/emergency-sample/README.md`; Customs' page `api/mo/nodrutiner-digitoll-EN.html`):
     * `marginMs` — how close a transport's notified arrival may come while Customs cannot be reached before the
     * emergency pack is written (default 2 h); `contacts.email` — Customs' address for the e-mail routine (air, rail,
     * sea), one default that an operator overrides here.
     */
    emergency: emergencySchema,
    service: serviceSchema,
    channels: z.array(channelSchema).min(1, { error: 'must list at least one channel' }),
  })
  .superRefine((value, ctx) => {
    // Runs even when fields have errors (to report everything at once): read defensively.
    const v = value as Partial<Record<string, unknown>> & { digitoll?: { baseUrl?: unknown } };
    const names = new Map<string, number>();
    (Array.isArray(v.channels) ? (v.channels as unknown[]) : []).forEach((channel, index) => {
      const name = (channel as { name?: unknown } | null)?.name;
      if (typeof name !== 'string') return;
      const first = names.get(name);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['channels', index, 'name'], message: `"${name}" is already the name of channels[${first}]` });
      } else names.set(name, index);
    });
    const environment = v.environment;
    if ((environment === 'test' || environment === 'production') && v.maskinporten === undefined) {
      ctx.addIssue({ code: 'custom', path: ['maskinporten'], message: `is required in the ${environment} environment` });
    }
    const baseUrl = v.digitoll?.baseUrl;
    if (environment === 'production' && typeof baseUrl === 'string' && !baseUrl.startsWith('https://')) {
      ctx.addIssue({ code: 'custom', path: ['digitoll', 'baseUrl'], message: 'must use https in production' });
    }
  }, { when: () => true });

export type AdapterConfigFile = z.infer<typeof adapterConfigFileSchema>;
export type MaskinportenClientConfig = z.infer<typeof maskinportenClientSchema>;
export type ChannelConfigFile = z.infer<typeof channelSchema>;
