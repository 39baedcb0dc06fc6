/**
 * The exactly-once rules of `advanceNotifications`, step by step against the real playground:
 * a notification left in `submitting` (the process died during its POST) is looked up by document
 * number before anything is re-sent — found → its MRN is adopted, not found → sent once.
 */
import { join } from 'node:path';
import { examplePaths, readMappingProfile } from '@tollkit/manifest';
import { startPlayground, type Playground } from '@tollkit/playground';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceNotifications } from '../../src/pipeline/advance-notifications.js';
import { asStoredPayload, buildBody } from '../../src/pipeline/lib/build-body.js';
import { parseManifestFile } from '../../src/pipeline/parse-manifest-file.js';
import { planManifest } from '../../src/pipeline/plan-manifest.js';
import { defaultTuning, silentLog, type ChannelProfile, type PipelineDeps } from '../../src/pipeline/ports.js';
import { connectPlayground } from '../../src/service/connect-playground.js';
import type { JobStore } from '../../src/store/job-store.js';
import { openJobStore } from '../../src/store/open-job-store.js';
import { generateRoadManifest } from '../e2e/generate-manifest.js';
import { tempRoot } from '../e2e/harness.js';

describe('recovery of interrupted submissions', () => {
  let pg: Playground;
  let store: JobStore;
  const temp = tempRoot('tollkit-recovery-');

  beforeAll(async () => {
    pg = await startPlayground({ port: 0, validationDelayMs: 0, log: () => undefined });
    store = (await openJobStore({ kind: 'sqlite', dataDir: join(temp.root, 'data') })).store;
  });

  afterAll(async () => {
    await store?.close();
    await pg?.close();
    temp.remove();
  });

  it('looks a lost POST up instead of re-sending it, and sends one that never left exactly once', async () => {
    const { client } = connectPlayground(pg);
    const owner = 'test-owner';
    const deps: PipelineDeps = {
      store,
      client,
      channel: () => undefined,
      log: silentLog,
      now: Date.now,
      owner,
      tuning: { ...defaultTuning, initialPollDelayMs: 50, pollIntervalMs: 50, inFlightGraceMs: 0 },
      parse: parseManifestFile,
    };
    const generated = generateRoadManifest(7, 3, { tag: 'R' });
    const profile: ChannelProfile = {
      name: 'acme',
      profile: await readMappingProfile(examplePaths('road-forwarder-export').profilePath),
      profileName: 'road',
      resultFormat: 'csv',
    };
    const plan = await planManifest(await parseManifestFile(generated.bytes, 'r.csv', profile), { now: Date.now() });
    const { manifest: received } = await store.receiveManifest({ channel: 'acme', originalName: 'r.csv', processingName: 'p-r.csv', contentHash: 'sha256:1', size: 1 });
    const manifest = await store.leaseNextManifest({ owner, leaseMs: 60_000 });
    expect(manifest?.id).toBe(received.id);
    const planned = await store.planNotifications(received.id, owner, plan.items);
    const houses = (planned ?? []).filter((n) => n.level === 'house-consignment');
    const [lost, neverLeft] = houses;
    if (lost === undefined || neverLeft === undefined) throw new Error('expected houses');

    // House 1: stored as submitting, POSTed, and the process "died" before the answer was stored.
    await store.transitionNotification(lost.id, { from: 'planned', to: 'submitting' });
    const body = buildBody('house-consignment', asStoredPayload(lost.payload)!, Date.now());
    await client.submitNotification({ mode: 'road', level: 'house-consignment', body });
    // House 2: stored as submitting, and the process died before the POST left.
    await store.transitionNotification(neverLeft.id, { from: 'planned', to: 'submitting' });

    let settled = false;
    for (let round = 0; round < 10 && !settled; round++) settled = (await advanceNotifications(deps, received)).settled;
    expect(settled).toBe(true);
    const after = await store.listNotifications(received.id);
    for (const n of after) expect(n.state, n.documentNumber).toBe('accepted');
    expect(after.find((n) => n.id === lost.id)?.mrn).toMatch(/^\d{2}NO[A-Z0-9]{14}$/);
    // Adopted from the lookup: its requestId was never stored, and it was not sent again.
    expect(after.find((n) => n.id === lost.id)?.requestId).toBeNull();
    expect(after.find((n) => n.id === neverLeft.id)?.requestId).not.toBeNull();
    for (const house of generated.houses) expect(pg.counters.postsFor('house-consignment', house, 'N730'), house).toBe(1);
  });
});
