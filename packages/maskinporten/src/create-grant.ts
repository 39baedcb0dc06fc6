import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { SigningKey } from './signing-key.js';

/**
 * Who signs the grant, docs/digitoll.md §12.1:
 * - `business-certificate`: Norwegian business; `iss` = client id, `x5c` = the business certificate.
 * - `eseal`: foreign business; `iss` = a name of the business/system, `x5c` = the full chain; `toll:eu/…` scopes.
 * - `key-id`: a key registered on the Maskinporten client; `iss` = client id, header `kid` (must be used when such a key exists).
 */
export type ClientIdentity =
  | { readonly kind: 'business-certificate'; readonly clientId: string; readonly key: SigningKey }
  | { readonly kind: 'eseal'; readonly issuer: string; readonly key: SigningKey }
  | { readonly kind: 'key-id'; readonly clientId: string; readonly key: SigningKey; readonly kid?: string | undefined };

/** Options of {@link createGrant}. */
export interface CreateGrantOptions {
  readonly identity: ClientIdentity;
  /** Maskinporten's issuer id, e.g. `https://test.maskinporten.no/`. */
  readonly audience: string;
  /** One or more scopes. */
  readonly scope: string | readonly string[];
  /** Audience-restricted token (`resource` claim), optional. */
  readonly resource?: string | undefined;
  /** Now, in ms since the epoch (already corrected for a known clock offset if wanted). */
  readonly now: number;
  /** `exp − iat` in seconds; Maskinporten allows at most 120. Default 60. */
  readonly lifetimeSeconds?: number | undefined;
  /** Unique id of this grant; a fresh UUID by default. */
  readonly jti?: string | undefined;
  /** RS256 (default), RS384 or RS512. */
  readonly algorithm?: 'RS256' | 'RS384' | 'RS512' | undefined;
}

/**
 * The identifier used for `iss`, cache keys and messages.
 *
 * @example
 * ```ts
 * declare const key: SigningKey; // readSigningKey(…)
 * identityName({ kind: 'business-certificate', clientId: 'my-client', key }); // 'my-client'
 * ```
 */
export function identityName(identity: ClientIdentity): string {
  return identity.kind === 'eseal' ? identity.issuer : identity.clientId;
}

/**
 * Builds and signs a Maskinporten JWT grant (only the claims Maskinporten knows: aud, iss, scope, iat, exp, jti
 * and optionally resource).
 *
 * @example
 * declare const key: SigningKey; // readSigningKey(…)
 * const clientId = 'my-maskinporten-client';
 * const assertion = await createGrant({ identity: { kind: 'business-certificate', clientId, key },
 *   audience: 'https://test.maskinporten.no/', scope: 'toll:movement/road/v2', now: Date.now() });
 */
export async function createGrant(options: CreateGrantOptions): Promise<string> {
  const { identity } = options;
  const lifetime = options.lifetimeSeconds ?? 60;
  if (!Number.isInteger(lifetime) || lifetime < 10 || lifetime > 120) {
    throw new TypeError(`lifetimeSeconds must be an integer between 10 and 120; got ${lifetime}`);
  }
  const scopes = typeof options.scope === 'string' ? options.scope.split(/\s+/).filter(Boolean) : [...options.scope];
  if (scopes.length === 0) throw new TypeError('scope must name at least one scope');
  if (!Number.isFinite(options.now)) throw new TypeError('now must be a finite number of milliseconds');

  const header: { alg: string; x5c?: string[]; kid?: string } = { alg: options.algorithm ?? 'RS256' };
  switch (identity.kind) {
    case 'business-certificate': {
      const leaf = identity.key.certificateChain[0];
      if (leaf === undefined) throw new TypeError('a business-certificate client needs a key with its certificate (x5c)');
      header.x5c = [leaf];
      break;
    }
    case 'eseal':
      if (identity.key.certificateChain.length === 0) throw new TypeError('an eSeal client needs the certificate chain (x5c)');
      header.x5c = [...identity.key.certificateChain];
      break;
    case 'key-id': {
      const kid = identity.kid ?? identity.key.kid;
      if (kid === undefined || kid === '') throw new TypeError('a key-id client needs kid (from the JWK or given explicitly)');
      header.kid = kid;
      break;
    }
    default:
      throw new TypeError('identity.kind must be "business-certificate", "eseal" or "key-id"');
  }
  const iat = Math.floor(options.now / 1000);
  const claims: Record<string, string> = { scope: scopes.join(' ') };
  if (options.resource !== undefined) claims['resource'] = options.resource;
  return new SignJWT(claims)
    .setProtectedHeader(header)
    .setAudience(options.audience)
    .setIssuer(identityName(identity))
    .setIssuedAt(iat)
    .setExpirationTime(iat + lifetime)
    .setJti(options.jti ?? randomUUID())
    .sign(identity.key.privateKey);
}
