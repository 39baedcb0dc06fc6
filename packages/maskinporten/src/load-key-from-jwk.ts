import { createPrivateKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { KeyInvalidError } from './errors.js';
import { redactCause } from './load-key-from-pem.js';
import { assertRsaKey, makeSigningKey, type SigningKey } from './signing-key.js';

/** Input of {@link loadKeyFromJwk}. */
export interface JwkKeyInput {
  /** The private JWK (object or JSON text); `kty` must be `RSA` and `d` present. */
  readonly jwk: JsonWebKey | string;
  /** Key id registered on the Maskinporten client; defaults to the JWK's `kid`. */
  readonly kid?: string | undefined;
  /** Name used in error messages, e.g. the file path. */
  readonly source?: string | undefined;
}

/**
 * Loads an RSA private key from a JWK, for key-id (`kid`) clients.
 *
 * @example
 * import { readFile } from 'node:fs/promises';
 * const key = loadKeyFromJwk({ jwk: await readFile('client.jwk.json', 'utf8') });
 */
export function loadKeyFromJwk(input: JwkKeyInput): SigningKey {
  const what = input.source ?? 'JWK';
  let jwk: JsonWebKey;
  if (typeof input.jwk === 'string') {
    try {
      jwk = JSON.parse(input.jwk) as JsonWebKey;
    } catch {
      throw new KeyInvalidError(`${what}: not valid JSON`);
    }
  } else {
    jwk = input.jwk;
  }
  if (jwk === null || typeof jwk !== 'object' || Array.isArray(jwk)) {
    throw new KeyInvalidError(`${what}: expected a JWK object`);
  }
  if (jwk.kty !== 'RSA') throw new KeyInvalidError(`${what}: kty must be "RSA", got ${JSON.stringify(jwk.kty)}`);
  if (typeof jwk.d !== 'string') throw new KeyInvalidError(`${what}: this is a public JWK; the private member "d" is missing`);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: jwk, format: 'jwk' });
  } catch (cause) {
    throw new KeyInvalidError(`${what}: the JWK cannot be read as an RSA private key`, { cause: redactCause(cause) });
  }
  assertRsaKey(privateKey, what, (m) => new KeyInvalidError(m));
  const kid = input.kid ?? (typeof jwk.kid === 'string' ? jwk.kid : undefined);
  return makeSigningKey(privateKey, [], kid);
}
