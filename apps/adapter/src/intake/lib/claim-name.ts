import { randomBytes } from 'node:crypto';

const PATTERN = /^(\d{8}T\d{6}Z)-([0-9a-f]{8})-(.+)$/;

/** `20261121T080649Z`: the UTC second of `at` (ms since the epoch), as claimed names start. */
export function formatStamp(at: number): string {
  return new Date(at).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/** A unique name for a claimed file in `processing/`: `<UTC stamp>-<8 hex>-<originalName>`. */
export function makeProcessingName(originalName: string, now: number): string {
  return `${formatStamp(now)}-${randomBytes(4).toString('hex')}-${originalName}`;
}

/**
 * The name a refused inbox file gets in `failed/`: `<UTC stamp>-<id8>-refused-<safeName>`, the
 * claimed-name layout with a deterministic id (so a retry after a crash picks the same name).
 */
export function makeRefusedName(safeName: string, at: number, id8: string): string {
  return `${formatStamp(at)}-${id8}-refused-${safeName}`;
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
