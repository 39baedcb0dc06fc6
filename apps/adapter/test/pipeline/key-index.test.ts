import { describe, expect, it } from 'vitest';
import { KeyFirstLines } from '../../src/pipeline/lib/key-index.js';

describe('KeyFirstLines (the per-file duplicate-key index)', () => {
  it('gives the first line of a key seen before, across growth; new keys are added', () => {
    const index = new KeyFirstLines(16);
    const n = 60_000;
    for (let i = 1; i <= n; i++) expect(index.firstLineOrAdd(`h|CMR-${i}|N730|`, i + 1)).toBeUndefined();
    expect(index.size).toBe(n);
    for (let i = 1; i <= n; i += 997) expect(index.firstLineOrAdd(`h|CMR-${i}|N730|`, 999_999)).toBe(i + 1);
    // Keys that differ only in level, type or carrier are different keys.
    expect(index.firstLineOrAdd('m|CMR-1|N730|', 5)).toBeUndefined();
    expect(index.firstLineOrAdd('h|CMR-1|N740|', 6)).toBeUndefined();
    expect(index.firstLineOrAdd('h|CMR-1|N730|NO1', 7)).toBeUndefined();
    expect(index.firstLineOrAdd('h|CMR-1|N730|NO1', 8)).toBe(7);
    expect(index.size).toBe(n + 3);
  });

  it('refuses a line that cannot be stored', () => {
    expect(() => new KeyFirstLines().firstLineOrAdd('k', 0)).toThrow(TypeError);
  });
});
