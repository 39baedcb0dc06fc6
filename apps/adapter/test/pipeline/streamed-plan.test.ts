/**
 * Big manifests are planned while they are read and stored in batches. A crash in the middle of
 * planning (here: the store fails after one committed batch, in the middle of the second) leaves the
 * manifest `claimed` with part of its rows — never `parsed` — and the next attempt stores only the
 * missing rows: every row exactly once, every house POSTed exactly once. The same for a
 * cancellation marker (its DELETEs are planned page by page), and a file found unreadable after
 * rows were stored is failed with those rows discarded.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { examplePaths, readMappingProfile } from '@tollkit/manifest';
import { startPlayground, type Playground } from '@tollkit/playground';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel } from '../../src/intake/channel.js';
import { createLocalChannel } from '../../src/intake/local-channel.js';
import { defaultTuning, type ChannelProfile, type PipelineDeps } from '../../src/pipeline/ports.js';
import { processManifest } from '../../src/pipeline/process-manifest.js';
import { connectPlayground } from '../../src/service/connect-playground.js';
import { channelFiles } from '../../src/service/lib/channel-files.js';
import type { JobStore, ManifestRecord, PlannedNotificationInput } from '../../src/store/job-store.js';
import { openJobStore } from '../../src/store/open-job-store.js';
import { generateRoadManifest } from '../e2e/generate-manifest.js';
import { FOLDERS, list, memoryLog, tempRoot } from '../e2e/harness.js';

const HOUSES = 1_600;

/** The real store, except that planning dies after `failAfter` items have been handed to it. */
function storeDyingWhilePlanning(store: JobStore, failAfter: number): JobStore {
  async function* dying(items: AsyncIterable<PlannedNotificationInput>): AsyncGenerator<PlannedNotificationInput> {
    let n = 0;
    for await (const item of items) {
      if (n++ === failAfter) throw new Error('simulated crash while planning');
      yield item;
    }
  }
  return new Proxy(store, {
    get(target, property) {
      if (property === 'planNotificationsStream') {
        return (id: string, owner: string, items: AsyncIterable<PlannedNotificationInput>, options?: { batchSize?: number }) =>
          target.planNotificationsStream(id, owner, dying(items), options);
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('streamed planning of a big manifest', () => {
  let pg: Playground;
  let store: JobStore;
  let channel: Channel;
  let settings: ChannelProfile;
  const temp = tempRoot('tollkit-streamed-plan-');
  const root = join(temp.root, 'acme');

  beforeAll(async () => {
    pg = await startPlayground({ port: 0, validationDelayMs: 0, log: () => undefined });
    store = (await openJobStore({ kind: 'sqlite', dataDir: join(temp.root, 'data'), synchronous: 'normal' })).store;
    for (const folder of Object.values(FOLDERS)) mkdirSync(join(root, folder), { recursive: true });
    channel = createLocalChannel({
      name: 'acme',
      root,
      folders: FOLDERS,
      include: ['*.csv', '*.cancel'],
      exclude: [],
      pollIntervalMs: 200,
      readiness: { mode: 'rename', stableForMs: 0, doneSuffix: '.done' },
      maxFileBytes: 50 * 1024 * 1024,
    });
    settings = { name: 'acme', profile: await readMappingProfile(examplePaths('road-forwarder-export').profilePath), profileName: 'road', resultFormat: 'csv' };
  });

  afterAll(async () => {
    await store?.close();
    await pg?.close();
    temp.remove();
  });

  const depsWith = (s: JobStore, owner: string, log = memoryLog()): PipelineDeps => ({
    store: s,
    client: connectPlayground(pg).client,
    channel: (name) => (name === 'acme' ? { settings, files: channelFiles(channel, { root, processing: FOLDERS.processing }) } : undefined),
    log,
    now: Date.now,
    owner,
    tuning: { ...defaultTuning, initialPollDelayMs: 20, pollIntervalMs: 20, maxPollIntervalMs: 200, retryDelayMs: 0, inFlightGraceMs: 0, submitConcurrency: 16 },
    parse: () => Promise.reject(new Error('the streamed path must not read the whole file')),
  });

  /** Drops a file into the inbox (atomically), claims it and records it, as the service's intake does. */
  async function dropAndReceive(name: string, bytes: Uint8Array) {
    writeFileSync(join(root, `${name}.tmp`), bytes);
    renameSync(join(root, `${name}.tmp`), join(root, FOLDERS.inbox, name));
    const [ready] = (await channel.scan()).ready;
    const claimed = ready === undefined ? undefined : await channel.claim(ready);
    if (claimed === undefined) throw new Error(`${name} was not claimed`);
    const read = await channel.digest(claimed);
    const { manifest } = await store.receiveManifest({ channel: 'acme', originalName: name, processingName: claimed.processingName, contentHash: read.contentHash, size: read.size });
    return { claimed, manifest };
  }

  /** A second instance leasing and driving manifests until one is archived (or 200 tries pass). */
  async function driveUntilArchived(owner: string): Promise<string> {
    let outcome = '';
    for (let attempt = 0; attempt < 200 && outcome !== 'archived'; attempt++) {
      const leased = await store.leaseNextManifest({ owner, leaseMs: 60_000 });
      if (leased === undefined) {
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      outcome = await processManifest(depsWith(store, owner), leased);
    }
    return outcome;
  }

  it('a crash mid-plan leaves the manifest claimed; the restart stores each row exactly once and sends each house once', { timeout: 120_000 }, async () => {
    const generated = generateRoadManifest(1, HOUSES, { tag: 'S' });
    const { claimed, manifest } = await dropAndReceive('big.csv', generated.bytes);

    // First instance: dies after 1,300 items (batch 1 of 1,000 committed, batch 2 lost).
    const first = await store.leaseNextManifest({ owner: 'instance-a', leaseMs: 60_000 });
    expect(first?.id).toBe(manifest.id);
    const firstLog = memoryLog();
    expect(await processManifest(depsWith(storeDyingWhilePlanning(store, 1_300), 'instance-a', firstLog), first as ManifestRecord)).toBe('released');
    expect(firstLog.lines.some((l) => l.level === 'error' && l.obj['error'] === 'simulated crash while planning')).toBe(true);
    expect((await store.getManifest(manifest.id))?.state).toBe('claimed');
    const partial = await store.listNotifications(manifest.id);
    expect(partial).toHaveLength(1_000);
    expect(pg.counters.postsFor('house-consignment', generated.houses[0] as string, 'N730')).toBe(0);

    // Second instance: re-reads the file, adds the missing rows, sends, writes the result, archives.
    expect(await driveUntilArchived('instance-b')).toBe('archived');
    const rows = await store.listNotifications(manifest.id);
    expect(rows).toHaveLength(HOUSES + 2);
    expect(new Set(rows.map((r) => r.key)).size).toBe(HOUSES + 2);
    expect(rows.map((r) => r.position)).toEqual(Array.from({ length: HOUSES + 2 }, (_, i) => i + 1));
    // The rows of the first attempt were kept, not planned again.
    expect(rows.slice(0, 1_000).map((r) => r.id)).toEqual(partial.map((r) => r.id));
    for (const r of rows) expect(r.state, r.documentNumber).toBe('accepted');
    for (const house of generated.houses) expect(pg.counters.postsFor('house-consignment', house, 'N730'), house).toBe(1);
    const results = list(join(root, FOLDERS.outbox)).filter((f) => f.startsWith('big.csv.result-'));
    expect(results).toHaveLength(1);
    const lines = readFileSync(join(root, FOLDERS.outbox, results[0] as string), 'utf8').trim().split('\r\n');
    expect(lines).toHaveLength(HOUSES + 3);
    expect(list(join(root, FOLDERS.archive))).toEqual([claimed.processingName]);
  });

  it('a cancellation of that big manifest interrupted mid-plan: re-planned with each DELETE stored and sent once, houses first', { timeout: 120_000 }, async () => {
    const target = (await store.findManifests({ channel: 'acme', originalName: 'big.csv' }))[0];
    expect(target?.state).toBe('archived');
    writeFileSync(join(root, FOLDERS.inbox, 'big.csv.cancel'), '');
    const marker = (await channel.scan()).ready.find((f) => f.name === 'big.csv.cancel');
    const claimed = marker === undefined ? undefined : await channel.claim(marker);
    if (claimed === undefined) throw new Error('the marker was not claimed');
    const { manifest } = await store.receiveManifest({ channel: 'acme', originalName: 'big.csv.cancel', processingName: claimed.processingName, contentHash: 'sha256:e3b0', size: 0 });
    const first = await store.leaseNextManifest({ owner: 'instance-a', leaseMs: 60_000 });
    expect(first?.id).toBe(manifest.id);
    expect(await processManifest(depsWith(storeDyingWhilePlanning(store, 1_100), 'instance-a'), first as ManifestRecord)).toBe('released');
    expect((await store.getManifest(manifest.id))?.state).toBe('claimed');
    const partial = await store.listNotifications(manifest.id);
    expect(partial).toHaveLength(1_000);
    const deletes = () => Object.entries(pg.counters.snapshot().requests).filter(([endpoint]) => endpoint.startsWith('DELETE ')).reduce((sum, [, n]) => sum + n, 0);
    expect(deletes()).toBe(0);

    expect(await driveUntilArchived('instance-b')).toBe('archived');
    const rows = await store.listNotifications(manifest.id);
    expect(rows).toHaveLength(HOUSES + 2);
    expect(rows.map((r) => r.position)).toEqual(Array.from({ length: HOUSES + 2 }, (_, i) => i + 1));
    expect(rows.slice(0, 1_000).map((r) => r.id)).toEqual(partial.map((r) => r.id));
    expect(rows.slice(0, HOUSES).every((r) => r.level === 'house-consignment')).toBe(true);
    expect(rows.slice(HOUSES).map((r) => r.level)).toEqual(['master-consignment', 'transport']);
    for (const r of rows) expect([r.operation, r.state], r.documentNumber).toEqual(['delete', 'accepted']);
    expect(deletes()).toBe(HOUSES + 2);
  });

  it('a file that fails after rows were stored (too large, found while streaming) is failed with its rows discarded', { timeout: 60_000 }, async () => {
    const generated = generateRoadManifest(2, 2_000, { tag: 'T' });
    const small: ChannelProfile = { ...settings, profile: { ...(settings.profile as object), limits: { ...(settings.profile as { limits: object }).limits, maxFileBytes: Math.floor(generated.bytes.length * 0.6) } } };
    const { claimed, manifest } = await dropAndReceive('big2.csv', generated.bytes);
    const leased = await store.leaseNextManifest({ owner: 'instance-c', leaseMs: 60_000 });
    expect(leased?.id).toBe(manifest.id);
    const deps = depsWith(store, 'instance-c');
    const seen: number[] = [];
    const counting = new Proxy(store, {
      get(target, property) {
        if (property === 'planNotificationsStream') {
          return async (id: string, owner: string, items: AsyncIterable<PlannedNotificationInput>) => {
            const counts = await target.planNotificationsStream(id, owner, items, { batchSize: 50 });
            seen.push((await target.listNotifications(id)).length);
            return counts;
          };
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const outcome = await processManifest({ ...deps, store: counting, channel: () => ({ settings: small, files: channelFiles(channel, { root, processing: FOLDERS.processing }) }) }, leased as ManifestRecord);
    expect(outcome).toBe('failed');
    expect(seen[0]).toBeGreaterThan(50); // rows had been stored before the limit was reached
    expect(await store.listNotifications(manifest.id)).toEqual([]);
    expect(await store.getManifest(manifest.id)).toMatchObject({ state: 'failed', failure: { code: 'MANIFEST_UNREADABLE' } });
    const report = list(join(root, FOLDERS.failed)).find((f) => f.startsWith(claimed.processingName) && f.endsWith('.error.txt'));
    expect(readFileSync(join(root, FOLDERS.failed, report as string), 'utf8')).toContain('FILE_TOO_LARGE');
  });
});
