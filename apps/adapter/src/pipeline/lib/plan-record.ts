import { checkNotificationRules, validateNotification } from '@tollkit/messages';
import type { NotificationError, PlannedNotificationInput } from '../../store/job-store.js';
import { buildBody, type StoredPayload } from './build-body.js';
import { payloadHash } from './canonical-hash.js';
import { documentKeyOf } from './document-key.js';
import type { FileReportLike, ManifestProblemLike, MappedRecordLike } from './manifest-types.js';
import { KeyFirstLines } from './key-index.js';
import { errorText, problemToError } from './problem-text.js';

/** A problem of the file that belongs to no notification (a rejected row, a bad encoding). */
export interface FileProblem {
  readonly line: number | null;
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

const LEVEL_CODE = { transport: 't', 'master-consignment': 'm', 'house-consignment': 'h' } as const;

/**
 * Plans records one by one: per file it keeps only the keys seen (key → first line, see
 * {@link KeyFirstLines}), to mark a second record with the same key as a problem.
 */
export class RecordPlanner {
  readonly #seen = new KeyFirstLines();
  readonly #mode: PlannedNotificationInput['mode'];
  readonly #now: number;
  records = 0;
  invalid = 0;
  /** The transports of the file (few per file), for {@link planSupersededTransports}. */
  readonly transports: SeenTransport[] = [];

  constructor(mode: PlannedNotificationInput['mode'], now: number) {
    this.#mode = mode;
    this.#now = now;
  }

  /** The notification to store for the next record (its position is the record's number). */
  async plan(record: MappedRecordLike): Promise<PlannedNotificationInput> {
    const position = ++this.records;
    const firstLine = record.source.firstLine;
    const errors: NotificationError[] = record.problems.filter((p) => p.severity === 'error').map(problemToError);
    const warnings = record.problems.filter((p) => p.severity === 'warning').map((p) => errorText(problemToError(p)));
    const key = documentKeyOf(record.level, record.draft);
    let documentNumber = key?.documentNumber ?? `(no document number, line ${firstLine})`;
    const type = key?.type ?? '';
    if (key === undefined && errors.length === 0) errors.push({ field: '', error: `the record has no document number/type (line ${firstLine})` });
    // Only a fingerprint is kept: the parts are slices of the parser's text chunks, and keeping
    // a slice alive would keep its whole chunk alive.
    const earlier = this.#seen.firstLineOrAdd(`${LEVEL_CODE[record.level]}|${documentNumber}|${type}|${key?.carrier ?? ''}`, firstLine);
    if (earlier !== undefined) {
      errors.push({ field: '', error: `the same ${record.level} key appears twice in the file (first at line ${earlier}); this one is not sent` });
      documentNumber = `${documentNumber} (line ${firstLine})`;
    }

    const payload: StoredPayload = {
      draft: record.draft,
      ...(record.receptacleIds !== undefined && record.receptacleIds.length > 0 ? { receptacleIds: [...record.receptacleIds] } : {}),
      firstLine,
      lastLine: record.source.lastLine,
      warnings,
    };
    if (errors.length === 0 && record.ok) {
      const body = buildBody(record.level, payload, this.#now);
      const checked = validateNotification(record.level, body, this.#mode);
      if (!checked.ok) errors.push(...checked.errors.map((e) => ({ field: e.field, error: `${e.error} (line ${firstLine})` })));
      else {
        const rules = await checkNotificationRules(record.level, checked.value, this.#mode, { now: this.#now });
        errors.push(
          ...rules.map((r) => ({ description: `${r.description} (line ${firstLine})`, pointer: { messageElementPath: r.pointer.messageElementPath } })),
        );
      }
    } else if (errors.length === 0) {
      errors.push({ field: '', error: `the record could not be mapped completely (line ${firstLine})` });
    }
    if (errors.length > 0) this.invalid++;
    if (record.level === 'transport' && key !== undefined && earlier === undefined) {
      this.transports.push({ key: ['transport', documentNumber, type, key.carrier ?? ''].join('|'), documentNumber, type, carrier: key.carrier, masters: masterKeysOf(record.draft), firstLine, lastLine: record.source.lastLine });
    }
    return {
      level: record.level,
      mode: this.#mode,
      documentNumber,
      type,
      ...(key?.carrier !== undefined ? { carrier: key.carrier } : {}),
      position,
      // The hash covers what would be sent (the draft + receptacle list), not line numbers.
      payloadHash: payloadHash({ draft: payload.draft, receptacleIds: payload.receptacleIds ?? [] }),
      payload,
      ...(errors.length > 0 ? { invalidErrors: errors } : {}),
    };
  }
}

/** A transport a file notifies: its key and the masters it lists. */
export interface SeenTransport {
  /** `transport|documentNumber|type|carrier` (the store's key). */
  readonly key: string;
  readonly documentNumber: string;
  readonly type: string;
  readonly carrier: string | undefined;
  /** `documentNumber|type` of each master the transport lists. */
  readonly masters: readonly string[];
  readonly firstLine: number;
  readonly lastLine: number;
}

/** `documentNumber|type` of each master a transport draft lists (`consignmentMasterLevel[].transportDocumentMasterLevel`). */
export function masterKeysOf(draft: unknown): string[] {
  const list = (draft as { consignmentMasterLevel?: unknown } | null)?.consignmentMasterLevel;
  if (!Array.isArray(list)) return [];
  return list.flatMap((m: unknown) => {
    const doc = (m as { transportDocumentMasterLevel?: { documentNumber?: unknown; type?: unknown } } | null)?.transportDocumentMasterLevel;
    return typeof doc?.documentNumber === 'string' ? [`${doc.documentNumber}|${typeof doc.type === 'string' ? doc.type : ''}`] : [];
  });
}

const FILE_LEVEL = /^(FILE_|ENCODING_|CSV_|XML_)/;

function toFileProblem(p: ManifestProblemLike): FileProblem {
  const e = problemToError(p);
  return { line: p.line ?? null, field: 'field' in e ? e.field : '', code: p.code, message: errorText(e) };
}

/** The file-level problems of a report, and why the whole file fails (if it does). */
export function fileOutcome(report: FileReportLike, records: number): { fileProblems: FileProblem[]; fatal: string | undefined } {
  const fileProblems = report.problems.filter((p) => FILE_LEVEL.test(p.code) && p.severity === 'error').map(toFileProblem);
  let fatal: string | undefined;
  if (report.fatal !== undefined) {
    fatal = errorText(problemToError(report.fatal));
    if (!fileProblems.some((p) => p.code === report.fatal?.code && p.line === (report.fatal?.line ?? null))) {
      fileProblems.unshift(toFileProblem(report.fatal));
    }
  } else if (records === 0) {
    fatal = fileProblems.length > 0 ? `no notification could be read from the file: ${fileProblems[0]?.message}` : 'the file contains no notifications';
  }
  return { fileProblems, fatal };
}
