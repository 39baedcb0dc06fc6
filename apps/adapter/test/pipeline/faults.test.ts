/**
 * A flaky Customs: the playground loses answers after it processed the request (the 202 never
 * arrives), drops requests before processing and answers 5xx. Every house still ends with an MRN,
 * POSTed exactly once, and every file gets its result.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { examplePaths, readMappingProfile } from '@tollkit/manifest';
import { startPlayground, type Playground } from '@tollkit/playground';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../src/service/start-service.js';
import type { JobStore } from '../../src/store/job-store.js';
import { openJobStore } from '../../src/store/open-job-store.js';
import { generateRoadManifest, type GeneratedManifest } from '../e2e/generate-manifest.js';
import { list, localChannel, memoryLog, startTestService, tempRoot, waitFor } from '../e2e/harness.js';

describe('lost answers, dropped requests and 5xx from Customs', () => {
  let pg: Playground;
  let store: JobStore;
  let service: RunningService;
  const temp = tempRoot('tollkit-faults-');
  const log = memoryLog();

  beforeAll(async () => {
    pg = await startPlayground({ port: 0, validationDelayMs: 20, log: () => undefined });
    store = (await openJobStore({ kind: 'sqlite', dataDir: join(temp.root, 'data') })).store;
    const profile = await readMappingProfile(examplePaths('road-forwarder-export').profilePath);
    service = await startTestService(
      pg,
      store,
      [{ channel: localChannel(temp.root, 'flaky'), profile: { name: 'flaky', profile, profileName: 'road', resultFormat: 'csv' } }],
      log,
      { tuning: { inFlightGraceMs: 1_500, retryDelayMs: 200 } },
    );
  });

  afterAll(async () => {
    await service?.close();
    await store?.close();
    await pg?.close();
    temp.remove();
  });

  it('every house accepted and POSTed exactly once', { timeout: 180_000 }, async () => {
    pg.setFaults({ pathPrefix: '/api/movement', dropRate: 0.15, dropPhase: 'after', errorRate: 0.1, seed: 11 });
    const inbox = join(temp.root, 'flaky', 'inbox');
    mkdirSync(inbox, { recursive: true });
    const manifests: GeneratedManifest[] = [];
    for (let i = 1; i <= 2; i++) {
      const m = generateRoadManifest(i, 100, { tag: 'F' });
      manifests.push(m);
      writeFileSync(join(temp.root, `f${i}.tmp`), m.bytes);
      renameSync(join(temp.root, `f${i}.tmp`), join(inbox, `f${i}.csv`));
    }
    const results = () => list(join(temp.root, 'flaky', 'outbox')).filter((f) => f.includes('.result-'));
    await waitFor('both results', () => results().length === 2, 150_000);
    const faults = pg.counters.snapshot().faults;
    expect(faults.dropped).toBeGreaterThan(0);
    expect(faults.errors).toBeGreaterThan(0);
    for (const m of manifests) for (const house of m.houses) expect(pg.counters.postsFor('house-consignment', house, 'N730'), house).toBe(1);
    for (const file of results()) {
      const rows = readFileSync(join(temp.root, 'flaky', 'outbox', file), 'utf8').trim().split('\r\n').slice(1);
      expect(rows).toHaveLength(102);
      for (const row of rows) expect(row, `${file}: ${row}`).toMatch(/,accepted,[0-9a-f-]*,\d{2}NO[A-Z0-9]{14},/);
    }
    expect(log.lines.some((l) => l.msg.includes('outcome-unknown notification found at Customs'))).toBe(true);
  });
});
