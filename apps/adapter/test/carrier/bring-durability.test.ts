/**
 * Bring declarations whose outcome is unknown are recorded and reported, never re-sent blindly:
 * an answer lost after the POST landed, and a crash between "stored as submitting" and the answer.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { examplePaths, readMappingProfile } from '@tollkit/manifest';
import { startPlayground, type Playground } from '@tollkit/playground';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceCarrierRows, UNKNOWN_OUTCOME_TEXT } from '../../src/carrier/advance-carrier-rows.js';
import { collectCarrierResult } from '../../src/carrier/build-carrier-result.js';
import type { BringDeclarationPort, BringTarget, CarrierChannelProfile } from '../../src/carrier/carrier-target.js';
import { createCarrierTarget } from '../../src/carrier/load-carrier-targets.js';
import { planCarrierManifest } from '../../src/carrier/plan-carrier-manifest.js';
import { bringTargetSchema } from '../../src/carrier/target-schema.js';
import { parseManifestFile } from '../../src/pipeline/parse-manifest-file.js';
import { defaultTuning, type PipelineDeps } from '../../src/pipeline/ports.js';
import { connectPlayground } from '../../src/service/connect-playground.js';
import { channelFiles } from '../../src/service/lib/channel-files.js';
import type { RunningService } from '../../src/service/start-service.js';
import type { JobStore } from '../../src/store/job-store.js';
import { openJobStore } from '../../src/store/open-job-store.js';
import { list, localChannel, memoryLog, startTestService, tempRoot, waitFor } from '../e2e/harness.js';
import { manyParcels, voecManifest } from './voec-manifest.js';

interface BringCounters {
  accepted: number;
  byConsignmentId: Record<string, number>;
}

describe('Bring target: unknown outcomes', () => {
  let pg: Playground;
  let store: JobStore;
  const temp = tempRoot('tollkit-carrier-durable-');
  const log = memoryLog();
  let real: BringTarget;

  beforeAll(async () => {
    pg = await startPlayground({ port: 0, validationDelayMs: 0, log: () => undefined, bringRateLimitPerSecond: 0 });
    store = (await openJobStore({ kind: 'sqlite', dataDir: join(temp.root, 'data') })).store;
    const config = bringTargetSchema.parse({
      kind: 'bring', baseUrl: pg.bringUrl, apiUid: 'ops@forwarder.example', apiKeyFile: 'unused', testIndicator: true,
      customerNumber: '20012345678', goodsValue: 'unit-price',
    });
    real = createCarrierTarget(config, { apiKey: 'test-key' }) as BringTarget;
  });

  afterAll(async () => {
    await store?.close();
    await pg?.close();
    temp.remove();
  });

  const bring = (): BringCounters => pg.counters.snapshot().bring as BringCounters;

  it('a declaration whose answer is lost is reported NEEDS_ATTENTION and only re-sent when the operator drops it again', async () => {
    const lostId = 'LOST200001';
    // The real client POSTs to the playground; for one house the answer is then lost on the way back.
    let lostOnce = false;
    const port: BringDeclarationPort = {
      async submitDeclaration(body) {
        const result = await real.client.submitDeclaration(body);
        if (body.shipment.consignmentId === lostId && !lostOnce && (lostOnce = true)) throw Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
        return result;
      },
    };
    const profile: CarrierChannelProfile = {
      name: 'lost',
      profile: await readMappingProfile(examplePaths('voec-webshop').profilePath),
      profileName: 'voec-webshop',
      resultFormat: 'json',
      carrier: { ...real, client: port },
    };
    let service: RunningService | undefined;
    try {
      service = await startTestService(pg, store, [{ channel: localChannel(temp.root, 'lost'), profile }], log);
      const parcels = manyParcels(6, 'LOST');
      const dir = join(temp.root, 'lost');
      mkdirSync(join(dir, 'inbox'), { recursive: true });
      writeFileSync(join(dir, 'inbox', 'lost.tsv'), voecManifest(parcels));
      const name = await waitFor('result file', () => list(join(dir, 'outbox')).find((f) => f.includes('.result-')), 60_000);
      const result = JSON.parse(readFileSync(join(dir, 'outbox', name), 'utf8')) as { lines: { documentNumber: string; status: string; carrierError: string | null }[] };
      const lost = result.lines.find((l) => l.documentNumber === lostId);
      expect(lost?.status).toBe('NEEDS_ATTENTION');
      expect(lost?.carrierError).toContain(UNKNOWN_OUTCOME_TEXT);
      expect(result.lines.filter((l) => l.status === 'ACCEPTED')).toHaveLength(5);
      // It landed once at Bring and the adapter did not send it again.
      expect(bring().byConsignmentId[lostId]).toBe(1);
      for (const p of parcels) expect(bring().byConsignmentId[p.tracking]).toBe(1);

      // The operator checked Mybring and drops the house again: now it is sent (not "unchanged").
      writeFileSync(join(dir, 'inbox', 'lost-again.tsv'), voecManifest(parcels.filter((p) => p.tracking === lostId)));
      const again = await waitFor('second result', () => list(join(dir, 'outbox')).find((f) => f.startsWith('lost-again.tsv.result-')), 60_000);
      const second = JSON.parse(readFileSync(join(dir, 'outbox', again), 'utf8')) as { lines: { documentNumber: string; status: string }[] };
      expect(second.lines).toEqual([expect.objectContaining({ documentNumber: lostId, status: 'ACCEPTED' })]);
      expect(bring().byConsignmentId[lostId]).toBe(2);
    } finally {
      await service?.close();
    }
  }, 90_000);

  it('a declaration left "submitting" by a crash is not re-sent after a restart', async () => {
    const channel = localChannel(temp.root, 'crash');
    const settings: CarrierChannelProfile = {
      name: 'crash',
      profile: await readMappingProfile(examplePaths('voec-webshop').profilePath),
      profileName: 'voec-webshop',
      resultFormat: 'csv',
      carrier: real,
    };
    let clock = Date.now();
    const deps: PipelineDeps = {
      store,
      client: connectPlayground(pg).client,
      channel: () => ({ settings, files: channelFiles(channel) }),
      log,
      now: () => clock,
      owner: 'instance-b',
      tuning: { ...defaultTuning, inFlightGraceMs: 45_000 },
      parse: parseManifestFile,
    };
    const parcels = manyParcels(4, 'CRASH');
    const bytes = Buffer.from(voecManifest(parcels));

    const { manifest } = await store.receiveManifest({ channel: 'crash', originalName: 'crash.tsv', processingName: 'p-crash.tsv', contentHash: 'sha256:crash', size: bytes.length });
    const leased = await store.leaseNextManifest({ owner: 'instance-b', leaseMs: 60_000, channel: 'crash' });
    expect(leased?.id).toBe(manifest.id);
    const plan = planCarrierManifest(await parseManifestFile(bytes, 'crash.tsv', settings), real);
    const rows = await store.planNotifications(manifest.id, 'instance-b', plan.items);
    await store.transitionManifest(manifest.id, { from: 'claimed', to: 'parsed', owner: 'instance-b' });
    const submitting = await store.transitionManifest(manifest.id, { from: 'parsed', to: 'submitting', owner: 'instance-b' });
    // What instance A left behind when it was killed: the first house stored as submitting, answer never seen.
    const first = rows?.[0];
    await store.transitionNotification(first?.id as string, { from: 'planned', to: 'submitting' });

    const round1 = await advanceCarrierRows(deps, submitting!, real, { lost: false });
    expect(round1.sent).toBe(3);
    expect(round1.settled).toBe(false); // still within the in-flight grace: A's request might be on the wire
    clock += 46_000;
    const round2 = await advanceCarrierRows(deps, submitting!, real, { lost: false });
    expect(round2).toMatchObject({ sent: 0, settled: true });

    const after = await store.listNotifications(manifest.id);
    expect(after.map((n) => n.state)).toEqual(['outcome-unknown', 'accepted', 'accepted', 'accepted']);
    expect(bring().byConsignmentId[parcels[0]!.tracking]).toBeUndefined(); // never re-sent by the adapter
    for (const p of parcels.slice(1)) expect(bring().byConsignmentId[p.tracking]).toBe(1);
    const result = collectCarrierResult(submitting!, 'bring', after, clock);
    expect(result.lines[0]).toMatchObject({ status: 'NEEDS_ATTENTION', documentNumber: parcels[0]!.tracking });
    expect(result.lines[0]?.carrierError).toContain('the adapter stopped while sending it');
    expect(result.summary).toEqual({ NEEDS_ATTENTION: 1, ACCEPTED: 3 });
  });
});
