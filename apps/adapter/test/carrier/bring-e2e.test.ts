/**
 * Manifest → Bring Customs API → result file, against the real playground on loopback, with real
 * folders, the real service and a SQLite store; the playground throttles Bring hard (429 burst).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { examplePaths, readMappingProfile } from '@tollkit/manifest';
import { startPlayground, type Playground } from '@tollkit/playground';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCarrierTarget } from '../../src/carrier/load-carrier-targets.js';
import { bringTargetSchema } from '../../src/carrier/target-schema.js';
import type { CarrierChannelProfile } from '../../src/carrier/carrier-target.js';
import type { RunningService } from '../../src/service/start-service.js';
import type { JobStore } from '../../src/store/job-store.js';
import { openJobStore } from '../../src/store/open-job-store.js';
import { list, localChannel, memoryLog, startTestService, tempRoot, waitFor } from '../e2e/harness.js';
import { readResultCsv } from '../support/result-csv.js';
import { manyParcels, voecManifest } from './voec-manifest.js';

interface BringCounters {
  accepted: number;
  failed: number;
  throttled: number;
  byConsignmentId: Record<string, number>;
}

describe('Bring target end to end against the playground', () => {
  let pg: Playground;
  let store: JobStore;
  let service: RunningService;
  const temp = tempRoot('tollkit-carrier-bring-');
  const log = memoryLog();
  const retries: string[] = [];

  beforeAll(async () => {
    pg = await startPlayground({ port: 0, validationDelayMs: 0, log: () => undefined });
    store = (await openJobStore({ kind: 'sqlite', dataDir: join(temp.root, 'data') })).store;
    const config = bringTargetSchema.parse({
      kind: 'bring',
      baseUrl: pg.bringUrl,
      apiUid: 'ops@forwarder.example',
      apiKeyEnv: 'UNUSED_IN_THIS_TEST',
      testIndicator: true,
      customerNumber: '20012345678',
      goodsValue: 'unit-price',
      concurrency: 8,
      maxRetries: 3,
    });
    const carrier = createCarrierTarget(config, { apiKey: 'test-key' }, { onRetry: (info) => retries.push(info.reason) });
    const profile: CarrierChannelProfile = {
      name: 'bring-voec',
      profile: await readMappingProfile(examplePaths('voec-webshop').profilePath),
      profileName: 'voec-webshop',
      resultFormat: 'csv',
      carrier,
    };
    service = await startTestService(pg, store, [{ channel: localChannel(temp.root, 'bring-voec'), profile }], log);
  });

  afterAll(async () => {
    await service?.close();
    await store?.close();
    await pg?.close();
    temp.remove();
  });

  it('declares every house exactly once through a 429 burst and writes the result file', async () => {
    pg.setFaults({ bringRateLimitPerSecond: 4 });
    const parcels = manyParcels(36);
    // One house with no goods value: caught locally with its file line, never sent.
    const broken = { tracking: 'NGXBROKEN1', contents: 'mystery box', lines: [{ item: 'Box', hsCode: '851830', qty: 1, unitPrice: '', weightKg: '1.0' }] };
    const dir = join(temp.root, 'bring-voec');
    mkdirSync(join(dir, 'inbox'), { recursive: true });
    writeFileSync(join(dir, 'inbox', '.orders.tmp'), voecManifest([...parcels, broken]));
    renameSync(join(dir, 'inbox', '.orders.tmp'), join(dir, 'inbox', 'orders.tsv'));

    const resultName = await waitFor('Bring result file', () => list(join(dir, 'outbox')).find((f) => f.includes('.result-')), 90_000);
    const rows = readResultCsv(readFileSync(join(dir, 'outbox', resultName)));
    expect(rows).toHaveLength(37);

    const accepted = rows.filter((r) => r['status'] === 'ACCEPTED');
    expect(accepted.map((r) => r['documentNumber']).sort()).toEqual(parcels.map((p) => p.tracking).sort());
    for (const row of accepted) {
      expect(row['processingId']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(row['target']).toBe('bring');
    }
    const failed = rows.filter((r) => r['status'] === 'FAILED');
    expect(failed.map((r) => r['documentNumber'])).toEqual(['NGXBROKEN1']);
    // 36 parcels, 12 of them with two lines: the broken parcel's one goods line is file line 2 + 48 = 50.
    expect(failed[0]?.['line']).toBe('50');
    expect(failed[0]?.['errors']).toMatch(/line 50: .*Unit price NOK/);
    expect(failed[0]?.['processingId']).toBe('');

    const bring = pg.counters.snapshot().bring as BringCounters;
    if (process.env["TOLLKIT_TEST_VERBOSE"] !== undefined) console.log(JSON.stringify({ throttled: bring.throttled, accepted: bring.accepted, retries: retries.length, requeued: log.lines.filter((l) => l.msg.includes("did not process")).length }), rows.slice(-2));
    // The burst really happened, and every consignment was accepted exactly once.
    expect(bring.throttled).toBeGreaterThan(10);
    expect(retries.filter((r) => r === '429').length).toBeGreaterThan(0);
    expect(bring.accepted).toBe(36);
    expect(Object.keys(bring.byConsignmentId).sort()).toEqual(parcels.map((p) => p.tracking).sort());
    expect(Object.values(bring.byConsignmentId).every((n) => n === 1)).toBe(true);
    expect(bring.byConsignmentId['NGXBROKEN1']).toBeUndefined();

    // The processing ids in the result are Bring's, stored per house.
    const stored = await store.findNotifications({ states: ['accepted'] });
    expect(new Set(stored.map((n) => n.requestId))).toEqual(new Set(accepted.map((r) => r['processingId'])));

    await waitFor('manifest archived', () => list(join(dir, 'archive')).some((f) => f.endsWith('orders.tsv')));
    expect(list(join(dir, 'inbox'))).toEqual([]);
    expect(list(join(dir, 'processing'))).toEqual([]);
    expect(list(join(dir, 'outbox')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 120_000);
});
