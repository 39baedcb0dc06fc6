import { randomBytes } from 'node:crypto';

/** A sample opened in the workbench, held in this process's memory only (never written to disk). */
export interface WorkbenchSample {
  readonly id: string;
  readonly fileName: string;
  /** Where it came from, for the page: `upload`, `example road-forwarder-export`, `channel … manifest …`. */
  readonly origin: string;
  readonly bytes: Uint8Array;
}

/**
 * The workbench's samples: at most `maxSamples` of at most `maxBytes` each, in memory, the least
 * recently used one dropped first, each forgotten after `ttlMs` unused. Ids are random (128 bits):
 * one viewer cannot name another's upload.
 */
export class WorkbenchSamples {
  readonly #samples = new Map<string, { sample: WorkbenchSample; usedAt: number }>();
  constructor(
    readonly maxBytes: number,
    private readonly maxSamples: number,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  /** Holds a sample; `undefined` when it is larger than `maxBytes`. */
  add(fileName: string, origin: string, bytes: Uint8Array): WorkbenchSample | undefined {
    if (bytes.byteLength > this.maxBytes) return undefined;
    this.#expire();
    while (this.#samples.size >= this.maxSamples) {
      const oldest = this.#samples.keys().next().value;
      if (oldest === undefined) break;
      this.#samples.delete(oldest);
    }
    const sample = { id: randomBytes(16).toString('base64url'), fileName: fileName.slice(0, 200), origin, bytes };
    this.#samples.set(sample.id, { sample, usedAt: this.now() });
    return sample;
  }

  get(id: string): WorkbenchSample | undefined {
    this.#expire();
    const held = this.#samples.get(id);
    if (held === undefined) return undefined;
    // Map order is insertion order: re-insert to mark it most recently used.
    this.#samples.delete(id);
    this.#samples.set(id, { sample: held.sample, usedAt: this.now() });
    return held.sample;
  }

  #expire(): void {
    const t = this.now();
    for (const [id, held] of this.#samples) if (t - held.usedAt > this.ttlMs) this.#samples.delete(id);
  }
}
