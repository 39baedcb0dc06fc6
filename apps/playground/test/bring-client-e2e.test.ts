/**
 * The carrier-customs client against the playground's Bring service over real loopback HTTP.
 * The node:http server here is a stand-in until the playground mounts the service itself.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBringCustomsClient, type BringCustomsClientOptions, type CarrierCustomsError } from '@tollkit/carrier-customs';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createBringService, type BringService, type BringServiceOptions } from '../src/bring/bring-service.js';
import { serveBringRequest } from '../src/bring/serve-bring-request.js';

const fixtures = new URL('../../../packages/carrier-customs/test/fixtures/', import.meta.url);
const seed = (n: 1 | 2): Record<string, any> =>
  JSON.parse(readFileSync(new URL(`bring-request-example-${n}.json`, fixtures), 'utf8')) as Record<string, any>;

interface BringServer {
  url: string;
  bringUrl: string;
  service: BringService;
  close(): Promise<void>;
}

let running: BringServer | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function startBringServer(options: Partial<BringServiceOptions> = {}): Promise<BringServer> {
  const service = createBringService({ rateLimitPerSecond: 0, now: Date.now, ...options });
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (!path.startsWith('/bring/')) {
      res.writeHead(404).end();
      return;
    }
    serveBringRequest(service, req, res, { path: path.slice('/bring'.length) }).catch((error: unknown) => {
      res.destroy(error as Error);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  running = {
    url,
    bringUrl: `${url}/bring`,
    service,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
  return running;
}

function client(bringUrl: string, extra: Partial<BringCustomsClientOptions> = {}) {
  return createBringCustomsClient({
    baseUrl: bringUrl,
    apiUid: 'ops@forwarder.no',
    apiKey: 'e2e-api-key',
    testIndicator: true,
    ...extra,
  });
}

describe('Bring client ↔ playground Bring service over HTTP', () => {
  it.each([1, 2] as const)('seed example %i is ACCEPTED and lands once', async (n) => {
    const pg = await startBringServer();
    const result = await client(pg.bringUrl).submitDeclaration(seed(n) as never);
    expect(result).toMatchObject({ status: 'ACCEPTED', error: null, attempts: 1, throttled: 0 });
    const [landed] = pg.service.declarations();
    expect(landed?.processingId).toBe(result.processingId);
    expect(landed).toMatchObject({ apiUid: 'ops@forwarder.no', testIndicator: true, consignmentId: '012345678910' });
    expect(landed?.body.shipment.service).toBe(n === 1 ? '0300' : '0336');
    expect(pg.service.counters()).toMatchObject({ accepted: 1, byConsignmentId: { '012345678910': 1 } });
  });

  it('survives a 429 burst: every declaration accepted exactly once, the limit respected', async () => {
    const rate = 5;
    const pg = await startBringServer({ rateLimitPerSecond: rate });
    const bring = client(pg.bringUrl, { maxRetries: 8, retryAfterJitterMs: 250 });
    const ids = Array.from({ length: 20 }, (_, i) => `BURST-${String(i).padStart(3, '0')}`);

    const started = Date.now();
    const results = await Promise.all(
      ids.map((id) => {
        const body = seed(1);
        body.shipment.consignmentId = id;
        return bring.submitDeclaration(body as never);
      }),
    );
    const elapsed = Date.now() - started;

    expect(results.every((r) => r.status === 'ACCEPTED')).toBe(true);
    const counters = pg.service.counters();
    expect(counters.accepted).toBe(20);
    expect(counters.throttled).toBeGreaterThanOrEqual(15); // 20 at once, 5 admitted in the first second
    expect(results.reduce((sum, r) => sum + r.throttled, 0)).toBe(counters.throttled);
    // no duplicate accepted declarations
    expect(Object.keys(counters.byConsignmentId).sort()).toEqual(ids);
    expect(Object.values(counters.byConsignmentId).every((count) => count === 1)).toBe(true);
    const landed = pg.service.declarations();
    expect(new Set(landed.map((d) => d.processingId))).toEqual(new Set(results.map((r) => r.processingId)));
    // the server never admitted more than `rate` in any sliding second
    const times = landed.map((d) => d.receivedAt).sort((a, b) => a - b);
    for (let i = rate; i < times.length; i++) expect(times[i]! - times[i - rate]!).toBeGreaterThanOrEqual(1000);
    // 20 at 5/s needs at least three more windows
    expect(elapsed).toBeGreaterThanOrEqual(3000);
  });

  it('a declaration Bring rejects comes back as FAILED with its error, not as an exception', async () => {
    const pg = await startBringServer();
    const body = seed(2);
    body.shipment.consignmentId = 'C'.repeat(36);
    const result = await client(pg.bringUrl).submitDeclaration(body as never, { validate: false });
    expect(result).toMatchObject({
      status: 'FAILED',
      error: 'Invalid customs declaration: shipment.consignmentId must be at most 35 characters (got 36)',
      attempts: 1,
    });
    expect(pg.service.counters()).toMatchObject({ failed: 1, accepted: 0 });
  });

  it('wrong credentials give BRING_UNAUTHORIZED without the key in the error', async () => {
    const pg = await startBringServer({ users: [{ apiUid: 'ops@forwarder.no', apiKey: 'the-right-key' }] });
    let caught: CarrierCustomsError | undefined;
    try {
      await client(pg.bringUrl).submitDeclaration(seed(1) as never);
    } catch (error) {
      caught = error as CarrierCustomsError;
    }
    expect(caught?.code).toBe('BRING_UNAUTHORIZED');
    expect(caught?.message).not.toContain('e2e-api-key');
    expect(pg.service.counters()).toMatchObject({ unauthorized: 1, accepted: 0 });
  });

  it('bounded retries: a client that does not wait gives up with BRING_RATE_LIMITED', async () => {
    const pg = await startBringServer({ rateLimitPerSecond: 1 });
    await client(pg.bringUrl).submitDeclaration(seed(1) as never);
    const impatient = client(pg.bringUrl, { maxRetries: 2, sleep: async () => {} });
    await expect(impatient.submitDeclaration(seed(2) as never)).rejects.toMatchObject({
      code: 'BRING_RATE_LIMITED',
      attempts: 3,
      retryAfterMs: 1000,
    });
    expect(pg.service.counters()).toMatchObject({ accepted: 1, throttled: 3 });
  });

  it('raw HTTP: malformed JSON and a missing X-Bring-Test-Indicator are 400', async () => {
    const pg = await startBringServer();
    const url = `${pg.bringUrl}/customs/v1/declarations`;
    const auth = { 'x-mybring-api-uid': 'u', 'x-mybring-api-key': 'k', 'content-type': 'application/json' };

    const malformed = await request(url, { method: 'POST', headers: { ...auth, 'x-bring-test-indicator': 'true' }, body: '{"currencyCode":' });
    expect(malformed.statusCode).toBe(400);
    expect(((await malformed.body.json()) as { error: string }).error).toMatch(/^Request body is not valid JSON/);

    const noIndicator = await request(url, { method: 'POST', headers: auth, body: JSON.stringify(seed(1)) });
    expect(noIndicator.statusCode).toBe(400);
    expect(await noIndicator.body.json()).toEqual({ error: 'Missing required header X-Bring-Test-Indicator (true or false)' });

    const noAuth = await request(url, { method: 'POST', headers: { 'x-bring-test-indicator': 'true' }, body: '{}' });
    expect(noAuth.statusCode).toBe(401);
    await noAuth.body.dump();
    expect(pg.service.counters()).toMatchObject({ badRequest: 2, unauthorized: 1, accepted: 0 });
  });

  it('raw HTTP: a body above the limit is 413 and never reaches the service', async () => {
    const pg = await startBringServer();
    const huge = JSON.stringify({ ...seed(1), padding: 'x'.repeat(1024 * 1024) });
    const res = await request(`${pg.bringUrl}/customs/v1/declarations`, {
      method: 'POST',
      headers: { 'x-mybring-api-uid': 'u', 'x-mybring-api-key': 'k', 'x-bring-test-indicator': 'true' },
      body: huge,
    });
    expect(res.statusCode).toBe(413);
    expect(await res.body.json()).toEqual({ error: 'Request body exceeds 1048576 bytes' });
    expect(pg.service.counters()).toMatchObject({ accepted: 0, failed: 0, badRequest: 0 });
  });
});
