import { createHash } from 'node:crypto';
import { errorReportName } from '../../pipeline/index.js';
import type { RefusableFile, RefusedFile } from '../channel.js';
import { makeRefusedName } from './claim-name.js';
import { MAX_INCOMING_NAME_BYTES, unsafeNameReason } from './safe-name.js';

/** Stable code of a refused incoming name (the same as `IntakeUnsafeNameError`). */
export const REFUSED_NAME_CODE = 'INTAKE_UNSAFE_NAME';

/** How many files with one identity (channel, name, size, mtime) can pile up in `failed/`. */
const MAX_GENERATIONS = 1000;
/** Latest instant `Date` can represent. */
const MAX_DATE_MS = 8.64e15;

/**
 * A plain, safe stand-in for a refused name: control characters, path separators, `..`, U+FFFD (bytes
 * that were not UTF-8) and leading/trailing blanks or dots become `_`; capped at
 * `MAX_INCOMING_NAME_BYTES` on a character boundary, so every derived name (`failed/` name, report
 * name, its temporary name) stays far below 255 bytes.
 */
export function sanitiseRefusedName(name: string): string {
  let safe = name
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f\u0080-\u009f/\\\ufffd]/g, '_')
    .replace(/\.{2,}/g, '_')
    .replace(/^[\s.]+|\s+$/gu, (blank) => '_'.repeat(Math.min(blank.length, 3)));
  let bytes = 0;
  let cut = '';
  for (const char of safe) {
    bytes += Buffer.byteLength(char, 'utf8');
    if (bytes > MAX_INCOMING_NAME_BYTES) break;
    cut += char;
  }
  safe = cut.replace(/\s+$/u, '_');
  return safe === '' || unsafeNameReason(safe) !== undefined ? 'unnamed' : safe;
}

/** A name a file operation can address at all: no `/` or NUL (which no directory entry may hold), not `.`/`..`. */
export function isAddressableName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !name.includes('/') && !name.includes('\u0000');
}

/** The deterministic id of one refusal: the same file seen again after a crash gets the same id. */
export function refusalId(channel: string, file: Pick<RefusableFile, 'name' | 'size' | 'mtimeMs'>, generation: number): string {
  return createHash('sha256')
    .update(JSON.stringify([channel, file.name, file.size, file.mtimeMs, generation]))
    .digest('hex');
}

const instant = (ms: number): number => (Number.isFinite(ms) && Math.abs(ms) < MAX_DATE_MS ? ms : 0);

/** The text of a refusal report (layout of the pipeline's failed-manifest reports). */
export function formatRefusalReport(
  channel: string,
  file: RefusableFile,
  outcome: { movedTo: string | undefined; failedFolder: string },
): string {
  return [
    `Manifest: ${JSON.stringify(file.name)}`,
    `Channel: ${channel}`,
    `Modified: ${new Date(instant(file.mtimeMs)).toISOString()}`,
    `Content: ${file.size} bytes`,
    `Result: FAILED (${REFUSED_NAME_CODE}) — nothing from this file was sent to Customs.`,
    `Reason: unsafe file name: ${file.reason}`,
    outcome.movedTo === undefined
      ? 'Moved to: nowhere — this name cannot be used in a file operation; the file stays in the inbox until an operator removes it.'
      : `Moved to: ${outcome.failedFolder}/${outcome.movedTo}`,
    'Send the file again under a plain name (letters, digits, "-", "_", one "." before the extension).',
    '',
  ].join('\n');
}

/** The file operations a channel lends to {@link refuseInboxFile}. */
export interface RefusalOps {
  readonly channel: string;
  readonly failedFolder: string;
  /** `failed/<name>` exists. */
  existsInFailed(name: string): Promise<boolean>;
  /** The refused file is still in the inbox. */
  sourceExists(): Promise<boolean>;
  /** Writes the report into the outbox atomically (replacing one of the same name). */
  writeReport(name: string, content: string): Promise<void>;
  removeReport(name: string): Promise<void>;
  /** Renames the refused file to `failed/<name>`; `false` when it was gone from the inbox. */
  moveToFailed(name: string): Promise<boolean>;
}

/**
 * Moves a refused inbox file to `failed/` under a safe generated name, with an error report in the
 * outbox. Crash-safe by ordering: the report is written first under a name derived from the file's
 * identity (channel, name, size, mtime) and the first free generation in `failed/`, then the file is
 * moved; a crash in between leaves the file in the inbox, and the next pass derives the same names
 * and replaces the report with identical content (no second report). A later file with the same
 * identity finds generation 0 taken and gets its own names, so nothing in `failed/` is replaced.
 * Returns `undefined` when the file vanished (another instance moved it, or its producer removed it).
 */
export async function refuseInboxFile(ops: RefusalOps, file: RefusableFile): Promise<RefusedFile | undefined> {
  const safeName = sanitiseRefusedName(file.name);
  if (!file.addressable) {
    const id = refusalId(ops.channel, file, 0);
    const reportName = errorReportName({ id, originalName: safeName });
    await ops.writeReport(reportName, formatRefusalReport(ops.channel, file, { movedTo: undefined, failedFolder: ops.failedFolder }));
    return { name: file.name, reason: file.reason, reportName, movedTo: undefined };
  }
  let generation = 0;
  let id = refusalId(ops.channel, file, generation);
  let target = makeRefusedName(safeName, instant(file.mtimeMs), id.slice(0, 8));
  while (await ops.existsInFailed(target)) {
    if (++generation >= MAX_GENERATIONS) throw new Error(`${MAX_GENERATIONS} refused copies of ${JSON.stringify(file.name)} in failed/`);
    id = refusalId(ops.channel, file, generation);
    target = makeRefusedName(safeName, instant(file.mtimeMs), id.slice(0, 8));
  }
  if (!(await ops.sourceExists())) return undefined;
  const reportName = errorReportName({ id, originalName: safeName });
  await ops.writeReport(reportName, formatRefusalReport(ops.channel, file, { movedTo: target, failedFolder: ops.failedFolder }));
  if (await ops.moveToFailed(target)) return { name: file.name, reason: file.reason, reportName, movedTo: target };
  // Gone meanwhile: when another instance moved it under the same name, its report is this one.
  if (!(await ops.existsInFailed(target))) await ops.removeReport(reportName);
  return undefined;
}
