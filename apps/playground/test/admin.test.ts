import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Playground, startPlayground } from '../src/index.js';
import { call } from './support/http.js';

let pg: Playground;
beforeAll(async () => {
  pg = await startPlayground({ port: 0 });
});
afterAll(async () => {
  await pg.close();
});

describe('admin endpoints and HTTP basics', () => {
  it('moves the clock over HTTP (advance and set) and shows it in the Date header', async () => {
    const before = pg.clock.now();
    const adv = await call(pg.url, 'POST', '/_admin/clock', { json: { advanceMs: 3_600_000 } });
    expect(adv.status).toBe(200);
    expect(Date.parse(adv.body.now)).toBeGreaterThanOrEqual(before + 3_600_000 - 1000);
    expect(Math.abs(Date.parse(String(adv.headers['date'])) - Date.parse(adv.body.now))).toBeLessThan(2000);
    const set = await call(pg.url, 'POST', '/_admin/clock', { json: { now: '2027-01-01T00:00:00Z' } });
    expect(set.body.now).toMatch(/^2027-01-01T00:00:0\dZ$/);
    expect((await call(pg.url, 'POST', '/_admin/clock', { json: { now: 'tomorrow' } })).status).toBe(400);
    pg.clock.set(Date.now());
    expect(Math.abs(pg.clock.offsetMs)).toBeLessThan(1000);
  });

  it('registers a client with a JWK over HTTP; it can then get a token with a kid grant', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = publicKey.export({ format: 'jwk' });
    const reg = await call(pg.url, 'POST', '/_admin/clients', { json: { clientId: 'erp-test', orgNumber: '998877665', scopes: ['toll:movement/air'], jwk, kid: 'erp-key-1' } });
    expect(reg.status).toBe(201);
    const now = Math.floor(pg.clock.now() / 1000);
    const grant = await new SignJWT({ scope: 'toll:movement/air' })
      .setProtectedHeader({ alg: 'RS256', kid: 'erp-key-1' })
      .setIssuer('erp-test')
      .setAudience(pg.maskinporten.audience)
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .setJti(randomUUID())
      .sign(privateKey);
    const tok = await call(pg.url, 'POST', '/maskinporten/token', { form: { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: grant } });
    expect(tok.status).toBe(200);
    const bad = await call(pg.url, 'POST', '/_admin/clients', { json: { clientId: 'x', orgNumber: '12', scopes: ['a'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('registerClient: orgNumber must be 9 digits');
  });

  it('404 for unknown paths, 405 with Allow for a wrong method', async () => {
    const notFound = await call(pg.url, 'GET', '/api/movement/road/v3/transport');
    expect(notFound.status).toBe(404);
    const wrong = await call(pg.url, 'GET', '/api/movement/road/v2/transport');
    expect(wrong.status).toBe(405);
    expect(wrong.headers['allow']).toBe('POST');
  });

  it('startPlayground validates its options with the option name', async () => {
    await expect(startPlayground({ port: 70000 })).rejects.toThrow('startPlayground: port must be an integer 0..65535 (got 70000)');
    await expect(startPlayground({ validationDelayMs: -1 })).rejects.toThrow('validationDelayMs must be a number >= 0');
    await expect(startPlayground({ faults: { errorRate: 3 } })).rejects.toThrow('faults.errorRate must be a number between 0 and 1 (got 3)');
  });
});
