import { isCoveredBy } from '@tollkit/manifest';
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

/** Whether a check's problem at `field` was already reported (on it, or on the field its data comes from). */
function alreadyReported(record: MappedRecordLike, field: string, known: readonly string[]): boolean {
  const from = record.sourceOf?.(field).field;
  return isCoveredBy(field, known) || (from !== undefined && from !== field && known.includes(from));
}

/** Where a field's value is in the file: `line 7, column Weight` (or the XML path), else the record's first line. */
function whereIs(record: MappedRecordLike, field: string): string {
  const at = record.sourceOf?.(field);
  if (at === undefined) return `line ${record.source.firstLine}`;
  return [`line ${at.line}`, at.path, at.column === undefined ? undefined : `column ${at.column}`].filter((p) => p !== undefined).join(', ');
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

  /**
   * Customs' synchronous checks and asynchronous rules on whatever the record could map — one
   * pass finds everything. A check's problem on a field that already has a mapping problem is
   * left out (it is the same problem); each problem is placed where its data is in the file.
   */
  async #check(record: MappedRecordLike, payload: StoredPayload): Promise<NotificationError[]> {
    let body: unknown;
    try {
      body = buildBody(record.level, payload, this.#now);
    } catch {
      body = payload.draft; // a draft too incomplete for the builder: judge what is there
    }
    const errors: NotificationError[] = [];
    const known = record.problems.filter((p) => p.severity === 'error').map((p) => p.field).filter((f): f is string => f !== undefined && f !== '');
    const checked = validateNotification(record.level, body, this.#mode);
    if (!checked.ok) {
      for (const e of checked.errors) {
        if (alreadyReported(record, e.field, known)) continue;
        errors.push({ field: e.field, error: `${e.error} (${whereIs(record, e.field)})` });
        known.push(e.field);
      }
    }
    if (typeof body !== 'object' || body === null) return errors;
    const rules = await checkNotificationRules(record.level, checked.ok ? checked.value : (body as Record<string, unknown>), this.#mode, { now: this.#now, partial: true });
    for (const r of rules) {
      const field = r.pointer.messageElementPath;
      if (alreadyReported(record, field, known)) continue;
      errors.push({ description: `${r.description} (${whereIs(record, field)})`, pointer: { messageElementPath: field } });
    }
    return errors;
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
    errors.push(...(await this.#check(record, payload)));
    if (errors.length === 0 && !record.ok) {
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

/**
 * The file-level problems of a report, why the whole file fails (if it does), and the file-level
 * warnings (encoding fallback, columns no field reads, XML paths that match nothing, day/month
 * order doubts): warnings that belong to no single record.
 */
export function fileOutcome(report: FileReportLike, records: number): { fileProblems: FileProblem[]; fatal: string | undefined; fileWarnings: FileProblem[] } {
  const fileProblems = report.problems.filter((p) => FILE_LEVEL.test(p.code) && p.severity === 'error').map(toFileProblem);
  const fileWarnings = report.problems.filter((p) => p.severity === 'warning' && (p.field === undefined || p.line === undefined)).map(toFileProblem);
  let fatal: string | undefined;
  if (report.fatal !== undefined) {
    fatal = errorText(problemToError(report.fatal));
    if (!fileProblems.some((p) => p.code === report.fatal?.code && p.line === (report.fatal?.line ?? null))) {
      fileProblems.unshift(toFileProblem(report.fatal));
    }
  } else if (records === 0) {
    fatal = fileProblems.length > 0 ? `no notification could be read from the file: ${fileProblems[0]?.message}` : 'the file contains no notifications';
  }
  return { fileProblems, fatal, fileWarnings };
}
