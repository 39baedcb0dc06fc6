import { X509Certificate, createHash, type KeyObject } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify, errors as joseErrors } from 'jose';
import { HttpError } from '../lib/http.js';
import type { Runtime } from '../lib/runtime.js';
import type { ClientRecord } from '../lib/state.js';

/** Maskinporten's OAuth error answer (`{error, error_description}`, HTTP 400). */
export function oauthError(error: string, description: string, status = 400): HttpError {
  return new HttpError(status, { error, error_description: description });
}

const FAILED = 'Invalid assertion. Client authentication failed.';
const ALLOWED_ALGS = ['RS256', 'RS384', 'RS512'];
const KNOWN_CLAIMS = new Set(['aud', 'iss', 'scope', 'iat', 'exp', 'jti', 'nbf', 'resource', 'consumer_org', 'sub', 'iss_onbehalfof']);
/** Maximum grant lifetime (docs/digitoll.md §12.1). */
export const MAX_GRANT_LIFETIME_SECONDS = 120;
/**
 * Accepted distance between `iat` and Maskinporten's clock, either way (docs.digdir.no, maskinporten_protocol_jwtgrant:
 * only grants whose iat is less than 10 seconds away from Maskinporten's clock), and the skew allowed on `exp`.
 */
export const CLOCK_SKEW_SECONDS = 10;

export interface VerifiedGrant {
  client: ClientRecord;
  scopes: string[];
}

/** Verifies a JWT-bearer grant against the registered clients (docs/digitoll.md §12.1, DIGDIR /token). */
export async function verifyGrant(rt: Runtime, assertion: string): Promise<VerifiedGrant> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  let claims: ReturnType<typeof decodeJwt>;
  try {
    header = decodeProtectedHeader(assertion);
    claims = decodeJwt(assertion);
  } catch {
    throw oauthError('invalid_grant', `${FAILED} The assertion is not a valid signed JWT.`);
  }
  const clientId = typeof claims.iss === 'string' ? claims.iss : undefined;
  if (clientId === undefined) throw oauthError('invalid_grant', `${FAILED} Missing JWT claim iss (client_id).`);
  const client = rt.state.clients.find((c) => c.clientId === clientId);
  if (client === undefined) throw oauthError('invalid_client', `Invalid client: unknown client_id ${clientId}`);
  if (header.alg === undefined || !ALLOWED_ALGS.includes(header.alg)) {
    throw oauthError('invalid_grant', `${FAILED} Unsupported signing algorithm ${String(header.alg)} (use RS256, RS384 or RS512).`);
  }

  const now = rt.clock.now();
  const key = await resolveKey(client, header, now);
  try {
    await jwtVerify(assertion, key, { algorithms: ALLOWED_ALGS, currentDate: new Date(now), clockTolerance: CLOCK_SKEW_SECONDS });
  } catch (error) {
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) throw oauthError('invalid_grant', `${FAILED} Invalid JWT signature.`);
    if (error instanceof joseErrors.JWTExpired) throw oauthError('invalid_grant', `${FAILED} The JWT has expired (exp is in the past).`);
    if (error instanceof joseErrors.JWTClaimValidationFailed) throw oauthError('invalid_grant', `${FAILED} Invalid JWT claim ${error.claim}.`);
    throw oauthError('invalid_grant', `${FAILED} The JWT could not be verified.`);
  }

  const unknown = Object.keys(claims).filter((c) => !KNOWN_CLAIMS.has(c));
  if (unknown.length > 0) throw oauthError('invalid_grant', `${FAILED} Unknown claim(s) in the JWT: ${unknown.join(', ')}.`);
  const audience = rt.maskinportenAudience();
  const aud = claims.aud;
  const audOk = aud === audience || (Array.isArray(aud) && aud.length === 1 && aud[0] === audience);
  if (!audOk) throw oauthError('invalid_grant', `${FAILED} Invalid JWT claim aud (expected the single value ${audience}).`);
  if (typeof claims.iat !== 'number' || typeof claims.exp !== 'number') throw oauthError('invalid_grant', `${FAILED} The JWT must contain iat and exp.`);
  if (claims.exp - claims.iat > MAX_GRANT_LIFETIME_SECONDS) {
    throw oauthError('invalid_grant', `${FAILED} The JWT lifetime (exp - iat = ${claims.exp - claims.iat} s) exceeds ${MAX_GRANT_LIFETIME_SECONDS} s.`);
  }
  if (claims.iat * 1000 > now + CLOCK_SKEW_SECONDS * 1000) {
    throw oauthError('invalid_grant', `${FAILED} The JWT iat is in the future (server time ${new Date(now).toISOString()}); check your clock.`);
  }
  if (claims.iat * 1000 < now - CLOCK_SKEW_SECONDS * 1000) {
    throw oauthError('invalid_grant', `${FAILED} The JWT iat is more than ${CLOCK_SKEW_SECONDS} s in the past (server time ${new Date(now).toISOString()}); sign each grant just before sending it and check your clock.`);
  }
  const replayKey = typeof claims.jti === 'string' ? `jti:${clientId}:${claims.jti}` : `sha256:${createHash('sha256').update(assertion).digest('hex')}`;
  pruneJtis(rt, now);
  if (rt.state.usedJtis[replayKey] !== undefined) throw oauthError('invalid_grant', `${FAILED} The JWT has already been used (jti must be unique).`);
  rt.state.usedJtis[replayKey] = claims.exp * 1000 + CLOCK_SKEW_SECONDS * 1000;
  rt.changed();

  const scope = typeof claims.scope === 'string' ? claims.scope.trim() : '';
  if (scope.length === 0) throw oauthError('invalid_scope', 'Missing scope in the JWT grant.');
  const scopes = scope.split(/\s+/);
  const notAllowed = scopes.filter((s) => !client.scopes.includes(s));
  if (notAllowed.length > 0) throw oauthError('invalid_scope', `Scope(s) not allowed for client ${clientId}: ${notAllowed.join(' ')}`);
  return { client, scopes };
}

async function resolveKey(client: ClientRecord, header: ReturnType<typeof decodeProtectedHeader>, now: number): Promise<KeyObject | Awaited<ReturnType<typeof importJWK>>> {
  if (typeof header.kid === 'string') {
    const entry = client.jwks?.find((k) => k.kid === header.kid);
    if (entry === undefined) throw oauthError('invalid_grant', `${FAILED} Unknown kid ${header.kid} for client ${client.clientId}.`);
    const alg = header.alg ?? 'RS256';
    return importJWK(entry.jwk, alg);
  }
  if ((client.jwks?.length ?? 0) > 0) {
    // docs.digdir.no (maskinporten_protocol_jwtgrant): "'kid' can and must be used by clients having a pre-registered
    // certificate / asymmetric key".
    throw oauthError('invalid_grant', `${FAILED} The client has a pre-registered key: the JWT header must name it with kid.`);
  }
  if (Array.isArray(header.x5c) && typeof header.x5c[0] === 'string') {
    let leaf: X509Certificate;
    try {
      leaf = new X509Certificate(Buffer.from(header.x5c[0], 'base64'));
    } catch {
      throw oauthError('invalid_grant', `${FAILED} The JWT is signed with an invalid certificate (x5c[0] is not a DER certificate).`);
    }
    if (Date.parse(leaf.validTo) < now || Date.parse(leaf.validFrom) > now) {
      throw oauthError('invalid_grant', `${FAILED} Expired key: the certificate in x5c is not valid at ${new Date(now).toISOString()}.`);
    }
    if (client.certificatePem === undefined) throw oauthError('invalid_grant', `${FAILED} The client has no certificate registered; sign with a registered kid.`);
    const registered = new X509Certificate(client.certificatePem);
    if (registered.fingerprint256 !== leaf.fingerprint256) {
      throw oauthError('invalid_grant', `${FAILED} The JWT is signed with an invalid certificate (not the one registered for the client).`);
    }
    return leaf.publicKey;
  }
  throw oauthError('invalid_grant', `${FAILED} The JWT header must contain either x5c or kid.`);
}

function pruneJtis(rt: Runtime, now: number): void {
  for (const [k, until] of Object.entries(rt.state.usedJtis)) if (until < now) delete rt.state.usedJtis[k];
}
