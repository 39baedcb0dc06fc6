import type { ManifestRecord, NotificationRecord } from '../store/job-store.js';
import { notificationStates, settledNotificationStates, type NotificationState } from '../store/states.js';
import { asStoredPayload, buildBody } from './lib/build-body.js';
import { earlierVersion } from './lib/earlier-version.js';
import { mapLimit } from './lib/map-limit.js';
import { requestSlots, type RequestSlots } from './lib/request-slots.js';
import { classifySendFailure, message, recordSendFailure } from './lib/send-failure.js';
import { supersededByOf } from './plan-superseded-transports.js';
import { lookupCarrierOf } from './lib/document-key.js';
import type { PipelineDeps, ValidationResultLike } from './ports.js';

/** `lastError` of a row whose validation Customs has not finished yet: waiting, not a failure. */
export const VALIDATION_PENDING = 'validation not finished yet';

/** What one round over a manifest's notifications achieved. */
export interface AdvanceResult {
  /** Every notification is settled (accepted, rejected, routed, invalid, unchanged). */
  readonly settled: boolean;
  /** When not settled: how long to wait before the next round (backs off with repeated lookups/polls). */
  readonly retryAfterMs: number;
  readonly sent: number;
  readonly polled: number;
  /** Each request was reported as it left (`notification-sent` events): no round total needed. */
  readonly reportedPerRequest: true;
}


/**
 * One round of work on a manifest's notifications, in the order Customs advises (docs/digitoll.md §5):
 *
 * 1. recovery — a notification found in `submitting` was being sent when the previous holder
 *    stopped: it becomes `outcome-unknown`; masters and houses in `outcome-unknown` are looked up by
 *    document number (found → `accepted` with its MRN, absent → `planned`), nothing is re-sent blindly;
 * 2. submit all — each `planned` notification is stored as `submitting` BEFORE its POST/PUT/DELETE;
 * 3. poll all — Customs needs `initialPollDelayMs` to validate: when even the round's first answer
 *    is more recent than that (a small file), the manifest is released until then and the worker
 *    takes up another manifest meanwhile; otherwise the `submitted` rows are polled at once, each no
 *    earlier than that delay after its own answer, every answer stored as it comes;
 * 4. a master Customs holds whose MRN only its transport's status list gives (step 1 found the
 *    transport's MRN not known yet) is looked up again after the poll, in the same round.
 *
 * The rows are read page by page in the states each step needs, never all at once.
 *
 * Idempotent: call it again (after a crash, by another instance) and it continues where the store says.
 */
export async function advanceNotifications(
  deps: PipelineDeps,
  manifest: ManifestRecord,
  lease: { readonly lost: boolean } = { lost: false },
): Promise<AdvanceResult> {
  return advanceRows(deps, manifest, lease, {
    resolveUnknown: (n) => resolveUnknown(deps, n),
    send: (n, answered) => send(deps, manifest, n, answered),
    validationTarget: (n) => ({ api: 'notification', mode: n.mode, level: n.level }),
  });
}

/** What differs between the kinds of rows one round drives (notifications, presentations). */
export interface RowOperations {
  /**
   * Looks up a row in `outcome-unknown` and moves it to what Customs holds (or back to `planned`).
   * `'awaits-transport'`: Customs holds it but its MRN can only be read from the manifest's
   * transport, whose MRN is not known yet; the round tries again once its poll has run.
   */
  resolveUnknown(n: NotificationRecord): Promise<void | 'awaits-transport'>;
  /**
   * Sends a `planned` row, storing `submitting` before the request; `true` when a request left. It
   * runs in one of the instance's request slots; `answered`, when called (once Customs has answered
   * or the request failed), frees the slot before the answer is stored. Not called: freed on return.
   */
  send(n: NotificationRecord, answered?: () => void): Promise<boolean>;
  /** Where the row's requestId is polled. */
  validationTarget(n: NotificationRecord): Parameters<PipelineDeps['client']['waitForValidation']>[0][number]['target'];
}

/**
 * The round of {@link advanceNotifications} for any kind of row (recovery, submit all, poll all),
 * with the kind's lookup, send and poll target given as `ops`: presentations share it.
 */
export async function advanceRows(
  deps: PipelineDeps,
  manifest: ManifestRecord,
  lease: { readonly lost: boolean },
  ops: RowOperations,
): Promise<AdvanceResult> {
  const { store, log } = deps;
  const slots = deps.requestSlots ?? requestSlots(deps.tuning.requestsInFlight);
  const at = (n: NotificationRecord) => ({ manifestId: manifest.id, notificationId: n.id, level: n.level, documentNumber: n.documentNumber });

  // 1. Recovery.
  let inFlight = false;
  /** Earliest moment an in-flight row may be looked up. */
  let graceEndsAt = Number.POSITIVE_INFINITY;
  const interrupted = new Set<string>();
  /** Rows Customs holds whose MRN can only be read once the transport's poll (step 3) gave its MRN. */
  const awaitingTransport: string[] = [];
  for await (const page of pagesOf(deps, manifest.id, ['submitting'])) {
    for (const n of page) {
      if (deps.now() - n.updatedAt < deps.tuning.inFlightGraceMs) {
        // Possibly still being sent by a worker whose lease lapsed: wait for it to finish or time out.
        inFlight = true;
        graceEndsAt = Math.min(graceEndsAt, n.updatedAt + deps.tuning.inFlightGraceMs);
        continue;
      }
      await store.transitionNotification(n.id, {
        from: 'submitting',
        to: 'outcome-unknown',
        lastError: 'the adapter stopped while this request was being sent; its outcome is looked up before anything is re-sent',
      });
      interrupted.add(n.id);
      log.warn(at(n), 'notification found in submitting after a restart: outcome unknown, looking it up');
    }
  }
  for await (const page of pagesOf(deps, manifest.id, ['outcome-unknown'])) {
    for (const n of page) {
      // A request whose answer was lost may still be queued at Customs: give it time to land before
      // looking it up, or the lookup would miss it and the notification would be sent twice.
      if (!interrupted.has(n.id) && deps.now() - n.updatedAt < deps.tuning.inFlightGraceMs && n.lookupAttempts === 0) {
        inFlight = true;
        graceEndsAt = Math.min(graceEndsAt, n.updatedAt + deps.tuning.inFlightGraceMs);
        continue;
      }
      if ((await slots.run(() => ops.resolveUnknown(n))) === 'awaits-transport') awaitingTransport.push(n.id);
    }
  }

  // 2. Submit all, a page at a time (stopping at once when the lease is lost: another worker owns
  // the manifest now). A row left `planned` (waiting for its earlier version) is behind the cursor.
  // Each send takes one of the instance's request slots before its row is claimed (`submitting`), so
  // a row never waits for a slot while it says its request is in flight; the slot is free again as
  // soon as Customs has answered (storing the answer needs none).
  let sent = 0;
  let refused = false;
  /** When the first request of this round was answered: Customs validates from about then on. */
  let firstAnsweredAt: number | undefined;
  for await (const page of pagesOf(deps, manifest.id, ['planned'])) {
    if (lease.lost || refused) break;
    const sentFlags = await mapLimit(page, deps.tuning.submitConcurrency, async (n) => {
      const free = await slots.acquire();
      const answered = (): void => {
        firstAnsweredAt ??= deps.now();
        free();
      };
      try {
        // A send that waited for a slot while another of this round failed does not go (see mapLimit).
        if (lease.lost || refused) return false;
        return await ops.send(n, answered);
      } catch (error) {
        refused = true;
        throw error;
      } finally {
        free();
      }
    });
    sent += sentFlags.filter(Boolean).length;
  }

  // Customs needs a moment to validate what was just sent (a poll before would only answer 404).
  // When even the first request of the round is that recent (a small file), release the manifest
  // until then, so this worker can work on another manifest meanwhile; otherwise poll at once, in
  // the order the rows were sent, each row no earlier than its own validation delay.
  if (sent > 0 && deps.tuning.initialPollDelayMs > 0) {
    const firstDueIn = (firstAnsweredAt ?? deps.now()) + deps.tuning.initialPollDelayMs - deps.now();
    if (firstDueIn > 0) return { settled: false, retryAfterMs: firstDueIn, sent, polled: 0, reportedPerRequest: true };
  }

  // 3. Poll all: one round's time shared fairly by the pages (one page for all but huge manifests).
  let polled = 0;
  const pollStart = deps.now();
  const waitingForValidation = (await store.countNotifications(manifest.id)).submitted ?? 0;
  let first = true;
  for await (const page of pagesOf(deps, manifest.id, ['submitted'], POLL_PAGE)) {
    const submitted = page.filter((n) => n.requestId !== null);
    if (submitted.length === 0) continue;
    const pagesLeft = Math.max(1, Math.ceil((waitingForValidation - polled) / POLL_PAGE));
    const remaining = pollStart + deps.tuning.pollRoundMs - deps.now();
    if (remaining <= 0 && !first) break;
    const budgetMs = first ? deps.tuning.pollRoundMs / pagesLeft : Math.max(remaining / pagesLeft, deps.tuning.pollIntervalMs);
    await pollUntilValidated(deps, manifest, submitted, ops, slots, lease, budgetMs);
    first = false;
    polled += submitted.length;
  }
  // 4. A master that waited for the transport's MRN reads it now that the poll may have given it,
  // instead of a round later (after a takeover, that cost two rounds: 20 s of backoff).
  // Only when a transport has its MRN now: another wait would count as a second lookup this round
  // and double the backoff while Customs is still validating the transport.
  if (awaitingTransport.length > 0 && (await store.pageNotifications(manifest.id, { levels: ['transport'], limit: 1_000 })).some((t) => t.mrn !== null)) {
    for (const id of awaitingTransport) {
      const n = await store.getNotification(id);
      if (n?.state === 'outcome-unknown') await slots.run(() => ops.resolveUnknown(n));
    }
  }
  const counts = await store.countNotifications(manifest.id);
  const openStates = notificationStates.filter((state) => !settledNotificationStates.includes(state) && (counts[state] ?? 0) > 0);
  const attempts = await store.maxNotificationAttempts(manifest.id, openStates);
  let retryAfterMs = Math.min(deps.tuning.maxPollIntervalMs * 4, deps.tuning.retryDelayMs * 2 ** Math.min(attempts, 12));
  // Rows left `planned` wait for an earlier version in another manifest (resend rules): look again
  // at the poll interval, so a chain of versions settles at Customs' pace, not the retry backoff's.
  if ((counts.planned ?? 0) > 0) retryAfterMs = Math.min(retryAfterMs, deps.tuning.pollIntervalMs);
  // Nothing else to do but wait for in-flight rows: come back when their grace ends.
  if (inFlight && openStates.every((state) => state === 'submitting' || state === 'outcome-unknown')) {
    retryAfterMs = Math.max(retryAfterMs, graceEndsAt - deps.now());
  }
  return { settled: !inFlight && openStates.length === 0, retryAfterMs, sent, polled, reportedPerRequest: true };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Rows per page read in a round (sends and lookups). */
const PAGE = 500;
/** Rows per validation-status poll batch. */
const POLL_PAGE = 5_000;

/**
 * Polls the validation status of `rows` (each `submitted` with a requestId) until every one is
 * answered or `budgetMs` has passed: each status GET takes one of the instance's request slots,
 * and each answer is stored as it comes (the slot is free again meanwhile), so the answers of a
 * big manifest are not all written after its last GET. Rows Customs is still validating are asked
 * again after `pollIntervalMs`, doubling up to `maxPollIntervalMs` (with jitter); those still
 * unanswered at the end are recorded as {@link VALIDATION_PENDING} for the next round.
 */
async function pollUntilValidated(
  deps: PipelineDeps,
  manifest: ManifestRecord,
  rows: readonly NotificationRecord[],
  ops: RowOperations,
  slots: RequestSlots,
  lease: { readonly lost: boolean },
  budgetMs: number,
): Promise<void> {
  const until = deps.now() + budgetMs;
  let interval = deps.tuning.pollIntervalMs;
  let pending = rows;
  for (;;) {
    const answers = await mapLimit(pending, deps.tuning.pollConcurrency, async (n) => {
      // Never polled: not before Customs had its validation delay since the row was sent.
      const early = n.pollAttempts === 0 ? Math.min(n.updatedAt + deps.tuning.initialPollDelayMs - deps.now(), deps.tuning.initialPollDelayMs) : 0;
      if (early > 0) await sleep(early);
      const [result] = await slots.run(() =>
        deps.client.waitForValidation([{ requestId: n.requestId as string, target: ops.validationTarget(n) }], { initialDelayMs: 0, deadlineMs: 0 }),
      );
      if (result === undefined || result.outcome === 'timeout') return false;
      await applyValidation(deps, manifest, n, result);
      return true;
    });
    pending = pending.filter((_, i) => answers[i] !== true);
    if (pending.length === 0) return;
    const wait = Math.round(interval / 2 + Math.random() * (interval / 2));
    // The lease lost, the rows are another worker's now: nothing more is written for them.
    if (lease.lost) return;
    if (deps.now() + wait > until) break;
    await sleep(wait);
    interval = Math.min(deps.tuning.maxPollIntervalMs, Math.max(interval * 2, 1));
  }
  for (const n of pending) await applyValidation(deps, manifest, n, { requestId: n.requestId as string, outcome: 'timeout' });
}

/** The manifest's rows in the given states, page by page in position order (keyset paging); also used for presentations. */
export async function* pagesOf(
  deps: PipelineDeps,
  manifestId: string,
  states: readonly NotificationState[],
  limit = PAGE,
): AsyncGenerator<NotificationRecord[]> {
  let after: { position: number; id: string } | undefined;
  for (;;) {
    const page = await deps.store.pageNotifications(manifestId, { states, limit, ...(after !== undefined ? { after } : {}) });
    if (page.length === 0) return;
    yield page;
    if (page.length < limit) return;
    const last = page[page.length - 1] as NotificationRecord;
    after = { position: last.position, id: last.id };
  }
}

async function resolveUnknown(deps: PipelineDeps, n: NotificationRecord): Promise<void | 'awaits-transport'> {
  const { store, log } = deps;
  if (n.operation !== 'create' || n.level === 'transport') {
    // PUT and DELETE are idempotent (a full replacement / a cancellation): send again. A transport
    // cannot be looked up by document number; sent again, Customs answers "already in use by MRN …"
    // when the first one landed, and the poll turns that into the existing MRN.
    await store.transitionNotification(n.id, { from: 'outcome-unknown', to: 'planned', lastError: n.lastError });
    return;
  }
  // The lookup takes documentNumber, type and carrierId; without a carrier id it cannot be made: send again, and the
  // "already in use by MRN …" answer names the MRN when the first one landed.
  const carrierId = lookupCarrierOf(n.level, (n.payload as { draft?: unknown } | null)?.draft, n.carrier);
  if (carrierId === undefined) {
    await store.transitionNotification(n.id, { from: 'outcome-unknown', to: 'planned', lastError: n.lastError });
    return;
  }
  try {
    const found = await deps.client.findNotification({ mode: n.mode, level: n.level, documentNumber: n.documentNumber, type: n.type, carrierId });
    if (found === undefined) {
      await store.transitionNotification(n.id, { from: 'outcome-unknown', to: 'planned', lastError: 'looked up: Customs does not hold it; sending it' });
      log.info({ notificationId: n.id, documentNumber: n.documentNumber }, 'outcome-unknown notification not found at Customs: will be sent');
    } else if (found.mrn !== undefined && found.mrn !== '') {
      await store.transitionNotification(n.id, {
        from: 'outcome-unknown',
        to: 'accepted',
        mrn: found.mrn,
        incompleteReasons: found.incompleteDocumentationReasonList ?? [],
        lastError: null,
      });
      log.info({ notificationId: n.id, documentNumber: n.documentNumber, mrn: found.mrn }, 'outcome-unknown notification found at Customs: not re-sent');
    } else {
      // Customs holds it, but the lookup by document number does not give a master's MRN.
      return await resolveHeldWithoutMrn(deps, n);
    }
  } catch (error) {
    await store.recordNotificationAttempt(n.id, 'outcome-unknown', { kind: 'lookup', lastError: `lookup failed: ${message(error)}` });
    log.warn({ notificationId: n.id, error: message(error) }, 'lookup of an outcome-unknown notification failed; retrying later');
  }
}

/**
 * A master Customs holds whose MRN the lookup did not give: read it from the transport of the same
 * manifest (`…/transport/{mrn}/master-consignment/transport-document/status`). Without a transport in
 * the manifest, send it again: Customs answers "already in use by MRN …" and the poll adopts that MRN.
 */
async function resolveHeldWithoutMrn(deps: PipelineDeps, n: NotificationRecord): Promise<void | 'awaits-transport'> {
  const { store } = deps;
  const transports = (await store.pageNotifications(n.manifestId, { levels: ['transport'], limit: 1_000 })).filter((t) => t.operation !== 'delete');
  if (transports.length === 0) {
    await store.transitionNotification(n.id, {
      from: 'outcome-unknown',
      to: 'planned',
      lastError: 'Customs holds it but the lookup gave no MRN; sending again to learn it from the "already in use" answer',
    });
    return;
  }
  for (const t of transports) {
    if (t.mrn === null) continue;
    const listed = await deps.client.listDocumentStatuses(t.mode, { parent: 'transport', mrn: t.mrn, children: 'master-consignment' });
    const hit = listed.find((m) => m.documentNumber === n.documentNumber && m.type === n.type && typeof m.mrn === 'string' && m.mrn !== '');
    if (hit !== undefined) {
      await store.transitionNotification(n.id, { from: 'outcome-unknown', to: 'accepted', mrn: hit.mrn as string, lastError: null });
      deps.log.info({ notificationId: n.id, documentNumber: n.documentNumber, mrn: hit.mrn }, 'outcome-unknown master found on its transport: not re-sent');
      return;
    }
  }
  const waiting = transports.some((t) => t.mrn === null && !settledNotificationStates.includes(t.state));
  if (!waiting) {
    await store.transitionNotification(n.id, { from: 'outcome-unknown', to: 'planned', lastError: 'held by Customs but not listed on the transport; sending again' });
    return;
  }
  await store.recordNotificationAttempt(n.id, 'outcome-unknown', { kind: 'lookup', lastError: 'Customs holds it; waiting for the transport MRN to read its MRN' });
  return 'awaits-transport';
}

/** What to do with a planned row, decided from what Customs holds of the document when it is sent. */
type SendDecision =
  | { readonly kind: 'send'; readonly operation: NotificationRecord['operation']; readonly mrn?: string }
  | { readonly kind: 'wait' }
  | { readonly kind: 'unchanged'; readonly mrn: string | null; readonly requestId: string | null }
  | { readonly kind: 'impossible'; readonly error: string }
  | { readonly kind: 'not-sent'; readonly error: string };

/**
 * Decides a planned row's request from its earlier versions (resend rules, README "Resend rules"):
 * behind a version still in flight it waits; a version Customs rejected does not count (the one
 * before it does); the same payload as the version Customs holds is `unchanged` (MRN copied); an
 * update with nothing left to update is sent as a create; a cancellation with nothing to cancel is refused.
 */
async function decide(deps: PipelineDeps, n: NotificationRecord): Promise<SendDecision> {
  if (n.previousNotificationId === null) {
    if (n.operation === 'create') return { kind: 'send', operation: 'create' };
    if (n.mrn !== null) return { kind: 'send', operation: n.operation, mrn: n.mrn };
    return { kind: 'impossible', error: 'no MRN is known for the earlier version of this notification' };
  }
  const earlier = await earlierVersion(deps.store, n);
  if (earlier.kind === 'wait') {
    // Behind earlier versions that are still only planned with this very payload (the same file
    // dropped again and again), look past them: when the version Customs holds has this payload,
    // every one of them is `unchanged` too, so this row need not wait for each of them in turn.
    const held = n.operation === 'delete' ? undefined : await heldBehindIdenticalPlanned(deps, n, earlier.row);
    return held ?? { kind: 'wait' };
  }
  if (n.operation === 'delete') {
    const gate = await supersededGate(deps, n);
    if (gate !== 'go') return gate;
    if (earlier.kind === 'none') {
      return { kind: 'impossible', error: 'nothing to cancel: Customs did not accept the earlier version of this notification, or it is already cancelled' };
    }
    const mrn = earlier.mrn ?? n.mrn;
    return mrn === null ? { kind: 'impossible', error: 'no MRN is known for the earlier version of this notification' } : { kind: 'send', operation: 'delete', mrn };
  }
  if (earlier.kind === 'none') return { kind: 'send', operation: 'create' };
  if (earlier.row.payloadHash === n.payloadHash) return { kind: 'unchanged', mrn: earlier.mrn, requestId: earlier.row.requestId };
  const mrn = earlier.mrn ?? n.mrn;
  return mrn === null ? { kind: 'impossible', error: 'no MRN is known for the earlier version of this notification' } : { kind: 'send', operation: 'update', mrn };
}

/**
 * The `unchanged` decision for `n` when the rows it waits for are all `planned` with `n`'s payload
 * and the version behind them that Customs holds has that payload too; otherwise `undefined`.
 */
async function heldBehindIdenticalPlanned(deps: PipelineDeps, n: NotificationRecord, first: NotificationRecord): Promise<SendDecision | undefined> {
  let row = first;
  for (let depth = 0; depth < 50; depth++) {
    if (row.state !== 'planned' || row.payloadHash !== n.payloadHash || row.operation === 'delete') return undefined;
    const behind = await earlierVersion(deps.store, row);
    if (behind.kind === 'live') return behind.row.payloadHash === n.payloadHash ? { kind: 'unchanged', mrn: behind.mrn, requestId: behind.row.requestId } : undefined;
    if (behind.kind === 'none') return undefined;
    row = behind.row;
  }
  return undefined;
}

const HELD_BY_CUSTOMS = new Set<NotificationState>(['accepted', 'routed', 'unchanged']);
const OPEN = notificationStates.filter((s) => !settledNotificationStates.includes(s));

/**
 * A DELETE of a transport this manifest replaces (`supersededBy`, see `planSupersededTransports`)
 * goes only once the replacing transport is accepted and every master of the manifest is settled
 * (so the masters hang on the new transport); when the new one was not accepted the old one stays.
 */
async function supersededGate(deps: PipelineDeps, n: NotificationRecord): Promise<'go' | { kind: 'wait' } | { kind: 'not-sent'; error: string }> {
  const by = supersededByOf(n.payload);
  if (by === undefined) return 'go';
  const transports = await deps.store.pageNotifications(n.manifestId, { levels: ['transport'], limit: 1_000 });
  const successor = transports.find((t) => t.key === by);
  if (successor !== undefined && !settledNotificationStates.includes(successor.state)) return { kind: 'wait' };
  if (successor === undefined || !HELD_BY_CUSTOMS.has(successor.state)) {
    const what = successor === undefined ? 'is not in this file' : `was not accepted (${successor.state})`;
    return { kind: 'not-sent', error: `not cancelled: the transport that replaces it, ${successor?.documentNumber ?? by}, ${what}; this one stays in force at Customs` };
  }
  const openMasters = await deps.store.pageNotifications(n.manifestId, { levels: ['master-consignment'], states: OPEN, limit: 1 });
  return openMasters.length > 0 ? { kind: 'wait' } : 'go';
}

async function send(deps: PipelineDeps, manifest: ManifestRecord, n: NotificationRecord, answered: () => void = () => undefined): Promise<boolean> {
  const { store, client, log } = deps;
  const sentOne = (): void => deps.onEvent?.({ type: 'notification-sent', manifestId: manifest.id, channel: manifest.channel });
  const settledOne = (state: 'accepted' | 'rejected'): void => deps.onEvent?.({ type: 'notification-settled', manifestId: manifest.id, channel: manifest.channel, state });
  const decision = await decide(deps, n);
  if (decision.kind === 'wait') return false;
  if (decision.kind === 'not-sent') {
    await store.transitionNotification(n.id, { from: 'planned', to: 'invalid', errors: [{ field: '', error: decision.error }] });
    return false;
  }
  if (decision.kind === 'impossible') {
    // planned → submitting → rejected keeps the state machine honest: nothing is sent.
    const s = await store.transitionNotification(n.id, { from: 'planned', to: 'submitting' });
    if (s !== undefined) await store.transitionNotification(n.id, { from: 'submitting', to: 'rejected', errors: [{ field: '', error: decision.error }] });
    return false;
  }
  if (decision.kind === 'unchanged') {
    await store.transitionNotification(n.id, {
      from: 'planned',
      to: 'unchanged',
      ...(decision.mrn !== null ? { mrn: decision.mrn } : {}),
      ...(decision.requestId !== null ? { requestId: decision.requestId } : {}),
      lastError: null,
    });
    return false;
  }
  const mrn = decision.mrn;
  const operation = decision.operation;
  const payload = asStoredPayload(n.payload);
  if (operation !== 'delete' && payload === undefined) {
    await store.transitionNotification(n.id, { from: 'planned', to: 'invalid', errors: [{ field: '', error: 'stored payload unreadable' }] });
    return false;
  }
  const body = operation === 'delete' || payload === undefined ? undefined : buildBody(n.level, payload, deps.now());
  // The state is stored BEFORE the request leaves.
  const claimed = await store.transitionNotification(n.id, {
    from: 'planned',
    to: 'submitting',
    ...(mrn !== undefined ? { mrn } : {}),
    ...(operation !== n.operation ? { operation } : {}),
  });
  if (claimed === undefined) return false;
  try {
    if (operation === 'create') {
      const outcome = await client.submitNotification({ mode: n.mode, level: n.level, body }).finally(answered);
      sentOne();
      if (outcome.status === 'accepted') {
        await store.transitionNotification(n.id, { from: 'submitting', to: 'submitted', requestId: outcome.requestId, lastError: null });
      } else if (outcome.existing.mrn !== undefined && outcome.existing.mrn !== '') {
        settledOne('accepted');
        await store.transitionNotification(n.id, {
          from: 'submitting',
          to: 'accepted',
          mrn: outcome.existing.mrn,
          incompleteReasons: outcome.existing.incompleteDocumentationReasonList ?? [],
          lastError: null,
        });
      } else {
        await store.transitionNotification(n.id, { from: 'submitting', to: 'outcome-unknown', lastError: 'Customs already holds it; MRN not given yet' });
      }
    } else if (operation === 'update') {
      const { requestId } = await client.updateNotification({ mode: n.mode, level: n.level, mrn: mrn as string, body }).finally(answered);
      sentOne();
      await store.transitionNotification(n.id, { from: 'submitting', to: 'submitted', requestId, lastError: null });
    } else {
      const { requestId } = await client.deleteNotification({ mode: n.mode, level: n.level, mrn: mrn as string }).finally(answered);
      sentOne();
      await store.transitionNotification(n.id, { from: 'submitting', to: 'submitted', requestId, lastError: null });
    }
    return true;
  } catch (error) {
    const failure = classifySendFailure(error);
    await recordSendFailure(store, n.id, failure);
    switch (failure.kind) {
      case 'unexpected':
        throw error;
      case 'rejected':
        settledOne('rejected');
        log.info({ notificationId: n.id, documentNumber: n.documentNumber, errors: failure.errors.length }, 'Customs rejected the notification (HTTP 400)');
        break;
      case 'refused':
        // Answered, not processed: Customs refused this request (404 on the MRN, malformed request).
        settledOne('rejected');
        log.warn({ notificationId: n.id, code: failure.code, error: failure.message }, 'request refused by Customs');
        break;
      case 'not-processed':
        // 429: sent again in a later round; 401/403: nothing was stored at Customs, the round stops.
        if (failure.stop) throw error;
        break;
      case 'unknown':
        log.warn({ notificationId: n.id, code: failure.code, error: failure.message }, 'outcome of the request is unknown; it will be looked up');
        break;
    }
    return false;
  }
}

export async function applyValidation(deps: PipelineDeps, manifest: ManifestRecord, n: NotificationRecord, result: ValidationResultLike): Promise<void> {
  const { store } = deps;
  const settled = (row: NotificationRecord | undefined, state: 'accepted' | 'rejected'): void => {
    if (row !== undefined) deps.onEvent?.({ type: 'notification-settled', manifestId: manifest.id, channel: manifest.channel, state });
  };
  switch (result.outcome) {
    case 'success':
      settled(await store.transitionNotification(n.id, {
        from: 'submitted',
        to: 'accepted',
        ...(result.mrn !== undefined ? { mrn: result.mrn } : {}),
        incompleteReasons: [...result.incompleteDocumentationReasons],
        errors: [],
        lastError: null,
      }), 'accepted');
      return;
    case 'failure':
      settled(await store.transitionNotification(n.id, {
        from: 'submitted',
        to: 'rejected',
        errors: (result.status.validationErrorList ?? []).map((e) => ({
          description: e.description,
          pointer: { messageElementPath: e.pointer?.messageElementPath ?? '' },
        })),
        lastError: null,
      }), 'rejected');
      return;
    case 'already-in-use': {
      // Our own earlier POST whose answer was lost (only possible after an outcome-unknown re-send).
      if (n.operation === 'create' && n.submitAttempts > 1 && result.conflict.existingMrn !== undefined) {
        settled(await store.transitionNotification(n.id, { from: 'submitted', to: 'accepted', mrn: result.conflict.existingMrn, lastError: null }), 'accepted');
        deps.log.info({ notificationId: n.id, mrn: result.conflict.existingMrn }, 're-sent notification already held by Customs: using its MRN');
        return;
      }
      settled(await store.transitionNotification(n.id, {
        from: 'submitted',
        to: 'rejected',
        errors: [{ description: result.conflict.description, pointer: { messageElementPath: result.conflict.messageElementPath ?? '' } }],
      }), 'rejected');
      return;
    }
    case 'timeout': {
      const waited = deps.now() - n.createdAt;
      if (waited > deps.tuning.validationGiveUpMs) {
        deps.log.error({ notificationId: n.id, requestId: n.requestId, waitedMs: waited }, 'Customs has not finished validating for a long time');
      }
      await store.recordNotificationAttempt(n.id, 'submitted', { kind: 'poll', lastError: VALIDATION_PENDING });
      return;
    }
    case 'error':
      await store.recordNotificationAttempt(n.id, 'submitted', { kind: 'poll', lastError: message(result.error) });
      return;
  }
}
