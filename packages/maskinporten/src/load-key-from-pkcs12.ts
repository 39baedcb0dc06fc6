import { createPrivateKey, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { KeyInvalidError } from './errors.js';
import { orderChain } from './lib/certificates.js';
import { assertRsaKey, makeSigningKey, type SigningKey } from './signing-key.js';

/** Input of {@link loadKeyFromPkcs12}. */
export interface Pkcs12KeyInput {
  /** The .p12/.pfx bytes. */
  readonly pkcs12: Buffer | Uint8Array;
  /** Its password (business certificates are always delivered with one). */
  readonly password: string;
  /** Which key to use when the file holds several (Buypass/Commfides: authentication + signing): its friendlyName. */
  readonly friendlyName?: string | undefined;
  /** Key id registered on the Maskinporten client, if any. */
  readonly kid?: string | undefined;
  /** Name used in error messages, e.g. the file path. */
  readonly source?: string | undefined;
}

interface Candidate {
  key: forge.pki.PrivateKey;
  friendlyName: string | undefined;
}

/**
 * Loads the private key and certificate chain from a PKCS#12 file (the form Norwegian business certificates and
 * eSeals are delivered in). With several keys in the file, pass `friendlyName`; otherwise the key whose
 * certificate is an authentication certificate (digitalSignature without nonRepudiation) is chosen.
 *
 * @example
 * import { readFile } from 'node:fs/promises';
 * const key = loadKeyFromPkcs12({ pkcs12: await readFile('virksomhet.p12'), password: process.env.P12_PASSWORD! });
 */
export function loadKeyFromPkcs12(input: Pkcs12KeyInput): SigningKey {
  const what = input.source ?? 'PKCS#12 file';
  if (typeof input.password !== 'string') throw new TypeError('password must be a string');
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const der = forge.util.createBuffer(Buffer.from(input.pkcs12).toString('binary'));
    const asn1 = forge.asn1.fromDer(der);
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, input.password);
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (/MAC could not be verified|Invalid password|decrypt/i.test(message)) {
      throw new KeyInvalidError(`${what}: wrong password (the PKCS#12 integrity check failed)`);
    }
    throw new KeyInvalidError(`${what}: not a readable PKCS#12 (.p12/.pfx) file`);
  }

  const candidates: Candidate[] = [];
  for (const bagType of [forge.pki.oids.pkcs8ShroudedKeyBag, forge.pki.oids.keyBag] as const) {
    for (const bag of p12.getBags({ bagType: bagType as string })[bagType as string] ?? []) {
      if (bag.key === undefined || bag.key === null) {
        throw new KeyInvalidError(`${what}: holds a key forge cannot read (only RSA keys are supported)`);
      }
      candidates.push({ key: bag.key, friendlyName: attribute(bag, 'friendlyName') });
    }
  }
  const certificates: X509Certificate[] = [];
  for (const bag of p12.getBags({ bagType: forge.pki.oids.certBag as string })[forge.pki.oids.certBag as string] ?? []) {
    if (bag.cert === undefined || bag.cert === null) continue;
    certificates.push(new X509Certificate(forge.pki.certificateToPem(bag.cert)));
  }
  if (candidates.length === 0) throw new KeyInvalidError(`${what}: contains no private key`);

  const chosen = choose(candidates, certificates, input.friendlyName, what);
  const privateKey = createPrivateKey({ key: forge.pki.privateKeyToPem(chosen.key), format: 'pem' });
  assertRsaKey(privateKey, what, (m) => new KeyInvalidError(m));
  const chain = orderChain(certificates, privateKey, what);
  return makeSigningKey(privateKey, chain, input.kid);
}

function choose(
  candidates: Candidate[],
  certificates: X509Certificate[],
  friendlyName: string | undefined,
  what: string,
): Candidate {
  const names = candidates.map((c) => c.friendlyName ?? '(unnamed)').join(', ');
  if (friendlyName !== undefined) {
    const match = candidates.find((c) => c.friendlyName === friendlyName);
    if (match === undefined) throw new KeyInvalidError(`${what}: no key named "${friendlyName}"; the file holds: ${names}`);
    return match;
  }
  if (candidates.length === 1) return candidates[0]!;
  const authentication = candidates.filter((candidate) => {
    const pem = forge.pki.privateKeyToPem(candidate.key);
    const key = createPrivateKey(pem);
    const cert = certificates.find((c) => c.checkPrivateKey(key));
    if (cert === undefined) return false;
    const forgeCert = forge.pki.certificateFromPem(cert.toString());
    const usage = forgeCert.getExtension('keyUsage') as { digitalSignature?: boolean; nonRepudiation?: boolean } | null;
    return usage !== null && usage.digitalSignature === true && usage.nonRepudiation !== true;
  });
  if (authentication.length === 1) return authentication[0]!;
  throw new KeyInvalidError(`${what}: holds ${candidates.length} keys; choose one with friendlyName (${names})`);
}

function attribute(bag: forge.pkcs12.Bag, name: string): string | undefined {
  const values = bag.attributes?.[name] as unknown[] | undefined;
  const first = values?.[0];
  return typeof first === 'string' ? first : undefined;
}
