import pLimit from 'p-limit';
import { checkLevel, type NotificationLevel, type TransportMode } from './endpoints.js';
import { DigitollError } from './errors.js';
import type { FoundNotification } from './find-notification.js';
import type { ClientContext } from './lib/context.js';
import { notificationKeyOf, type NotificationKey } from './lib/keys.js';
import { submitNotification } from './submit-notification.js';
import { waitForValidation, type ValidationResult, type WaitOptions } from './wait-for-validation.js';

/** One notification of a batch. */
export interface BatchItem {
  readonly mode: TransportMode;
  readonly level: NotificationLevel;
  readonly body: unknown;
}

/** How one batch item ended. */
export type BatchItemResult =
  | { readonly index: number; readonly key: NotificationKey | undefined; readonly outcome: 'validated'; readonly requestId: string; readonly validation: ValidationResult }
  | { readonly index: number; readonly key: NotificationKey | undefined; readonly outcome: 'already-submitted'; readonly existing: FoundNotification }
  | { readonly index: number; readonly key: NotificationKey | undefined; readonly outcome: 'not-submitted'; readonly error: DigitollError };

/** Options of {@link submitBatch}. */
export interface BatchOptions extends WaitOptions {
  /** POSTs in flight at once (polls use `concurrency`). Default 8. */
  readonly submitConcurrency?: number | undefined;
}

/** The operation behind `DigitollClient.submitBatch` (documented there). */
export async function submitBatch(ctx: ClientContext, items: readonly BatchItem[], options: BatchOptions = {}): Promise<BatchItemResult[]> {
  const submitConcurrency = options.submitConcurrency ?? 8;
  if (!Number.isInteger(submitConcurrency) || submitConcurrency < 1) throw new TypeError(`submitConcurrency must be an integer >= 1; got ${submitConcurrency}`);
  for (const item of items) checkLevel(item.level);
  const submitted = await pLimit(submitConcurrency).map(items, async (item, index) => {
    const key = notificationKeyOf(item.level, item.body);
    try {
      return { index, key, outcome: await submitNotification(ctx, item) };
    } catch (error) {
      if (!(error instanceof DigitollError)) throw error;
      return { index, key, error };
    }
  });
  const toWait = submitted.flatMap((s) =>
    'outcome' in s && s.outcome.status === 'accepted'
      ? [{ index: s.index, pending: { requestId: s.outcome.requestId, key: s.key, target: { api: 'notification' as const, mode: items[s.index]!.mode, level: items[s.index]!.level } } }]
      : [],
  );
  const validations = await waitForValidation(ctx, toWait.map((w) => w.pending), options);
  const byIndex = new Map(toWait.map((w, i) => [w.index, validations[i]!]));
  return submitted.map((s): BatchItemResult => {
    if ('error' in s) return { index: s.index, key: s.key, outcome: 'not-submitted', error: s.error };
    if (s.outcome.status === 'already-submitted') return { index: s.index, key: s.key, outcome: 'already-submitted', existing: s.outcome.existing };
    return { index: s.index, key: s.key, outcome: 'validated', requestId: s.outcome.requestId, validation: byIndex.get(s.index)! };
  });
}
