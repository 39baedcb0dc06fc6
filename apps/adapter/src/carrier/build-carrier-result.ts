import { renderFile, xmlElement, type FileLayout } from '../pipeline/lib/file-formats.js';
import { DEFAULT_OUTPUT_CONVENTIONS, encodeOutput, instantIn, type OutputConventions } from '../pipeline/lib/output-conventions.js';
import type { ResultFormat } from '../pipeline/ports.js';
import type { ManifestRecord, NotificationRecord } from '../store/job-store.js';
import type { CarrierLineError, CarrierRowPayload } from './plan-carrier-manifest.js';

/** One house in a carrier result file. */
export interface CarrierResultLine {
  readonly position: number;
  /** First manifest file line of the house. */
  readonly line: number | null;
  readonly documentNumber: string;
  /** ACCEPTED, FAILED (Bring's FAILED or local errors: not sent), NEEDS_ATTENTION (outcome unknown), UNCHANGED. */
  readonly status: 'ACCEPTED' | 'FAILED' | 'NEEDS_ATTENTION' | 'UNCHANGED';
  /** Bring's processingId (Bring target). */
  readonly processingId: string | null;
  /** The customs object file in the outbox (Shipmondo target). */
  readonly customsFile: string | null;
  /** Bring's error text on FAILED (or the HTTP error), or why the outcome is unknown. */
  readonly carrierError: string | null;
  /** Local validation errors, with file line and field. */
  readonly errors: readonly CarrierLineError[];
  readonly warnings: readonly string[];
}

/** The content of a carrier result file, before formatting. */
export interface CarrierResult {
  readonly manifestId: string;
  readonly channel: string;
  readonly file: string;
  readonly target: 'bring' | 'shipmondo';
  readonly generatedAt: string;
  readonly summary: Readonly<Record<string, number>>;
  readonly lines: readonly CarrierResultLine[];
}

function statusOf(n: NotificationRecord): CarrierResultLine['status'] {
  switch (n.state) {
    case 'accepted':
    case 'routed':
      return 'ACCEPTED';
    case 'unchanged':
      return 'UNCHANGED';
    case 'outcome-unknown':
    case 'submitting':
    case 'submitted':
    case 'planned':
      return 'NEEDS_ATTENTION';
    default:
      return 'FAILED';
  }
}

/** Collects one result line per house row of a carrier manifest. */
export function collectCarrierResult(
  manifest: ManifestRecord,
  target: 'bring' | 'shipmondo',
  rows: readonly NotificationRecord[],
  now: number,
): CarrierResult {
  const summary: Record<string, number> = {};
  const lines = rows.map((n): CarrierResultLine => {
    const payload = n.payload as Partial<CarrierRowPayload> | null;
    const status = statusOf(n);
    summary[status] = (summary[status] ?? 0) + 1;
    const carrierError =
      n.state === 'rejected'
        ? n.errors.map((e) => ('error' in e ? e.error : e.description)).join(' | ')
        : status === 'NEEDS_ATTENTION'
          ? n.lastError
          : null;
    return {
      position: n.position,
      line: payload?.firstLine ?? null,
      documentNumber: n.documentNumber,
      status,
      processingId: target === 'bring' ? n.requestId : null,
      customsFile: target === 'shipmondo' && status === 'ACCEPTED' ? n.requestId : null,
      carrierError,
      errors: n.state === 'invalid' ? (payload?.errors ?? []) : [],
      warnings: payload?.warnings ?? [],
    };
  });
  return {
    manifestId: manifest.id,
    channel: manifest.channel,
    file: manifest.originalName,
    target,
    generatedAt: new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    summary,
    lines,
  };
}

function errorCell(e: CarrierLineError): string {
  return `${e.line === null ? '' : `line ${e.line}: `}${e.field === '' ? '' : `${e.field}: `}${e.message}`;
}

const CARRIER_LAYOUT: FileLayout<CarrierResult, CarrierResultLine> = {
  columns: ['position', 'line', 'documentNumber', 'target', 'status', 'processingId', 'customsFile', 'carrierError', 'errors', 'warnings'],
  lines: (result) => result.lines,
  csvRow: (l, result) => [
    l.position,
    l.line,
    l.documentNumber,
    result.target,
    l.status,
    l.processingId,
    l.customsFile,
    l.carrierError,
    l.errors.map(errorCell).join(' | '),
    l.warnings.join(' | '),
  ],
  xmlRoot(result) {
    const houses = result.lines.map((l) =>
      xmlElement(
        'house',
        {
          position: l.position,
          line: l.line,
          documentNumber: l.documentNumber,
          status: l.status,
          processingId: l.processingId,
          customsFile: l.customsFile,
        },
        [
          ...(l.carrierError !== null ? [xmlElement('carrierError', {}, l.carrierError)] : []),
          ...l.errors.map((e) => xmlElement('error', { line: e.line, field: e.field }, e.message)),
          ...l.warnings.map((w) => xmlElement('warning', {}, w)),
        ],
      ),
    );
    return xmlElement(
      'carrierResult',
      { manifestId: result.manifestId, channel: result.channel, file: result.file, target: result.target, generatedAt: result.generatedAt },
      [xmlElement('summary', Object.fromEntries(Object.entries(result.summary))), ...houses],
    );
  },
};

/** Formats a carrier result as CSV (one row per house), JSON or XML, in the partner's conventions (default: UTF-8 with BOM, comma, UTC). */
export function formatCarrierResult(result: CarrierResult, format: ResultFormat, conventions: OutputConventions = DEFAULT_OUTPUT_CONVENTIONS): Buffer {
  const local = { ...result, generatedAt: instantIn(result.generatedAt, conventions.timeZone) };
  return encodeOutput(renderFile(local, format, CARRIER_LAYOUT, conventions), format, conventions);
}
