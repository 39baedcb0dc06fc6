import pLimit from 'p-limit';

/**
 * The instance's slots for Digitoll requests of manifest work (`tuning.requestsInFlight`). One set
 * is shared by every worker of a service, so a manifest may use the slots another leaves idle while
 * it plans, writes its result or waits for Customs' validation — and the instance never has more
 * requests in flight than the limit, however many manifests it works on. Waiters are served first
 * come, first served, so manifests sharing the slots take turns.
 */
export interface RequestSlots {
  /** Waits for a free slot; the returned function frees it (calling it again does nothing). */
  acquire(): Promise<() => void>;
  /** Runs `work` in a slot, freed when `work` settles. */
  run<T>(work: () => Promise<T>): Promise<T>;
}

/**
 * Slots for at most `limit` requests at once.
 *
 * @example
 * const slots = requestSlots(16);
 * const outcome = await slots.run(() => client.submitNotification(input));
 */
export function requestSlots(limit: number): RequestSlots {
  if (!Number.isInteger(limit) || limit < 1) throw new TypeError(`requestsInFlight must be an integer >= 1; got ${limit}`);
  // p-limit queues the waiters; a slot is held until the promise run in it resolves, i.e. until freed.
  const limited = pLimit(limit);
  const acquire = (): Promise<() => void> =>
    new Promise((granted) => {
      void limited(
        () =>
          new Promise<void>((free) => {
            let held = true;
            granted(() => {
              if (!held) return;
              held = false;
              free();
            });
          }),
      );
    });
  return {
    acquire,
    async run(work) {
      const free = await acquire();
      try {
        return await work();
      } finally {
        free();
      }
    },
  };
}
