import { randomBytes } from 'node:crypto';

const PATTERN = /^(\d{8}T\d{6}Z)-([0-9a-f]{8})-(.+)$/;

/** A unique name for a claimed file in `processing/`: `<UTC stamp>-<8 hex>-<originalName>`. */
export function makeProcessingName(originalName: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
  return `${stamp}-${randomBytes(4).toString('hex')}-${originalName}`;
}

/** Reads back the original name and claim time from a processing name (undefined for foreign names). */
export function parseProcessingName(name: string): { originalName: string; claimedAt: number } | undefined {
  const match = PATTERN.exec(name);
  if (match === null) return undefined;
  const [, stamp = '', , originalName = ''] = match;
  const iso = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`;
  const claimedAt = Date.parse(iso);
  return Number.isNaN(claimedAt) ? undefined : { originalName, claimedAt };
}

/** A temporary name for an outbox file being written (hidden, `.tmp`: partners' pollers skip it). */
export function makeTemporaryName(fileName: string): string {
  return `.${fileName}.${randomBytes(4).toString('hex')}.tmp`;
}
