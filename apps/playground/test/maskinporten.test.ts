import { X509Certificate, generateKeyPairSync, randomUUID } from 'node:crypto';
import { SignJWT, createRemoteJWKSet, decodeJwt, importPKCS8, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Playground, startPlayground } from '../src/index.js';
import { call } from './support/http.js';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

let pg: Playground;
beforeAll(async () => {
  pg = await startPlayground({ port: 0 });
});
afterAll(async () => {
  await pg.close();
});

interface GrantOptions {
  scope?: string;
  aud?: string | string[];
  iss?: string;
  iatOffset?: number;
  lifetime?: number;
  jti?: string | null;
  header?: 'x5c' | 'kid' | 'none';
  keyPem?: string;
  extraClaims?: Record<string, unknown>;
}

async function grant(o: GrantOptions = {}): Promise<string> {
  const client = pg.demoClient;
  const key = await importPKCS8(o.keyPem ?? client.keyPem, 'RS256');
  const now = Math.floor(pg.clock.now() / 1000) + (o.iatOffset ?? 0);
  const x5c = new X509Certificate(client.certificatePem).raw.toString('base64');
  const header = o.header === 'kid' ? { alg: 'RS256', kid: client.kid } : o.header === 'none' ? { alg: 'RS256' } : { alg: 'RS256', x5c: [x5c] };
  let jwt = new SignJWT({ scope: o.scope ?? 'toll:movement/road/v2', ...o.extraClaims })
    .setProtectedHeader(header)
    .setIssuer(o.iss ?? (o.header === 'kid' ? client.keyClientId : client.clientId))
    .setAudience(o.aud ?? pg.maskinporten.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + (o.lifetime ?? 100));
  if (o.jti !== null) jwt = jwt.setJti(o.jti ?? randomUUID());
  return jwt.sign(key);
}

function token(assertion: string) {
  return call(pg.url, 'POST', '/maskinporten/token', { form: { grant_type: JWT_BEARER, assertion } });
}

async function exchange(mpToken: string) {
  return call(pg.url, 'POST', '/api/access/external/oauth/token', {
    form: { grant_type: 'token-exchange', subject_token_type: 'access_token', subject_token: mpToken },
  });
}

describe('Maskinporten /token (JWT-bearer grant, §12.1)', () => {
  it('issues an access token for an x5c grant signed with the demo client certificate, with a Date header', async () => {
    const a = await token(await grant());
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ token_type: 'Bearer', expires_in: 120, scope: 'toll:movement/road/v2' });
    const claims = decodeJwt(a.body.access_token);
    expect(claims['consumer']).toEqual({ authority: 'iso6523-actorid-upis', ID: `0192:${pg.demoClient.orgNumber}` });
    expect(claims.iss).toBe(pg.maskinporten.audience);
    const date = Date.parse(String(a.headers['date']));
    expect(Math.abs(date - pg.clock.now())).toBeLessThan(2000);
  });

  it('publishes issuer metadata and a JWKS that verifies the access tokens', async () => {
    const meta = await call(pg.url, 'GET', '/maskinporten/.well-known/oauth-authorization-server');
    expect(meta.body).toMatchObject({ issuer: pg.maskinporten.audience, token_endpoint: pg.maskinporten.tokenUrl });
    const a = await token(await grant());
    const { payload } = await jwtVerify(a.body.access_token, createRemoteJWKSet(new URL(meta.body.jwks_uri)), { issuer: pg.maskinporten.audience });
    expect(payload['scope']).toBe('toll:movement/road/v2');
  });

  it('accepts a grant that names a registered key with kid', async () => {
    const a = await token(await grant({ header: 'kid' }));
    expect(a.status).toBe(200);
  });

  it('accepts several space-separated scopes the client has', async () => {
    const a = await token(await grant({ scope: 'toll:movement/road/v2 toll:movement/entry' }));
    expect(a.status).toBe(200);
    expect(a.body.scope).toBe('toll:movement/road/v2 toll:movement/entry');
  });

  it.each([
    ['wrong aud (token URL instead of issuer)', { aud: 'WRONG' }, 'invalid_grant', /Invalid JWT claim aud/],
    ['two audiences', { aud: ['A', 'B'] }, 'invalid_grant', /aud/],
    ['exp - iat > 120 s', { lifetime: 121 }, 'invalid_grant', /exceeds 120 s/],
    ['iat more than 10 s in the future', { iatOffset: 30 }, 'invalid_grant', /iat is in the future/],
    ['expired grant', { iatOffset: -300 }, 'invalid_grant', /expired/],
    ['unknown client id', { iss: 'nobody' }, 'invalid_client', /unknown client_id nobody/],
    ['scope not granted to the client', { scope: 'toll:declaration.feed' }, 'invalid_scope', /not allowed/],
    ['no x5c and no kid', { header: 'none' }, 'invalid_grant', /either x5c or kid/],
    ['unknown claim', { extraClaims: { foo: 'bar' } }, 'invalid_grant', /Unknown claim\(s\) in the JWT: foo/],
  ] as [string, GrantOptions, string, RegExp][])('refuses %s with an OAuth error body', async (_name, o, error, text) => {
    const a = await token(await grant(o));
    expect(a.status).toBe(400);
    expect(a.body.error).toBe(error);
    expect(a.body.error_description).toMatch(text);
  });

  it('refuses a grant signed with another key than the certificate in x5c', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const a = await token(await grant({ keyPem: other }));
    expect(a.status).toBe(400);
    expect(a.body).toEqual({ error: 'invalid_grant', error_description: 'Invalid assertion. Client authentication failed. Invalid JWT signature.' });
  });

  it('refuses a replayed grant (same jti), and a replay of a grant without jti', async () => {
    const g = await grant({ jti: 'fixed-jti-1' });
    expect((await token(g)).status).toBe(200);
    const again = await token(g);
    expect(again.status).toBe(400);
    expect(again.body.error_description).toMatch(/already been used/);
    const noJti = await grant({ jti: null });
    expect((await token(noJti)).status).toBe(200);
    expect((await token(noJti)).status).toBe(400);
  });

  it('refuses a certificate that is not the registered one', async () => {
    // Register a second client with its own certificate, then sign with the demo key + demo certificate under its id.
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forge = await import('node-forge');
    const keyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const fk = forge.default.pki.privateKeyFromPem(keyPem) as import('node-forge').pki.rsa.PrivateKey;
    const cert = forge.default.pki.createCertificate();
    cert.publicKey = forge.default.pki.setRsaPublicKey(fk.n, fk.e);
    cert.serialNumber = '02';
    cert.validity.notBefore = new Date(pg.clock.now() - 86_400_000);
    cert.validity.notAfter = new Date(pg.clock.now() + 86_400_000);
    cert.setSubject([{ name: 'commonName', value: 'Other AS' }]);
    cert.setIssuer([{ name: 'commonName', value: 'Other AS' }]);
    cert.sign(fk, forge.default.md.sha256.create());
    pg.registerClient({ clientId: 'other-client', orgNumber: '998877665', scopes: ['toll:movement/air'], certificatePem: forge.default.pki.certificateToPem(cert) });
    const a = await token(await grant({ iss: 'other-client', scope: 'toll:movement/air' }));
    expect(a.status).toBe(400);
    expect(a.body.error_description).toMatch(/invalid certificate/);
  });

  it('answers unsupported_grant_type, invalid_request and 415 like an OAuth server', async () => {
    const wrongType = await call(pg.url, 'POST', '/maskinporten/token', { form: { grant_type: 'client_credentials' } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error).toBe('unsupported_grant_type');
    const noAssertion = await call(pg.url, 'POST', '/maskinporten/token', { form: { grant_type: JWT_BEARER } });
    expect(noAssertion.body.error).toBe('invalid_request');
    const json = await call(pg.url, 'POST', '/maskinporten/token', { json: { grant_type: JWT_BEARER } });
    expect(json.status).toBe(415);
  });
});

describe('Customs token exchange (§12.2) and test-auth (§12.3)', () => {
  it('exchanges a Maskinporten token for a Customs token with expires_in 970 and opens test-auth', async () => {
    const mp = await token(await grant());
    const a = await exchange(mp.body.access_token);
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ issued_token_type: 'access_token', token_type: 'Bearer', expires_in: 970 });
    const ok = await call(pg.url, 'GET', '/api/movement/road/v2/test-auth', { token: a.body.access_token });
    expect(ok.status).toBe(200);
    expect(ok.body.organisationNumber).toBe(pg.demoClient.orgNumber);
  });

  it('test-auth: 401 without/with a bad token, 401 for a raw Maskinporten token, 403 for the wrong scope', async () => {
    expect((await call(pg.url, 'GET', '/api/movement/road/v2/test-auth')).status).toBe(401);
    const bad = await call(pg.url, 'GET', '/api/movement/road/v2/test-auth', { token: 'not-a-token' });
    expect(bad.status).toBe(401);
    expect(bad.headers['www-authenticate']).toMatch(/invalid_token/);
    const mp = await token(await grant());
    expect((await call(pg.url, 'GET', '/api/movement/road/v2/test-auth', { token: mp.body.access_token })).status).toBe(401);
    const airOnly = await pg.issueCustomsToken({ orgNumber: '912345688', scopes: ['toll:movement/air'] });
    const forbidden = await call(pg.url, 'GET', '/api/movement/road/v2/test-auth', { token: airOnly });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers['www-authenticate']).toMatch(/insufficient_scope/);
    expect((await call(pg.url, 'GET', '/api/movement/air/v1/test-auth', { token: airOnly })).status).toBe(200);
  });

  it('accepts the toll:eu/… scope family', async () => {
    const eu = await pg.issueCustomsToken({ orgNumber: '912345688', scopes: ['toll:eu/movement/road/v2'] });
    expect((await call(pg.url, 'GET', '/api/movement/road/v2/test-auth', { token: eu })).status).toBe(200);
  });

  it('Customs tokens expire on the injectable clock; expired Maskinporten tokens cannot be exchanged', async () => {
    const mp = await token(await grant());
    const customs = await exchange(mp.body.access_token);
    pg.clock.advance(121_000);
    const late = await exchange(mp.body.access_token);
    expect(late.status).toBe(401);
    expect(late.body.error).toBe('invalid_token');
    expect((await call(pg.url, 'GET', '/api/movement/road/v2/test-auth', { token: customs.body.access_token })).status).toBe(200);
    pg.clock.advance(970_000);
    const expired = await call(pg.url, 'GET', '/api/movement/road/v2/test-auth', { token: customs.body.access_token });
    expect(expired.status).toBe(401);
    expect(expired.body.error_description).toMatch(/expired/);
    pg.clock.advance(-(121_000 + 970_000));
  });

  it('refuses to exchange a token that carries no toll: scope', async () => {
    pg.registerClient({ clientId: 'eu-test', orgNumber: '911222333', scopes: ['digdir:verksemd.eu'], certificatePem: pg.demoClient.certificatePem });
    const mp = await token(await grant({ iss: 'eu-test', scope: 'digdir:verksemd.eu' }));
    expect(mp.status).toBe(200);
    const a = await exchange(mp.body.access_token);
    expect(a.status).toBe(403);
    expect(a.body.error_description).toBe('Not authorized to request scope digdir:verksemd.eu');
  });

  it('honours a configured expires_in', async () => {
    const short = await startPlayground({ port: 0, customsTokenLifetimeSeconds: 120 });
    try {
      const key = await importPKCS8(short.demoClient.keyPem, 'RS256');
      const now = Math.floor(Date.now() / 1000);
      const g = await new SignJWT({ scope: 'toll:movement/air' })
        .setProtectedHeader({ alg: 'RS256', kid: short.demoClient.kid })
        .setIssuer(short.demoClient.keyClientId)
        .setAudience(short.maskinporten.audience)
        .setIssuedAt(now)
        .setExpirationTime(now + 60)
        .setJti(randomUUID())
        .sign(key);
      const mp = await call(short.url, 'POST', '/maskinporten/token', { form: { grant_type: JWT_BEARER, assertion: g } });
      const ex = await call(short.url, 'POST', '/api/access/external/oauth/token', {
        form: { grant_type: 'token-exchange', subject_token_type: 'access_token', subject_token: mp.body.access_token },
      });
      expect(ex.body.expires_in).toBe(120);
    } finally {
      await short.close();
    }
  });
});
