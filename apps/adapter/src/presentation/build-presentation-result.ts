import { errorText } from '../pipeline/lib/problem-text.js';
import { renderFile, xmlElement, type FileLayout } from '../pipeline/lib/file-formats.js';
import type { ResultFormat } from '../pipeline/ports.js';
import type { ManifestRecord, NotificationRecord } from '../store/job-store.js';
import { parsePresentationType, type PresentationPayload } from './plan-presentation-manifest.js';

/** How a presentation ended: presented by Customs, refused with Customs' errors, not sent (local errors), or presented earlier. */
export type PresentationStatus = 'PRESENTED' | 'REJECTED' | 'INVALID' | 'ALREADY_PRESENTED';

/** One presentation in a result file. */
export interface PresentationResultLine {
  readonly position: number;
  readonly line: number | null;
  /** The endpoint: house-consignment, master-consignment, receptacle, container, entry-summary-declaration. */
  readonly presentation: string;
  /** What was presented: house/master waybill, ENS MRN, receptacle or container id. */
  readonly reference: string;
  readonly documentType: string | null;
  readonly status: PresentationStatus;
  /** The requestId the presentation was (or would have been) sent with. */
  readonly requestId: string | null;
  /** Customs' errors (400 or validation FAILURE) or the local problems, with the file line. */
  readonly errors: readonly string[];
}

/** The content of a presentation result file, before formatting. */
export interface PresentationResult {
  readonly manifestId: string;
  readonly channel: string;
  readonly file: string;
  readonly generatedAt: string;
  readonly summary: Readonly<Record<string, number>>;
  readonly lines: readonly PresentationResultLine[];
}

function statusOf(n: NotificationRecord): PresentationStatus {
  switch (n.state) {
    case 'accepted':
    case 'routed':
      return 'PRESENTED';
    case 'unchanged':
      return 'ALREADY_PRESENTED';
    case 'invalid':
      return 'INVALID';
    default:
      return 'REJECTED';
  }
}

/** One result line per presentation row (the rows are settled when the result is written). */
export function collectPresentationResult(manifest: ManifestRecord, rows: readonly NotificationRecord[], now: number): PresentationResult {
  const summary: Record<string, number> = {};
  const lines = rows.map((n): PresentationResultLine => {
    const payload = n.payload as Partial<PresentationPayload> | null;
    const type = parsePresentationType(n.type);
    const status = statusOf(n);
    summary[status] = (summary[status] ?? 0) + 1;
    return {
      position: n.position,
      line: typeof payload?.line === 'number' ? payload.line : null,
      presentation: type?.kind ?? n.type,
      reference: n.documentNumber,
      documentType: type === undefined || type.documentType === '' || type.documentType.startsWith('invalid-line-') ? null : type.documentType,
      status,
      requestId: n.requestId,
      errors: n.errors.map(errorText),
    };
  });
  return { manifestId: manifest.id, channel: manifest.channel, file: manifest.originalName, generatedAt: new Date(now).toISOString(), summary, lines };
}

const COLUMNS = ['position', 'line', 'presentation', 'reference', 'documentType', 'status', 'requestId', 'errors'] as const;

const LAYOUT: FileLayout<PresentationResult, PresentationResultLine> = {
  columns: COLUMNS,
  lines: (r) => r.lines,
  csvRow: (l) => [l.position, l.line, l.presentation, l.reference, l.documentType, l.status, l.requestId, l.errors.join(' | ')],
  xmlRoot: (r) =>
    xmlElement('PresentationResult', { file: r.file, manifestId: r.manifestId, generatedAt: r.generatedAt }, [
      ...r.lines.map(
        (l) =>
          `\n  ${xmlElement(
            'Presentation',
            { position: l.position, line: l.line, presentation: l.presentation, reference: l.reference, documentType: l.documentType, status: l.status, requestId: l.requestId },
            l.errors.map((e) => `\n    ${xmlElement('Error', {}, e)}`).concat(l.errors.length > 0 ? ['\n  '] : []),
          )}`,
      ),
      '\n',
    ]),
};

/** Formats a presentation result as CSV, JSON or XML. */
export function formatPresentationResult(result: PresentationResult, format: ResultFormat): string {
  return renderFile(result, format, LAYOUT);
}
