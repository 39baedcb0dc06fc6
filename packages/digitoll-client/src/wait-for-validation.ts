import type { ValidationStatus } from '@tollkit/messages';
import pLimit from 'p-limit';
import { DigitollError } from './errors.js';
import { getValidationStatus, type ValidationTarget } from './get-validation-status.js';
import type { ClientContext } from './lib/context.js';
import type { NotificationKey } from './lib/keys.js';

/** A submitted request to wait for. */
export interface PendingRequest {
  readonly requestId: string;
  readonly target: ValidationTarget;
  /** The notification's key, so that an "already in use" FAILURE can be turned into a recoverable result. */
  readonly key?: NotificationKey | undefined;
}

/** The conflict behind an "already in use" FAILURE: what to look up to recover the existing MRN. */
export interface AlreadyInUse {
  readonly description: string;
  readonly messageElementPath: string | undefined;
  /** Look this up with `findNotification` to get the existing notification (and its MRN). */
  readonly key: NotificationKey | undefined;
  /** The MRN of the notification holding the key, when Customs' text names it. */
  readonly existingMrn: string | undefined;
}

/** How one request ended. */
export type ValidationResult =
  | { readonly requestId: string; readonly outcome: 'success'; readonly mrn: string | undefined; readonly incompleteDocumentationReasons: readonly string[]; readonly status: ValidationStatus }
  | { readonly requestId: string; readonly outcome: 'failure'; readonly status: ValidationStatus }
  | { readonly requestId: string; readonly outcome: 'already-in-use'; readonly conflict: AlreadyInUse; readonly status: ValidationStatus }
  | { readonly requestId: string; readonly outcome: 'timeout' }
  | { readonly requestId: string; readonly outcome: 'error'; readonly error: DigitollError };

/** Options of {@link waitForValidation}. */
export interface WaitOptions {
  /** Wait before the first poll (Customs validates in 1–2 s). Default 1500 ms. */
  readonly initialDelayMs?: number | undefined;
  /** First interval between rounds; doubles each round with jitter. Default 1000 ms. */
  readonly pollIntervalMs?: number | undefined;
  /** Longest interval between rounds. Default 30 s. */
  readonly maxPollIntervalMs?: number | undefined;
  /** Overall deadline from the call; what is still pending then ends as `timeout`. Default 15 min. */
  readonly deadlineMs?: number | undefined;
  /** Polls in flight at once. Default 8. */
  readonly concurrency?: number | undefined;
}

const ALREADY_IN_USE = /already in use|already exists/i;
const IN_USE_BY_MRN = /\bby MRN ([0-9]{2}[A-Z]{2}[A-Z0-9]{14})\b/;

/** The operation behind `DigitollClient.waitForValidation` (documented there). */
export async function waitForValidation(ctx: ClientContext, requests: readonly PendingRequest[], options: WaitOptions = {}): Promise<ValidationResult[]> {
  const initialDelayMs = nonNegative('initialDelayMs', options.initialDelayMs ?? 1500);
  let interval = nonNegative('pollIntervalMs', options.pollIntervalMs ?? 1000);
  const maxInterval = nonNegative('maxPollIntervalMs', options.maxPollIntervalMs ?? 30_000);
  const deadlineMs = nonNegative('deadlineMs', options.deadlineMs ?? 15 * 60_000);
  const concurrency = options.concurrency ?? 8;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new TypeError(`concurrency must be an integer >= 1; got ${concurrency}`);
  const deadline = ctx.now() + deadlineMs;
  const results = new Map<number, ValidationResult>();
  let pending = requests.map((request, index) => ({ request, index }));
  if (pending.length === 0) return [];
  await ctx.sleep(Math.min(initialDelayMs, deadlineMs));
  for (;;) {
    const stillPending: typeof pending = [];
    await pLimit(concurrency).map(pending, async (entry) => {
      const { request } = entry;
      try {
        const status = await getValidationStatus(ctx, request.target, request.requestId);
        if (status === undefined) stillPending.push(entry);
        else results.set(entry.index, toResult(request, status));
      } catch (error) {
        if (!(error instanceof DigitollError)) throw error;
        results.set(entry.index, { requestId: request.requestId, outcome: 'error', error });
      }
    });
    pending = stillPending.sort((a, b) => a.index - b.index);
    if (pending.length === 0) break;
    const wait = Math.round(interval / 2 + ctx.random() * (interval / 2));
    if (ctx.now() + wait > deadline) {
      for (const entry of pending) results.set(entry.index, { requestId: entry.request.requestId, outcome: 'timeout' });
      break;
    }
    await ctx.sleep(wait);
    interval = Math.min(maxInterval, Math.max(interval * 2, 1));
  }
  return requests.map((_, index) => results.get(index)!);
}

function toResult(request: PendingRequest, status: ValidationStatus): ValidationResult {
  const requestId = request.requestId;
  if (status.status === 'SUCCESS') {
    return { requestId, outcome: 'success', mrn: status.mrn, incompleteDocumentationReasons: status.incompleteDocumentationReasonList, status };
  }
  const conflict = status.validationErrorList.find((e) => ALREADY_IN_USE.test(e.description));
  if (status.status === 'FAILURE' && conflict !== undefined) {
    return {
      requestId,
      outcome: 'already-in-use',
      conflict: {
        description: conflict.description,
        messageElementPath: conflict.pointer?.messageElementPath,
        key: request.key,
        existingMrn: IN_USE_BY_MRN.exec(conflict.description)?.[1],
      },
      status,
    };
  }
  return { requestId, outcome: 'failure', status };
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new TypeError(`${name} must be a number >= 0; got ${value}`);
  return value;
}
