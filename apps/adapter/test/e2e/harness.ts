/**
 * Test harness for end-to-end runs: a real playground, real local folders, a real SQLite store and
 * the real service. Nothing is mocked.
 */
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXAMPLE_REFERENCE_DATE, exampleMessagePaths, readMappingProfile, readPartnerProfile, type ExampleName, examplePaths, type MessageExampleName } from '@tollkit/manifest';
import type { DigitollEvent } from '@tollkit/digitoll-client';
import { startPlayground, type Playground } from '@tollkit/playground';
import { createLocalChannel } from '../../src/intake/local-channel.js';
import { createSftpChannel } from '../../src/intake/sftp-channel.js';
import { sftpConnectionTo, type SshdServer } from '../support/sshd.js';
import type { Channel } from '../../src/intake/channel.js';
import type { ChannelProfile, PipelineLog, PipelineTuning, ResultFormat } from '../../src/pipeline/ports.js';
import { connectPlayground } from '../../src/service/connect-playground.js';
import { startService, type HealthThresholds, type RunningService, type ServiceChannel } from '../../src/service/start-service.js';
import type { JobStore } from '../../src/store/job-store.js';
import { openJobStore } from '../../src/store/open-job-store.js';
import { waitFor as pollFor } from '../support/wait-for.js';
import { findUncarriedMasters, groupByCarrier, notifyCarrierTransport } from '../../src/commands/lib/carrier-transport.js';

export const FOLDERS = { inbox: 'inbox', processing: 'processing', archive: 'archive', failed: 'failed', outbox: 'outbox' };

/** Tomorrow (UTC) as yyyy-MM-dd: the examples' arrival day is moved there so arrival rules pass. */
export function tomorrow(): string {
  return new Date(Date.now() + 24 * 3600_000).toISOString().slice(0, 10);
}

/** The profile of a bundled example as a channel profile, its dates moved to tomorrow. */
export async function exampleProfile(name: ExampleName, resultFormat: ResultFormat = 'csv', channelName = name): Promise<ChannelProfile> {
  const profile = await readMappingProfile(examplePaths(name).profilePath);
  return { name: channelName, profile, profileName: name, resultFormat, dateRebase: { from: EXAMPLE_REFERENCE_DATE, to: tomorrow() } };
}

/** A bundled relation or arrival example profile (`kind: relation` / `kind: arrival`) as channel `channel`'s profile. */
export async function messageProfile(name: MessageExampleName, channel: string): Promise<ChannelProfile> {
  return { name: channel, profile: await readPartnerProfile(exampleMessagePaths(name).profilePath), profileName: name, resultFormat: 'csv' };
}

/** The bundled road-forwarder-export profile as channel `name`'s profile (for generated road manifests, no date rebase). */
export async function roadProfile(name: string, resultFormat: ResultFormat = 'csv'): Promise<ChannelProfile> {
  return { name, profile: await readMappingProfile(examplePaths('road-forwarder-export').profilePath), profileName: 'road', resultFormat };
}

/** A local folder channel under `root/<name>` that scans often. */
export function localChannel(root: string, name: string): Channel {
  return createLocalChannel({
    name,
    root: join(root, name),
    folders: FOLDERS,
    include: ['*'],
    exclude: [],
    pollIntervalMs: 200,
    readiness: { mode: 'stable', stableForMs: 150, doneSuffix: '.done' },
    maxFileBytes: 50 * 1024 * 1024,
  });
}

/**
 * An SFTP channel `name` at `<sshd root>/partners/<name>` (folders created) that scans often; returns
 * it with its remote root.
 */
export function sftpTestChannel(
  sshd: SshdServer,
  name: string,
  options: { include: string[]; readiness?: 'rename' | 'done-marker' },
): { channel: Channel; remote: string } {
  const remote = join(sshd.root, 'partners', name);
  for (const folder of Object.values(FOLDERS)) mkdirSync(join(remote, folder), { recursive: true });
  const channel = createSftpChannel({
    name,
    root: remote,
    folders: FOLDERS,
    include: options.include,
    exclude: [],
    pollIntervalMs: 300,
    readiness: { mode: options.readiness ?? 'rename', stableForMs: 0, doneSuffix: '.done' },
    maxFileBytes: 1024 * 1024,
    connection: sftpConnectionTo(sshd, { backoff: { initialMs: 100, maxMs: 1_000 } }),
  });
  return { channel, remote };
}

/**
 * Writes the playground's demo key and certificate to `root/key.pem` and `root/cert.pem`; returns the
 * config's `maskinporten` section naming them (absolute paths).
 */
export function writePlaygroundCredentials(root: string, pg: Playground): { clientId: string; privateKeyFile: string; certificateFile: string } {
  writeFileSync(join(root, 'key.pem'), pg.demoClient.keyPem);
  writeFileSync(join(root, 'cert.pem'), pg.demoClient.certificatePem);
  return { clientId: pg.demoClient.clientId, privateKeyFile: join(root, 'key.pem'), certificateFile: join(root, 'cert.pem') };
}

/**
 * Writes the playground's demo key and certificate and a `tollkit.yaml` under `root` (data in
 * `./data`, one local channel `acme` at `./acme`: road-forwarder-export, JSON results, rename
 * readiness, 200 ms polls); `extraLines` go before `channels:`. Returns the config file's path.
 */
export function writePlaygroundConfig(root: string, pg: Playground, extraLines: readonly string[] = []): string {
  writePlaygroundCredentials(root, pg);
  const configFile = join(root, 'tollkit.yaml');
  writeFileSync(
    configFile,
    [
      'environment: playground',
      'dataDir: ./data',
      'digitoll:',
      `  baseUrl: ${pg.url}`,
      'maskinporten:',
      `  clientId: ${pg.demoClient.clientId}`,
      '  privateKeyFile: ./key.pem',
      '  certificateFile: ./cert.pem',
      ...extraLines,
      'channels:',
      '  - kind: local',
      '    name: acme',
      '    profile: road-forwarder-export',
      '    path: ./acme',
      '    resultFormat: json',
      '    pollIntervalMs: 200',
      '    readiness: { mode: rename }',
      '',
    ].join('\n'),
  );
  return configFile;
}

/** Collects log lines in memory (and shows errors), so tests can assert on them. */
export function memoryLog(): PipelineLog & { lines: { level: string; msg: string; obj: Record<string, unknown> }[] } {
  const lines: { level: string; msg: string; obj: Record<string, unknown> }[] = [];
  const at = (level: string) => (obj: Record<string, unknown>, msg: string) => {
    lines.push({ level, msg, obj });
    if (level === 'error' && process.env['TOLLKIT_TEST_VERBOSE'] !== undefined) console.error(msg, obj);
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/**
 * Files in a folder (sorted), or [] when it does not exist. Hidden files (a writer's temporary
 * `.name.tmp` before its rename) are left out unless `all` is set.
 */
export function list(dir: string, options: { all?: boolean } = {}): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => options.all === true || !f.startsWith('.'))
      .sort();
  } catch {
    return [];
  }
}

/** Polls `check` every 100 ms until it returns a value other than `undefined`/`false` (the e2e tests' argument order). */
export function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  return pollFor(check, { what, timeoutMs, intervalMs: 100 });
}

/**
 * Makes every transport the store has an MRN for arrive at the playground (which routes its houses).
 * Masters from manifests without a transport (postal, VOEC) get a transport notified by "the carrier"
 * first (`notifyCarrierTransport`), which then arrives too.
 */
export async function arriveAllTransports(store: JobStore, pg: Playground, arrived: Set<string>, carried = new Set<string>()): Promise<number> {
  const uncarried = await findUncarriedMasters(store, carried);
  if (uncarried.length > 0) {
    const { client } = connectPlayground(pg);
    for (const group of groupByCarrier(uncarried)) {
      const mrn = await notifyCarrierTransport(client, group, { now: Date.now(), sequence: carried.size + arrived.size });
      for (const m of group) carried.add(`master-consignment|${m.documentNumber}|${m.type}|${m.carrier}`);
      if (mrn !== undefined && !arrived.has(mrn)) {
        pg.arriveTransport(mrn);
        arrived.add(mrn);
      }
    }
  }
  const transports = (await store.findNotifications({ states: ['accepted', 'routed'] })).filter((n) => n.level === 'transport' && n.mrn !== null);
  let count = 0;
  for (const t of transports) {
    if (t.mrn === null || arrived.has(t.mrn)) continue;
    pg.arriveTransport(t.mrn);
    arrived.add(t.mrn);
    count++;
  }
  return count;
}

/** Starts the service over the given channels against the playground, with fast timings for tests. */
export async function startTestService(
  pg: Playground,
  store: JobStore,
  channels: readonly ServiceChannel[],
  log: PipelineLog,
  extra: {
    http?: boolean;
    console?: boolean;
    owner?: string;
    tuning?: Partial<PipelineTuning>;
    health?: Partial<HealthThresholds>;
    onClientEvent?: (event: DigitollEvent) => void;
    progressIntervalMs?: number;
    /** Follow the transport-level routing feed too. */
    transportFeed?: boolean;
    /** Sign in as this Maskinporten client of the playground instead of the demo client (another organisation). */
    maskinportenClient?: Playground['demoClient'];
  } = {},
): Promise<RunningService> {
  const endpoints = extra.maskinportenClient === undefined ? pg : { url: pg.url, maskinporten: pg.maskinporten, demoClient: extra.maskinportenClient };
  const { client } = connectPlayground(endpoints, { lookupDelayMs: 200, onEvent: extra.onClientEvent });
  return startService({
    store,
    client,
    channels,
    log,
    ...(extra.http === true ? { http: { host: '127.0.0.1', port: 0 } } : {}),
    // The read-only operator console beside /metrics.
    ...(extra.console === true ? { console: { operators: [] } } : {}),
    ...(extra.owner !== undefined ? { owner: extra.owner } : {}),
    ...(extra.health !== undefined ? { health: extra.health } : {}),
    workers: 2,
    routing: { enabled: true, intervalMs: 300, transportFeed: extra.transportFeed === true },
    outboxIntervalMs: 300,
    idlePollMs: 200,
    tuning: { initialPollDelayMs: 100, pollIntervalMs: 100, maxPollIntervalMs: 1_000, retryDelayMs: 300, pollRoundMs: 10_000, leaseMs: 30_000, ...extra.tuning },
    shutdownGraceMs: 5_000,
    ...(extra.progressIntervalMs !== undefined ? { progressIntervalMs: extra.progressIntervalMs } : {}),
  });
}

/**
 * A playground, a store (SQLite under `root/data`, or the PostgreSQL database `extra.postgresUrl`) and the service with
 * one local channel `root/<name>` reading generated road manifests (the road-forwarder-export profile). `close` stops all three.
 */
export async function startRoadService(
  root: string,
  name: string,
  log: PipelineLog,
  tuning: Partial<PipelineTuning> = {},
  extra: { http?: boolean; console?: boolean; postgresUrl?: string } = {},
): Promise<{ pg: Playground; store: JobStore; service: RunningService; close: () => Promise<void> }> {
  const pg = await startPlayground({ port: 0, validationDelayMs: 20, log: () => undefined });
  const store = (
    await openJobStore(extra.postgresUrl === undefined ? { kind: 'sqlite', dataDir: join(root, 'data') } : { kind: 'postgres', connectionString: extra.postgresUrl })
  ).store;
  const profile = await readMappingProfile(examplePaths('road-forwarder-export').profilePath);
  const service = await startTestService(pg, store, [{ channel: localChannel(root, name), profile: { name, profile, profileName: 'road', resultFormat: 'csv' } }], log, { tuning, ...extra });
  return {
    pg,
    store,
    service,
    close: async () => {
      await service.close();
      await store.close();
      await pg.close();
    },
  };
}

/** Writes `bytes` next to `inbox` and renames it in (a writer that never shows a partial file). */
export function dropInto(inbox: string, name: string, bytes: Buffer | string): void {
  mkdirSync(inbox, { recursive: true });
  const staged = join(inbox, '..', `.${name}.staged`);
  writeFileSync(staged, bytes);
  renameSync(staged, join(inbox, name));
}

/** A temporary folder removed by the returned function. */
export function tempRoot(prefix: string): { root: string; remove: () => void } {
  const root = mkdtempSync(join(tmpdir(), prefix));
  return {
    root,
    remove: () => {
      if (process.env['TOLLKIT_KEEP_TEST_DIRS'] === undefined) rmSync(root, { recursive: true, force: true });
      else console.log(`kept ${root}`);
    },
  };
}
