import { createServer } from 'node:http';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createBringCustomsClient,
  type BringCustomsClientOptions,
  type BringRetryInfo,
  type CarrierCustomsError,
} from '../src/index.js';
import { fixture } from './support/fixtures.js';
import { startTestServer, unusedPort, type ScriptedResponse, type TestServer } from './support/http-test-server.js';

const API_KEY = 'secret-api-key-7f3a';
const accepted = { error: null, processingId: '89257cb6-43be-4250-9a56-eb679b95ba8d', status: 'ACCEPTED' };

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(...script: ScriptedResponse[]): Promise<TestServer> {
  server = await startTestServer((_req, i) => script[Math.min(i, script.length - 1)]!);
  return server;
}

/** A client whose waits are recorded instead of slept. */
function client(url: string, extra: Partial<BringCustomsClientOptions> = {}) {
  const sleeps: number[] = [];
  const retries: BringRetryInfo[] = [];
  const bring = createBringCustomsClient({
    baseUrl: url,
    apiUid: 'ops@forwarder.no',
    apiKey: API_KEY,
    testIndicator: true,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    onRetry: (info) => retries.push(info),
    ...extra,
  });
  return { bring, sleeps, retries };
}

async function failure(promise: Promise<unknown>): Promise<CarrierCustomsError & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as CarrierCustomsError & Record<string, unknown>;
  }
  throw new Error('expected a rejection');
}

describe('createBringCustomsClient: request', () => {
  it('POSTs the validated body to /customs/v1/declarations with the Mybring headers', async () => {
    const srv = await serve({ status: 200, body: accepted });
    const { bring } = client(srv.url, { clientUrl: 'https://tollkit.example/adapter' });
    const result = await bring.submitDeclaration(fixture('bring-request-example-1.json') as never);

    expect(result).toEqual({ ...accepted, attempts: 1, throttled: 0 });
    expect(srv.requests).toHaveLength(1);
    const [req] = srv.requests;
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe('/customs/v1/declarations');
    expect(req?.headers).toMatchObject({
      'x-mybring-api-uid': 'ops@forwarder.no',
      'x-mybring-api-key': API_KEY,
      'x-bring-test-indicator': 'true',
      'x-bring-client-url': 'https://tollkit.example/adapter',
      'content-type': 'application/json',
      accept: 'application/json',
    });
    const sent = JSON.parse(req?.body ?? '');
    // the seed quirk "null," is sent as null; defaults are written out
    expect(sent.customsDeclarations[0].documentReferences).toBeNull();
    expect(sent.customsDeclarations[1].tradePreferenceCode).toBe('J');
    expect(sent.declarationType).toBe('IMPORT_EXPORT');
  });

  it('sends X-Bring-Test-Indicator: false for live messages and tolerates a base URL ending in /customs/v1', async () => {
    const srv = await serve({ status: 200, body: accepted });
    const { bring } = client(`${srv.url}/customs/v1/`, { testIndicator: false });
    await bring.submitDeclaration(fixture('bring-request-example-2.json') as never);
    expect(srv.requests[0]?.headers['x-bring-test-indicator']).toBe('false');
    expect(srv.requests[0]?.url).toBe('/customs/v1/declarations');
    expect(srv.requests[0]?.headers['x-bring-client-url']).toBeUndefined();
  });

  it('sends through the injected undici dispatcher', async () => {
    const srv = await serve({ status: 200, body: accepted });
    const seen: string[] = [];
    const agent = new Agent();
    const dispatcher = agent.compose((dispatch) => (opts, handler) => {
      seen.push(`${opts.method} ${opts.path}`);
      return dispatch(opts, handler);
    });
    try {
      const { bring } = client(srv.url, { dispatcher });
      await bring.submitDeclaration(fixture('bring-request-example-1.json') as never);
      expect(seen).toEqual(['POST /customs/v1/declarations']);
    } finally {
      await agent.close();
    }
  });

  it('returns FAILED as a result, not an exception', async () => {
    const srv = await serve({ status: 200, body: { error: 'Customer number 1234567890 is not authorised', processingId: null, status: 'FAILED' } });
    const { bring } = client(srv.url);
    await expect(bring.submitDeclaration(fixture('bring-request-example-1.json') as never)).resolves.toEqual({
      status: 'FAILED',
      processingId: null,
      error: 'Customer number 1234567890 is not authorised',
      attempts: 1,
      throttled: 0,
    });
  });

  it('does not send an invalid body (BRING_DECLARATION_INVALID), unless validate: false', async () => {
    const srv = await serve({ status: 200, body: { error: 'bad', processingId: 'x', status: 'FAILED' } });
    const { bring } = client(srv.url);
    const body = fixture('bring-request-example-1.json');
    (body['shipment'] as Record<string, unknown>)['service'] = '0999';
    const error = await failure(bring.submitDeclaration(body as never));
    expect(error.code).toBe('BRING_DECLARATION_INVALID');
    expect(error.category).toBe('bad-data');
    expect(error['errors']).toEqual([{ field: 'shipment.service', message: 'must be one of 0300, 0336 (got "0999")' }]);
    expect(srv.requests).toHaveLength(0);

    const result = await bring.submitDeclaration(body as never, { validate: false });
    expect(result.status).toBe('FAILED');
    expect(JSON.parse(srv.requests[0]?.body ?? '').shipment.service).toBe('0999');
  });
});

describe('createBringCustomsClient: retries', () => {
  it('waits Retry-After (seconds) plus jitter on 429, then succeeds', async () => {
    const srv = await serve(
      { status: 429, headers: { 'retry-after': '2' }, body: { error: 'slow down' } },
      { status: 429, headers: { 'retry-after': '1' } },
      { status: 200, body: accepted },
    );
    const { bring, sleeps, retries } = client(srv.url, { retryAfterJitterMs: 100 });
    const result = await bring.submitDeclaration(fixture('bring-request-example-1.json') as never);
    expect(result).toMatchObject({ status: 'ACCEPTED', attempts: 3, throttled: 2 });
    expect(sleeps).toEqual([2050, 1050]);
    expect(retries).toEqual([
      { attempt: 1, reason: '429', delayMs: 2050, retryAfterMs: 2000 },
      { attempt: 2, reason: '429', delayMs: 1050, retryAfterMs: 1000 },
    ]);
    expect(srv.requests).toHaveLength(3);
    // the same body each time
    expect(new Set(srv.requests.map((r) => r.body)).size).toBe(1);
  });

  it('reads an HTTP-date Retry-After against the injected clock', async () => {
    const now = Date.parse('2026-01-05T10:00:00Z');
    const srv = await serve({ status: 429, headers: { 'retry-after': 'Mon, 05 Jan 2026 10:00:07 GMT' } }, { status: 200, body: accepted });
    const { bring, sleeps } = client(srv.url, { now: () => now, retryAfterJitterMs: 0 });
    await bring.submitDeclaration(fixture('bring-request-example-1.json') as never);
    expect(sleeps).toEqual([7000]);
  });

  it('backs off exponentially with jitter when 429 has no Retry-After', async () => {
    const srv = await serve({ status: 429 }, { status: 429 }, { status: 429 }, { status: 200, body: accepted });
    const { bring, sleeps } = client(srv.url, { initialBackoffMs: 400, maxBackoffMs: 1000 });
    await bring.submitDeclaration(fixture('bring-request-example-1.json') as never);
    // random() = 0.5 × min(1000, 400·2^(n-1))
    expect(sleeps).toEqual([200, 400, 500]);
  });

  it('gives up after maxRetries with BRING_RATE_LIMITED; attempts are bounded', async () => {
    const srv = await serve({ status: 429, headers: { 'retry-after': '1' } });
    const { bring, sleeps } = client(srv.url, { maxRetries: 3 });
    const error = await failure(bring.submitDeclaration(fixture('bring-request-example-1.json') as never));
    expect(error.code).toBe('BRING_RATE_LIMITED');
    expect(error.category).toBe('transient');
    expect(error['attempts']).toBe(4);
    expect(error['retryAfterMs']).toBe(1000);
    expect(srv.requests).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
  });

  it('does not wait for a Retry-After beyond maxRetryAfterMs', async () => {
    const srv = await serve({ status: 429, headers: { 'retry-after': '3600' } });
    const { bring, sleeps } = client(srv.url, { maxRetryAfterMs: 60_000 });
    const error = await failure(bring.submitDeclaration(fixture('bring-request-example-1.json') as never));
    expect(error.code).toBe('BRING_RATE_LIMITED');
    expect(error.message).toMatch(/Retry-After 3600000 ms exceeds maxRetryAfterMs 60000/);
    expect(srv.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('retries 503 (not processed) and succeeds', async () => {
    const srv = await serve({ status: 503, headers: { 'retry-after': '1' } }, { status: 200, body: accepted });
    const { bring } = client(srv.url, { retryAfterJitterMs: 0 });
    await expect(bring.submitDeclaration(fixture('bring-request-example-1.json') as never)).resolves.toMatchObject({
      status: 'ACCEPTED',
      attempts: 2,
      throttled: 0,
    });
  });

  it('does not retry 500: the declaration may have landed', async () => {
    const srv = await serve({ status: 500, body: 'oops' }, { status: 200, body: accepted });
    const { bring } = client(srv.url);
    const error = await failure(bring.submitDeclaration(fixture('bring-request-example-1.json') as never));
    expect(error).toMatchObject({ code: 'BRING_SERVER_ERROR', category: 'transient', status: 500, mayHaveLanded: true, attempts: 1 });
    expect(srv.requests).toHaveLength(1);
  });

  it('retries a refused connection (nothing was sent), then reports BRING_NETWORK_ERROR', async () => {
    const port = await unusedPort();
    const { bring, retries } = client(`http://127.0.0.1:${port}`, { maxRetries: 2 });
    const error = await failure(bring.submitDeclaration(fixture('bring-request-example-1.json') as never));
    expect(error).toMatchObject({ code: 'BRING_NETWORK_ERROR', category: 'transient', attempts: 3, mayHaveLanded: false });
    expect(error.message).toContain('ECONNREFUSED');
    expect(retries.map((r) => r.reason)).toEqual(['connect-failed', 'connect-failed']);
  });

  it('does not retry a connection dropped after the request was sent', async () => {
    const srv = await serve('destroy', { status: 200, body: accepted });
    const { bring } = client(srv.url);
    const error = await failure(bring.submitDeclaration(fixture('bring-request-example-1.json') as never));
    expect(error).toMatchObject({ code: 'BRING_NETWORK_ERROR', mayHaveLanded: true, attempts: 1 });
    expect(srv.requests).toHaveLength(1);
  });

  it('times out a hanging server per attempt without retrying', async () => {
    // a server that accepts the request but never answers
    const hanging = createServer(() => {});
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = hanging.address() as { port: number };
      const { bring } = client(`http://127.0.0.1:${port}`, { timeoutMs: 200 });
      const error = await failure(bring.submitDeclaration(fixture('bring-request-example-1.json') as never));
      expect(error).toMatchObject({ code: 'BRING_NETWORK_ERROR', mayHaveLanded: true, attempts: 1 });
    } finally {
      hanging.closeAllConnections();
      await new Promise<void>((resolve) => hanging.close(() => resolve()));
    }
  });

  it('an abort signal stops the waiting and rethrows its reason', async () => {
    const srv = await serve({ status: 429, headers: { 'retry-after': '1' } });
    const controller = new AbortController();
    const { bring } = client(srv.url, {
      sleep: async () => {
        controller.abort(new Error('shutting down'));
      },
    });
    await expect(
      bring.submitDeclaration(fixture('bring-request-example-1.json') as never, { signal: controller.signal }),
    ).rejects.toThrow('shutting down');
    expect(srv.requests).toHaveLength(1);
  });
});

describe('createBringCustomsClient: error statuses', () => {
  it.each([
    [401, { error: 'Unauthorized' }, 'BRING_UNAUTHORIZED', 'config'],
    [403, { error: 'No booking right for customer 1234567890' }, 'BRING_UNAUTHORIZED', 'config'],
    [400, { error: 'Missing required header X-Bring-Test-Indicator' }, 'BRING_BAD_REQUEST', 'bad-data'],
    [404, 'Not Found', 'BRING_UNEXPECTED_STATUS', 'config'],
    [502, '<html>Bad gateway</html>', 'BRING_SERVER_ERROR', 'transient'],
  ] as const)('HTTP %i → %s', async (status, body, code, category) => {
    const srv = await serve({ status, body });
    const { bring } = client(srv.url);
    const error = await failure(bring.submitDeclaration(fixture('bring-request-example-1.json') as never));
    expect(error.code).toBe(code);
    expect(error.category).toBe(category);
    expect(error.message).not.toContain(API_KEY);
    expect(JSON.stringify(error)).not.toContain(API_KEY);
    if (typeof body === 'object') expect(error.message).toContain(body.error);
    expect(srv.requests).toHaveLength(1);
  });

  it.each([
    ['not JSON', '<html>ok</html>', '(root): is not JSON'],
    ['unknown status', { status: 'OK', processingId: 'x' }, 'status'],
    ['missing status', { processingId: 'x' }, 'status: is required'],
  ])('a 200 that is %s → BRING_INVALID_RESPONSE', async (_name, body, message) => {
    const srv = await serve({ status: 200, body });
    const { bring } = client(srv.url);
    const error = await failure(bring.submitDeclaration(fixture('bring-request-example-1.json') as never));
    expect(error.code).toBe('BRING_INVALID_RESPONSE');
    expect(error.category).toBe('bug');
    expect(error.message).toContain(message);
  });
});

describe('createBringCustomsClient: options', () => {
  const base = { baseUrl: 'https://api.bring.com', apiUid: 'u', apiKey: API_KEY, testIndicator: true };

  it.each([
    [{ ...base, testIndicator: undefined }, /testIndicator must be set to true \(test\) or false \(live\)/],
    [{ ...base, baseUrl: 'api.bring.com' }, /baseUrl must be an http\(s\) URL/],
    [{ ...base, apiKey: '' }, /apiKey must not be empty/],
    [{ ...base, maxRetries: 50 }, /maxRetries must be an integer from 0 to 10/],
    [{ ...base, sleep: 5 }, /sleep must be a function/],
    [{ ...base, timeoutMs: 0 }, /timeoutMs must be an integer from 1 to 600000/],
  ])('rejects %j with a TypeError naming the option', (options, message) => {
    expect(() => createBringCustomsClient(options as never)).toThrow(TypeError);
    expect(() => createBringCustomsClient(options as never)).toThrow(message);
  });

  it('never puts the API key in an option error', () => {
    try {
      createBringCustomsClient({ ...base, baseUrl: 'nope' });
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(API_KEY);
    }
  });
});
