import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startPlayground } from '../src/index.js';
import { BASE, house, master, transport } from './support/bodies.js';
import { ORG_A, create, tokenFor } from './support/flow.js';
import { call } from './support/http.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'pg-test-'));
  dirs.push(d);
  return d;
}

/** A declaration with the fields docs/digitoll.md §14.2 lists (seed S4). */
function declaration(consignmentId: string): Record<string, unknown> {
  const party = (name: string, countryCode: string) => ({ name, addressLine1: 'Testveien 1', city: 'Oslo', postalCode: '0150', countryCode, id: null, vatId: null });
  return {
    currencyCode: 'NOK',
    customerNumber: '20012345678',
    declarationType: 'EXPORT',
    customsDeclarations: [
      {
        amount: 1200,
        consignmentItemId: 'CS128104136NO',
        countryCodeOrigin: 'NO',
        customsArticleNumber: '851712',
        goodsDescription: 'mobile phone',
        grossWeight: 0.4,
        netWeight: 0.3,
        quantity: '1',
        tradePreferenceCode: 'J',
      },
    ],
    exporter: party('Avsender AS', 'NO'),
    importer: party('Receiver Ltd', 'GB'),
    invoices: [{ amount: 1200, discount: 0, invoiceDate: '2026-11-20', invoiceNumber: 'INV-1' }],
    shipment: { consignmentId, freightCost: 100, insuranceCost: 0, service: '0336', termsOfDelivery: { incotermsCode: 'DAP', location: 'London' } },
  };
}

const BRING_HEADERS = { 'x-mybring-api-uid': 'demo@example.com', 'x-mybring-api-key': 'demo-key', 'x-bring-test-indicator': 'true' };

describe('Bring Customs API mounted at /bring/customs/v1/declarations', () => {
  it('accepts a valid declaration, rejects an invalid one with FAILED, requires the test indicator and throttles with 429', async () => {
    const pg = await startPlayground({ port: 0, bringRateLimitPerSecond: 3, now: () => Date.parse('2026-11-21T08:00:00Z') });
    try {
      const url = '/bring/customs/v1/declarations';
      const ok = await call(pg.url, 'POST', url, { json: declaration('70438101015432'), headers: BRING_HEADERS });
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ status: 'ACCEPTED', error: null, processingId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
      const broken = declaration('70438101015433');
      delete broken['currencyCode'];
      const failed = await call(pg.url, 'POST', url, { json: broken, headers: BRING_HEADERS });
      expect(failed.status).toBe(200);
      expect(failed.body.status).toBe('FAILED');
      expect(failed.body.error).toMatch(/currencyCode/);
      const { 'x-bring-test-indicator': _omit, ...noIndicator } = BRING_HEADERS;
      expect((await call(pg.url, 'POST', url, { json: declaration('70438101015434'), headers: noIndicator })).status).toBe(400);
      // The fixed clock keeps all requests in one second: the 4th admitted one is throttled.
      const throttled = await call(pg.url, 'POST', url, { json: declaration('70438101015435'), headers: BRING_HEADERS });
      expect(throttled.status).toBe(429);
      expect(Number(throttled.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      const counters = pg.counters.snapshot().bring as { accepted: number; throttled: number; byConsignmentId: Record<string, number> };
      expect(counters).toMatchObject({ accepted: 1, throttled: 1, byConsignmentId: { '70438101015432': 1 } });
      pg.setFaults({ bringRateLimitPerSecond: 0 });
      expect((await call(pg.url, 'POST', url, { json: declaration('70438101015436'), headers: BRING_HEADERS })).body.status).toBe('ACCEPTED');
    } finally {
      await pg.close();
    }
  });
});

describe('persistence to a state file', () => {
  it('a demo survives a restart: notifications, MRNs, routing, clock offset, tokens and the demo client', async () => {
    const dataDir = tempDir();
    const stateFile = join(dataDir, 'state.json');
    const first = await startPlayground({ port: 0, dataDir, stateFile });
    const token = await tokenFor(first, ORG_A);
    const now = first.clock.now();
    const t = await create(first, token, 'road', 'transport', transport('road', { now, meansId: 'PERS1', masters: [{ documentNumber: 'PERS-M', type: 'N730' }] }));
    await create(first, token, 'road', 'master-consignment', master({ now, documentNumber: 'PERS-M' }));
    const h = await create(first, token, 'road', 'house-consignment', house({ now, documentNumber: 'PERS-H', master: { documentNumber: 'PERS-M' } }));
    first.arriveTransport(t);
    first.clock.advance(60_000);
    const demo = first.demoClient;
    await first.close();
    expect(JSON.parse(readFileSync(stateFile, 'utf8')).notifications).toHaveLength(3);

    const second = await startPlayground({ port: 0, dataDir, stateFile });
    try {
      expect(second.demoClient.clientId).toBe(demo.clientId);
      expect(second.demoClient.certificatePem).toBe(demo.certificatePem);
      expect(second.clock.offsetMs).toBeGreaterThanOrEqual(60_000);
      // The port changed, so the old token's issuer differs: tokens are per server URL. Issue a new one.
      const t2 = await tokenFor(second, ORG_A);
      const hs = await call(second.url, 'GET', `${BASE.road.query}/house-consignment/${h}/transport-document/status`, { token: t2 });
      expect(hs.body).toMatchObject({ documentNumber: 'PERS-H', mrn: h });
      const feed = await call(second.url, 'GET', '/api/movement/routing/v1/house-consignment', { token: t2 });
      expect(feed.body.map((i: any) => i.transportDocumentHouseLevel.referenceNumber)).toEqual(['PERS-H']);
      const dup = await call(second.url, 'POST', `${BASE.road.submit}/house-consignment`, { token: t2, json: house({ now, documentNumber: 'PERS-H' }) });
      const s = await call(second.url, 'GET', `${BASE.road.query}/house-consignment/validation-status/${dup.body.requestId}`, { token: t2 });
      expect(s.body.validationErrorList[0].description).toMatch(`already in use by MRN ${h}`);
    } finally {
      await second.close();
    }
  });

  it('while running, the state file follows within about a second, rewritten at most once a second however busy', async () => {
    const dataDir = tempDir();
    const stateFile = join(dataDir, 'state.json');
    const pg = await startPlayground({ port: 0, dataDir, stateFile, validationDelayMs: 0 });
    try {
      const token = await tokenFor(pg, ORG_A);
      const now = pg.clock.now();
      const { statSync } = await import('node:fs');
      const writes = new Set<number>();
      const sampler = setInterval(() => writes.add(statSync(stateFile).mtimeMs), 10);
      const started = Date.now();
      // A burst of 60 notifications over about 1.5 s.
      for (let i = 0; i < 60; i++) {
        await create(pg, token, 'road', 'house-consignment', house({ now, documentNumber: `BURST-${i}` }));
        await new Promise((r) => setTimeout(r, 25));
      }
      const busyMs = Date.now() - started;
      await expect.poll(() => JSON.parse(readFileSync(stateFile, 'utf8')).notifications.length, { timeout: 3_000, interval: 50 }).toBe(60);
      clearInterval(sampler);
      // The startup save plus at most one save per second of the burst (and the last one after it).
      expect(writes.size).toBeLessThanOrEqual(Math.ceil(busyMs / 1000) + 3);
    } finally {
      await pg.close();
    }
  });

  it('a corrupt state file is refused with a clear error code', async () => {
    const dataDir = tempDir();
    const stateFile = join(dataDir, 'state.json');
    (await import('node:fs')).writeFileSync(stateFile, '{"version": 2}');
    await expect(startPlayground({ port: 0, dataDir, stateFile })).rejects.toMatchObject({ code: 'PLAYGROUND_STATE_UNREADABLE', category: 'config' });
  });
});
