import { advanceRows, applyValidation, type AdvanceResult } from '../pipeline/advance-notifications.js';
import { classifySendFailure, message, recordSendFailure } from '../pipeline/lib/send-failure.js';
import type { PipelineDeps } from '../pipeline/ports.js';
import type { ManifestRecord, NotificationRecord } from '../store/job-store.js';
import type { MessagePayload } from './plan-message-manifest.js';

/** Start of the error text of a relation/arrival whose POST may or may not have reached Customs (result status OUTCOME_UNKNOWN). */
export const OUTCOME_UNKNOWN = 'OUTCOME_UNKNOWN';
/** Start of the error text of an arrival refused with 403: the organisation has no arrival authorisation. */
export const ARRIVAL_NOT_AUTHORISED = 'ARRIVAL_NOT_AUTHORISED';

function unknownText(kind: string, why: string): string {
  return (
    `${OUTCOME_UNKNOWN}: ${why}. The ${kind} may or may not have reached Customs, and Customs assigns its requestId (it is only in the ` +
    `answer), so it cannot be looked up: it was NOT sent again. Check with Customs${kind === 'arrival' ? ' (or the entry status in this file)' : ''} ` +
    'before putting it in a new file.'
  );
}

/**
 * One round over a relation or arrival file's rows — the notifications' round ({@link advanceRows}:
 * recovery, submit all, poll all) with these requests' own send and lookup. The difference from
 * presentations: **Customs assigns the requestId** of a relation or an arrival (docs/digitoll.md §7.6,
 * §7.7; it comes back in the 202), so a request whose answer was lost cannot be looked up:
 *
 * * `planned → submitting` is stored before the POST; the 202's requestId moves it to `submitted`,
 *   and its validation status is polled (`…/relation/validation-status/{id}`,
 *   `…/arrival/v1/validation-status/{id}`) → `accepted` (the relation's MRN) or `rejected`.
 * * A timeout, reset, 5xx, or a crash between the POST and storing its answer ends the row as
 *   **OUTCOME_UNKNOWN** (stored `rejected` with that text): it is never sent a second time.
 * * An arrival refused with 403 is a per-row rejection (**ARRIVAL_NOT_AUTHORISED**: the organisation has
 *   no authorisation from Customs to use the arrival API), not a channel failure.
 * * 429 and a 401/403 on a relation were refused before processing: the row is sent again later
 *   (401/403 stop the round, as for notifications).
 */
export function advanceMessages(deps: PipelineDeps, manifest: ManifestRecord, lease: { readonly lost: boolean } = { lost: false }): Promise<AdvanceResult> {
  return advanceRows(deps, manifest, lease, {
    resolveUnknown: (n) => settleUnknown(deps, manifest, n),
    send: (n) => send(deps, n),
    validationTarget: (n) => (payloadOf(n)?.message === 'relation' ? { api: 'relation', mode: n.mode } : { api: 'arrival' }),
  });
}

function payloadOf(n: NotificationRecord): MessagePayload | undefined {
  const p = n.payload as MessagePayload | null;
  return p !== null && typeof p === 'object' && (p.message === 'relation' || p.message === 'arrival') ? p : undefined;
}

/** A row found `outcome-unknown` (the adapter stopped mid-POST): settled as OUTCOME_UNKNOWN, never re-sent. */
async function settleUnknown(deps: PipelineDeps, manifest: ManifestRecord, n: NotificationRecord): Promise<void> {
  const kind = payloadOf(n)?.message ?? 'request';
  if (n.requestId !== null) {
    // The 202 was stored: its validation status can be read.
    const [result] = await deps.client.waitForValidation([{ requestId: n.requestId, target: kind === 'relation' ? { api: 'relation', mode: n.mode } : { api: 'arrival' } }], { initialDelayMs: 0, deadlineMs: 0 });
    const submitted = await deps.store.transitionNotification(n.id, { from: 'outcome-unknown', to: 'submitted', requestId: n.requestId, lastError: null });
    if (submitted !== undefined && result !== undefined) await applyValidation(deps, manifest, submitted, result);
    return;
  }
  await deps.store.transitionNotification(n.id, {
    from: 'outcome-unknown',
    to: 'rejected',
    errors: [{ field: '', error: unknownText(kind, `the adapter stopped while the ${kind} was being sent (${n.lastError ?? 'no answer stored'})`) }],
  });
  deps.log.warn({ manifestId: manifest.id, notificationId: n.id, kind, reference: n.documentNumber }, `${kind}: outcome unknown after an interrupted POST; not re-sent (Customs assigns the requestId)`);
}

async function send(deps: PipelineDeps, n: NotificationRecord): Promise<boolean> {
  const { store, log } = deps;
  const payload = payloadOf(n);
  if (payload === undefined) {
    await store.transitionNotification(n.id, { from: 'planned', to: 'invalid', errors: [{ field: '', error: 'stored payload unreadable' }] });
    return false;
  }
  // Stored BEFORE the request leaves: a crash from here on ends as OUTCOME_UNKNOWN, never a second POST.
  const claimed = await store.transitionNotification(n.id, { from: 'planned', to: 'submitting' });
  if (claimed === undefined) return false;
  try {
    const { requestId } = payload.message === 'relation' ? await deps.client.createRelation(n.mode, payload.body) : await deps.client.submitArrival(payload.body);
    await store.transitionNotification(n.id, { from: 'submitting', to: 'submitted', requestId, lastError: null });
    return true;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (payload.message === 'arrival' && code === 'DIGITOLL_FORBIDDEN') {
      await store.transitionNotification(n.id, {
        from: 'submitting',
        to: 'rejected',
        errors: [{
          field: '',
          error:
            `${ARRIVAL_NOT_AUTHORISED}: Customs refused the arrival (HTTP 403): this organisation is not authorised by Norwegian Customs to use the arrival API ` +
            `(an authorisation given for unattended border crossings, docs/digitoll.md §4.4). The arrival was not registered; Customs registers the ` +
            `transport's arrival itself when it crosses. Customs said: ${message(error)}`,
        }],
        lastError: null,
      });
      log.warn({ notificationId: n.id, transportMRN: n.documentNumber }, 'arrival refused: the organisation has no arrival authorisation (403); row rejected');
      return false;
    }
    const failure = classifySendFailure(error);
    if (failure.kind === 'unknown' || failure.kind === 'unexpected') {
      await store.transitionNotification(n.id, {
        from: 'submitting',
        to: 'rejected',
        errors: [{ field: '', error: unknownText(payload.message, `no answer to the POST (${failure.lastError})`) }],
      });
      log.warn({ notificationId: n.id, kind: payload.message, reference: n.documentNumber, error: failure.lastError }, `${payload.message}: outcome unknown; not re-sent (Customs assigns the requestId)`);
      if (failure.kind === 'unexpected') throw error;
      return false;
    }
    await recordSendFailure(store, n.id, failure);
    if (failure.kind === 'not-processed' && failure.stop) throw error;
    if (failure.kind === 'rejected' || failure.kind === 'refused') log.info({ notificationId: n.id, kind: payload.message, reference: n.documentNumber }, `Customs rejected the ${payload.message}`);
    return false;
  }
}
