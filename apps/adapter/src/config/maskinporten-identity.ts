import { loadKeyFromPem, readClientIdentity, type ClientIdentity } from '@tollkit/maskinporten';
import type { ResolvedMaskinporten } from './load-config.js';

/**
 * The signing identity of the configured Maskinporten client: `readClientIdentity` for the
 * `client:` form (PEM, PKCS#12, JWK; business certificate, eSeal, key id), the PEM key with `kid`
 * or certificate for the short form. Throws the key loader's errors (`KEY_*`) for unusable keys.
 *
 * @example
 * const identity = await maskinportenIdentity(config.maskinporten!);
 */
export async function maskinportenIdentity(m: ResolvedMaskinporten): Promise<ClientIdentity> {
  if (m.client !== undefined) return readClientIdentity(m.client);
  if (m.privateKeyPem === undefined) throw new TypeError('maskinporten: neither client nor privateKey is configured');
  const key = loadKeyFromPem({
    key: m.privateKeyPem,
    ...(m.certificatePem !== undefined ? { certificates: m.certificatePem } : {}),
    ...(m.kid !== undefined ? { kid: m.kid } : {}),
    source: 'maskinporten.privateKey',
  });
  return m.kid !== undefined ? { kind: 'key-id', clientId: m.clientId, key, kid: m.kid } : { kind: 'business-certificate', clientId: m.clientId, key };
}
