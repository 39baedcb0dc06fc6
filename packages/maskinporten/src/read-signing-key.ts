import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { KeyInvalidError } from './errors.js';
import { loadKeyFromJwk } from './load-key-from-jwk.js';
import { loadKeyFromPem } from './load-key-from-pem.js';
import { loadKeyFromPkcs12 } from './load-key-from-pkcs12.js';
import type { SigningKey } from './signing-key.js';

/** Where a signing key lives on disk; the app validates its config with this schema. */
export const keySourceSchema = z.discriminatedUnion('format', [
  z.object({
    format: z.literal('pem'),
    keyFile: z.string().min(1, 'keyFile must name the PEM private key file'),
    certificateFile: z.string().min(1).optional(),
    passphrase: z.string().optional(),
    kid: z.string().min(1).optional(),
  }),
  z.object({
    format: z.literal('pkcs12'),
    file: z.string().min(1, 'file must name the .p12/.pfx file'),
    password: z.string(),
    friendlyName: z.string().optional(),
    kid: z.string().min(1).optional(),
  }),
  z.object({
    format: z.literal('jwk'),
    file: z.string().min(1, 'file must name the JWK JSON file'),
    kid: z.string().min(1).optional(),
  }),
]);

/** See {@link keySourceSchema}. */
export type KeySource = z.infer<typeof keySourceSchema>;

/**
 * Reads a signing key from the files named in a {@link KeySource}.
 *
 * @example
 * const password = process.env['P12_PASSWORD'] ?? '';
 * const key = await readSigningKey({ format: 'pkcs12', file: '/etc/tollkit/virksomhet.p12', password });
 */
export async function readSigningKey(source: KeySource): Promise<SigningKey> {
  switch (source.format) {
    case 'pem':
      return loadKeyFromPem({
        key: await read(source.keyFile),
        certificates: source.certificateFile === undefined ? undefined : await read(source.certificateFile),
        passphrase: source.passphrase,
        kid: source.kid,
        source: source.keyFile,
      });
    case 'pkcs12':
      return loadKeyFromPkcs12({
        pkcs12: await read(source.file),
        password: source.password,
        friendlyName: source.friendlyName,
        kid: source.kid,
        source: source.file,
      });
    case 'jwk':
      return loadKeyFromJwk({ jwk: (await read(source.file)).toString('utf8'), kid: source.kid, source: source.file });
    default:
      throw new TypeError(`key format must be "pem", "pkcs12" or "jwk"`);
  }
}

async function read(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (cause) {
    const code = (cause as { code?: string }).code;
    const reason = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable (permissions)' : 'cannot be read';
    throw new KeyInvalidError(`key file ${path} ${reason}`, { cause });
  }
}
