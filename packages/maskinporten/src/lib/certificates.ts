import { X509Certificate, type KeyObject } from 'node:crypto';
import { KeyInvalidError } from '../errors.js';

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Splits a PEM text into its certificates (private-key blocks are ignored). */
export function parseCertificates(pem: string, what: string): X509Certificate[] {
  const blocks = pem.match(CERT_BLOCK) ?? [];
  return blocks.map((block, index) => {
    try {
      return new X509Certificate(block);
    } catch (cause) {
      throw new KeyInvalidError(`${what}: certificate #${index + 1} is not a valid X.509 certificate`, { cause });
    }
  });
}

/**
 * Orders certificates leaf first: the leaf is the one holding the private key's public half, then each
 * issuer in turn. Certificates that do not belong to the chain are dropped.
 */
export function orderChain(certificates: readonly X509Certificate[], privateKey: KeyObject, what: string): X509Certificate[] {
  if (certificates.length === 0) return [];
  const leaf = certificates.find((c) => c.checkPrivateKey(privateKey));
  if (leaf === undefined) {
    throw new KeyInvalidError(
      `${what}: none of the ${certificates.length} certificate(s) matches the private key (wrong certificate file?)`,
    );
  }
  const chain = [leaf];
  const rest = certificates.filter((c) => c !== leaf);
  let current = leaf;
  for (;;) {
    if (current.checkIssued(current) && current.verify(current.publicKey)) break; // self-signed root
    const issuer = rest.find((c) => !chain.includes(c) && current.checkIssued(c));
    if (issuer === undefined) break;
    chain.push(issuer);
    current = issuer;
  }
  return chain;
}

/** Public facts about the leaf certificate (safe to log). */
export interface CertificateSummary {
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string;
  readonly validFrom: Date;
  readonly validTo: Date;
  readonly fingerprint256: string;
}

export function summarise(certificate: X509Certificate): CertificateSummary {
  return {
    subject: certificate.subject,
    issuer: certificate.issuer,
    serialNumber: certificate.serialNumber,
    validFrom: new Date(certificate.validFrom),
    validTo: new Date(certificate.validTo),
    fingerprint256: certificate.fingerprint256,
  };
}

/** Base64 (not URL-safe) DER, the form of the `x5c` header (RFC 7515 §4.1.6). */
export function toX5c(certificate: X509Certificate): string {
  return certificate.raw.toString('base64');
}
