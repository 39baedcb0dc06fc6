import { manifestCounts, type JobStore, type ManifestCounts, type ManifestOutcome, type ManifestRecord, type ResubmitMode } from '../../store/job-store.js';
import type { ManifestState } from '../../store/states.js';

/** One manifest as lists, searches and the console show it. */
export interface ManifestSummary {
  readonly id: string;
  readonly channel: string;
  /** The name the partner gave the file. */
  readonly originalName: string;
  /** Its name under processing/, archive/ or failed/ (`<UTC stamp>-<8 hex>-<original name>`). */
  readonly processingName: string;
  readonly state: ManifestState;
  /** How it ended; `null` while in progress. */
  readonly outcome: ManifestOutcome | null;
  /** Stored with the outcome once finished; counted live from the rows while in progress. */
  readonly counts: ManifestCounts;
  readonly failure: { readonly code: string; readonly message: string } | null;
  readonly previousManifestId: string | null;
  readonly resubmit: ResubmitMode | null;
  readonly size: number;
  readonly receivedAt: string;
  readonly updatedAt: string;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** One line of text: `received  channel  file  state/outcome  accepted 3/4 …`. */
export function outcomeText(outcome: ManifestOutcome | null, counts: ManifestCounts): string {
  switch (outcome) {
    case null:
      return 'in progress';
    case 'accepted':
      return `all accepted (${counts.accepted})`;
    case 'accepted-with-rejections':
      return `accepted with rejections (${counts.rejected + counts.invalid} of ${counts.total} rejected or invalid)`;
    case 'rejected':
      return `rejected (${counts.rejected} rejected, ${counts.invalid} invalid of ${counts.total})`;
    case 'failed':
      return 'failed';
  }
}

/**
 * Summaries of `manifests`: stored counts for finished ones, one grouped (indexed) count query
 * for those still in progress.
 */
export async function summarizeManifests(store: JobStore, manifests: readonly ManifestRecord[]): Promise<ManifestSummary[]> {
  const live = manifests.filter((m) => m.outcomeCounts === null).map((m) => m.id);
  const counted = live.length === 0 ? new Map() : await store.countNotificationsOf(live);
  return manifests.map((m) => ({
    id: m.id,
    channel: m.channel,
    originalName: m.originalName,
    processingName: m.processingName,
    state: m.state,
    outcome: m.outcome,
    counts: m.outcomeCounts ?? manifestCounts(counted.get(m.id) ?? {}),
    failure: m.failure,
    previousManifestId: m.previousManifestId,
    resubmit: m.resubmit,
    size: m.size,
    receivedAt: iso(m.receivedAt),
    updatedAt: iso(m.updatedAt),
  }));
}
