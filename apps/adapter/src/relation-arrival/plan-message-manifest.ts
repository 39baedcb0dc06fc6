import { parseMessageManifest, type ArrivalProfile, type MessageRecord, type RelationProfile } from '@tollkit/manifest';
import { payloadHash } from '../pipeline/lib/canonical-hash.js';
import { problemText, type PresentationPlan } from '../presentation/plan-presentation-manifest.js';
import { fileOutcome } from '../pipeline/lib/plan-record.js';
import type { NotificationError, PlannedNotificationInput } from '../store/job-store.js';

/** What a relation or arrival row stores as its payload (everything needed to send it after a restart). */
export interface MessagePayload {
  readonly message: 'relation' | 'arrival';
  /** The POST body; Customs assigns the requestId (it is in the 202). */
  readonly body: Record<string, unknown>;
  readonly line: number;
}

/** The stored `type` of a relation or arrival row (an invalid one: `<kind>/invalid-line-<n>`). */
export const MESSAGE_TYPES = ['relation', 'arrival'] as const;

/** Whether a stored row's `type` is a relation or an arrival (and which). */
export function messageKindOf(type: string): 'relation' | 'arrival' | undefined {
  const kind = type.split('/')[0];
  return kind === 'relation' || kind === 'arrival' ? kind : undefined;
}

/**
 * Plans a relation or arrival file: one store row per request (level `master-consignment`, `type`
 * `relation` or `arrival`, `documentNumber` = the reference: an arrival's transport MRN, a
 * relation's `PARENT parentMRN > CHILD childMRN`), so the same request in a later file with the same
 * body is `unchanged` (sent once). Rows with problems are stored `invalid` (never sent) under a key
 * of their own line.
 */
export function planMessageManifest(bytes: Uint8Array, fileName: string, profile: RelationProfile | ArrivalProfile, params?: Readonly<Record<string, string>>): PresentationPlan {
  const { records, report } = parseMessageManifest({ bytes, fileName }, profile, params !== undefined ? { params } : {});
  const outcome = fileOutcome(report, Math.max(1, records.length));
  const fatal = outcome.fatal ?? (records.length === 0 ? `the file lists no ${profile.kind}` : undefined);
  if (fatal !== undefined) return { items: [], fatal, fileProblems: outcome.fileProblems, counts: { presentations: 0, invalid: 0 } };
  const items = records.map((r, i) => messageItemOf(r, i + 1, profile.mode));
  return { items, fatal: undefined, fileProblems: outcome.fileProblems, counts: { presentations: items.length, invalid: items.filter((i) => i.invalidErrors !== undefined).length } };
}

function messageItemOf(r: MessageRecord, position: number, mode: RelationProfile['mode']): PlannedNotificationInput {
  const payload: MessagePayload = { message: r.kind, body: { ...r.body }, line: r.line };
  const common = { level: 'master-consignment' as const, mode, position, payloadHash: payloadHash(payload), payload };
  if (!r.ok) {
    const errors: NotificationError[] = r.problems.filter((p) => p.severity === 'error').map((p) => ({ field: p.field ?? p.column ?? '', error: problemText(p) }));
    return {
      ...common,
      documentNumber: r.reference.trim() === '' ? `line ${r.line}` : r.reference,
      type: `${r.kind}/invalid-line-${r.line}`,
      invalidErrors: errors.length > 0 ? errors : [{ field: '', error: `not a ${r.kind}` }],
    };
  }
  return { ...common, documentNumber: r.reference, type: r.kind, payloadHash: payloadHash({ message: r.kind, body: r.body }) };
}
