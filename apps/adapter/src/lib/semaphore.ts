/** A counting semaphore: at most `limit` holders at once, waiters served in order. */
export class Semaphore {
  readonly #limit: number;
  #held = 0;
  readonly #waiters: (() => void)[] = [];

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new TypeError(`Semaphore limit must be a positive integer, got ${limit}`);
    this.#limit = limit;
  }

  get held(): number {
    return this.#held;
  }

  /** Waits for a slot; returns the function that gives it back (idempotent). */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (this.#held >= this.#limit) {
      await new Promise<void>((resolve, reject) => {
        const waiter = (): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = (): void => {
          const index = this.#waiters.indexOf(waiter);
          if (index >= 0) this.#waiters.splice(index, 1);
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        this.#waiters.push(waiter);
      });
    } else {
      this.#held++;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiters.shift();
      if (next === undefined) this.#held--;
      else next(); // the slot passes straight to the next waiter
    };
  }
}
