import type { ManifestRecord, NotificationRecord } from '../store/job-store.js';
import { asStoredPayload } from './lib/build-body.js';
import { renderFile, xmlElement, type FileLayout } from './lib/file-formats.js';
import { errorText } from './lib/problem-text.js';
import type { FileProblem } from './plan-manifest.js';
import type { ResultFormat } from './ports.js';

/** One line of a manifest's result file. */
export interface ResultLine {
  readonly kind: 'notification' | 'file-problem';
  readonly position: number | null;
  /** First line in the manifest file of the rows that made this notification (or of the problem). */
  readonly line: number | null;
  readonly level: string | null;
  readonly documentNumber: string | null;
  readonly type: string | null;
  readonly operation: string | null;
  /** accepted, rejected, invalid (not sent: local errors), unchanged (nothing to send), routed, cancelled. */
  readonly status: string;
  readonly requestId: string | null;
  readonly mrn: string | null;
  readonly errors: readonly { field: string; message: string }[];
  readonly incompleteReasons: readonly string[];
  readonly warnings: readonly string[];
}

/** The content of a result file, before formatting. */
export interface ManifestResult {
  readonly manifestId: string;
  readonly channel: string;
  readonly file: string;
  readonly contentHash: string;
  readonly generatedAt: string;
  readonly summary: Readonly<Record<string, number>>;
  readonly lines: readonly ResultLine[];
}

function statusOf(n: NotificationRecord): string {
  if (n.operation === 'delete' && (n.state === 'accepted' || n.state === 'routed')) return 'cancelled';
  return n.state;
}

/**
 * Collects a manifest's result: one line per notification (keys, requestId, MRN, status, Customs'
 * errors, incomplete-documentation reasons) plus one line per file-level problem.
 * `resolveMrn` supplies the MRN of `unchanged` rows from the earlier accepted version.
 */
export function collectManifestResult(
  manifest: ManifestRecord,
  notifications: readonly NotificationRecord[],
  fileProblems: readonly FileProblem[],
  options: { now: number; resolveMrn: (n: NotificationRecord) => string | null },
): ManifestResult {
  const lines: ResultLine[] = [];
  const summary: Record<string, number> = {};
  for (const n of notifications) {
    const payload = asStoredPayload(n.payload);
    const status = statusOf(n);
    summary[status] = (summary[status] ?? 0) + 1;
    lines.push({
      kind: 'notification',
      position: n.position,
      line: payload?.firstLine ?? null,
      level: n.level,
      documentNumber: n.documentNumber,
      type: n.type,
      operation: n.operation,
      status,
      requestId: n.requestId,
      mrn: n.mrn ?? options.resolveMrn(n),
      errors: n.errors.map((e) => ('field' in e ? { field: e.field, message: e.error } : { field: e.pointer?.messageElementPath ?? '', message: e.description })),
      incompleteReasons: n.incompleteReasons,
      warnings: payload?.warnings ?? [],
    });
  }
  for (const p of fileProblems) {
    summary['file-problem'] = (summary['file-problem'] ?? 0) + 1;
    lines.push({
      kind: 'file-problem',
      position: null,
      line: p.line,
      level: null,
      documentNumber: null,
      type: null,
      operation: null,
      status: 'not-read',
      requestId: null,
      mrn: null,
      errors: [{ field: p.field, message: p.message }],
      incompleteReasons: [],
      warnings: [],
    });
  }
  return {
    manifestId: manifest.id,
    channel: manifest.channel,
    file: manifest.originalName,
    contentHash: manifest.contentHash,
    generatedAt: new Date(options.now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    summary,
    lines,
  };
}

const COLUMNS = [
  'kind', 'position', 'line', 'level', 'documentNumber', 'type', 'operation', 'status', 'requestId', 'mrn', 'errors', 'incompleteReasons', 'warnings',
] as const;

const RESULT_LAYOUT: FileLayout<ManifestResult, ResultLine> = {
  columns: COLUMNS,
  lines: (result) => result.lines,
  csvRow: (l) => [
    l.kind,
    l.position,
    l.line,
    l.level,
    l.documentNumber,
    l.type,
    l.operation,
    l.status,
    l.requestId,
    l.mrn,
    l.errors.map((e) => (e.field === '' ? e.message : `${e.field}: ${e.message}`)).join(' | '),
    l.incompleteReasons.join(' | '),
    l.warnings.join(' | '),
  ],
  xmlRoot(result) {
    const body = result.lines.map((l) =>
      xmlElement(
        l.kind === 'notification' ? 'Notification' : 'FileProblem',
        {
          position: l.position,
          line: l.line,
          level: l.level,
          documentNumber: l.documentNumber,
          type: l.type,
          operation: l.operation,
          status: l.status,
          requestId: l.requestId,
          mrn: l.mrn,
        },
        [
          ...l.errors.map((e) => xmlElement('Error', { field: e.field }, e.message)),
          ...l.incompleteReasons.map((r) => xmlElement('IncompleteDocumentationReason', {}, r)),
          ...l.warnings.map((w) => xmlElement('Warning', {}, w)),
        ],
      ),
    );
    const summary = xmlElement('Summary', Object.fromEntries(Object.entries(result.summary)));
    return xmlElement(
      'ManifestResult',
      { file: result.file, channel: result.channel, manifestId: result.manifestId, contentHash: result.contentHash, generatedAt: result.generatedAt },
      [`\n  ${summary}`, ...body.map((b) => `\n  ${b}`), '\n'],
    );
  },
};

/** Formats a result as CSV (one line per notification), JSON or XML. */
export function formatManifestResult(result: ManifestResult, format: ResultFormat): Buffer {
  return Buffer.from(renderFile(result, format, RESULT_LAYOUT), 'utf8');
}

/** `errors` of a notification as plain text (for logs and the status command). */
export function notificationErrorsText(n: NotificationRecord): string {
  return n.errors.map(errorText).join(' | ');
}
