import type { JobStore, ManifestRecord, NotificationRecord, PlannedNotificationInput } from '../store/job-store.js';
import { asStoredPayload, type StoredPayload } from './lib/build-body.js';
import { masterKeysOf, type SeenTransport } from './lib/plan-record.js';

/** The payload of a DELETE that cancels a transport a changed manifest replaced. */
export interface SupersededPayload extends StoredPayload {
  /** Key of the transport of this manifest that replaces the cancelled one. */
  readonly supersededBy: string;
}

/** The `supersededBy` key of a stored payload, if it is one of {@link SupersededPayload}. */
export function supersededByOf(payload: unknown): string | undefined {
  const by = (payload as Partial<SupersededPayload> | null)?.supersededBy;
  return typeof by === 'string' ? by : undefined;
}

/** States in which Customs holds (or may hold) the earlier transport: worth cancelling. */
const HELD = new Set(['accepted', 'routed', 'unchanged', 'submitted', 'submitting', 'outcome-unknown', 'planned']);

/**
 * The DELETEs of transports the previous version of a manifest notified that this version replaces
 * (issue #13: a changed key such as the scheduled arrival is a new transport at Customs — the key
 * cannot be changed by PUT: toll.github.io api/mo/kobling-oppdatering-og-sletting-EN.html, "Updating
 * Messages (PUT)" — so the old one
 * must be cancelled, or it stays active). An earlier transport is replaced when this file no longer
 * has its key and one of its transports has the same means of transport (identification, type and
 * carrier) or lists one of the same masters. Each DELETE names its successor (`supersededBy`): the
 * pipeline sends it only once that transport is accepted and every master of the manifest is
 * settled (so the masters hang on the new transport), and never when the successor was not accepted.
 *
 * Deterministic (each DELETE at `firstPosition` + the earlier row's index), so a plan resumed
 * after a crash stores each DELETE once.
 *
 * @example
 * for await (const item of planSupersededTransports(store, manifest, planner.transports, planner.records + 1)) yield item;
 */
export async function* planSupersededTransports(
  store: Pick<JobStore, 'pageNotifications'>,
  manifest: Pick<ManifestRecord, 'previousManifestId'>,
  transports: readonly SeenTransport[],
  firstPosition: number,
): AsyncGenerator<PlannedNotificationInput> {
  if (manifest.previousManifestId === null || transports.length === 0) return;
  const keys = new Set(transports.map((t) => t.key));
  // Position = firstPosition + the earlier row's index: stable whatever is skipped, so a plan resumed
  // after a crash (when an earlier transport may have settled meanwhile) never moves a stored row.
  for (const [index, old] of (await earlierTransports(store, manifest.previousManifestId)).entries()) {
    if (keys.has(old.key) || old.operation === 'delete' || !HELD.has(old.state)) continue;
    const successor = successorOf(old, transports);
    if (successor === undefined) continue;
    const payload: SupersededPayload = {
      draft: null,
      firstLine: successor.firstLine,
      lastLine: successor.lastLine,
      warnings: [`replaced by transport ${successor.documentNumber} of this file: cancelled once that one is accepted and its masters are on it`],
      supersededBy: successor.key,
    };
    yield {
      level: 'transport',
      mode: old.mode,
      documentNumber: old.documentNumber,
      type: old.type,
      ...(old.carrier !== null ? { carrier: old.carrier } : {}),
      position: firstPosition + index,
      payloadHash: 'cancel',
      payload,
      cancel: true,
    };
  }
}

async function earlierTransports(store: Pick<JobStore, 'pageNotifications'>, manifestId: string): Promise<NotificationRecord[]> {
  const out: NotificationRecord[] = [];
  let after: { position: number; id: string } | undefined;
  for (;;) {
    const page = await store.pageNotifications(manifestId, { levels: ['transport'], limit: 500, ...(after !== undefined ? { after } : {}) });
    out.push(...page);
    const last = page[page.length - 1];
    if (page.length < 500 || last === undefined) return out;
    after = { position: last.position, id: last.id };
  }
}

/** The transport of this file that takes the earlier one's place: same means of transport, else a shared master. */
function successorOf(old: NotificationRecord, transports: readonly SeenTransport[]): SeenTransport | undefined {
  const means = old.documentNumber.split('@')[0];
  const sameMeans = transports.find((t) => t.type === old.type && (t.carrier ?? null) === old.carrier && t.documentNumber.split('@')[0] === means);
  if (sameMeans !== undefined) return sameMeans;
  const oldMasters = new Set(masterKeysOf(asStoredPayload(old.payload)?.draft));
  return transports.find((t) => t.masters.some((m) => oldMasters.has(m)));
}
