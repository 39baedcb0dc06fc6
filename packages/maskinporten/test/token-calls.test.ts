import { generateKeyPairSync } from 'node:crypto';
import { decodeJwt } from 'jose';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenProvider, exchangeCustomsToken, loadKeyFromJwk, requestMaskinportenToken, resolveEnvironment } from '../src/index.js';

/** A loopback server whose next answers the tests choose (for refusals the playground does not produce). */
let server: Server;
let url: string;
let reply: (res: ServerResponse) => void = (res) => res.end();
const forms: URLSearchParams[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      forms.push(new URLSearchParams(body));
      reply(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const json = (status: number, body: unknown, options: { date?: boolean; headers?: Record<string, string> } = {}) => (res: ServerResponse) => {
  res.sendDate = options.date !== false;
  res.writeHead(status, { 'content-type': 'application/json', ...options.headers }).end(JSON.stringify(body));
};

describe('single token calls', () => {
  it('sends the JWT-bearer form and reads the token response', async () => {
    reply = json(200, { access_token: 'mp-token', token_type: 'Bearer', expires_in: 120, scope: 'toll:movement/road/v2' });
    const result = await requestMaskinportenToken({ tokenUrl: url, assertion: 'a.b.c', scope: 'toll:movement/road/v2' });
    expect(result).toMatchObject({ accessToken: 'mp-token', expiresIn: 120, scope: 'toll:movement/road/v2' });
    expect(Math.abs(result.clockOffsetMs!)).toBeLessThan(2000);
    expect(Object.fromEntries(forms.at(-1)!)).toEqual({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: 'a.b.c' });
  });

  it('a time refusal without a Date header still says what to check', async () => {
    reply = json(400, { error: 'invalid_grant', error_description: 'The JWT iat is in the future' }, { date: false });
    await expect(requestMaskinportenToken({ tokenUrl: url, assertion: 'a.b.c', scope: 's' })).rejects.toMatchObject({
      code: 'MASKINPORTEN_CLOCK_SKEW',
      clockOffsetMs: undefined,
      message: expect.stringContaining("The server sent no usable Date header to compare clocks; check this machine's clock."),
    });
  });

  it('a certificate that expired is bad credentials, not clock skew', async () => {
    reply = json(400, { error: 'invalid_grant', error_description: 'Invalid assertion. Expired key: the certificate in x5c is not valid' });
    await expect(requestMaskinportenToken({ tokenUrl: url, assertion: 'a.b.c', scope: 's' })).rejects.toMatchObject({ code: 'MASKINPORTEN_BAD_CREDENTIALS' });
  });

  it('classifies 503 with Retry-After, a 2xx without a token, and an unreachable host', async () => {
    reply = json(503, { error: 'temporarily_unavailable' }, { headers: { 'retry-after': '7' } });
    await expect(requestMaskinportenToken({ tokenUrl: url, assertion: 'a.b.c', scope: 's' })).rejects.toMatchObject({
      code: 'MASKINPORTEN_SERVICE_UNAVAILABLE',
      retryAfterMs: 7000,
      status: 503,
    });
    reply = json(200, { token_type: 'Bearer' });
    await expect(requestMaskinportenToken({ tokenUrl: url, assertion: 'a.b.c', scope: 's' })).rejects.toMatchObject({ code: 'MASKINPORTEN_BAD_RESPONSE', category: 'bug' });
    await expect(requestMaskinportenToken({ tokenUrl: 'http://127.0.0.1:1/token', assertion: 'a.b.c', scope: 's' })).rejects.toMatchObject({
      code: 'MASKINPORTEN_SERVICE_UNAVAILABLE',
      message: expect.stringContaining('could not be reached (ECONNREFUSED'),
    });
  });

  it('exchange: sends the token-exchange form; "Not authorized to request scope" is SCOPE_NOT_GRANTED', async () => {
    reply = json(200, { issued_token_type: 'access_token', access_token: 'customs-token', token_type: 'Bearer', expires_in: 970 });
    expect(await exchangeCustomsToken({ tokenExchangeUrl: url, subjectToken: 'mp-token', scope: 'toll:movement/road/v2' })).toMatchObject({
      accessToken: 'customs-token',
      expiresIn: 970,
      tokenType: 'Bearer',
    });
    expect(Object.fromEntries(forms.at(-1)!)).toEqual({ grant_type: 'token-exchange', subject_token_type: 'access_token', subject_token: 'mp-token' });
    reply = json(403, { error: 'access_denied', error_description: 'Not authorized to request scope toll:movement/air' });
    const error = await exchangeCustomsToken({ tokenExchangeUrl: url, subjectToken: 'mp-token', scope: 'toll:movement/air' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'MASKINPORTEN_SCOPE_NOT_GRANTED', scope: 'toll:movement/air' });
    expect(String((error as Error).message)).not.toContain('mp-token');
  });
});

describe('options', () => {
  it('names the option and its range', () => {
    const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
    const identity = { kind: 'key-id' as const, clientId: 'c', key: loadKeyFromJwk({ jwk, kid: 'k' }) };
    expect(() => createTokenProvider({ environment: 'test', identity, grantLifetimeSeconds: 300 })).toThrow(/grantLifetimeSeconds: Too big: expected number to be <=120/);
    expect(() => createTokenProvider({ environment: 'test', identity, maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(() => resolveEnvironment('staging' as 'test')).toThrow('environment must be "test", "production" or an object with custom URLs; got "staging"');
    expect(() => resolveEnvironment({ name: 'pg', tokenUrl: 'nope', audience: 'http://x/', tokenExchangeUrl: 'http://x/t' })).toThrow('environment.tokenUrl must be an absolute URL; got "nope"');
    expect(resolveEnvironment('production')).toEqual({
      name: 'production',
      tokenUrl: 'https://maskinporten.no/token',
      audience: 'https://maskinporten.no/',
      tokenExchangeUrl: 'https://api.toll.no/api/access/external/oauth/token',
    });
  });
});

describe('retries', () => {
  it('signs a new grant (new jti) for every try', async () => {
    const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
    const identity = { kind: 'key-id' as const, clientId: 'retry-client', key: loadKeyFromJwk({ jwk, kid: 'k1' }) };
    const answers = [
      json(503, { error: 'temporarily_unavailable' }),
      json(502, {}),
      json(200, { access_token: 'mp', expires_in: 120, scope: 'toll:movement/rail' }),
      json(200, { access_token: 'customs', token_type: 'Bearer', expires_in: 970 }),
    ];
    reply = (res) => answers.shift()!(res);
    forms.length = 0;
    const delays: number[] = [];
    const tokens = createTokenProvider({
      environment: { name: 'loopback', tokenUrl: url, audience: 'http://127.0.0.1/', tokenExchangeUrl: url },
      identity,
      sleep: async (ms) => void delays.push(ms),
      retryBaseDelayMs: 100,
    });
    expect(await tokens.getToken('toll:movement/rail')).toBe('customs');
    const grants = forms.filter((f) => f.has('assertion')).map((f) => decodeJwt(f.get('assertion')!));
    expect(grants).toHaveLength(3);
    expect(new Set(grants.map((g) => g.jti)).size).toBe(3);
    expect(grants.every((g) => g.iss === 'retry-client' && g.scope === 'toll:movement/rail')).toBe(true);
    expect(delays).toHaveLength(2);
    expect(delays[0]).toBeGreaterThanOrEqual(50);
    expect(delays[0]).toBeLessThanOrEqual(100);
    expect(delays[1]).toBeGreaterThanOrEqual(100);
    expect(delays[1]).toBeLessThanOrEqual(200);
  });
});
