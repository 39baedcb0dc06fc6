import { describe, expect, it } from 'vitest';
import { mapLimit } from '../../src/pipeline/lib/map-limit.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('mapLimit', () => {
  it('keeps at most `limit` calls in flight and returns results in input order', async () => {
    let inFlight = 0;
    let most = 0;
    const results = await mapLimit([30, 5, 20, 1, 10, 2], 3, async (ms, i) => {
      most = Math.max(most, ++inFlight);
      await sleep(ms);
      inFlight--;
      return i * 10;
    });
    expect(results).toEqual([0, 10, 20, 30, 40, 50]);
    expect(most).toBe(3);
  });

  it('after a call throws: starts nothing more, waits for the calls in flight, then throws the first error', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const refusal = new Error('refused');
    let settledAt = 0;
    const run = mapLimit(Array.from({ length: 20 }, (_, i) => i), 4, async (i) => {
      started.push(i);
      if (i === 1) {
        await sleep(5);
        throw refusal;
      }
      if (i === 2) {
        await sleep(15);
        throw new Error('second failure');
      }
      await sleep(40);
      finished.push(i);
      return i;
    });
    await expect(run.finally(() => (settledAt = finished.length))).rejects.toBe(refusal);
    // Items 0–3 were in flight when item 1 failed; nothing was started after it.
    expect(started.sort((a, b) => a - b)).toEqual([0, 1, 2, 3]);
    // The calls still in flight had finished before the error was thrown.
    expect(finished.sort((a, b) => a - b)).toEqual([0, 3]);
    expect(settledAt).toBe(2);
  });

  it('handles an empty list and a limit above the item count', async () => {
    expect(await mapLimit([], 8, async () => 1)).toEqual([]);
    expect(await mapLimit([1, 2], 50, async (x) => x + 1)).toEqual([2, 3]);
  });
});
