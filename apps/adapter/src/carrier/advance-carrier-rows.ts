import type { BringDeclarationRequest, ShipmondoCustoms } from '@tollkit/carrier-customs';
import { earlierVersion } from '../pipeline/lib/earlier-version.js';
import { mapLimit } from '../pipeline/lib/map-limit.js';
import type { PipelineDeps } from '../pipeline/ports.js';
import { derivedFileName, encodeNamePart, type DerivedName } from '../pipeline/lib/derived-name.js';
import type { ManifestRecord, NotificationRecord } from '../store/job-store.js';
import type { BringTarget, CarrierTarget } from './carrier-target.js';
import type { CarrierRowPayload } from './plan-carrier-manifest.js';

/** What one round over a manifest's carrier rows did. */
export interface CarrierRound {
  /** Declarations POSTed to Bring or customs objects queued this round. */
  readonly sent: number;
  /** Every row is in a final state (accepted, rejected, invalid, unchanged, outcome-unknown). */
  readonly settled: boolean;
  /** When not settled: wait this long before the next round. */
  readonly retryAfterMs: number;
}

/** Carrier rows in these states need nothing more from the adapter (outcome-unknown needs a person). */
const FINAL = new Set(['accepted', 'rejected', 'invalid', 'unchanged', 'outcome-unknown', 'routed']);

/** Text stored for a declaration whose answer was lost (Bring offers no lookup to find out). */
export const UNKNOWN_OUTCOME_TEXT =
  'outcome unknown: the request may have reached Bring but no answer was received; Bring has no lookup, so it is not re-sent automatically — check Mybring before dropping the house again';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Name of the Shipmondo customs object of one house in the outbox: the manifest's name, its id and
 * the house's document number, encoded so that different numbers never share a file
 * (`encodeNamePart`). A number whose name cannot be written (e.g. `NGX..2`: `..`; too long) gives
 * `ok: false` and its house fails with the reason.
 */
export function customsFileName(manifest: Pick<ManifestRecord, 'id' | 'originalName'>, documentNumber: string): DerivedName {
  return derivedFileName(`${manifest.originalName}.customs-${manifest.id.slice(0, 8)}-${encodeNamePart(documentNumber)}.json`);
}

/** The error of a house whose customs object file cannot be named. */
export function unwritableCustomsFile(documentNumber: string, reason: string): string {
  return `no Shipmondo customs file can be written for document number ${JSON.stringify(documentNumber)}: the file name ${reason}`;
}

/** Errors certain not to have been processed by Bring (429 after retries, 503, connection never made, auth). */
function notProcessed(error: unknown): boolean {
  const e = error as { code?: unknown; mayHaveLanded?: unknown };
  switch (e.code) {
    case 'BRING_RATE_LIMITED':
    case 'BRING_UNAUTHORIZED':
    case 'BRING_UNEXPECTED_STATUS':
      return true;
    case 'BRING_SERVER_ERROR':
    case 'BRING_NETWORK_ERROR':
      return e.mayHaveLanded === false;
    default:
      return false;
  }
}

async function sendBring(deps: PipelineDeps, target: BringTarget, row: NotificationRecord): Promise<'sent' | 'skipped' | 'retry'> {
  const payload = row.payload as CarrierRowPayload;
  // Stored before the POST: a crash from here on leaves `submitting`, never a silent re-send.
  const claimed = await deps.store.transitionNotification(row.id, { from: 'planned', to: 'submitting' });
  if (claimed === undefined) return 'skipped';
  let result;
  try {
    result = await target.client.submitDeclaration(payload.body as BringDeclarationRequest);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (notProcessed(error)) {
      await deps.store.transitionNotification(row.id, { from: 'submitting', to: 'planned', lastError: message(error) });
      deps.log.warn({ notificationId: row.id, consignmentId: row.documentNumber, code }, 'Bring did not process the declaration; it is sent again later');
      return 'retry';
    }
    if (code === 'BRING_BAD_REQUEST' || code === 'BRING_DECLARATION_INVALID') {
      await deps.store.transitionNotification(row.id, {
        from: 'submitting',
        to: 'rejected',
        errors: [{ field: '', error: message(error) }],
        lastError: message(error),
      });
      return 'sent';
    }
    await deps.store.transitionNotification(row.id, { from: 'submitting', to: 'outcome-unknown', lastError: `${UNKNOWN_OUTCOME_TEXT} (${message(error)})` });
    deps.log.error({ notificationId: row.id, consignmentId: row.documentNumber, code, error: message(error) }, 'Bring declaration outcome unknown; needs attention');
    return 'sent';
  }
  if (result.status === 'ACCEPTED') {
    await deps.store.transitionNotification(row.id, {
      from: 'submitting',
      to: 'accepted',
      ...(result.processingId !== null ? { requestId: result.processingId } : {}),
      lastError: null,
    });
  } else {
    await deps.store.transitionNotification(row.id, {
      from: 'submitting',
      to: 'rejected',
      ...(result.processingId !== null ? { requestId: result.processingId } : {}),
      errors: [{ field: '', error: result.error ?? 'FAILED without an error text' }],
      lastError: null,
    });
  }
  return 'sent';
}

async function queueShipmondo(deps: PipelineDeps, manifest: ManifestRecord, row: NotificationRecord): Promise<'sent' | 'skipped'> {
  const payload = row.payload as CarrierRowPayload;
  const named = customsFileName(manifest, row.documentNumber);
  let problem = named.ok ? undefined : unwritableCustomsFile(row.documentNumber, named.reason);
  if (named.ok) {
    const content = Buffer.from(`${JSON.stringify(payload.body as ShipmondoCustoms, null, 2)}\n`, 'utf8');
    // The outbox entry is the side effect, stored in the same database; queuing twice is a no-op —
    // so an entry of that name holding other bytes would mean two houses sharing one file.
    const queued = await deps.store.enqueueOutbox({ channel: manifest.channel, fileName: named.name, content, kind: 'result' });
    if (!queued.content.equals(content)) problem = `the customs file ${named.name} already holds another house's object; this one was not written`;
  }
  if (row.state === 'planned' && (await deps.store.transitionNotification(row.id, { from: 'planned', to: 'submitting' })) === undefined) return 'skipped';
  if (!named.ok || problem !== undefined) {
    const error = problem ?? 'no customs file name';
    await deps.store.transitionNotification(row.id, { from: 'submitting', to: 'rejected', errors: [{ field: 'customsFile', error }], lastError: error });
    deps.log.error({ notificationId: row.id, documentNumber: row.documentNumber }, error);
    return 'sent';
  }
  await deps.store.transitionNotification(row.id, { from: 'submitting', to: 'accepted', requestId: named.name });
  return 'sent';
}

/**
 * A row planned behind an earlier declaration of the same house with the same body that was still in
 * flight (resend rules, src/pipeline/README.md): `wait` while it is; `settled` when this row was
 * settled from it (accepted → `unchanged`; outcome unknown → this one needs attention too, never a
 * second declaration); `send` when it was rejected (or the body differs): declare it.
 */
async function behindEarlier(deps: PipelineDeps, row: NotificationRecord): Promise<'wait' | 'settled' | 'send'> {
  if (row.previousNotificationId === null) return 'send';
  const earlier = await earlierVersion(deps.store, row);
  if (earlier.kind === 'none' || earlier.row.payloadHash !== row.payloadHash) return 'send';
  if (earlier.kind === 'live') {
    await deps.store.transitionNotification(row.id, {
      from: 'planned',
      to: 'unchanged',
      ...(earlier.row.requestId !== null ? { requestId: earlier.row.requestId } : {}),
      lastError: null,
    });
    return 'settled';
  }
  if (earlier.row.state !== 'outcome-unknown') return 'wait';
  if ((await deps.store.transitionNotification(row.id, { from: 'planned', to: 'submitting' })) === undefined) return 'settled';
  await deps.store.transitionNotification(row.id, {
    from: 'submitting',
    to: 'outcome-unknown',
    lastError: `${UNKNOWN_OUTCOME_TEXT} (the same declaration, from an earlier file, has an unknown outcome; this one was not sent)`,
  });
  return 'settled';
}

/**
 * One round over a manifest's carrier rows: sends every `planned` Bring declaration (at most
 * `target.concurrency` at once, each stored as `submitting` before its POST) or queues every Shipmondo
 * customs object; rows found `submitting` longer than `tuning.inFlightGraceMs` (a crash mid-POST)
 * become `outcome-unknown` and are reported, never re-sent. Rows Bring certainly did not process
 * (429 after the client's retries, 503, no connection) go back to `planned` for the next round.
 */
export async function advanceCarrierRows(
  deps: PipelineDeps,
  manifest: ManifestRecord,
  target: CarrierTarget,
  lease: { readonly lost: boolean },
): Promise<CarrierRound> {
  const rows = await deps.store.listNotifications(manifest.id);
  let sent = 0;
  let retry = false;
  let inFlight = false;
  const now = deps.now();
  for (const row of rows.filter((r) => r.state === 'submitting')) {
    if (target.kind === 'shipmondo') {
      if ((await queueShipmondo(deps, manifest, row)) === 'sent') sent++;
    } else if (now - row.updatedAt >= deps.tuning.inFlightGraceMs) {
      await deps.store.transitionNotification(row.id, {
        from: 'submitting',
        to: 'outcome-unknown',
        lastError: `${UNKNOWN_OUTCOME_TEXT} (the adapter stopped while sending it)`,
      });
      deps.log.error({ notificationId: row.id, consignmentId: row.documentNumber }, 'Bring declaration interrupted mid-send; needs attention');
    } else inFlight = true;
  }
  const planned = rows.filter((r) => r.state === 'planned');
  await mapLimit(planned, target.kind === 'bring' ? target.concurrency : 1, async (row) => {
    if (lease.lost) return;
    const behind = await behindEarlier(deps, row);
    if (behind === 'wait') {
      inFlight = true;
      return;
    }
    if (behind === 'settled') return;
    const outcome = target.kind === 'bring' ? await sendBring(deps, target, row) : await queueShipmondo(deps, manifest, row);
    if (outcome === 'sent') sent++;
    if (outcome === 'retry') retry = true;
  });
  const after = await deps.store.listNotifications(manifest.id);
  const settled = after.every((r) => FINAL.has(r.state));
  return { sent, settled, retryAfterMs: retry ? deps.tuning.retryDelayMs : inFlight ? Math.min(deps.tuning.inFlightGraceMs, 5_000) : deps.tuning.retryDelayMs };
}
