import { createPublicKey, X509Certificate } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGrant, loadKeyFromJwk, loadKeyFromPem, type SigningKey } from '../src/index.js';
import { createTestCertificate, type TestCertificate } from './support/certificates.js';

let business: TestCertificate;
let root: TestCertificate;
let eseal: TestCertificate;
let businessKey: SigningKey;
let esealKey: SigningKey;

beforeAll(() => {
  business = createTestCertificate({ commonName: 'Tollkit Test AS' });
  root = createTestCertificate({ commonName: 'EU Root', ca: true, keyUsage: { keyCertSign: true } });
  eseal = createTestCertificate({ commonName: 'Foreign GmbH', issuer: root });
  businessKey = loadKeyFromPem({ key: business.keyPem, certificates: business.certificatePem });
  esealKey = loadKeyFromPem({ key: eseal.keyPem, certificates: eseal.certificatePem + root.certificatePem });
});

const now = Date.parse('2026-11-21T06:00:00Z');

describe('createGrant', () => {
  it('Norwegian business: iss = client id, x5c = the business certificate only, exactly the known claims', async () => {
    const jwt = await createGrant({
      identity: { kind: 'business-certificate', clientId: 'c0ffee-client', key: businessKey },
      audience: 'https://test.maskinporten.no/',
      scope: ['toll:movement/road/v2', 'toll:movement/entry'],
      now,
    });
    const header = decodeProtectedHeader(jwt);
    expect(header.alg).toBe('RS256');
    expect(header.kid).toBeUndefined();
    expect(header.x5c).toHaveLength(1);
    expect(new X509Certificate(Buffer.from(header.x5c![0]!, 'base64')).subject).toContain('Tollkit Test AS');
    const { payload } = await jwtVerify(jwt, createPublicKey(business.keyPem), {
      audience: 'https://test.maskinporten.no/',
      issuer: 'c0ffee-client',
      currentDate: new Date(now),
    });
    expect(Object.keys(payload).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'scope']);
    expect(payload.scope).toBe('toll:movement/road/v2 toll:movement/entry');
    expect(payload.iat).toBe(now / 1000);
    expect(payload.exp! - payload.iat!).toBe(60);
  });

  it('foreign business (eSeal): full chain in x5c, toll:eu scope', async () => {
    const jwt = await createGrant({
      identity: { kind: 'eseal', issuer: 'Foreign GmbH forwarding system', key: esealKey },
      audience: 'https://test.maskinporten.no/',
      scope: 'toll:eu/movement/road/v2',
      now,
      lifetimeSeconds: 120,
    });
    const header = decodeProtectedHeader(jwt);
    expect(header.x5c).toHaveLength(2);
    const { payload } = await jwtVerify(jwt, createPublicKey(eseal.keyPem), { currentDate: new Date(now) });
    expect(payload.iss).toBe('Foreign GmbH forwarding system');
    expect(payload.scope).toBe('toll:eu/movement/road/v2');
    expect(payload.exp! - payload.iat!).toBe(120);
  });

  it('key-id client: kid header, no x5c; fresh jti every time; resource claim when asked', async () => {
    const jwkKey = loadKeyFromJwk({ jwk: { ...privateJwk(business), kid: 'my-kid' } });
    const make = () =>
      createGrant({
        identity: { kind: 'key-id', clientId: 'kid-client', key: jwkKey },
        audience: 'https://maskinporten.no/',
        scope: 'toll:movement/air',
        resource: 'https://api.toll.no',
        now,
      });
    const [a, b] = [await make(), await make()];
    expect(decodeProtectedHeader(a)).toEqual({ alg: 'RS256', kid: 'my-kid' });
    const pa = (await jwtVerify(a, createPublicKey(business.keyPem), { currentDate: new Date(now) })).payload;
    const pb = (await jwtVerify(b, createPublicKey(business.keyPem), { currentDate: new Date(now) })).payload;
    expect(pa.jti).not.toBe(pb.jti);
    expect(pa['resource']).toBe('https://api.toll.no');
  });

  it('rejects misuse with plain TypeErrors', async () => {
    const base = { audience: 'https://test.maskinporten.no/', scope: 'toll:movement/road/v2', now };
    const bare = loadKeyFromPem({ key: business.keyPem });
    await expect(createGrant({ ...base, identity: { kind: 'business-certificate', clientId: 'c', key: bare } })).rejects.toThrow(TypeError);
    await expect(createGrant({ ...base, identity: { kind: 'key-id', clientId: 'c', key: bare } })).rejects.toThrow(/needs kid/);
    await expect(createGrant({ ...base, lifetimeSeconds: 300, identity: { kind: 'key-id', clientId: 'c', key: bare, kid: 'k' } })).rejects.toThrow(
      /between 10 and 120/,
    );
  });
});

function privateJwk(cert: TestCertificate) {
  return loadKeyFromPem({ key: cert.keyPem }).privateKey.export({ format: 'jwk' });
}
