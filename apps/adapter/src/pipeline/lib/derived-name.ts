import { createHash } from 'node:crypto';
import { unsafeNameReason } from '../../intake/lib/safe-name.js';

/**
 * A partner's value (a waybill number, a routing id) as part of a file name, injectively: letters,
 * digits, `.` and `-` stay as they are; every other byte of its UTF-8 form, `_` included, becomes
 * `_` + two hex digits. So `NGX/1`, `NGX_1` and `NGX 1` give `NGX_2F1`, `NGX_5F1` and `NGX_201`:
 * two different values never give the same part, and the part holds no separator or control
 * character. Whether the whole name is safe (no `..`, not too long) is {@link derivedFileName}'s.
 *
 * @example
 * encodeNamePart('SHP100001'); // 'SHP100001'
 * encodeNamePart('NGX/1');     // 'NGX_2F1'
 */
export function encodeNamePart(value: string): string {
  let out = '';
  for (const char of value) {
    if (/^[A-Za-z0-9.-]$/.test(char)) out += char;
    else for (const byte of Buffer.from(char, 'utf8')) out += `_${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** A file name the adapter derives, or why it cannot be written. */
export type DerivedName = { readonly ok: true; readonly name: string } | { readonly ok: false; readonly reason: string };

/**
 * Checks a derived file name with the intake's rules for names it writes (no `..`, no separator,
 * at most 255 bytes, …). A name that fails them is never shortened or altered further (that could
 * make two values share a file): the caller reports the row as failed with `reason`.
 *
 * @example
 * derivedFileName(`orders.csv.customs-1a2b3c4d-${encodeNamePart('NGX..2')}.json`);
 * // { ok: false, reason: 'contains ".."' }
 */
export function derivedFileName(name: string): DerivedName {
  const reason = unsafeNameReason(name);
  return reason === undefined ? { ok: true, name } : { ok: false, reason };
}

/**
 * A short, stable fingerprint of several values (12 hex digits of SHA-256 over their length-prefixed
 * forms): names a file after what it holds, so a repeat after a crash gives the same name and
 * different contents give different names.
 */
export function fingerprint(values: readonly string[]): string {
  const hash = createHash('sha256');
  for (const v of values) hash.update(`${Buffer.byteLength(v, 'utf8')}:${v}`);
  return hash.digest('hex').slice(0, 12);
}
