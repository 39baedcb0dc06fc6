import { parsePresentationManifest, type PresentationProfile, type PresentationRecord } from '@tollkit/manifest';
import type { NotificationError, PlannedNotificationInput } from '../store/job-store.js';
import { payloadHash } from '../pipeline/lib/canonical-hash.js';
import type { ManifestProblemLike } from '../pipeline/lib/manifest-types.js';
import { fileOutcome, type FileProblem } from '../pipeline/lib/plan-record.js';
import type { PresentationKindLike } from '../pipeline/ports.js';

/** What a presentation row stores as its payload (everything needed to send it after a restart). */
export interface PresentationPayload {
  readonly presentation: PresentationKindLike;
  /** The body without `requestId` (the row's stored requestId is added when it is sent). */
  readonly body: Record<string, unknown>;
  readonly line: number;
}

/** Prefix of the `type` of a presentation row in the store (`presentation/<kind>[/<document type>]`). */
export const PRESENTATION_TYPE_PREFIX = 'presentation/';

/** The stored `type` of a presentation: its endpoint and, for houses and masters, the document type. */
export function presentationType(kind: string, documentType: string): string {
  return `${PRESENTATION_TYPE_PREFIX}${kind}${documentType === '' ? '' : `/${documentType}`}`;
}

/** The endpoint and document type of a stored presentation row's `type`. */
export function parsePresentationType(type: string): { kind: PresentationKindLike; documentType: string } | undefined {
  if (!type.startsWith(PRESENTATION_TYPE_PREFIX)) return undefined;
  const [kind, documentType] = type.slice(PRESENTATION_TYPE_PREFIX.length).split('/');
  return { kind: kind as PresentationKindLike, documentType: documentType ?? '' };
}

/** A presentation file's plan: one row per presentation, with the file-level outcome. */
export interface PresentationPlan {
  readonly items: PlannedNotificationInput[];
  readonly fatal: string | undefined;
  /** The error code of `fatal` (default `MANIFEST_UNREADABLE`). */
  readonly fatalCode?: string;
  /** File-level problems (the whole file's, not a row's), as in notification result files. */
  readonly fileProblems: readonly FileProblem[];
  readonly counts: { readonly presentations: number; readonly invalid: number };
}

/** A row problem as result-file text: `line 3: column Office: …`. */
export function problemText(p: ManifestProblemLike): string {
  return [p.line !== undefined ? `line ${p.line}` : undefined, p.column !== undefined ? `column ${p.column}` : undefined, p.message].filter(Boolean).join(': ');
}

/**
 * Plans a presentation file: each presentation becomes a row of the store (level
 * `house-consignment` for houses, `master-consignment` for masters, ENS, receptacles and
 * containers; `type` = {@link presentationType}), keyed by what it presents, so the same
 * consignment presented again from a later file with the same body is `unchanged` (presented once).
 * Rows with problems are stored `invalid` (never sent) under a key of their own line.
 */
export function planPresentationManifest(bytes: Uint8Array, fileName: string, profile: PresentationProfile, params?: Readonly<Record<string, string>>): PresentationPlan {
  const { records, report } = parsePresentationManifest({ bytes, fileName }, profile, params !== undefined ? { params } : {});
  const outcome = fileOutcome(report, Math.max(1, records.length));
  const fatal = outcome.fatal ?? (records.length === 0 ? 'the file lists nothing to present' : undefined);
  if (fatal !== undefined) return { items: [], fatal, fileProblems: outcome.fileProblems, counts: { presentations: 0, invalid: 0 } };
  const items = records.map((r, i) => itemOf(r, i + 1, profile.mode));
  return { items, fatal: undefined, fileProblems: outcome.fileProblems, counts: { presentations: items.length, invalid: items.filter((i) => i.invalidErrors !== undefined).length } };
}

/** The store row of one presentation (a bad one `invalid`, under a key of its own line). */
export function itemOf(r: PresentationRecord, position: number, mode: PresentationProfile['mode']): PlannedNotificationInput {
  const kind = r.kind ?? 'unknown';
  const payload = { presentation: kind, body: r.body, line: r.line };
  if (!r.ok) {
    const errors: NotificationError[] = r.problems.filter((p) => p.severity === 'error').map((p) => ({ field: p.field ?? p.column ?? '', error: problemText(p) }));
    return {
      level: kind === 'house-consignment' ? 'house-consignment' : 'master-consignment',
      mode,
      documentNumber: r.reference === '' ? `line ${r.line}` : r.reference,
      // A key of its own per line: a bad row never collides with another (or with its good twin).
      type: presentationType(kind, `invalid-line-${r.line}`),
      position,
      payloadHash: payloadHash(payload),
      payload,
      invalidErrors: errors.length > 0 ? errors : [{ field: '', error: 'not a presentation' }],
    };
  }
  return {
    level: kind === 'house-consignment' ? 'house-consignment' : 'master-consignment',
    mode,
    documentNumber: r.reference,
    type: presentationType(kind, r.documentType),
    position,
    payloadHash: payloadHash({ presentation: kind, body: r.body }),
    payload,
  };
}
