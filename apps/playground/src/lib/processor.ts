import type { Runtime } from './runtime.js';
import type { RequestRecord, ValidationStatusBody } from './state.js';

export type Processor = (rt: Runtime, req: RequestRecord) => ValidationStatusBody;

/**
 * FIFO queue of requests awaiting asynchronous validation. A request becomes due `delayMs` (real time) after
 * submission; when one is due, every earlier pending request is processed first, so results keep submission order.
 */
export class ProcessingQueue {
  readonly #pending: { requestId: string; dueAt: number }[] = [];
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly rt: () => Runtime,
    private readonly processors: Record<RequestRecord['kind'], Processor>,
    private readonly onError: (error: unknown) => void,
  ) {}

  enqueue(requestId: string, delayMs: number): void {
    const dueAt = performance.now() + delayMs;
    this.#pending.push({ requestId, dueAt });
    if (delayMs <= 0) {
      this.drain();
      return;
    }
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.drain();
    }, delayMs);
    this.#timers.add(timer);
  }

  /** Processes everything up to the last due request (or everything with `all`). */
  drain(all = false): void {
    const now = performance.now();
    let last = -1;
    this.#pending.forEach((p, i) => {
      if (all || p.dueAt <= now) last = i;
    });
    const batch = this.#pending.splice(0, last + 1);
    const rt = this.rt();
    for (const p of batch) {
      const req = rt.index.request(p.requestId);
      if (req === undefined || req.result !== undefined) continue;
      try {
        req.result = this.processors[req.kind](rt, req);
      } catch (error) {
        this.onError(error);
        req.result = {
          status: 'FAILURE',
          requestId: req.requestId,
          notificationDate: new Date(rt.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
          validationErrorList: [{ description: 'Internal error while processing the request', pointer: { messageElementPath: '' } }],
        };
      }
      rt.changed();
    }
  }

  get size(): number {
    return this.#pending.length;
  }

  stop(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }
}
