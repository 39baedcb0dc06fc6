import type { ManifestRecord, NotificationRecord } from '../store/job-store.js';
import { asStoredPayload } from './lib/build-body.js';
import { csvHead, csvLine, renderFile, xmlDeclaration, xmlElement, type FileLayout } from './lib/file-formats.js';
import { DEFAULT_OUTPUT_CONVENTIONS, encodeOutput, instantIn, type OutputConventions } from './lib/output-conventions.js';
import { errorText } from './lib/problem-text.js';
import type { FileProblem } from './plan-manifest.js';
import type { ResultFormat } from './ports.js';

/** One line of a manifest's result file. */
export interface ResultLine {
  readonly kind: 'notification' | 'file-problem' | 'emergency-pack';
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
  options: { now: number; resolveMrn: (n: NotificationRecord) => string | null; extraLines?: readonly ResultLine[] },
): ManifestResult {
  const lines: ResultLine[] = [];
  const summary: Record<string, number> = {};
  for (const n of notifications) {
    const line = notificationLine(n, options.resolveMrn(n));
    summary[line.status] = (summary[line.status] ?? 0) + 1;
    lines.push(line);
  }
  for (const p of fileProblems) {
    summary['file-problem'] = (summary['file-problem'] ?? 0) + 1;
    lines.push(fileProblemLine(p));
  }
  for (const l of options.extraLines ?? []) {
    summary[l.status] = (summary[l.status] ?? 0) + 1;
    lines.push(l);
  }
  return { ...resultHead(manifest, options.now), summary, lines };
}

function resultHead(manifest: ManifestRecord, now: number): Omit<ManifestResult, 'summary' | 'lines'> {
  return {
    manifestId: manifest.id,
    channel: manifest.channel,
    file: manifest.originalName,
    contentHash: manifest.contentHash,
    generatedAt: new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

function notificationLine(n: NotificationRecord, resolvedMrn: string | null): ResultLine {
  const payload = asStoredPayload(n.payload);
  return {
    kind: 'notification',
    position: n.position,
    line: payload?.firstLine ?? null,
    level: n.level,
    documentNumber: n.documentNumber,
    type: n.type,
    operation: n.operation,
    status: statusOf(n),
    requestId: n.requestId,
    mrn: n.mrn ?? resolvedMrn,
    errors: n.errors.map((e) => ('field' in e ? { field: e.field, message: e.error } : { field: e.pointer?.messageElementPath ?? '', message: e.description })),
    incompleteReasons: n.incompleteReasons,
    warnings: payload?.warnings ?? [],
  };
}

function fileProblemLine(p: FileProblem): ResultLine {
  return {
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
  };
}

/**
 * One line per emergency pack file queued while Customs could not be reached (`queueEmergencyPacks`): `superseded`
 * once Customs accepted every transport of the manifest (the pack must not be used), else `in-force`.
 */
export function emergencyPackLines(files: readonly string[], transportsAccepted: boolean): ResultLine[] {
  return files.map((file) => ({
    kind: 'emergency-pack',
    position: null,
    line: null,
    level: 'transport',
    documentNumber: file,
    type: null,
    operation: null,
    status: transportsAccepted ? 'superseded' : 'in-force',
    requestId: null,
    mrn: null,
    errors: [],
    incompleteReasons: [],
    warnings: [
      transportsAccepted
        ? `emergency pack ${file} was written while Customs could not be reached; Customs has since accepted the transport: superseded, do not use it`
        : `emergency pack ${file} was written while Customs could not be reached and Customs has not accepted the transport: follow Customs' emergency routine`,
    ],
  }));
}

/**
 * {@link collectManifestResult} + {@link formatManifestResult} over the notifications read page by
 * page: each page is turned into text and dropped, so only the text of the file is held, never all
 * rows. The output is the same, byte for byte.
 *
 * @example
 * const text = await renderManifestResultPages(manifest, pages, fileProblems, { now: Date.now(), resolveMrn: async () => new Map() }, 'csv');
 */
export async function renderManifestResultPages(
  manifest: ManifestRecord,
  pages: AsyncIterable<readonly NotificationRecord[]>,
  fileProblems: readonly FileProblem[],
  options: { now: number; resolveMrns: (page: readonly NotificationRecord[]) => Promise<ReadonlyMap<string, string>>; extraLines?: readonly ResultLine[] },
  format: ResultFormat,
  conventions: OutputConventions = DEFAULT_OUTPUT_CONVENTIONS,
): Promise<Buffer> {
  const summary: Record<string, number> = {};
  const parts: string[] = [];
  const render = (lines: readonly ResultLine[]): string => {
    if (format === 'csv') return lines.map((l) => `${csvLine(RESULT_LAYOUT.csvRow(l, EMPTY), conventions)}\r\n`).join('');
    if (format === 'xml') return lines.map((l) => `\n  ${xmlLine(l)}`).join('');
    return lines.map((l) => `,\n${JSON.stringify(l, null, 2).replace(/^/gm, '    ')}`).join('');
  };
  for await (const page of pages) {
    const mrns = await options.resolveMrns(page);
    const lines = page.map((n) => notificationLine(n, mrns.get(n.id) ?? null));
    for (const l of lines) summary[l.status] = (summary[l.status] ?? 0) + 1;
    parts.push(render(lines));
  }
  const problemLines = fileProblems.map(fileProblemLine);
  if (problemLines.length > 0) summary['file-problem'] = (summary['file-problem'] ?? 0) + problemLines.length;
  parts.push(render(problemLines));
  const extra = options.extraLines ?? [];
  for (const l of extra) summary[l.status] = (summary[l.status] ?? 0) + 1;
  parts.push(render(extra));
  const head = inZone(resultHead(manifest, options.now), conventions);
  return encodeOutput(wholeText(), format, conventions);

  function wholeText(): string {
    if (format === 'csv') return `${csvHead(COLUMNS, conventions)}${parts.join('')}`;
    if (format === 'xml') {
      // The document element with a marker child, split around it (`\u0001` cannot occur in escaped text).
      const shell = RESULT_LAYOUT.xmlRoot({ ...head, summary, lines: [] }).replace('\n</ManifestResult>', '\u0001\n</ManifestResult>');
      const at = shell.lastIndexOf('\u0001');
      return `${xmlDeclaration(conventions)}${shell.slice(0, at)}${parts.join('')}${shell.slice(at + 1)}\n`;
    }
    const body = parts.join('');
    if (body === '') return `${JSON.stringify({ ...head, summary, lines: [] }, null, 2)}\n`;
    const shell = JSON.stringify({ ...head, summary, lines: [0] }, null, 2);
    const at = shell.lastIndexOf('\n    0\n');
    // `body` starts with ",\n" before its first line: drop the comma.
    return `${shell.slice(0, at)}\n${body.slice(2)}${shell.slice(at + '\n    0'.length)}\n`;
  }
}

/** The result's instant in the partner's time zone. */
function inZone<T extends { readonly generatedAt: string }>(value: T, c: OutputConventions): T {
  return { ...value, generatedAt: instantIn(value.generatedAt, c.timeZone) };
}

const EMPTY: ManifestResult = { manifestId: '', channel: '', file: '', contentHash: '', generatedAt: '', summary: {}, lines: [] };

function xmlLine(l: ResultLine): string {
  return xmlElement(
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
  );
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
    const body = result.lines.map(xmlLine);
    const summary = xmlElement('Summary', Object.fromEntries(Object.entries(result.summary)));
    return xmlElement(
      'ManifestResult',
      { file: result.file, channel: result.channel, manifestId: result.manifestId, contentHash: result.contentHash, generatedAt: result.generatedAt },
      [`\n  ${summary}`, ...body.map((b) => `\n  ${b}`), '\n'],
    );
  },
};

/** Formats a result as CSV (one line per notification), JSON or XML, in the partner's conventions (default: UTF-8 with BOM, comma, UTC). */
export function formatManifestResult(result: ManifestResult, format: ResultFormat, conventions: OutputConventions = DEFAULT_OUTPUT_CONVENTIONS): Buffer {
  return encodeOutput(renderFile(inZone(result, conventions), format, RESULT_LAYOUT, conventions), format, conventions);
}

/** `errors` of a notification as plain text (for logs and the status command). */
export function notificationErrorsText(n: NotificationRecord): string {
  return n.errors.map(errorText).join(' | ');
}
