import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

/** A test certificate with its key, all PEM. */
export interface TestCertificate {
  keyPem: string;
  certificatePem: string;
  forgeKey: forge.pki.rsa.PrivateKey;
  forgeCert: forge.pki.Certificate;
}

let serial = 1;

/** Creates an RSA-2048 key and a certificate (self-signed, or signed by `issuer`). */
export function createTestCertificate(options: {
  commonName: string;
  organizationIdentifier?: string;
  issuer?: TestCertificate;
  ca?: boolean;
  keyUsage?: { digitalSignature?: boolean; nonRepudiation?: boolean; keyCertSign?: boolean };
  bits?: number;
}): TestCertificate {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: options.bits ?? 2048 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e);
  cert.serialNumber = (serial++).toString(16).padStart(4, '0');
  cert.validity.notBefore = new Date(Date.now() - 3600_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 86400_000);
  const subject: forge.pki.CertificateField[] = [{ name: 'commonName', value: options.commonName }, { name: 'countryName', value: 'NO' }];
  if (options.organizationIdentifier !== undefined) subject.push({ type: '2.5.4.97', value: options.organizationIdentifier });
  cert.setSubject(subject);
  cert.setIssuer(options.issuer === undefined ? subject : options.issuer.forgeCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: options.ca === true },
    { name: 'keyUsage', ...(options.keyUsage ?? { digitalSignature: true }) },
  ]);
  cert.sign(options.issuer?.forgeKey ?? forgeKey, forge.md.sha256.create());
  return { keyPem, certificatePem: forge.pki.certificateToPem(cert), forgeKey, forgeCert: cert };
}

/** Packs a key and its chain into a password-protected PKCS#12 (.p12) file. */
export function createPkcs12(key: TestCertificate, chain: TestCertificate[], password: string, friendlyName?: string): Buffer {
  const p12 = forge.pkcs12.toPkcs12Asn1(
    key.forgeKey,
    chain.map((c) => c.forgeCert),
    password,
    { algorithm: '3des', ...(friendlyName === undefined ? {} : { friendlyName }) },
  );
  return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
}
