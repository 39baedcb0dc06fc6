import { describe, expect, it } from 'vitest';
import { houseBody, masterBody, MODE_DATA, transportBody } from './support/bodies.js';
import { CARRIER, FAST_WAIT, uniqueNumber, useRig } from './support/playground.js';

const rig = useRig(async (started) => {
  await started.tokens.getToken(started.client.scopeFor('road')); // tokens are not what these tests are about
});

const HOUSE_POST = 'POST /api/movement/road/v2/house-consignment';

function houses(count: number, prefix: string) {
  const now = Date.now();
  const master = { documentNumber: uniqueNumber(prefix), type: MODE_DATA.road.masterType };
  return Array.from({ length: count }, (_, i) => {
    const documentNumber = `${master.documentNumber}-${i}`;
    return { documentNumber, item: { mode: 'road' as const, level: 'house-consignment' as const, body: houseBody('road', { now, documentNumber, master, carrierId: CARRIER }) } };
  });
}

describe('surviving storms without duplicate POSTs', () => {
  it('429 storm: waits Retry-After and re-sends (the request was not processed); every house posted once', async () => {
    rig.pg.counters.reset();
    const slept: number[] = [];
    const client = rig.makeClient({ sleep: async (ms) => void slept.push(ms), maxRateLimitRetries: 30 });
    const batch = houses(40, 'RL');
    rig.pg.setFaults({ rateLimit: { count: 60, retryAfterSeconds: 2 }, pathPrefix: '/api/movement/' });
    try {
      const results = await client.submitBatch(batch.map((b) => b.item), { ...FAST_WAIT, submitConcurrency: 4 });
      expect(results.filter((r) => !(r.outcome === 'validated' && r.validation.outcome === 'success'))).toEqual([]);
    } finally {
      rig.pg.setFaults({});
    }
    expect(rig.pg.counters.snapshot().faults.throttled).toBe(60);
    expect(slept.filter((ms) => ms === 2000).length).toBe(60); // Retry-After honoured each time
    for (const { documentNumber } of batch) expect(rig.pg.counters.postsFor('house-consignment', documentNumber, 'N730')).toBe(1);
  });

  it('5xx and lost answers: looks each house up before any re-send; none is posted twice and all end validated', async () => {
    rig.pg.counters.reset();
    const client = rig.makeClient({ maxAttempts: 10 });
    const batch = houses(150, 'ST');
    const masters = Array.from({ length: 30 }, () => uniqueNumber('SM'));
    const masterItems = masters.map((documentNumber) => ({ mode: 'road' as const, level: 'master-consignment' as const, body: masterBody('road', { now: Date.now(), documentNumber, carrierId: CARRIER }) }));
    rig.pg.setFaults({ errorRate: 0.25, errorStatus: 503, dropRate: 0.15, dropPhase: 'after', seed: 20261121, pathPrefix: '/api/movement/' });
    let results;
    try {
      results = await client.submitBatch([...batch.map((b) => b.item), ...masterItems], { ...FAST_WAIT, submitConcurrency: 8 });
    } finally {
      rig.pg.setFaults({});
    }
    const faults = rig.pg.counters.snapshot().faults;
    expect(faults.errors).toBeGreaterThan(20);
    expect(faults.dropped).toBeGreaterThan(10);
    const outcomes = results.map((r) => (r.outcome === 'validated' ? r.validation.outcome : r.outcome));
    // answers lost after processing were recovered by the lookup, not by a second POST
    expect(outcomes.filter((o) => o === 'already-submitted').length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o !== 'success' && o !== 'already-submitted')).toEqual([]);
    for (const { documentNumber } of batch) expect(rig.pg.counters.postsFor('house-consignment', documentNumber, 'N730')).toBe(1);
    for (const documentNumber of masters) expect(rig.pg.counters.postsFor('master-consignment', documentNumber, 'N730')).toBe(1);
    expect(rig.events.some((e) => e.type === 'outcome-unknown')).toBe(true);
    // every house is known to Customs exactly once
    for (const { documentNumber } of batch.slice(0, 20)) {
      expect(await client.findNotification({ mode: 'road', level: 'house-consignment', documentNumber, type: 'N730', carrierId: CARRIER })).toBeDefined();
    }
  });

  it('a transport whose answer is lost is not re-sent blindly: OUTCOME_UNKNOWN', async () => {
    const client = rig.makeClient();
    const body = transportBody('road', { now: Date.now(), meansId: uniqueNumber('LT').slice(0, 10), carrierId: CARRIER, masters: [] });
    rig.pg.counters.reset();
    rig.pg.setFaults({ dropRate: 1, dropPhase: 'after', pathPrefix: '/api/movement/road/v2/transport' });
    try {
      await expect(client.submitNotification({ mode: 'road', level: 'transport', body })).rejects.toMatchObject({ code: 'DIGITOLL_OUTCOME_UNKNOWN', category: 'transient' });
    } finally {
      rig.pg.setFaults({});
    }
    expect(rig.pg.counters.requestsTo('POST /api/movement/road/v2/transport')).toBe(1);
  });

  it('a DELETE whose answer was lost is repeated; the repeat fails (the MRN is gone) and the house is cancelled once', async () => {
    const [item] = houses(1, 'DL');
    const created = await rig.client.submitBatch([item!.item], FAST_WAIT);
    const mrn = created[0]?.outcome === 'validated' && created[0].validation.outcome === 'success' ? created[0].validation.mrn! : '';
    rig.pg.setFaults({ dropRate: 1, dropPhase: 'after', pathPrefix: `/api/movement/road/v2/house-consignment/${mrn}` });
    // the faults stop before the client tries again
    const client = rig.makeClient({ sleep: async () => rig.pg.setFaults({}) });
    const repeat = await client.cancelNotification({ mode: 'road', level: 'house-consignment', mrn });
    expect(repeat.status).toBe('accepted');
    const [result] = await client.waitForValidation([{ requestId: repeat.requestId!, target: { api: 'notification', mode: 'road', level: 'house-consignment' } }], FAST_WAIT);
    expect(result?.outcome).toBe('failure');
    expect(rig.pg.counters.requestsTo('DELETE /api/movement/road/v2/house-consignment/:mrn')).toBe(2);
    expect(await client.findNotification({ mode: 'road', level: 'house-consignment', documentNumber: item!.documentNumber, type: 'N730', carrierId: CARRIER })).toBeUndefined();
  });

  it('polls with back-off while validation is pending (404) and stops at the deadline', async () => {
    const client = rig.makeClient();
    const [item] = houses(1, 'PD');
    rig.pg.counters.reset();
    rig.pg.setFaults({ validationDelayMs: 400 });
    try {
      const outcome = await client.submitNotification(item!.item);
      if (outcome.status !== 'accepted') throw new Error('expected accepted');
      const target = { api: 'notification' as const, mode: 'road' as const, level: 'house-consignment' as const };
      const [timedOut] = await client.waitForValidation([{ requestId: outcome.requestId, target }], { initialDelayMs: 0, pollIntervalMs: 20, deadlineMs: 100 });
      expect(timedOut).toEqual({ requestId: outcome.requestId, outcome: 'timeout' });
      const [done] = await client.waitForValidation([{ requestId: outcome.requestId, target }], { initialDelayMs: 0, pollIntervalMs: 20, maxPollIntervalMs: 200, deadlineMs: 5000 });
      expect(done?.outcome).toBe('success');
      const polls = rig.pg.counters.requestsTo('GET /api/movement/road/status/v2/house-consignment/validation-status/:requestId');
      expect(polls).toBeGreaterThan(2);
      expect(polls).toBeLessThan(25); // backed off, not hammered
    } finally {
      rig.pg.setFaults({});
    }
  });
});
