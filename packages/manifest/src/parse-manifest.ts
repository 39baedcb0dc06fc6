import type { MappingProfile } from './mapping-profile-schema.js';
import type { FileReport, MappedRecord } from './types.js';
import { mapCsv } from './lib/csv-reader.js';
import { daysBetween } from './lib/dates.js';
import { newIntakeState, type IntakeState } from './lib/intake.js';
import { ProblemLog } from './lib/problems.js';
import { mapXml } from './lib/xml-reader.js';

/** The manifest to read: its bytes or a byte stream, and the file name used in every problem. */
export type ManifestInput =
  | { readonly bytes: Uint8Array; readonly fileName: string }
  | { readonly stream: AsyncIterable<Uint8Array>; readonly fileName: string };

/** Options of {@link parseManifest}. */
export interface ParseManifestOptions {
  /** Values for profile fields written as `{ param: name }` (e.g. an arrival time typed in by a dispatcher). */
  readonly params?: Readonly<Record<string, string>>;
  /**
   * Moves every `datetime` value by the whole calendar days from `from` to `to` (both
   * `yyyy-MM-dd`), keeping the local wall-clock time (DST handled in the new date). For demo and
   * test files whose arrival times must lie in the future. `date` fields (e.g. a TVINN
   * declarationDate) are not moved.
   */
  readonly dateRebase?: { readonly from: string; readonly to: string };
  /**
   * Also run `@tollkit/messages`' `validateDraft` on every record: Customs' synchronous checks
   * (mandatory fields, sizes, formats) become `DRAFT_INVALID` problems with Customs' texts, next to
   * the record's first line. Off by default: it costs more than the mapping itself on big files,
   * and the pipeline validates before submitting anyway.
   */
  readonly validateDrafts?: boolean;
}

/** What {@link parseManifest} returns. */
export interface ParsedManifest {
  /** The mapped records, produced while reading (houses as they complete, masters and transports at the end). */
  readonly records: AsyncIterable<MappedRecord>;
  /** The file report; settles once `records` has been read to the end (or the consumer stopped). */
  readonly report: Promise<FileReport>;
}

const CHUNK = 64 * 1024;

async function* chunksOf(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.byteLength; i += CHUNK) yield bytes.subarray(i, Math.min(bytes.byteLength, i + CHUNK));
}

async function* bytesOnly(stream: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  for await (const chunk of stream as AsyncIterable<unknown>) {
    if (!(chunk instanceof Uint8Array)) {
      throw new TypeError('parseManifest: input.stream must yield bytes (Uint8Array/Buffer); do not set an encoding on the stream — the profile decides the decoding');
    }
    yield chunk;
  }
}

function buildReport(profile: MappingProfile, file: string, state: IntakeState, log: ProblemLog, complete: boolean): FileReport {
  const counts = state.counts() ?? { transport: 0, 'master-consignment': 0, 'house-consignment': 0, notOk: 0 };
  return {
    file,
    format: profile.format,
    profile: profile.name,
    encoding: state.encoding ?? { name: profile.encoding === 'auto' ? 'utf-8' : profile.encoding, source: 'profile' },
    ...(state.delimiter === undefined ? {} : { delimiter: state.delimiter }),
    bytes: state.bytes,
    rowsRead: state.rowsRead,
    rowsRejected: state.rowsRejected,
    records: counts,
    errorCount: log.errorCount,
    warningCount: log.warningCount,
    problems: log.problems,
    problemsTruncated: log.truncated,
    ...(log.fatal === undefined ? {} : { fatal: log.fatal }),
    ok: complete && log.errorCount === 0,
    complete,
  };
}

/**
 * Reads a manifest file (CSV or XML, as the profile says) and maps it to Digitoll notification
 * drafts. Bad rows are reported, never thrown: every problem names the file, line (or XML path),
 * column and field, the value and what is wrong. Nothing is read until `records` is iterated.
 *
 * @example
 * ```ts
 * import { createReadStream } from 'node:fs';
 * import { readFile } from 'node:fs/promises';
 * declare function queue(level: string, draft: unknown): void;
 * const profile = loadMappingProfile(await readFile('road-forwarder.yaml', 'utf8'), 'yaml');
 * const { records, report } = parseManifest({ stream: createReadStream('manifest.csv'), fileName: 'manifest.csv' }, profile);
 * for await (const record of records) if (record.ok) queue(record.level, record.draft);
 * const { errorCount, problems } = await report;
 * ```
 */
export function parseManifest(input: ManifestInput, profile: MappingProfile, options: ParseManifestOptions = {}): ParsedManifest {
  const hasBytes = 'bytes' in input && input.bytes !== undefined;
  const hasStream = 'stream' in input && input.stream !== undefined;
  if (hasBytes === hasStream) throw new TypeError('parseManifest: give exactly one of input.bytes or input.stream');
  if (typeof input.fileName !== 'string' || input.fileName === '') throw new TypeError('parseManifest: input.fileName is required');
  if (typeof profile?.limits?.maxFileBytes !== 'number') {
    throw new TypeError('parseManifest: profile must be a validated MappingProfile (use loadMappingProfile or mappingProfileSchema.parse)');
  }
  const dayShift = options.dateRebase === undefined ? 0 : daysBetween(options.dateRebase.from, options.dateRebase.to);
  const file = input.fileName;
  const log = new ProblemLog(file, profile.limits.maxProblems);
  const state = newIntakeState();
  let settle: { resolve: (r: FileReport) => void; reject: (e: unknown) => void } | undefined;
  const report = new Promise<FileReport>((resolve, reject) => {
    settle = { resolve, reject };
  });
  report.catch(() => undefined); // the error also surfaces from `records`
  const ctx = { profile, file, log, dayShift, params: options.params ?? {}, validateDrafts: options.validateDrafts ?? false };

  async function* run(): AsyncGenerator<MappedRecord> {
    let complete = false;
    try {
      if ('bytes' in input && input.bytes.byteLength > profile.limits.maxFileBytes) {
        state.bytes = input.bytes.byteLength;
        log.addFatal('FILE_TOO_LARGE', { value: `${input.bytes.byteLength} bytes` }, `the file has ${input.bytes.byteLength} bytes; the limit is ${profile.limits.maxFileBytes} (limits.maxFileBytes); nothing was mapped`);
      } else {
        const source = 'bytes' in input ? chunksOf(input.bytes) : bytesOnly(input.stream);
        yield* profile.format === 'csv' ? mapCsv(source, ctx, state) : mapXml(source, ctx, state);
      }
      complete = log.fatal === undefined;
      settle?.resolve(buildReport(profile, file, state, log, complete));
    } catch (error) {
      settle?.reject(error);
      throw error;
    } finally {
      settle?.resolve(buildReport(profile, file, state, log, complete));
    }
  }

  return { records: run(), report };
}
