import { createHash } from 'node:crypto';

const EMPTY = 0;

/**
 * The keys of one manifest file seen so far, each with the line it was first seen on, in a few
 * typed arrays instead of a `Map` of strings (a 1,000,000-row file: ~32 MB instead of ~100 MB, and
 * nothing for the garbage collector to trace). A key is kept as a 96-bit SHA-256 fingerprint:
 * two different keys of one file share a fingerprint with probability ≈ n²/2⁹⁷ (≈ 6·10⁻¹⁸ for a
 * million keys).
 */
export class KeyFirstLines {
  #mask: number;
  #a: Uint32Array;
  #b: Uint32Array;
  #c: Uint32Array;
  /** The first line, or 0 for an empty slot (lines start at 1). */
  #line: Uint32Array;
  #size = 0;

  constructor(initialCapacity = 1024) {
    const capacity = 2 ** Math.ceil(Math.log2(Math.max(16, initialCapacity)));
    this.#mask = capacity - 1;
    this.#a = new Uint32Array(capacity);
    this.#b = new Uint32Array(capacity);
    this.#c = new Uint32Array(capacity);
    this.#line = new Uint32Array(capacity);
  }

  get size(): number {
    return this.#size;
  }

  /** The line `key` was first seen on; otherwise records it with `line` and returns `undefined`. */
  firstLineOrAdd(key: string, line: number): number | undefined {
    if (!Number.isInteger(line) || line < 1 || line > 0xffffffff) throw new TypeError('KeyFirstLines: line must be an integer from 1');
    const digest = createHash('sha256').update(key, 'utf8').digest();
    const a = digest.readUInt32LE(0);
    const b = digest.readUInt32LE(4);
    const c = digest.readUInt32LE(8);
    for (let slot = a & this.#mask; ; slot = (slot + 1) & this.#mask) {
      const seen = this.#line[slot] as number;
      if (seen === EMPTY) break;
      if (this.#a[slot] === a && this.#b[slot] === b && this.#c[slot] === c) return seen;
    }
    if ((this.#size + 1) * 2 > this.#mask + 1) this.#grow();
    this.#put(a, b, c, line);
    this.#size++;
    return undefined;
  }

  #put(a: number, b: number, c: number, line: number): void {
    let slot = a & this.#mask;
    while (this.#line[slot] !== EMPTY) slot = (slot + 1) & this.#mask;
    this.#a[slot] = a;
    this.#b[slot] = b;
    this.#c[slot] = c;
    this.#line[slot] = line;
  }

  #grow(): void {
    const [a, b, c, line] = [this.#a, this.#b, this.#c, this.#line];
    const capacity = (this.#mask + 1) * 2;
    this.#mask = capacity - 1;
    this.#a = new Uint32Array(capacity);
    this.#b = new Uint32Array(capacity);
    this.#c = new Uint32Array(capacity);
    this.#line = new Uint32Array(capacity);
    for (let i = 0; i < line.length; i++) {
      const l = line[i] as number;
      if (l !== EMPTY) this.#put(a[i] as number, b[i] as number, c[i] as number, l);
    }
  }
}
