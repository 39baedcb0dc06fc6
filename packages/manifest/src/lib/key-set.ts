/**
 * A set of keys that costs 8 bytes per key instead of the string: keys are hashed to 53 bits
 * (two independent 32-bit FNV-style hashes). Used to spot repeated house waybills in files with
 * millions of rows without keeping every key. A false "seen" needs ~10^8 keys to become likely.
 */
function hash53(text: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x2545f491;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  h1 ^= h1 >>> 16;
  h2 = Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35);
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) >>> 11);
}

export class KeySet {
  readonly #seen = new Map<number, number>();

  /** Returns the line where `key` was first added, or undefined; records it with `line` if new. */
  addOrGet(key: string, line: number): number | undefined {
    const h = hash53(key);
    const first = this.#seen.get(h);
    if (first !== undefined) return first;
    this.#seen.set(h, line);
    return undefined;
  }
}
