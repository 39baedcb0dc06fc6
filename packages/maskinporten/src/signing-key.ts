import type { KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import type { X509Certificate } from 'node:crypto';
import { summarise, toX5c, type CertificateSummary } from './lib/certificates.js';

export type { CertificateSummary } from './lib/certificates.js';

/**
 * A private RSA key ready to sign grants, with the certificate chain (leaf first) when there is one and the
 * `kid` when the key is registered on the Maskinporten client. `toJSON` and `util.inspect` never show the key.
 */
export interface SigningKey {
  readonly privateKey: KeyObject;
  /** `x5c` values: base64 DER, leaf first. Empty for a bare key. */
  readonly certificateChain: readonly string[];
  /** Key id from the JWK or given by the caller. */
  readonly kid: string | undefined;
  /** The leaf certificate, when there is one. */
  readonly certificate: CertificateSummary | undefined;
}

/** Builds a SigningKey whose printed/serialised form shows no key material. @internal */
export function makeSigningKey(privateKey: KeyObject, chain: readonly X509Certificate[], kid: string | undefined): SigningKey {
  const leaf = chain[0];
  const key: SigningKey = {
    privateKey,
    certificateChain: chain.map(toX5c),
    kid,
    certificate: leaf === undefined ? undefined : summarise(leaf),
  };
  const describe = () => ({
    type: `${privateKey.asymmetricKeyType ?? 'unknown'} private key`,
    kid,
    certificate: key.certificate?.subject,
    chainLength: chain.length,
  });
  Object.defineProperties(key, {
    toJSON: { value: describe, enumerable: false },
    [inspect.custom]: { value: () => `SigningKey ${inspect(describe())}`, enumerable: false },
  });
  return Object.freeze(key);
}

/** Throws unless the key is an RSA key of at least 2048 bits (Maskinporten accepts RS256/384/512 only). */
export function assertRsaKey(privateKey: KeyObject, what: string, fail: (message: string) => Error): void {
  if (privateKey.asymmetricKeyType !== 'rsa') {
    throw fail(`${what}: expected an RSA private key, got ${privateKey.asymmetricKeyType ?? 'an unknown key type'}`);
  }
  const bits = privateKey.asymmetricKeyDetails?.modulusLength;
  if (bits !== undefined && bits < 2048) {
    throw fail(`${what}: RSA key has ${bits} bits; at least 2048 are required`);
  }
}
