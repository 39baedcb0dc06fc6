import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createBringService, type BringServiceOptions } from '../src/bring/bring-service.js';

/** Seed S4 request example 1 (see packages/carrier-customs/test/fixtures/README.md). */
const seedText = readFileSync(
  new URL('../../../packages/carrier-customs/test/fixtures/bring-request-example-1.json', import.meta.url),
  'utf8',
);

function seedBody(consignmentId?: string): Record<string, any> {
  const body = JSON.parse(seedText) as Record<string, any>;
  if (consignmentId !== undefined) body.shipment.consignmentId = consignmentId;
  return body;
}

const headers = {
  'x-mybring-api-uid': 'ops@forwarder.no',
  'x-mybring-api-key': 'key-1',
  'x-bring-test-indicator': 'true',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function setup(options: Partial<BringServiceOptions> = {}) {
  let t = Date.parse('2026-01-05T10:00:00Z');
  const clock = { now: () => t, advance: (ms: number) => (t += ms) };
  const service = createBringService({ rateLimitPerSecond: 0, now: clock.now, ...options });
  const post = (body: unknown, extraHeaders: Record<string, string | undefined> = {}) =>
    service.handle({ method: 'POST', path: '/customs/v1/declarations', headers: { ...headers, ...extraHeaders }, body });
  return { service, clock, post };
}

describe('Bring service: acceptance', () => {
  it.each([
    ['raw JSON text', seedText],
    ['raw bytes', Buffer.from(seedText)],
    ['parsed JSON', seedBody()],
  ])('accepts seed example 1 given as %s with a new processingId', (_name, body) => {
    const { service, post } = setup();
    const res = post(body);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({ error: null, processingId: expect.stringMatching(UUID), status: 'ACCEPTED' });
    expect(service.counters()).toEqual({
      accepted: 1,
      failed: 0,
      throttled: 0,
      unauthorized: 0,
      badRequest: 0,
      byConsignmentId: { '012345678910': 1 },
    });
    const [declaration] = service.declarations();
    expect(declaration).toMatchObject({
      processingId: (res.body as { processingId: string }).processingId,
      apiUid: 'ops@forwarder.no',
      testIndicator: true,
      consignmentId: '012345678910',
    });
    expect(declaration?.body.declarationType).toBe('IMPORT_EXPORT');
  });

  it('gives every accepted declaration its own processingId and counts per consignmentId', () => {
    const { service, post } = setup();
    const ids = [post(seedBody('A')), post(seedBody('B')), post(seedBody('A'))].map(
      (r) => (r.body as { processingId: string }).processingId,
    );
    expect(new Set(ids).size).toBe(3);
    expect(service.counters().byConsignmentId).toEqual({ A: 2, B: 1 });
  });

  it('records X-Bring-Test-Indicator false as a live message; header names are case-insensitive', () => {
    const { service } = setup();
    const res = service.handle({
      method: 'post',
      headers: { 'X-Mybring-API-Uid': 'u', 'X-MYBRING-API-KEY': 'k', 'X-Bring-Test-Indicator': 'FALSE' },
      body: seedText,
    });
    expect(res.status).toBe(200);
    expect(service.declarations()[0]?.testIndicator).toBe(false);
  });
});

describe('Bring service: rejections', () => {
  it.each([
    ['uid missing', { 'x-mybring-api-uid': undefined }],
    ['key missing', { 'x-mybring-api-key': undefined }],
    ['key blank', { 'x-mybring-api-key': '  ' }],
  ])('401 when the %s', (_name, extra) => {
    const { service, post } = setup();
    const res = post(seedText, extra);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: 'Authentication required: send X-Mybring-API-Uid and X-Mybring-API-Key' });
    expect(service.counters()).toMatchObject({ unauthorized: 1, accepted: 0 });
  });

  it('401 for unknown credentials when users are configured', () => {
    const { post } = setup({ users: [{ apiUid: 'ops@forwarder.no', apiKey: 'key-1' }] });
    expect(post(seedText).status).toBe(200);
    expect(post(seedText, { 'x-mybring-api-key': 'key-2' })).toMatchObject({ status: 401, body: { error: 'Invalid Mybring API credentials' } });
  });

  it.each([
    ['missing', undefined, 'Missing required header X-Bring-Test-Indicator (true or false)'],
    ['yes', 'yes', 'Header X-Bring-Test-Indicator must be true or false'],
    ['1', '1', 'Header X-Bring-Test-Indicator must be true or false'],
    ['empty', '', 'Header X-Bring-Test-Indicator must be true or false'],
  ])('400 when X-Bring-Test-Indicator is %s', (_name, value, error) => {
    const { service, post } = setup();
    expect(post(seedText, { 'x-bring-test-indicator': value })).toMatchObject({ status: 400, body: { error } });
    expect(service.counters()).toMatchObject({ badRequest: 1, accepted: 0 });
  });

  it.each(['{"currencyCode": "SEK",', '', 'null,'])('400 for a body that is not JSON: %j', (text) => {
    const { service, post } = setup();
    const res = post(text);
    expect(res.status).toBe(400);
    expect((res.body as { error: string }).error).toMatch(/^Request body is not valid JSON: /);
    expect(service.counters()).toMatchObject({ badRequest: 1, failed: 0 });
  });

  it.each([
    ['consignmentId too long', (b: Record<string, any>) => (b.shipment.consignmentId = '9'.repeat(36)), 'shipment.consignmentId must be at most 35 characters (got 36)'],
    ['unknown service', (b: Record<string, any>) => (b.shipment.service = '0342'), 'shipment.service must be one of 0300, 0336 (got "0342")'],
    ['bad origin country', (b: Record<string, any>) => (b.customsDeclarations[1].countryCodeOrigin = 'XX'), 'customsDeclarations[1].countryCodeOrigin must be an ISO 3166-1 alpha-2 country code (got "XX")'],
    ['no currency', (b: Record<string, any>) => delete b.currencyCode, 'currencyCode is required'],
  ])('200 FAILED with a clear error: %s', (_name, mutate, message) => {
    const { service, post } = setup();
    const body = seedBody();
    mutate(body);
    const res = post(JSON.stringify(body));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      error: `Invalid customs declaration: ${message}`,
      processingId: expect.stringMatching(UUID),
      status: 'FAILED',
    });
    expect(service.counters()).toMatchObject({ failed: 1, accepted: 0, byConsignmentId: {} });
    expect(service.declarations()).toEqual([]);
  });

  it('200 FAILED for JSON that is not an object', () => {
    const { post } = setup();
    expect(post('[1,2]').body).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/^Invalid customs declaration: \(root\) must be a JSON object/) });
  });

  it('404 for another path, 405 for another method', () => {
    const { service } = setup();
    expect(service.handle({ method: 'POST', path: '/customs/v2/declarations', headers, body: seedText }).status).toBe(404);
    const res = service.handle({ method: 'GET', path: '/customs/v1/declarations', headers, body: '' });
    expect(res).toMatchObject({ status: 405, headers: { allow: 'POST' } });
  });
});

describe('Bring service: rate limit (sliding window on the injected clock)', () => {
  it('answers 429 with Retry-After above the rate and admits again when the window slides', () => {
    const { service, clock, post } = setup({ rateLimitPerSecond: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      statuses.push(post(seedBody(`C${i}`)).status);
      clock.advance(100); // admissions at t=0, 100, 200
    }
    const throttled = post(seedBody('C3')); // t=300: window full
    expect(statuses).toEqual([200, 200, 200]);
    expect(throttled).toMatchObject({ status: 429, headers: { 'retry-after': '1' }, body: { error: expect.any(String) } });

    clock.advance(699); // t=999: the admission at t=0 is still inside (t > 999 - 1000)
    expect(post(seedBody('C3')).status).toBe(429);
    clock.advance(1); // t=1000: the t=0 admission leaves the window
    expect(post(seedBody('C3')).status).toBe(200);
    expect(post(seedBody('C4')).status).toBe(429); // t=1000: 100, 200, 1000 in the window
    clock.advance(100); // t=1100: the t=100 admission leaves
    expect(post(seedBody('C4')).status).toBe(200);

    expect(service.counters()).toMatchObject({ accepted: 5, throttled: 3 });
    expect(Object.values(service.counters().byConsignmentId)).toEqual([1, 1, 1, 1, 1]);
  });

  it('keeps one window per API uid', () => {
    const { post } = setup({ rateLimitPerSecond: 1 });
    expect(post(seedText).status).toBe(200);
    expect(post(seedText).status).toBe(429);
    expect(post(seedText, { 'x-mybring-api-uid': 'other@forwarder.no' }).status).toBe(200);
  });

  it('Retry-After is the whole seconds until a slot frees (at least 1)', () => {
    const { post, clock, service } = setup({ rateLimitPerSecond: 2 });
    post(seedText);
    post(seedText);
    expect(post(seedText).headers['retry-after']).toBe('1');
    service.setRateLimitPerSecond(1); // two admissions in the window, limit now 1
    clock.advance(10);
    // the second-newest admission must leave: it was at t=0 → frees at t=1000, 990 ms away
    expect(post(seedText).headers['retry-after']).toBe('1');
  });

  it('throttles before looking at the body and does not count throttled requests as admissions', () => {
    const { service, clock, post } = setup({ rateLimitPerSecond: 1 });
    post(seedText);
    for (let i = 0; i < 5; i++) {
      expect(post('not json').status).toBe(429);
      clock.advance(100);
    }
    clock.advance(500); // t=1000
    expect(post(seedText).status).toBe(200);
    expect(service.counters()).toMatchObject({ accepted: 2, throttled: 5, badRequest: 0 });
  });

  it('0 means no limit; reset clears counters, declarations and windows', () => {
    const { service, post } = setup({ rateLimitPerSecond: 0 });
    for (let i = 0; i < 50; i++) expect(post(seedText).status).toBe(200);
    service.setRateLimitPerSecond(1);
    expect(post(seedText).status).toBe(200);
    expect(post(seedText).status).toBe(429);
    service.reset();
    expect(service.counters()).toEqual({ accepted: 0, failed: 0, throttled: 0, unauthorized: 0, badRequest: 0, byConsignmentId: {} });
    expect(service.declarations()).toEqual([]);
    expect(post(seedText).status).toBe(200);
  });

  it.each([-1, 1.5, Number.NaN, '5'])('rejects rateLimitPerSecond %j with a TypeError', (rate) => {
    expect(() => createBringService({ rateLimitPerSecond: rate as number, now: Date.now })).toThrow(TypeError);
  });
});
