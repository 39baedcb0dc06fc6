import pLimit from 'p-limit';

/**
 * Runs `fn` over `items` with at most `limit` calls in flight; results in input order.
 *
 * When a call throws, no further call starts, the calls already in flight are awaited, and then the
 * first error is thrown. A round that gives its manifest up on an error (and releases the lease) has
 * therefore nothing of its own still sending or writing to the store — and a refusal such as a 403
 * costs at most `limit` requests, not one per row left in the page.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const run = pLimit({ concurrency: Math.max(1, limit), rejectOnClear: true });
  let failure: { error: unknown } | undefined;
  const settled = await Promise.allSettled(
    items.map((item, index) =>
      run(async () => {
        if (failure !== undefined) throw failure.error;
        try {
          return await fn(item, index);
        } catch (error) {
          // Inside the task, so the queue is cleared before p-limit would start the next call.
          if (failure === undefined) {
            failure = { error };
            run.clearQueue();
          }
          throw error;
        }
      }),
    ),
  );
  if (failure !== undefined) throw failure.error;
  return settled.map((s) => (s as PromiseFulfilledResult<R>).value);
}
