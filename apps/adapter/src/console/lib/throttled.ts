/**
 * Wraps an expensive read (whole-table counts) so that polling pages share one result: it is read
 * again only when older than `minAgeMs` and than ten times what the last read took (so a store
 * with 10 million rows is not counted every 2 s per open tab), and concurrent callers share one read.
 */
export function throttled<T>(load: () => Promise<T>, minAgeMs: number, now: () => number = Date.now): () => Promise<{ value: T; at: number }> {
  let last: { value: T; at: number; tookMs: number } | undefined;
  let running: Promise<{ value: T; at: number }> | undefined;
  return () => {
    if (last !== undefined && now() - last.at < Math.max(minAgeMs, last.tookMs * 10)) return Promise.resolve({ value: last.value, at: last.at });
    running ??= (async () => {
      const start = now();
      try {
        const value = await load();
        const at = now();
        last = { value, at, tookMs: at - start };
        return { value, at };
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
}
