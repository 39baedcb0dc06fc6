import { createPrivateKey } from 'node:crypto';
import { startPlayground, type Playground } from '@tollkit/playground';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTokenProvider,
  loadKeyFromJwk,
  loadKeyFromPem,
  loadKeyFromPkcs12,
  type ClientIdentity,
  type MaskinportenEnvironment,
  type TokenEvent,
} from '../src/index.js';
import { createPkcs12, createTestCertificate } from './support/certificates.js';

let pg: Playground;
let environment: MaskinportenEnvironment;
let demo: ClientIdentity;

const ROAD = 'toll:movement/road/v2';
const AIR = 'toll:movement/air';
const MP = 'POST /maskinporten/token';
const EXCHANGE = 'POST /api/access/external/oauth/token';

beforeAll(async () => {
  pg = await startPlayground({ port: 0, customsTokenLifetimeSeconds: 120 });
  environment = {
    name: 'playground',
    tokenUrl: pg.maskinporten.tokenUrl,
    audience: pg.maskinporten.audience,
    tokenExchangeUrl: `${pg.url}/api/access/external/oauth/token`,
  };
  demo = {
    kind: 'business-certificate',
    clientId: pg.demoClient.clientId,
    key: loadKeyFromPem({ key: pg.demoClient.keyPem, certificates: pg.demoClient.certificatePem }),
  };
});

afterAll(async () => {
  await pg?.close();
});

async function testAuth(token: string, path = '/api/movement/road/v2/test-auth'): Promise<number> {
  const response = await request(`${pg.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  await response.body.dump();
  return response.statusCode;
}

describe('token provider against the playground', () => {
  it('gets a Customs token that Digitoll accepts, caches it, and fetches once for concurrent callers', async () => {
    pg.counters.reset();
    const tokens = createTokenProvider({ environment, identity: demo });
    const first = await tokens.getToken(ROAD);
    expect(await testAuth(first)).toBe(200);
    expect(await tokens.getToken(ROAD)).toBe(first);
    expect(pg.counters.requestsTo(MP)).toBe(1);
    expect(pg.counters.requestsTo(EXCHANGE)).toBe(1);

    const concurrent = await Promise.all(Array.from({ length: 10 }, () => tokens.getToken(AIR)));
    expect(new Set(concurrent).size).toBe(1);
    expect(pg.counters.requestsTo(MP)).toBe(2);
    expect(tokens.stats()).toEqual({ maskinportenRequests: 2, exchangeRequests: 2, cacheHits: 1 });
    // a token for one scope is not used for another
    expect(await testAuth(concurrent[0]!, '/api/movement/air/v1/test-auth')).toBe(200);
    expect(await testAuth(first, '/api/movement/air/v1/test-auth')).toBe(403);
  });

  it('refreshes ahead of expiry by the injected clock (120 s token, margin capped at half the lifetime)', async () => {
    pg.counters.reset();
    let skew = 0;
    const advance = (ms: number) => {
      skew += ms; // our clock and the playground's move together
      pg.clock.advance(ms);
    };
    const tokens = createTokenProvider({ environment, identity: demo, now: () => Date.now() + skew, refreshMarginSeconds: 90 });
    try {
      const info = await tokens.getTokenInfo(ROAD);
      expect(info.expiresAt - info.issuedAt).toBe(120_000);
      advance(55_000);
      expect(await tokens.getToken(ROAD)).toBe(info.reveal());
      expect(pg.counters.requestsTo(MP)).toBe(1);
      advance(10_000); // 65 s in: inside the 60 s refresh window
      const refreshed = await tokens.getTokenInfo(ROAD);
      expect(refreshed.reveal()).not.toBe(info.reveal());
      expect(pg.counters.requestsTo(MP)).toBe(2);
      expect(pg.counters.requestsTo(EXCHANGE)).toBe(2);
      expect(await testAuth(refreshed.reveal())).toBe(200);
    } finally {
      pg.clock.advance(-skew);
    }
  });

  it('explains a grant refused because this machine\'s clock is wrong, and can compensate when asked', async () => {
    const slow = () => Date.now() - 90_000;
    const tokens = createTokenProvider({ environment, identity: demo, now: slow });
    const error = await tokens.getToken(ROAD).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'MASKINPORTEN_CLOCK_SKEW', category: 'config', oauthError: 'invalid_grant' });
    const message = (error as Error).message;
    expect(message).toMatch(/^Maskinporten refused the grant for time reasons \(invalid_grant: .*expired.*\)\. This machine's clock is (89|90|91) s behind the server's \(from its Date header\); Maskinporten tolerates about 10 s\. Synchronise the clock \(NTP\) and try again\.$/);
    expect(Math.round(tokens.clockOffsetMs! / 1000)).toBeGreaterThanOrEqual(89);

    const compensating = createTokenProvider({ environment, identity: demo, now: slow, compensateClockOffset: true });
    await expect(compensating.getToken(ROAD)).rejects.toMatchObject({ code: 'MASKINPORTEN_CLOCK_SKEW' });
    // the offset is now known: the next grant is dated with the server's time
    expect(await testAuth(await compensating.getToken(ROAD))).toBe(200);
  });

  it('reports a scope not granted, and bad credentials, with stable codes', async () => {
    const cert = createTestCertificate({ commonName: 'Road Only AS' });
    pg.registerClient({ clientId: 'road-only', orgNumber: '987654321', scopes: [ROAD], certificatePem: cert.certificatePem });
    const key = loadKeyFromPem({ key: cert.keyPem, certificates: cert.certificatePem });
    const tokens = createTokenProvider({ environment, identity: { kind: 'business-certificate', clientId: 'road-only', key } });
    await expect(tokens.getToken(AIR)).rejects.toMatchObject({ code: 'MASKINPORTEN_SCOPE_NOT_GRANTED', scope: AIR, category: 'config' });
    expect(await testAuth(await tokens.getToken(ROAD))).toBe(200);

    const other = createTestCertificate({ commonName: 'Impostor AS' });
    const impostor = createTokenProvider({
      environment,
      identity: { kind: 'business-certificate', clientId: 'road-only', key: loadKeyFromPem({ key: other.keyPem, certificates: other.certificatePem }) },
    });
    await expect(impostor.getToken(ROAD)).rejects.toMatchObject({ code: 'MASKINPORTEN_BAD_CREDENTIALS', message: expect.stringMatching(/not the one registered/) });
    const unknown = createTokenProvider({ environment, identity: { kind: 'business-certificate', clientId: 'nobody', key } });
    await expect(unknown.getToken(ROAD)).rejects.toMatchObject({ code: 'MASKINPORTEN_BAD_CREDENTIALS', oauthError: 'invalid_client' });
  });

  it('works with a PKCS#12 business certificate, a key-id JWK client and a foreign eSeal with its chain', async () => {
    const business = createTestCertificate({ commonName: 'P12 Spedisjon AS' });
    pg.registerClient({ clientId: 'p12-client', orgNumber: '911111111', scopes: [ROAD], certificatePem: business.certificatePem });
    const p12Key = loadKeyFromPkcs12({ pkcs12: createPkcs12(business, [business], 'passord'), password: 'passord' });
    const p12 = createTokenProvider({ environment, identity: { kind: 'business-certificate', clientId: 'p12-client', key: p12Key } });
    expect(await testAuth(await p12.getToken(ROAD))).toBe(200);

    const jwkSource = createTestCertificate({ commonName: 'jwk' });
    const privateJwk = { ...createPrivateKey(jwkSource.keyPem).export({ format: 'jwk' }), kid: 'kid-2026-11' };
    pg.registerClient({ clientId: 'kid-client', orgNumber: '922222222', scopes: [ROAD], jwk: privateJwk, kid: 'kid-2026-11' });
    const kid = createTokenProvider({ environment, identity: { kind: 'key-id', clientId: 'kid-client', key: loadKeyFromJwk({ jwk: privateJwk }) } });
    expect(await testAuth(await kid.getToken(ROAD))).toBe(200);

    const root = createTestCertificate({ commonName: 'EU Qualified CA', ca: true, keyUsage: { keyCertSign: true } });
    const seal = createTestCertificate({ commonName: 'Spedition GmbH', organizationIdentifier: 'VATDE-123456789', issuer: root });
    pg.registerClient({ clientId: 'Spedition GmbH TMS', orgNumber: '933333333', scopes: ['toll:eu/movement/road/v2'], certificatePem: seal.certificatePem });
    const esealKey = loadKeyFromPkcs12({ pkcs12: createPkcs12(seal, [seal, root], 'siegel'), password: 'siegel' });
    expect(esealKey.certificateChain).toHaveLength(2);
    const eseal = createTokenProvider({ environment, identity: { kind: 'eseal', issuer: 'Spedition GmbH TMS', key: esealKey } });
    expect(await testAuth(await eseal.getToken('toll:eu/movement/road/v2'))).toBe(200);
  });

  it('retries 429 and 5xx with a fresh grant each time, then gives up with SERVICE_UNAVAILABLE', async () => {
    const delays: number[] = [];
    const events: TokenEvent[] = [];
    const sleep = async (ms: number) => {
      delays.push(ms);
    };
    pg.counters.reset();
    pg.setFaults({ rateLimit: { count: 2, retryAfterSeconds: 3 }, pathPrefix: '/maskinporten/' });
    try {
      const tokens = createTokenProvider({ environment, identity: demo, sleep, onEvent: (e) => events.push(e) });
      const token = await tokens.getToken(ROAD);
      expect(await testAuth(token)).toBe(200);
      expect(delays).toEqual([3000, 3000]);
      expect(pg.counters.requestsTo(MP)).toBe(3); // the playground refuses a re-used jti: each try had its own
      expect(JSON.stringify(events)).not.toContain(token);

      pg.setFaults({ errorRate: 1, errorStatus: 503, pathPrefix: '/api/access/' });
      const failing = createTokenProvider({ environment, identity: demo, sleep, maxAttempts: 3 });
      await expect(failing.getToken(ROAD)).rejects.toMatchObject({ code: 'MASKINPORTEN_SERVICE_UNAVAILABLE', category: 'transient', status: 503 });
    } finally {
      pg.setFaults({});
    }
  });

  it('keeps using a still-valid token when the early refresh fails, and says so', async () => {
    let skew = 0;
    const events: TokenEvent[] = [];
    const tokens = createTokenProvider({ environment, identity: demo, now: () => Date.now() + skew, sleep: async () => {}, onEvent: (e) => events.push(e) });
    const first = await tokens.getToken(ROAD);
    skew = 70_000; // inside the refresh window, 50 s before expiry
    pg.clock.advance(skew);
    pg.setFaults({ errorRate: 1, pathPrefix: '/maskinporten/' });
    try {
      expect(await tokens.getToken(ROAD)).toBe(first);
      expect(events.some((e) => e.type === 'stale-token-used')).toBe(true);
    } finally {
      pg.setFaults({});
      pg.clock.advance(-skew);
    }
  });
});
