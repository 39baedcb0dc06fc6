import { randomUUID } from 'node:crypto';
import { advanceRows, applyValidation, type AdvanceResult } from '../pipeline/advance-notifications.js';
import { classifySendFailure, message, recordSendFailure } from '../pipeline/lib/send-failure.js';
import type { PipelineDeps } from '../pipeline/ports.js';
import type { ManifestRecord, NotificationRecord } from '../store/job-store.js';
import type { PresentationPayload } from './plan-presentation-manifest.js';


/**
 * One round over a presentation file's rows — the notifications' round ({@link advanceRows}:
 * recovery, submit all, poll all) with the presentation's own send and lookup:
 *
 * * **requestId stored before the POST.** Customs makes the client choose the `requestId` and
 *   refuses a re-used one ("By including the requestId in every call, you … can ensure that a
 *   consignment is presented only once", seed 001). The row gets its requestId with the move
 *   `planned → submitting`, before the request leaves, and keeps it for every later attempt.
 * * **Unknown outcome looked up, never blindly re-sent.** A timeout, reset, 5xx or crash leaves the
 *   row `submitting`/`outcome-unknown`; after the in-flight grace its stored requestId is looked up
 *   on `validation-status/{requestId}`: SUCCESS → `accepted` (presented), FAILURE → `rejected`,
 *   unknown to Customs (404) → `planned`, and it is sent again with the same requestId, so even then
 *   Customs can present it only once (a refused re-used requestId means the first one landed).
 * * **Validation polled**: `submitted` → `accepted` (presented) or `rejected` (Customs' errors).
 *   The routing follower later moves presented rows to `routed`.
 */
export function advancePresentations(deps: PipelineDeps, manifest: ManifestRecord, lease: { readonly lost: boolean } = { lost: false }): Promise<AdvanceResult> {
  return advanceRows(deps, manifest, lease, {
    resolveUnknown: (n) => lookUp(deps, manifest, n),
    send: (n) => present(deps, n),
    validationTarget: () => ({ api: 'presentation' }),
  });
}

async function lookUp(deps: PipelineDeps, manifest: ManifestRecord, n: NotificationRecord): Promise<void> {
  const { store, log } = deps;
  if (n.requestId === null) {
    // Never reached Customs with a requestId of ours (stored before every POST): send it.
    await store.transitionNotification(n.id, { from: 'outcome-unknown', to: 'planned', lastError: n.lastError });
    return;
  }
  const [result] = await deps.client.waitForValidation([{ requestId: n.requestId, target: { api: 'presentation' } }], { initialDelayMs: 0, deadlineMs: 0 });
  if (result?.outcome === 'success' || result?.outcome === 'failure') {
    const submitted = await store.transitionNotification(n.id, { from: 'outcome-unknown', to: 'submitted', requestId: n.requestId, lastError: null });
    if (submitted !== undefined) await applyValidation(deps, manifest, submitted, result);
    log.info({ notificationId: n.id, requestId: n.requestId, outcome: result.outcome }, 'outcome-unknown presentation found at Customs: not re-sent');
  } else if (result?.outcome === 'timeout') {
    await store.transitionNotification(n.id, { from: 'outcome-unknown', to: 'planned', lastError: 'looked up: Customs does not know this requestId; presenting it (same requestId)' });
    log.info({ notificationId: n.id, requestId: n.requestId }, 'outcome-unknown presentation not found at Customs: will be sent with the same requestId');
  } else {
    const error = result?.outcome === 'error' ? message(result.error) : 'no answer';
    await store.recordNotificationAttempt(n.id, 'outcome-unknown', { kind: 'lookup', lastError: `lookup failed: ${error}` });
  }
}

async function present(deps: PipelineDeps, n: NotificationRecord): Promise<boolean> {
  const { store, log } = deps;
  const payload = n.payload as PresentationPayload | null;
  if (payload === null || typeof payload !== 'object' || typeof payload.presentation !== 'string') {
    await store.transitionNotification(n.id, { from: 'planned', to: 'invalid', errors: [{ field: '', error: 'stored payload unreadable' }] });
    return false;
  }
  // The requestId is stored BEFORE the request leaves, and kept for every later attempt.
  const requestId = n.requestId ?? randomUUID();
  const claimed = await store.transitionNotification(n.id, { from: 'planned', to: 'submitting', requestId });
  if (claimed === undefined) return false;
  try {
    await deps.client.present({ kind: payload.presentation, body: { ...payload.body, requestId } });
    await store.transitionNotification(n.id, { from: 'submitting', to: 'submitted', lastError: null });
    return true;
  } catch (error) {
    const failure = classifySendFailure(error);
    if (failure.kind === 'rejected' && claimed.submitAttempts > 1 && failure.fieldErrors.length > 0 && failure.fieldErrors.every((e) => e.field === 'requestId')) {
      // Our requestId is already used: the earlier attempt, whose answer was lost, reached Customs.
      await store.transitionNotification(n.id, { from: 'submitting', to: 'submitted', lastError: null });
      log.info({ notificationId: n.id, requestId }, 're-sent presentation already held by Customs under its requestId');
      return true;
    }
    await recordSendFailure(store, n.id, failure);
    switch (failure.kind) {
      case 'unexpected':
        throw error;
      case 'rejected':
        log.info({ notificationId: n.id, documentNumber: n.documentNumber, errors: failure.errors.length }, 'Customs rejected the presentation (HTTP 400)');
        break;
      case 'refused':
        log.warn({ notificationId: n.id, code: failure.code, error: failure.message }, 'presentation refused by Customs');
        break;
      case 'not-processed':
        // 429 / 401 / 403: refused before processing; nothing was presented.
        if (failure.stop) throw error;
        break;
      case 'unknown':
        log.warn({ notificationId: n.id, requestId, code: failure.code, error: failure.message }, 'outcome of the presentation is unknown; its requestId will be looked up');
        break;
    }
    return false;
  }
}
