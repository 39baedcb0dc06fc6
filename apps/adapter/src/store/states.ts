import { StoreInvalidTransitionError } from '../errors.js';

/**
 * Manifest states. `received` is recorded right after the file was claimed from the inbox
 * and hashed; `claimed` means an adapter instance holds the lease and works on it.
 */
export const manifestStates = [
  'received',
  'claimed',
  'parsed',
  'submitting',
  'awaiting-results',
  'results-written',
  'archived',
  'failed',
] as const;
export type ManifestState = (typeof manifestStates)[number];

/** Manifest states in which no more work happens. */
export const terminalManifestStates: readonly ManifestState[] = ['archived', 'failed'];

const manifestTransitions: Record<ManifestState, readonly ManifestState[]> = {
  received: ['claimed', 'failed'],
  claimed: ['parsed', 'failed'],
  parsed: ['submitting', 'awaiting-results', 'failed'],
  submitting: ['awaiting-results', 'failed'],
  'awaiting-results': ['submitting', 'results-written', 'failed'],
  'results-written': ['archived', 'failed'],
  archived: [],
  failed: [],
};

/**
 * Notification states. A notification is stored as `submitting` BEFORE its POST/PUT/DELETE
 * is sent; a send whose outcome is not known (timeout, crash, 5xx after the body left) moves to
 * `outcome-unknown` and must be looked up before anything is re-sent.
 * `invalid` = failed local pre-validation, never sent. `unchanged` = same payload as an already
 * accepted notification with the same key (nothing to send; the MRN is copied). A row whose earlier
 * version with the same payload is still in flight stays `planned` until that one settles: accepted →
 * `unchanged`, rejected → it is sent (see `src/pipeline/README.md`, "Resend rules").
 */
export const notificationStates = [
  'planned',
  'submitting',
  'submitted',
  'outcome-unknown',
  'accepted',
  'rejected',
  'routed',
  'invalid',
  'unchanged',
] as const;
export type NotificationState = (typeof notificationStates)[number];

/** Notification states in which no more Customs calls happen for that row. */
export const settledNotificationStates: readonly NotificationState[] = [
  'accepted',
  'rejected',
  'routed',
  'invalid',
  'unchanged',
];

const notificationTransitions: Record<NotificationState, readonly NotificationState[]> = {
  // planned → unchanged: a row planned behind an earlier one with the same payload that was still in
  // flight, once that one was accepted (nothing to send; its MRN is copied).
  planned: ['submitting', 'invalid', 'unchanged'],
  // submitting → planned only when it is certain the request never left (e.g. connect refused).
  submitting: ['submitted', 'accepted', 'rejected', 'outcome-unknown', 'planned'],
  submitted: ['accepted', 'rejected', 'outcome-unknown'],
  // after a lookup: found (submitted/accepted/rejected) or proven absent (planned → re-send).
  'outcome-unknown': ['submitted', 'accepted', 'rejected', 'planned'],
  accepted: ['routed'],
  rejected: [],
  routed: [],
  invalid: [],
  unchanged: [],
};

/** What a notification does at Customs: POST a new one, PUT by MRN, or DELETE by MRN. */
export type NotificationOperation = 'create' | 'update' | 'delete';

/** Whether the manifest state machine allows `from → to`. */
export function canTransitionManifest(from: ManifestState, to: ManifestState): boolean {
  return manifestTransitions[from].includes(to);
}

/** Whether the notification state machine allows `from → to`. */
export function canTransitionNotification(from: NotificationState, to: NotificationState): boolean {
  return notificationTransitions[from].includes(to);
}

/** Throws a `STORE_INVALID_TRANSITION` error when the manifest transition is not allowed. */
export function assertManifestTransition(from: ManifestState, to: ManifestState): void {
  if (!canTransitionManifest(from, to)) throw new StoreInvalidTransitionError('manifest', from, to);
}

/** Throws a `STORE_INVALID_TRANSITION` error when the notification transition is not allowed. */
export function assertNotificationTransition(from: NotificationState, to: NotificationState): void {
  if (!canTransitionNotification(from, to)) throw new StoreInvalidTransitionError('notification', from, to);
}
