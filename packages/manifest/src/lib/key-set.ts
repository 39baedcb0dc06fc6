/**
 * A set of keys that costs ~24 bytes per key instead of the string: keys are hashed to 53 bits
 * (two independent 32-bit FNV-style hashes) and kept in an open-addressing table of typed arrays,
 * outside the JS heap's per-object overhead. Used to spot repeated house waybills in files with
 * millions of rows. A false "seen" needs ~10^8 keys to become likely.
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
  // +1 so that 0 can mean "empty slot"
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) >>> 11) + 1;
}

export class KeySet {
  #hashes = new Float64Array(1024);
  #lines = new Uint32Array(1024);
  #size = 0;

  /** Returns the line where `key` was first added, or undefined; records it with `line` if new. */
  addOrGet(key: string, line: number): number | undefined {
    if ((this.#size + 1) * 2 > this.#hashes.length) this.#grow();
    const h = hash53(key);
    const mask = this.#hashes.length - 1;
    let i = h % this.#hashes.length;
    for (;;) {
      const slot = this.#hashes[i] as number;
      if (slot === 0) {
        this.#hashes[i] = h;
        this.#lines[i] = line;
        this.#size++;
        return undefined;
      }
      if (slot === h) return this.#lines[i];
      i = (i + 1) & mask;
    }
  }

  #grow(): void {
    const oldHashes = this.#hashes;
    const oldLines = this.#lines;
    this.#hashes = new Float64Array(oldHashes.length * 2);
    this.#lines = new Uint32Array(oldHashes.length * 2);
    const mask = this.#hashes.length - 1;
    for (let k = 0; k < oldHashes.length; k++) {
      const h = oldHashes[k] as number;
      if (h === 0) continue;
      let i = h % this.#hashes.length;
      while (this.#hashes[i] !== 0) i = (i + 1) & mask;
      this.#hashes[i] = h;
      this.#lines[i] = oldLines[k] as number;
    }
  }
}
