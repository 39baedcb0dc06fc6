/** Lets sleeping loops be woken early (new work arrived) or for shutdown. */
export class WakeSignal {
  #waiters: (() => void)[] = [];

  /** Resolves after `ms`, or earlier when `notify()` is called. */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#waiters = this.#waiters.filter((w) => w !== done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#waiters.push(done);
    });
  }

  /** Wakes every waiter. */
  notify(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}
