import { createPrivateKey, type KeyObject } from 'node:crypto';
import { KeyInvalidError } from './errors.js';
import { orderChain, parseCertificates } from './lib/certificates.js';
import { assertRsaKey, makeSigningKey, type SigningKey } from './signing-key.js';

/** Input of {@link loadKeyFromPem}. */
export interface PemKeyInput {
  /** PEM private key (PKCS#8, PKCS#1 or encrypted PKCS#8); may also contain the certificates. */
  readonly key: string | Buffer;
  /** PEM certificate(s): the business certificate, or an eSeal with its chain. Any order. */
  readonly certificates?: string | Buffer | undefined;
  /** Passphrase of an encrypted key. */
  readonly passphrase?: string | undefined;
  /** Key id registered on the Maskinporten client. */
  readonly kid?: string | undefined;
  /** Name used in error messages, e.g. the file path. */
  readonly source?: string | undefined;
}

/**
 * Loads an RSA private key (and optional certificate chain) from PEM text.
 *
 * @example
 * import { readFile } from 'node:fs/promises';
 * const key = loadKeyFromPem({ key: await readFile('client.key'), certificates: await readFile('client.crt') });
 */
export function loadKeyFromPem(input: PemKeyInput): SigningKey {
  const what = input.source ?? 'PEM key';
  const keyText = input.key.toString();
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(keyText)) {
    throw new KeyInvalidError(`${what}: no "-----BEGIN … PRIVATE KEY-----" block found`);
  }
  if (/ENCRYPTED PRIVATE KEY|Proc-Type: 4,ENCRYPTED/.test(keyText) && !input.passphrase) {
    throw new KeyInvalidError(`${what}: the private key is encrypted; a passphrase is required`);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(
      input.passphrase === undefined ? { key: keyText, format: 'pem' } : { key: keyText, format: 'pem', passphrase: input.passphrase },
    );
  } catch (cause) {
    const reason = input.passphrase === undefined ? 'cannot be read' : 'cannot be read (wrong passphrase?)';
    throw new KeyInvalidError(`${what}: the private key ${reason}`, { cause: redactCause(cause) });
  }
  assertRsaKey(privateKey, what, (m) => new KeyInvalidError(m));
  const certText = `${keyText}\n${input.certificates?.toString() ?? ''}`;
  const chain = orderChain(parseCertificates(certText, what), privateKey, what);
  return makeSigningKey(privateKey, chain, input.kid);
}

/** OpenSSL errors carry no key material, but keep only the code and message to be sure. @internal */
export function redactCause(cause: unknown): Error | undefined {
  if (!(cause instanceof Error)) return undefined;
  const copy = new Error(cause.message);
  const code = (cause as { code?: unknown }).code;
  if (typeof code === 'string') Object.assign(copy, { code });
  return copy;
}
