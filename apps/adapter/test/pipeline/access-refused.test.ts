/**
 * Customs withdraws access mid-run: every house POST is refused with 403. The round gives the
 * manifest up only once every request it had started is answered, so no row is left in
 * `submitting` when it releases the lease. Once access is back, every house is sent exactly once
 * and the file gets its result. (That no further send starts after a failure is shown by
 * map-limit.test.ts, where the other calls would succeed.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Playground } from '@tollkit/playground';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTuning } from '../../src/pipeline/ports.js';
import type { JobStore } from '../../src/store/job-store.js';
import { generateRoadManifest } from '../e2e/generate-manifest.js';
import { dropInto, list, memoryLog, startRoadService, tempRoot, waitFor } from '../e2e/harness.js';

const HOUSE_PATH = '/api/movement/road/v2/house-consignment';
const HOUSES = 200;

describe('access withdrawn mid-run (403 on every house POST)', () => {
  let pg: Playground;
  let store: JobStore;
  let close: (() => Promise<void>) | undefined;
  const temp = tempRoot('tollkit-refused-');
  const base = memoryLog();
  /** House POSTs sent, and answered, when the round gave the manifest up. */
  let atGiveUp: { sent: number; answered: number } | undefined;
  const log = {
    ...base,
    error: (obj: Record<string, unknown>, msg: string) => {
      if (msg.includes('step failed; retrying later') && atGiveUp === undefined) {
        atGiveUp = { sent: pg.counters.requestsTo(`POST ${HOUSE_PATH}`), answered: pg.counters.snapshot().faults.refused };
      }
      base.error(obj, msg);
    },
  };

  beforeAll(async () => {
    // One failed round at a time: the next is 3 s away.
    ({ pg, store, close } = await startRoadService(temp.root, 'refused', log, { retryDelayMs: 3_000 }));
  });

  afterAll(async () => {
    await close?.();
    temp.remove();
  });

  it('gives up only after its requests in flight are answered, leaves nothing in submitting, then sends every house once', { timeout: 120_000 }, async () => {
    // Refusals come back 0–400 ms apart, so the first arrives while the others are still in flight.
    pg.setFaults({ accessRefused: true, pathPrefix: HOUSE_PATH, jitterMs: 400, seed: 3 });
    const m = generateRoadManifest(1, HOUSES, { tag: 'R' });
    dropInto(join(temp.root, 'refused', 'inbox'), 'r.csv', m.bytes);

    await waitFor('the first refusal', () => pg.counters.snapshot().faults.refused > 0, 60_000);
    await waitFor('the failed round logged', () => atGiveUp, 10_000);
    const failed = base.lines.find((l) => l.msg.includes('step failed; retrying later'));
    expect(failed?.obj).toMatchObject({ code: 'DIGITOLL_FORBIDDEN' });
    // The round gave up only once every request it had started was answered, and it started no
    // more than were in flight at the first refusal — not one per row of the page.
    expect(atGiveUp!.sent).toBeGreaterThan(0);
    expect(atGiveUp!.sent).toBeLessThanOrEqual(defaultTuning.submitConcurrency);
    expect(atGiveUp!.answered).toBe(atGiveUp!.sent);
    expect(pg.counters.requestsTo(`POST ${HOUSE_PATH}`)).toBe(atGiveUp!.sent);
    const [manifest] = await store.findManifests({ channel: 'refused' });
    expect(manifest).toBeDefined();
    // Every row (houses, master, transport) back in `planned` for the next round: none left in
    // `submitting` or `outcome-unknown`, since a 403 says Customs processed nothing.
    expect(await store.countNotifications(manifest!.id)).toEqual({ planned: HOUSES + 2 });

    // Access restored: the next round sends everything, each house once.
    pg.setFaults({});
    const results = () => list(join(temp.root, 'refused', 'outbox')).filter((f) => f.includes('.result-'));
    await waitFor('the result file', () => results().length === 1, 60_000);
    for (const house of m.houses) expect(pg.counters.postsFor('house-consignment', house, 'N730'), house).toBe(1);
    const rows = readFileSync(join(temp.root, 'refused', 'outbox', results()[0] as string), 'utf8').trim().split('\r\n').slice(1);
    expect(rows).toHaveLength(HOUSES + 2);
    for (const row of rows) expect(row, row).toMatch(/;accepted;[0-9a-f-]*;\d{2}NO[A-Z0-9]{14};/);
  });
});
