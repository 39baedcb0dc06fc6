import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import type { Runtime } from './runtime.js';

/** Claims of the Maskinporten access token the playground issues. */
export interface MaskinportenTokenClaims {
  clientId: string;
  orgNumber: string;
  scopes: string[];
}

/** Claims of the Customs token the playground issues. */
export interface CustomsTokenClaims {
  orgNumber: string;
  scopes: string[];
  clientId: string;
}

/** Signs a Maskinporten-style JWT access token (`consumer.ID` = `0192:<orgno>`). */
export async function signMaskinportenToken(rt: Runtime, c: MaskinportenTokenClaims, lifetimeSeconds: number): Promise<string> {
  const iat = Math.floor(rt.clock.now() / 1000);
  return new SignJWT({
    scope: c.scopes.join(' '),
    client_id: c.clientId,
    client_amr: 'virksomhetssertifikat',
    token_type: 'Bearer',
    consumer: { authority: 'iso6523-actorid-upis', ID: `0192:${c.orgNumber}` },
  })
    .setProtectedHeader({ alg: 'RS256', kid: rt.signingKey.kid, typ: 'JWT' })
    .setIssuer(rt.maskinportenAudience())
    .setAudience('unspecified')
    .setIssuedAt(iat)
    .setExpirationTime(iat + lifetimeSeconds)
    .setJti(randomUUID())
    .sign(rt.signingKey.privateKey);
}

/** Verifies a Maskinporten token issued by this playground; undefined when invalid or expired. */
export async function verifyMaskinportenToken(rt: Runtime, token: string): Promise<MaskinportenTokenClaims | undefined> {
  try {
    const { payload } = await jwtVerify(token, rt.signingKey.publicKey, { issuer: rt.maskinportenAudience(), currentDate: new Date(rt.clock.now()), algorithms: ['RS256'] });
    const consumer = payload['consumer'] as { ID?: unknown } | undefined;
    const id = typeof consumer?.ID === 'string' ? consumer.ID : '';
    const orgNumber = id.startsWith('0192:') ? id.slice(5) : id;
    return { clientId: String(payload['client_id'] ?? ''), orgNumber, scopes: String(payload['scope'] ?? '').split(/\s+/).filter(Boolean) };
  } catch {
    return undefined;
  }
}

/** Signs a Customs token valid for `lifetimeSeconds` on the playground clock. */
export async function signCustomsToken(rt: Runtime, c: CustomsTokenClaims, lifetimeSeconds: number): Promise<string> {
  const iat = Math.floor(rt.clock.now() / 1000);
  return new SignJWT({ scope: c.scopes.join(' '), org: c.orgNumber, client_id: c.clientId })
    .setProtectedHeader({ alg: 'RS256', kid: rt.signingKey.kid, typ: 'JWT' })
    .setIssuer(rt.customsIssuer())
    .setSubject(c.orgNumber)
    .setIssuedAt(iat)
    .setExpirationTime(iat + lifetimeSeconds)
    .setJti(randomUUID())
    .sign(rt.signingKey.privateKey);
}

interface VerifiedToken {
  readonly claims: CustomsTokenClaims;
  /** `exp` (epoch seconds). */
  readonly exp: number;
}

/** Most distinct tokens remembered per playground (a client reuses one token for ~16 minutes). */
const VERIFIED_CACHE_SIZE = 10_000;
const verified = new WeakMap<Runtime, Map<string, VerifiedToken>>();

/**
 * Verifies a Customs token; the reason tells a 401 answer what was wrong. A token whose signature and issuer were
 * verified once is remembered by its exact text, so the RSA check runs once per token rather than once per request;
 * its expiry is checked against the playground clock on every use, as `jwtVerify` does.
 */
export async function verifyCustomsToken(rt: Runtime, token: string): Promise<{ ok: true; claims: CustomsTokenClaims } | { ok: false; reason: string }> {
  let cache = verified.get(rt);
  const known = cache?.get(token);
  if (known !== undefined) {
    if (Math.floor(rt.clock.now() / 1000) < known.exp) return { ok: true, claims: known.claims };
    cache?.delete(token);
    return { ok: false, reason: 'The access token expired' };
  }
  try {
    const { payload } = await jwtVerify(token, rt.signingKey.publicKey, { issuer: rt.customsIssuer(), currentDate: new Date(rt.clock.now()), algorithms: ['RS256'] });
    const claims: CustomsTokenClaims = { orgNumber: String(payload['org'] ?? ''), scopes: String(payload['scope'] ?? '').split(/\s+/).filter(Boolean), clientId: String(payload['client_id'] ?? '') };
    if (typeof payload.exp === 'number' && payload.nbf === undefined) {
      if (cache === undefined) verified.set(rt, (cache = new Map()));
      if (cache.size >= VERIFIED_CACHE_SIZE) cache.clear();
      cache.set(token, { claims, exp: payload.exp });
    }
    return { ok: true, claims };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_JWT_EXPIRED') return { ok: false, reason: 'The access token expired' };
    if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') return { ok: false, reason: 'The access token was not issued by the Customs token service (is it a Maskinporten token? exchange it first)' };
    return { ok: false, reason: 'The access token is invalid' };
  }
}
