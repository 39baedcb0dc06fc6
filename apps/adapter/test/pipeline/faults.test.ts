/**
 * A flaky Customs: the playground loses answers after it processed the request (the 202 never
 * arrives), drops requests before processing and answers 5xx. Every house still ends with an MRN,
 * POSTed exactly once, and every file gets its result.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Playground } from '@tollkit/playground';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRoadManifest, type GeneratedManifest } from '../e2e/generate-manifest.js';
import { dropInto, list, memoryLog, startRoadService, tempRoot, waitFor } from '../e2e/harness.js';

describe('lost answers, dropped requests and 5xx from Customs', () => {
  let pg: Playground;
  let close: (() => Promise<void>) | undefined;
  const temp = tempRoot('tollkit-faults-');
  const log = memoryLog();

  beforeAll(async () => {
    ({ pg, close } = await startRoadService(temp.root, 'flaky', log, { inFlightGraceMs: 1_500, retryDelayMs: 200 }));
  });

  afterAll(async () => {
    await close?.();
    temp.remove();
  });

  it('every house accepted and POSTed exactly once', { timeout: 180_000 }, async () => {
    pg.setFaults({ pathPrefix: '/api/movement', dropRate: 0.15, dropPhase: 'after', errorRate: 0.1, seed: 11 });
    const manifests: GeneratedManifest[] = [];
    for (let i = 1; i <= 2; i++) {
      const m = generateRoadManifest(i, 100, { tag: 'F' });
      manifests.push(m);
      dropInto(join(temp.root, 'flaky', 'inbox'), `f${i}.csv`, m.bytes);
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
      for (const row of rows) expect(row, `${file}: ${row}`).toMatch(/;accepted;[0-9a-f-]*;\d{2}NO[A-Z0-9]{14};/);
    }
    expect(log.lines.some((l) => l.msg.includes('outcome-unknown notification found at Customs'))).toBe(true);
  });
});
