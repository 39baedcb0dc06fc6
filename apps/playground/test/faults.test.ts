import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Playground, startPlayground } from '../src/index.js';
import { BASE, CARRIER_ID, house } from './support/bodies.js';
import { ORG_A, tokenFor } from './support/flow.js';
import { call } from './support/http.js';

let pg: Playground;
let token: string;
beforeAll(async () => {
  pg = await startPlayground({ port: 0 });
  token = await tokenFor(pg, ORG_A);
});
afterEach(() => pg.setFaults({}));
afterAll(async () => {
  await pg.close();
});

const testAuth = () => call(pg.url, 'GET', `${BASE.road.submit}/test-auth`, { token });

describe('fault injection', () => {
  it('adds latency and jitter', async () => {
    pg.setFaults({ latencyMs: 150, jitterMs: 100, seed: 7 });
    const started = performance.now();
    expect((await testAuth()).status).toBe(200);
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(145);
    expect(took).toBeLessThan(1500);
  });

  it('answers a share of requests with 5xx (deterministic with a seed), admin paths excepted', async () => {
    pg.setFaults({ errorRate: 1, errorStatus: 502 });
    expect((await testAuth()).status).toBe(502);
    expect((await call(pg.url, 'GET', '/_admin/counters')).status).toBe(200);
    const run = async () => {
      pg.setFaults({ errorRate: 0.5, seed: 42 });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await testAuth()).status);
      return statuses;
    };
    const first = await run();
    expect(first).toContain(503);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });

  it('withdrawn access: 403 insufficient_scope on the affected paths only, counted, nothing stored', async () => {
    pg.counters.reset();
    pg.setFaults({ accessRefused: true, pathPrefix: `${BASE.road.submit}/house-consignment` });
    const refused = await call(pg.url, 'POST', `${BASE.road.submit}/house-consignment`, { token, json: {} });
    expect(refused.status).toBe(403);
    expect(refused.headers['www-authenticate']).toContain('error="insufficient_scope"');
    expect(refused.body).toMatchObject({ error: 'insufficient_scope' });
    expect((await testAuth()).status).toBe(200);
    expect(pg.counters.snapshot().faults).toMatchObject({ refused: 1, errors: 0 });
    expect(pg.counters.snapshot().posts).toEqual([]);
    pg.setFaults({});
    expect(() => pg.setFaults({ accessRefused: 'yes' as unknown as boolean })).toThrow('faults.accessRefused must be true or false');
  });

  it('429 bursts carry Retry-After, then service resumes', async () => {
    pg.setFaults({ rateLimit: { count: 2, retryAfterSeconds: 3 } });
    const a = await testAuth();
    expect(a.status).toBe(429);
    expect(a.headers['retry-after']).toBe('3');
    expect((await testAuth()).status).toBe(429);
    expect((await testAuth()).status).toBe(200);
  });

  it('drops connections without a response; with dropPhase "after" the POST still lands (lost 202)', async () => {
    pg.setFaults({ dropRate: 1 });
    await expect(testAuth()).rejects.toThrow();
    pg.setFaults({ dropRate: 1, dropPhase: 'after', pathPrefix: `${BASE.road.submit}/house-consignment` });
    const body = house({ now: pg.clock.now(), documentNumber: 'DROP-AFTER-1', master: { documentNumber: 'MAWB-DROP-AFTER' } });
    await expect(call(pg.url, 'POST', `${BASE.road.submit}/house-consignment`, { token, json: body })).rejects.toThrow();
    expect(pg.counters.postsFor('house-consignment', 'DROP-AFTER-1', 'N730')).toBe(1);
    // Only the prefix is affected.
    expect((await testAuth()).status).toBe(200);
    pg.setFaults({});
    const lookup = await call(pg.url, 'GET', `${BASE.road.query}/house-consignment/transport-document/status?documentNumber=DROP-AFTER-1&type=N730&carrierId=${CARRIER_ID}`, { token });
    expect(lookup.status).toBe(200);
    expect(pg.counters.snapshot().faults.dropped).toBeGreaterThanOrEqual(2);
  });

  it('slow validation: validation-status stays 404 for the configured delay', async () => {
    pg.setFaults({ validationDelayMs: 300 });
    const a = await call(pg.url, 'POST', `${BASE.road.submit}/house-consignment`, { token, json: house({ now: pg.clock.now(), documentNumber: 'SLOW-1' }) });
    const path = `${BASE.road.query}/house-consignment/validation-status/${a.body.requestId}`;
    expect((await call(pg.url, 'GET', path, { token })).status).toBe(404);
    await new Promise((r) => setTimeout(r, 400));
    expect((await call(pg.url, 'GET', path, { token })).body.status).toBe('SUCCESS');
  });

  it('PUT /_admin/faults sets faults over HTTP and rejects bad settings with the option name', async () => {
    const ok = await call(pg.url, 'PUT', '/_admin/faults', { json: { rateLimit: { count: 1, retryAfterSeconds: 1 } } });
    expect(ok.status).toBe(200);
    expect((await testAuth()).status).toBe(429);
    const bad = await call(pg.url, 'PUT', '/_admin/faults', { json: { errorRate: 2 } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('faults.errorRate must be a number between 0 and 1 (got 2)');
    expect(() => pg.setFaults({ dropPhase: 'middle' as 'after' })).toThrow(TypeError);
  });

  it('faults given at start apply from the first request', async () => {
    const faulty = await startPlayground({ port: 0, faults: { rateLimit: { count: 1, retryAfterSeconds: 9 } } });
    try {
      const t = await tokenFor(faulty, ORG_A);
      const a = await call(faulty.url, 'GET', `${BASE.road.submit}/test-auth`, { token: t });
      expect(a.status).toBe(429);
      expect(a.headers['retry-after']).toBe('9');
    } finally {
      await faulty.close();
    }
  });
});

describe('counters', () => {
  it('counts requests per endpoint pattern and can be reset over HTTP', async () => {
    await call(pg.url, 'POST', '/_admin/counters/reset');
    await testAuth();
    await testAuth();
    await call(pg.url, 'GET', `${BASE.road.query}/house-consignment/validation-status/00000000-0000-4000-8000-000000000000`, { token });
    const snap = (await call(pg.url, 'GET', '/_admin/counters')).body;
    expect(snap.requests['GET /api/movement/road/v2/test-auth']).toBe(2);
    expect(snap.requests['GET /api/movement/road/status/v2/house-consignment/validation-status/:requestId']).toBe(1);
    expect(pg.counters.requestsTo('GET /api/movement/road/v2/test-auth')).toBe(2);
    expect(snap.bring).toMatchObject({ accepted: 0, failed: 0, throttled: 0 });
  });
});
