import type { JobStore, NotificationRecord } from '../../store/job-store.js';

/**
 * What Customs holds of a document before a planned row is sent, read from the row's chain of
 * earlier versions (`previousNotificationId`):
 * - `live`: the version Customs holds (accepted, routed or repeated as `unchanged`), with its MRN;
 * - `none`: nothing — every earlier version was rejected or never sent, or the last one Customs
 *   accepted was a cancellation;
 * - `wait`: an earlier version is still in flight; its outcome decides.
 */
export type EarlierVersion =
  | { readonly kind: 'live'; readonly row: NotificationRecord; readonly mrn: string | null }
  | { readonly kind: 'none' }
  | { readonly kind: 'wait'; readonly row: NotificationRecord };

const IN_FLIGHT = new Set(['planned', 'submitting', 'submitted', 'outcome-unknown']);

/** Longest chain followed (a document re-sent more often than this is treated as having no earlier version). */
const MAX_DEPTH = 50;

/**
 * Walks `n`'s earlier versions, skipping those Customs rejected (a rejected PUT leaves the version
 * before it in force; a rejected POST leaves nothing), until one decides.
 *
 * @example
 * const earlier = await earlierVersion(store, row);
 * if (earlier.kind === 'live' && earlier.row.payloadHash === row.payloadHash) … // nothing to send
 */
export async function earlierVersion(store: Pick<JobStore, 'getNotification'>, n: NotificationRecord): Promise<EarlierVersion> {
  let id = n.previousNotificationId;
  for (let depth = 0; id !== null && depth < MAX_DEPTH; depth++) {
    const row = await store.getNotification(id);
    if (row === undefined) break;
    if (IN_FLIGHT.has(row.state)) return { kind: 'wait', row };
    if (row.state === 'rejected' || row.state === 'invalid') {
      id = row.previousNotificationId;
      continue;
    }
    // accepted, routed or unchanged: Customs holds this version (or, for a DELETE, holds nothing).
    if (row.operation === 'delete') return { kind: 'none' };
    return { kind: 'live', row, mrn: row.mrn ?? (await mrnBehind(store, row)) };
  }
  return { kind: 'none' };
}

/** The MRN of an `unchanged` row planned before MRNs were copied: from the version it repeats. */
async function mrnBehind(store: Pick<JobStore, 'getNotification'>, row: NotificationRecord): Promise<string | null> {
  let id = row.previousNotificationId;
  for (let depth = 0; id !== null && depth < MAX_DEPTH; depth++) {
    const previous = await store.getNotification(id);
    if (previous === undefined) return null;
    if (previous.mrn !== null) return previous.mrn;
    id = previous.previousNotificationId;
  }
  return null;
}
