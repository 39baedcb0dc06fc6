import { type KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The key pair the playground signs Maskinporten and Customs tokens with. */
export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  kid: string;
}

/** Loads the signing key from `path` or creates it (persisted so tokens survive a restart); in memory when no path. */
export function loadOrCreateSigningKey(path: string | undefined): SigningKey {
  let pem: string;
  if (path !== undefined && existsSync(path)) {
    pem = readFileSync(path, 'utf8');
  } else {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    if (path !== undefined) {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      writeFileSync(path, pem, { mode: 0o600 });
    }
  }
  const privateKey = createPrivateKey(pem);
  return { privateKey, publicKey: createPublicKey(privateKey), kid: 'tollkit-playground-1' };
}
