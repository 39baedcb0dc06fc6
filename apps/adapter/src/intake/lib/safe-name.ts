import { isAbsolute, posix, relative, resolve, sep } from 'node:path';
import { IntakePathEscapeError, IntakeUnsafeNameError } from '../../errors.js';

/**
 * Names the adapter writes (claimed `<stamp>-<random>-<name>`, `<name>.result-<id>.<format>`,
 * `<name>.error-<id>.txt`, temporary names) stay within the 255-byte limit of common file systems.
 */
const MAX_NAME_BYTES = 255;
/**
 * A partner's file name must leave room for what the adapter adds to it (at most ~60 bytes), so
 * every name derived from an accepted file is itself valid.
 */
export const MAX_INCOMING_NAME_BYTES = 150;

/** Why `name` is not a plain, safe file name (at most `maxBytes` in UTF-8), or `undefined` when it is. */
export function unsafeNameReason(name: string, maxBytes: number = MAX_NAME_BYTES): string | undefined {
  if (name.length === 0) return 'empty name';
  if (Buffer.byteLength(name, 'utf8') > maxBytes) return `longer than ${maxBytes} bytes`;
  if (name.includes('/') || name.includes('\\')) return 'contains a path separator';
  if (name.includes('..')) return 'contains ".."';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'contains a control character';
  if (name.includes('\ufffd')) return 'not valid UTF-8';
  if (name === '.' || name.trim() !== name) return 'leading or trailing blank';
  return undefined;
}

/** Why a file found in an inbox cannot be taken (stricter length than {@link unsafeNameReason}), or `undefined`. */
export function unsafeIncomingNameReason(name: string): string | undefined {
  return unsafeNameReason(name, MAX_INCOMING_NAME_BYTES);
}

/** Throws `INTAKE_UNSAFE_NAME` unless `name` is a plain file name. */
export function assertSafeName(name: string): void {
  const reason = unsafeNameReason(name);
  if (reason !== undefined) throw new IntakeUnsafeNameError(`${JSON.stringify(name)}: ${reason}`);
}

/** Joins a checked name under a folder of a local root and verifies the result stays inside the root. */
export function localPathInside(root: string, folder: string, name?: string): string {
  if (name !== undefined) assertSafeName(name);
  const full = name === undefined ? resolve(root, folder) : resolve(root, folder, name);
  const rel = relative(resolve(root), full);
  if (rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) throw new IntakePathEscapeError(full);
  return full;
}

/** The same for POSIX paths on an SFTP server. */
export function remotePathInside(root: string, folder: string, name?: string): string {
  if (name !== undefined) assertSafeName(name);
  const base = posix.resolve('/', root);
  const full = name === undefined ? posix.resolve(base, folder) : posix.resolve(base, folder, name);
  const rel = posix.relative(base, full);
  if (rel.startsWith('../') || rel === '..' || posix.isAbsolute(rel)) throw new IntakePathEscapeError(full);
  return full;
}
