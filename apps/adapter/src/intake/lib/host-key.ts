import { createHash } from 'node:crypto';

/** `SHA256:<base64 without padding>` of an SSH public key blob — the form `ssh-keygen -lf` prints. */
export function hostKeyFingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}
