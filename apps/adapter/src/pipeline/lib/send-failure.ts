import type { JobStore, NotificationError } from '../../store/job-store.js';
import type { DigitollErrorLike } from '../ports.js';

/** The text of any thrown value. */
export function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A Digitoll client error (it carries a string `code`). */
function isDigitollError(error: unknown): error is DigitollErrorLike {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}

/**
 * What a failed send (POST/PUT/DELETE of a notification, POST of a presentation) means for its row,
 * one rule for every kind of row:
 * - `unexpected`: not a Digitoll error (a bug, an abort): the outcome is unknown; the caller rethrows;
 * - `rejected`: HTTP 400, Customs' field errors;
 * - `refused`: answered but not processed (bad-data / bug category, e.g. a 404 on the MRN);
 * - `not-processed`: 429, or 401/403 (`stop`: the round stops, credentials need an operator); sent again later;
 * - `unknown`: the request may have landed (5xx, network, lost answer): looked up before anything is re-sent.
 */
export type SendFailure =
  | { readonly kind: 'unexpected'; readonly lastError: string }
  | { readonly kind: 'rejected'; readonly fieldErrors: readonly { field: string; error: string }[]; readonly errors: NotificationError[] }
  | { readonly kind: 'refused'; readonly code: string; readonly message: string; readonly errors: NotificationError[] }
  | { readonly kind: 'not-processed'; readonly lastError: string; readonly stop: boolean }
  | { readonly kind: 'unknown'; readonly code: string; readonly message: string; readonly lastError: string };

/**
 * Classifies a failed send.
 *
 * @example
 * const failure = classifySendFailure(error);
 * await recordSendFailure(store, row.id, failure);
 */
export function classifySendFailure(error: unknown): SendFailure {
  if (!isDigitollError(error)) return { kind: 'unexpected', lastError: message(error) };
  const text = `${error.code}: ${error.message}`;
  if (error.code === 'DIGITOLL_VALIDATION_REJECTED') {
    const fieldErrors = error.validationErrors ?? [];
    const errors: NotificationError[] = fieldErrors.map((e) => ({ field: e.field, error: e.error }));
    return { kind: 'rejected', fieldErrors, errors: errors.length > 0 ? errors : [{ field: '', error: error.message }] };
  }
  if (error.category === 'bad-data' || error.category === 'bug') return { kind: 'refused', code: error.code, message: error.message, errors: [{ field: '', error: text }] };
  if (error.code === 'DIGITOLL_RATE_LIMITED' || error.category === 'config') return { kind: 'not-processed', lastError: text, stop: error.category === 'config' };
  return { kind: 'unknown', code: error.code, message: error.message, lastError: text };
}

/** Moves a row found `submitting` to what the failure means (see {@link SendFailure}). */
export async function recordSendFailure(store: Pick<JobStore, 'transitionNotification'>, id: string, failure: SendFailure): Promise<void> {
  switch (failure.kind) {
    case 'unexpected':
    case 'unknown':
      await store.transitionNotification(id, { from: 'submitting', to: 'outcome-unknown', lastError: failure.lastError });
      return;
    case 'rejected':
      await store.transitionNotification(id, { from: 'submitting', to: 'rejected', errors: failure.errors, lastError: null });
      return;
    case 'refused':
      await store.transitionNotification(id, { from: 'submitting', to: 'rejected', errors: failure.errors });
      return;
    case 'not-processed':
      await store.transitionNotification(id, { from: 'submitting', to: 'planned', lastError: failure.lastError });
      return;
  }
}
