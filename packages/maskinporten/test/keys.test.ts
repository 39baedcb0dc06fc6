import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKeyFromJwk, loadKeyFromPem, loadKeyFromPkcs12, readSigningKey, keySourceSchema } from '../src/index.js';
import { createPkcs12, createTestCertificate, type TestCertificate } from './support/certificates.js';

let dir: string;
let root: TestCertificate;
let intermediate: TestCertificate;
let eseal: TestCertificate;
let business: TestCertificate;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'maskinporten-keys-'));
  root = createTestCertificate({ commonName: 'Test Root CA', ca: true, keyUsage: { keyCertSign: true } });
  intermediate = createTestCertificate({ commonName: 'Test Issuing CA', issuer: root, ca: true, keyUsage: { keyCertSign: true } });
  eseal = createTestCertificate({ commonName: 'Spedisjon GmbH eSeal', organizationIdentifier: 'VATDE-123456789', issuer: intermediate });
  business = createTestCertificate({ commonName: 'Tollkit Test AS', organizationIdentifier: 'NTRNO-123456789' });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const x5cSubject = (x5c: string) => new X509Certificate(Buffer.from(x5c, 'base64')).subject;

describe('PEM keys', () => {
  it('loads a key with its certificate and orders an eSeal chain leaf first, whatever the file order', async () => {
    await writeFile(join(dir, 'eseal.key'), eseal.keyPem);
    await writeFile(join(dir, 'eseal-chain.pem'), root.certificatePem + intermediate.certificatePem + eseal.certificatePem);
    const key = await readSigningKey({ format: 'pem', keyFile: join(dir, 'eseal.key'), certificateFile: join(dir, 'eseal-chain.pem') });
    expect(key.certificateChain.map(x5cSubject)).toEqual([
      expect.stringContaining('CN=Spedisjon GmbH eSeal'),
      expect.stringContaining('CN=Test Issuing CA'),
      expect.stringContaining('CN=Test Root CA'),
    ]);
    expect(key.certificate?.subject).toContain('Spedisjon GmbH eSeal');
    expect(key.privateKey.asymmetricKeyType).toBe('rsa');
  });

  it('reads an encrypted PKCS#8 key with its passphrase and names the problem without one', () => {
    const encrypted = createPrivateKey(business.keyPem).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'hemmelig' }).toString();
    const key = loadKeyFromPem({ key: encrypted, certificates: business.certificatePem, passphrase: 'hemmelig' });
    expect(key.certificateChain).toHaveLength(1);
    expect(() => loadKeyFromPem({ key: encrypted, source: 'enc.key' })).toThrow(/enc\.key: the private key is encrypted; a passphrase is required/);
    expect(() => loadKeyFromPem({ key: encrypted, passphrase: 'feil', source: 'enc.key' })).toThrow(
      expect.objectContaining({ code: 'MASKINPORTEN_KEY_INVALID', message: expect.stringMatching(/wrong passphrase/) }),
    );
  });

  it('refuses a certificate that does not belong to the key', () => {
    expect(() => loadKeyFromPem({ key: business.keyPem, certificates: eseal.certificatePem, source: 'mix.pem' })).toThrow(
      /mix\.pem: none of the 1 certificate\(s\) matches the private key/,
    );
  });

  it('refuses a missing file, a non-key and a short key with a precise message', async () => {
    await expect(readSigningKey({ format: 'pem', keyFile: join(dir, 'nope.key') })).rejects.toThrow(/nope\.key does not exist/);
    expect(() => loadKeyFromPem({ key: business.certificatePem, source: 'cert-as-key.pem' })).toThrow(/no "-----BEGIN … PRIVATE KEY-----" block/);
    const short = createTestCertificate({ commonName: 'short', bits: 1024 });
    expect(() => loadKeyFromPem({ key: short.keyPem })).toThrow(/RSA key has 1024 bits; at least 2048 are required/);
  });

  it('never shows key material when printed or serialised', () => {
    const key = loadKeyFromPem({ key: business.keyPem, certificates: business.certificatePem, kid: 'k1' });
    const printed = inspect(key) + JSON.stringify(key) + String(JSON.stringify({ key }));
    const body = business.keyPem.split('\n')[1]!;
    expect(printed).not.toContain(body.slice(0, 20));
    expect(JSON.parse(JSON.stringify(key))).toEqual({ type: 'rsa private key', kid: 'k1', certificate: expect.stringContaining('Tollkit Test AS'), chainLength: 1 });
  });
});

describe('PKCS#12 keys', () => {
  it('loads key and full chain from a password-protected .p12', async () => {
    const p12 = createPkcs12(eseal, [eseal, intermediate, root], 'p12-passord', 'eseal');
    await writeFile(join(dir, 'eseal.p12'), p12);
    const key = await readSigningKey({ format: 'pkcs12', file: join(dir, 'eseal.p12'), password: 'p12-passord' });
    expect(key.certificateChain).toHaveLength(3);
    expect(x5cSubject(key.certificateChain[0]!)).toContain('Spedisjon GmbH eSeal');
    // the loaded private key is the one the certificate certifies
    const publicFromKey = createPublicKey(key.privateKey).export({ format: 'jwk' });
    expect(publicFromKey.n).toBe(new X509Certificate(eseal.certificatePem).publicKey.export({ format: 'jwk' }).n);
  });

  it('says "wrong password" for a wrong password and lists the names for an unknown friendlyName', () => {
    const p12 = createPkcs12(business, [business], 'riktig', 'autentisering');
    expect(() => loadKeyFromPkcs12({ pkcs12: p12, password: 'feil', source: 'v.p12' })).toThrow(
      expect.objectContaining({ code: 'MASKINPORTEN_KEY_INVALID', message: 'v.p12: wrong password (the PKCS#12 integrity check failed)' }),
    );
    expect(() => loadKeyFromPkcs12({ pkcs12: p12, password: 'riktig', friendlyName: 'signering', source: 'v.p12' })).toThrow(
      'v.p12: no key named "signering"; the file holds: autentisering',
    );
    expect(loadKeyFromPkcs12({ pkcs12: p12, password: 'riktig', friendlyName: 'autentisering' }).certificateChain).toHaveLength(1);
  });

  it('refuses bytes that are not PKCS#12', () => {
    expect(() => loadKeyFromPkcs12({ pkcs12: Buffer.from('not a p12'), password: 'x', source: 'junk.p12' })).toThrow(
      'junk.p12: not a readable PKCS#12 (.p12/.pfx) file',
    );
  });
});

describe('JWK keys', () => {
  it('loads a private JWK with its kid', async () => {
    const jwk = { ...createPrivateKey(business.keyPem).export({ format: 'jwk' }), kid: 'tollkit-2026' };
    await writeFile(join(dir, 'client.jwk.json'), JSON.stringify(jwk));
    const key = await readSigningKey({ format: 'jwk', file: join(dir, 'client.jwk.json') });
    expect(key.kid).toBe('tollkit-2026');
    expect(key.certificateChain).toEqual([]);
  });

  it('refuses a public JWK, a non-RSA JWK and bad JSON', () => {
    const pub = createPublicKey(business.keyPem).export({ format: 'jwk' });
    expect(() => loadKeyFromJwk({ jwk: pub, source: 'pub.json' })).toThrow('pub.json: this is a public JWK; the private member "d" is missing');
    expect(() => loadKeyFromJwk({ jwk: { kty: 'EC', crv: 'P-256' }, source: 'ec.json' })).toThrow('ec.json: kty must be "RSA", got "EC"');
    expect(() => loadKeyFromJwk({ jwk: '{', source: 'bad.json' })).toThrow('bad.json: not valid JSON');
  });
});

describe('key source config', () => {
  it('names the missing field', () => {
    const result = keySourceSchema.safeParse({ format: 'pkcs12', file: '' });
    expect(result.success).toBe(false);
    const issues = result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(issues).toContain('file: file must name the .p12/.pfx file');
    expect(issues.some((i) => i.startsWith('password:'))).toBe(true);
  });
});
