import { describe, expect, it } from 'vitest';
import { throttled } from '../../src/console/lib/throttled.js';

describe('throttled (whole-table counts shared by polling pages)', () => {
  it('reads again only after minAgeMs and ten times the last read; concurrent callers share one read', async () => {
    let clock = 0;
    let reads = 0;
    let release: () => void = () => undefined;
    const load = async (): Promise<number> => {
      reads++;
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      clock += 500; // each read takes 500 ms
      return reads;
    };
    const counts = throttled(load, 2_000, () => clock);
    const a = counts();
    const b = counts();
    release();
    expect(await a).toEqual({ value: 1, at: 500 });
    expect(await b).toEqual({ value: 1, at: 500 });
    clock = 3_000; // past minAgeMs, not past 10 × 500 ms
    expect(await counts()).toEqual({ value: 1, at: 500 });
    clock = 5_500;
    const c = counts();
    release();
    expect(await c).toEqual({ value: 2, at: 6_000 });
    expect(reads).toBe(2);
  });
});
