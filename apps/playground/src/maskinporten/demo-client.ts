import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { DEMO_CLIENT_SCOPES } from '../lib/domain.js';

/** The ready-to-use Maskinporten client the playground writes on first start. */
export interface DemoClient {
  clientId: string;
  orgNumber: string;
  scopes: string[];
  /** PKCS#8 PEM of the client's RSA private key. */
  keyPem: string;
  /** Self-signed certificate (PEM) whose key signs the grants (use it as `x5c`). */
  certificatePem: string;
  /**
   * Key id of the same key, pre-registered on a second client, {@link DemoClient.keyClientId}: Maskinporten makes a
   * client with a pre-registered key use `kid` (docs.digdir.no, maskinporten_protocol_jwtgrant), so the demo client
   * itself (business certificate, `x5c`) and the key client are two registrations.
   */
  kid: string;
  /** Client id of the demo key client (`<clientId>-key`; same organisation, scopes and key; grants use `kid`). */
  keyClientId: string;
  /** Folder with `client.json`, `private-key.pem`, `certificate.pem`, `public-jwk.json`. */
  dir: string;
}

/** Organisation number of the demo client (9 digits, valid MOD11 check digit). */
export const DEMO_ORG_NUMBER = '912345688';

/** Reads the demo client from `dir`, creating it (RSA-2048 key + self-signed certificate) when absent. */
export function ensureDemoClient(dir: string, now: number): DemoClient {
  const files = {
    client: join(dir, 'client.json'),
    key: join(dir, 'private-key.pem'),
    cert: join(dir, 'certificate.pem'),
    jwk: join(dir, 'public-jwk.json'),
  };
  if (existsSync(files.client) && existsSync(files.key) && existsSync(files.cert)) {
    const meta = JSON.parse(readFileSync(files.client, 'utf8')) as { clientId: string; orgNumber: string; scopes: string[]; kid: string };
    // A demo client written by an older playground also gets the scopes added since (e.g. document upload).
    meta.scopes = [...new Set([...meta.scopes, ...DEMO_CLIENT_SCOPES])];
    return { ...meta, keyClientId: `${meta.clientId}-key`, keyPem: readFileSync(files.key, 'utf8'), certificatePem: readFileSync(files.cert, 'utf8'), dir };
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const certificatePem = selfSignedCertificate(keyPem, DEMO_ORG_NUMBER, 'Tollkit Playground Demo AS', now);
  const clientId = `tollkit-demo-${randomBytes(4).toString('hex')}`;
  const kid = `${clientId}-key-1`;
  const meta = { clientId, orgNumber: DEMO_ORG_NUMBER, scopes: [...DEMO_CLIENT_SCOPES], kid };
  const jwk = { ...createPublicKey(privateKey).export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  writeFileSync(files.key, keyPem, { mode: 0o600 });
  writeFileSync(files.cert, certificatePem);
  writeFileSync(files.jwk, `${JSON.stringify(jwk, null, 2)}\n`);
  writeFileSync(files.client, `${JSON.stringify(meta, null, 2)}\n`);
  return { ...meta, keyClientId: `${clientId}-key`, keyPem, certificatePem, dir };
}

/**
 * A self-signed X.509 certificate for `keyPem`, subject `O=<name>, serialNumber=<orgNumber>` like a Norwegian
 * enterprise certificate; valid from one day before `now` for two years.
 */
export function selfSignedCertificate(keyPem: string, orgNumber: string, organisationName: string, now: number): string {
  const privateKey = forge.pki.privateKeyFromPem(createPrivateKey(keyPem).export({ type: 'pkcs1', format: 'pem' }).toString()) as forge.pki.rsa.PrivateKey;
  const publicKey = forge.pki.setRsaPublicKey(privateKey.n, privateKey.e);
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(now - 86_400_000);
  cert.validity.notAfter = new Date(now + 2 * 365 * 86_400_000);
  const attrs = [
    { name: 'countryName', value: 'NO' },
    { name: 'organizationName', value: organisationName },
    { name: 'commonName', value: organisationName },
    { type: '2.5.4.5', value: orgNumber },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
  ]);
  cert.sign(privateKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}
