import { errorText } from '../pipeline/lib/problem-text.js';
import { renderFile, xmlElement, type FileLayout } from '../pipeline/lib/file-formats.js';
import type { EntryStatusLike, PipelineDeps, ResultFormat } from '../pipeline/ports.js';
import type { ManifestRecord, NotificationRecord } from '../store/job-store.js';
import { OUTCOME_UNKNOWN } from './advance-messages.js';
import { messageKindOf, type MessagePayload } from './plan-message-manifest.js';

/**
 * How a relation or arrival ended: accepted by Customs (validation SUCCESS), refused (HTTP 400/403 or
 * validation FAILURE, with Customs' texts), not sent (local errors), sent by an earlier file, or
 * sent but unanswered (never re-sent: Customs assigns the requestId).
 */
export type MessageStatus = 'ACCEPTED' | 'REJECTED' | 'INVALID' | 'ALREADY_SENT' | 'OUTCOME_UNKNOWN';

/** A transport's entry status as the result file shows it (arrivals only). */
export type EntryStatusText = 'VALID_ENTRY' | 'NO_VALID_ENTRY' | 'NOT_ARRIVED' | 'UNAVAILABLE' | '';

/** One relation or arrival in a result file. */
export interface MessageResultLine {
  readonly position: number;
  readonly line: number | null;
  readonly message: 'relation' | 'arrival' | string;
  /** An arrival's transport MRN; a relation's `PARENT parentMRN > CHILD childMRN`. */
  readonly reference: string;
  readonly status: MessageStatus;
  /** Customs' requestId (from the 202), when it answered. */
  readonly requestId: string | null;
  /** The relation's own MRN / the arrived transport's MRN (validation SUCCESS). */
  readonly mrn: string | null;
  /** Arrivals: the transport's entry status read when the result was written (docs/digitoll.md §8.6). */
  readonly entryStatus: EntryStatusText;
  readonly timeOfEntry: string | null;
  readonly customsOfficeOfEntry: string | null;
  readonly errors: readonly string[];
}

/** The content of a relation/arrival result file, before formatting. */
export interface MessageResult {
  readonly manifestId: string;
  readonly channel: string;
  readonly file: string;
  readonly generatedAt: string;
  readonly summary: Readonly<Record<string, number>>;
  readonly lines: readonly MessageResultLine[];
}

function statusOf(n: NotificationRecord): MessageStatus {
  switch (n.state) {
    case 'accepted':
    case 'routed':
      return 'ACCEPTED';
    case 'unchanged':
      return 'ALREADY_SENT';
    case 'invalid':
      return 'INVALID';
    default:
      return n.errors.some((e) => 'field' in e && e.error.startsWith(`${OUTCOME_UNKNOWN}:`)) ? 'OUTCOME_UNKNOWN' : 'REJECTED';
  }
}

/** Reads an arrived transport's entry status (404 = not arrived); never throws. */
async function entryStatusOf(deps: Pick<PipelineDeps, 'client'>, n: NotificationRecord, transportMrn: string): Promise<Pick<MessageResultLine, 'entryStatus' | 'timeOfEntry' | 'customsOfficeOfEntry'> & { error?: string }> {
  let status: EntryStatusLike;
  try {
    status = await deps.client.getEntryStatus(n.mode, transportMrn);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'DIGITOLL_NOT_FOUND') return { entryStatus: 'NOT_ARRIVED', timeOfEntry: null, customsOfficeOfEntry: null };
    return { entryStatus: 'UNAVAILABLE', timeOfEntry: null, customsOfficeOfEntry: null, error: `entry status not available: ${error instanceof Error ? error.message : String(error)}` };
  }
  return { entryStatus: status.validEntry ? 'VALID_ENTRY' : 'NO_VALID_ENTRY', timeOfEntry: status.timeOfEntry ?? null, customsOfficeOfEntry: status.customsOfficeOfEntry ?? null };
}

/**
 * One result line per relation/arrival row (the rows are settled when the result is written). For
 * an arrival that Customs accepted (or may have received: ALREADY_SENT, OUTCOME_UNKNOWN) the
 * transport's entry status is read now: `validEntry` says whether the goods may be unloaded.
 */
export async function collectMessageResult(deps: Pick<PipelineDeps, 'client'>, manifest: ManifestRecord, rows: readonly NotificationRecord[], now: number): Promise<MessageResult> {
  const summary: Record<string, number> = {};
  const lines: MessageResultLine[] = [];
  for (const n of rows) {
    const payload = n.payload as Partial<MessagePayload> | null;
    const status = statusOf(n);
    summary[status] = (summary[status] ?? 0) + 1;
    const kind = payload?.message ?? messageKindOf(n.type) ?? n.type;
    const errors = n.errors.map(errorText);
    let entry: Pick<MessageResultLine, 'entryStatus' | 'timeOfEntry' | 'customsOfficeOfEntry'> = { entryStatus: '', timeOfEntry: null, customsOfficeOfEntry: null };
    const transportMrn = typeof payload?.body?.['transportMRN'] === 'string' ? payload.body['transportMRN'] : undefined;
    if (kind === 'arrival' && transportMrn !== undefined && (status === 'ACCEPTED' || status === 'ALREADY_SENT' || status === 'OUTCOME_UNKNOWN')) {
      const { error, ...read } = await entryStatusOf(deps, n, transportMrn);
      entry = read;
      if (error !== undefined) errors.push(error);
    }
    lines.push({
      position: n.position,
      line: typeof payload?.line === 'number' ? payload.line : null,
      message: kind,
      reference: n.documentNumber,
      status,
      requestId: n.requestId,
      mrn: n.mrn,
      ...entry,
      errors,
    });
  }
  return { manifestId: manifest.id, channel: manifest.channel, file: manifest.originalName, generatedAt: new Date(now).toISOString(), summary, lines };
}

const COLUMNS = ['position', 'line', 'message', 'reference', 'status', 'requestId', 'mrn', 'entryStatus', 'timeOfEntry', 'customsOfficeOfEntry', 'errors'] as const;

const LAYOUT: FileLayout<MessageResult, MessageResultLine> = {
  columns: COLUMNS,
  lines: (r) => r.lines,
  csvRow: (l) => [l.position, l.line, l.message, l.reference, l.status, l.requestId, l.mrn, l.entryStatus, l.timeOfEntry, l.customsOfficeOfEntry, l.errors.join(' | ')],
  xmlRoot: (r) =>
    xmlElement('MessageResult', { file: r.file, manifestId: r.manifestId, generatedAt: r.generatedAt }, [
      ...r.lines.map(
        (l) =>
          `\n  ${xmlElement(
            l.message === 'arrival' ? 'Arrival' : 'Relation',
            {
              position: l.position,
              line: l.line,
              reference: l.reference,
              status: l.status,
              requestId: l.requestId,
              mrn: l.mrn,
              entryStatus: l.entryStatus === '' ? null : l.entryStatus,
              timeOfEntry: l.timeOfEntry,
              customsOfficeOfEntry: l.customsOfficeOfEntry,
            },
            l.errors.map((e) => `\n    ${xmlElement('Error', {}, e)}`).concat(l.errors.length > 0 ? ['\n  '] : []),
          )}`,
      ),
      '\n',
    ]),
};

/** Formats a relation/arrival result as CSV, JSON or XML. */
export function formatMessageResult(result: MessageResult, format: ResultFormat): string {
  return renderFile(result, format, LAYOUT);
}
